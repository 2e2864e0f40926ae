"""Accounting in Word documents: a table no table or form holds (单位基本情况 beside the summary,
the rest of a table split without its header), rows of a form's indicator grid that are no
indicator, rows of data after a form's foot, a form's grid split off into a table of its own and
paragraphs that are a table pasted as text are reported with the file (JSON notes, standard
error), naming the table and its lines; the title, labels, foot and notes that every form has are
not: sound Word files, the real forms among them, have no notes."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
import real_forms
import renderers
from tables import CLEAN_PROJECTS, render
from test_reliab_accounting import check_json

from audit.reading import read_documents


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no jxaudit.yaml around


def sound_word_files(folder):
    yield renderers.to_docx(folder / "summary.docx", CLEAN_PROJECTS[:3])
    for name, (build, _, _) in real_forms.FORMS.items():
        yield renderers.grids_to_docx(folder / f"{name}.docx", [build()])
        yield renderers.grids_to_docx(folder / f"{name}-twice.docx", [build(), build()], one_table=True)
    for variant in ({}, {"values": "one"}, {"values": "side"}, {"codes": False}, {"merge": False}):
        tag = "-".join(f"{key}{value}" for key, value in variant.items())
        yield renderers.to_form_docx(folder / f"forms{tag}.docx", CLEAN_PROJECTS[:3], **variant)
        yield renderers.to_form_docx(folder / f"one{tag}.docx", CLEAN_PROJECTS[:3], one_table=True, **variant)


def sound_pdf_files(folder):
    yield renderers.to_pdf(folder / "summary.pdf", CLEAN_PROJECTS[:3])
    yield renderers.to_pdf(folder / "split.pdf", CLEAN_PROJECTS[:3], split=1)  # a row cut by a page break
    yield renderers.to_form_pdf(folder / "forms.pdf", CLEAN_PROJECTS[:3])
    for name, (build, _, _) in real_forms.FORMS.items():
        yield renderers.grids_to_pdf(folder / f"{name}.pdf", [build()])


def test_sound_word_and_pdf_files_have_no_notes(tmp_path, capsys):
    paths = [*sound_word_files(tmp_path), *sound_pdf_files(tmp_path)]
    _, report, err = check_json(capsys, *paths, "--no-cache")
    assert len(report["files"]) == len(paths) == 17 + 6
    assert all(file["projects"] > 0 and file["indicators"] > 0 for file in report["files"])
    assert {file["path"]: file.get("notes") for file in report["files"]} == {str(path): None for path in paths}
    assert err == ""


def add_table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text


BASIC_FACTS = [["单位基本情况", "", "", ""],  # a second table whose header jxaudit does not know
               ["单位名称", "测试市测试局", "单位性质", "行政单位"],
               ["编制人数", "52", "实有人数", "48"]]


def test_a_second_table_without_a_known_header_is_reported(tmp_path, capsys):
    path = renderers.to_docx(tmp_path / "summary.docx", CLEAN_PROJECTS[:2])
    document = docx.Document(path)
    add_table(document, BASIC_FACTS)
    document.save(path)
    [doc] = read_documents(path)
    [unread] = doc.unread
    assert (unread.where, unread.lines, unread.reason) == ({"table": 2}, [1, 2, 3], "no_header")
    code, report, err = check_json(capsys, path, "--no-cache")
    [file] = report["files"]
    assert file["projects"] == 2 and code == 0
    assert file["notes"] == ["第 2 个表格没有绩效目标表的表头（“项目名称”和“绩效指标”列，或申报表），其 3 行有内容的行（第 1–3 行）未检查"]
    assert f"summary.docx: {file['notes'][0]}" in err


def test_a_framed_note_or_a_table_of_signatures_is_layout_not_reported(tmp_path):
    path = renderers.to_docx(tmp_path / "summary.docx", CLEAN_PROJECTS[:2])
    document = docx.Document(path)
    add_table(document, [["说明：本表金额单位为万元，指标按三级填写。"]])  # a note in a frame
    add_table(document, [["填报人：张三", "联系电话：12345678"], ["单位负责人：李四", "填报日期：2025年1月10日"]])
    document.save(path)
    assert [unread for doc in read_documents(path) for unread in doc.unread] == []


def test_a_summary_table_split_without_its_header_is_reported(tmp_path, capsys):
    path = renderers.to_docx(tmp_path / "summary.docx", CLEAN_PROJECTS[:3])
    document = docx.Document(path)
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    for row in table.rows[-2:]:  # the last two projects go on in a table of their own, no header
        table._tbl.remove(row._tr)
    add_table(document, rows[-2:])
    document.save(path)
    _, report, _ = check_json(capsys, path, "--no-cache", "--lang", "en")
    [file] = report["files"]
    assert file["projects"] == 1  # the table keeps 合计, the department's subtotal and the first project
    assert file["notes"] == ["table 2 has no table header (项目名称 and 绩效指标 columns, or a form): its 2 rows with "
                             "text (line 1–2) were not checked"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_forms_grid_split_off_into_a_table_of_its_own_is_reported(tmp_path, capsys, fmt):
    rows, merges = renderers.form_grid(CLEAN_PROJECTS[0], merge=False)
    head = next(at for at, row in enumerate(rows) if row[1] == "一级指标")
    last = 3  # the first three indicators stay with the form; the rest, the grid header repeated, go on
    top = rows[:head + 1 + last]
    rest = [rows[head]] + rows[head + 1 + last:]
    inside = [m for m in merges if m[2] < len(top)]
    writer = renderers.grids_to_docx if fmt == "docx" else renderers.grids_to_xlsx
    path = writer(tmp_path / f"split.{fmt}", [(top, inside), (rest, [])])
    [doc] = read_documents(path)
    assert [len(row.items) for row in doc.rows] == [last]
    [unread] = doc.unread
    assert (unread.where, unread.reason, unread.header, unread.lines) == (
        {"table": 2} if fmt == "docx" else {"sheet": "项目2"}, "no_project", 1, list(range(1, len(rest) + 1)))
    _, report, _ = check_json(capsys, path, "--no-cache")
    [note] = report["files"][0]["notes"]
    where = "第 2 个表格" if fmt == "docx" else "工作表“项目2”"
    assert note.startswith(f"{where}有指标表头（第 1 行）但没有项目名称") and f"其 {len(rest)} 行" in note


def test_rows_of_a_forms_grid_that_are_no_indicator_are_reported(tmp_path, capsys):
    rows, merges = real_forms.county()  # its grids: 一级 | 二级 | 指标内容 | 指标值 | 备注
    head = next(at for at, row in enumerate(rows) if row[0] == "年度绩效指标")
    rows[head + 2][3:6] = ["", "", "另见附件"]  # a 备注 where the indicator and its value are blank
    rows[head + 3][3:6] = ["", "", ""]  # a template's blank row: its categories alone
    path = renderers.grids_to_docx(tmp_path / "county.docx", [(rows, merges)])
    [doc] = read_documents(path)
    [unread] = doc.unread
    assert (unread.where, unread.reason, unread.lines) == ({"table": 1}, "form_rows", [head + 3])
    annual = [item for item in doc.rows[0].items if item.annual]
    assert len(annual) == len(real_forms.COUNTY_ITEMS) - 2
    _, report, _ = check_json(capsys, path, "--no-cache", "--lang", "en")
    assert report["files"][0]["notes"] == [
        f"table 1: 1 rows in a form's indicator grid have text but are no indicator (line {head + 3}) and were not checked"]


def test_rows_of_data_after_a_forms_foot_are_reported_not_the_foot(tmp_path, capsys):
    rows, merges = real_forms.county()  # its foot: 其他说明的问题, 填报人 …, 审核意见 over two rows
    width = len(rows[0])
    facts = [cells + [""] * (width - len(cells)) for cells in BASIC_FACTS]
    path = renderers.grids_to_docx(tmp_path / "county.docx", [(rows + facts, merges)])
    [doc] = read_documents(path)
    [unread] = doc.unread
    assert (unread.where, unread.reason, unread.lines) == ({"table": 1}, "after_form", [len(rows) + 2, len(rows) + 3])
    assert len(doc.rows) == 1 and len(doc.rows[0].items) == len(real_forms.COUNTY_ITEMS)
    _, report, _ = check_json(capsys, path, "--no-cache")
    assert report["files"][0]["notes"] == [
        f"第 1 个表格：申报表结尾（审核意见、签字）之后有 2 行像表格数据（第 {len(rows) + 2}–{len(rows) + 3} 行），未检查"]


def test_a_table_pasted_as_paragraphs_is_reported_not_the_title_or_notes(tmp_path, capsys):
    path = renderers.to_docx(tmp_path / "summary.docx", CLEAN_PROJECTS[:2])
    document = docx.Document(path)
    document.add_paragraph("注：本表金额单位为万元。")
    document.add_paragraph("项目名称\t单位名称\t绩效目标\t绩效指标\t金额")
    document.add_paragraph("办公设备购置\t测试市测试局\t保障办公\t1、采购数量：10台\t12.5")
    document.save(path)
    [doc] = read_documents(path)
    [unread] = doc.unread
    paragraphs = len(document.paragraphs)
    assert (unread.where, unread.reason, unread.lines) == ({"paragraphs": True}, "paragraph_rows",
                                                           [paragraphs - 1, paragraphs])
    _, report, _ = check_json(capsys, path, "--no-cache", "--lang", "en")
    assert report["files"][0]["notes"] == [
        f"the text outside the tables has 2 paragraphs that look like tab-separated table rows (paragraph "
        f"{paragraphs - 1}–{paragraphs}), not checked: a table must be a Word table"]


# ------------------------------------------------------------------------ damaged bytes in text

def findings_by_line(report) -> dict[int, list]:
    found: dict[int, list] = {}
    for finding in report["findings"]:
        found.setdefault(finding["line"], []).append((finding["rule"], finding["field"], finding["indicator"]))
    return found


def damage(data: bytes, word: str, encoding: str, cut: int) -> tuple[bytes, int]:
    """The bytes with the first `word` cut by a NUL after `cut` bytes, and the (1-based) line it stands on."""
    target = word.encode(encoding)
    at = data.index(target)
    return data[:at] + target[:cut] + b"\x00" + target[cut + 1:] + data[at + len(target):], data[:at].count(b"\n") + 1


@pytest.mark.parametrize("fmt", ["txt", "csv", "csv-gb"])
def test_a_text_table_with_a_few_damaged_bytes_is_read_and_the_lines_reported(tmp_path, capsys, fmt):
    clean = tmp_path / f"clean.{fmt[:3]}"
    encoding = "gb18030" if fmt == "csv-gb" else "utf-8"
    if fmt == "txt":
        clean.write_text(render(CLEAN_PROJECTS[:3]), encoding="utf-8")
    else:
        renderers.to_csv(clean, CLEAN_PROJECTS[:3], encoding=encoding)
    # a NUL for a byte inside a character of the first project's goal (a flipped byte), and a NUL
    # for the first byte of a character of the third project's name (a bad export)
    data, goal_line = damage(clean.read_bytes(), "保障", encoding, 1)
    name = CLEAN_PROJECTS[2]["name"]
    data, name_line = damage(data, name, encoding, len(name[:2].encode(encoding)))
    assert goal_line < name_line
    damaged = tmp_path / f"damaged.{fmt[:3]}"
    damaged.write_bytes(data)
    [doc] = read_documents(damaged)
    [unread] = doc.unread
    assert (unread.where, unread.reason, unread.lines) == ({}, "damaged", [goal_line, name_line])
    assert "\x00" not in str([row.cells for row in doc.rows])
    assert next(row for row in doc.rows if row.line == name_line).cells["name"].startswith(f"{name[:2]}\ufffd")
    before_code, before, _ = check_json(capsys, clean, "--no-cache")
    code, after, err = check_json(capsys, damaged, "--no-cache")
    [file] = after["files"]
    assert "error" not in file and file["projects"] == 3 and code == before_code
    assert file["notes"] == [f"文件有 2 行含有损坏的字节（NUL 空字节或不合编码的字节，文件损坏或导出出错；第 {goal_line}–{name_line} 行），"
                             "已读入，损坏处显示为 �：请核对这些行"]
    assert f"damaged.{fmt[:3]}: {file['notes'][0]}" in err
    undamaged = {line: found for line, found in findings_by_line(after).items() if line not in (goal_line, name_line)}
    assert undamaged == {line: found for line, found in findings_by_line(before).items() if line not in (goal_line, name_line)}


def test_binary_files_are_still_refused_and_utf16_still_read(tmp_path, capsys):
    text = render(CLEAN_PROJECTS[:2])
    files = {
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "bytes.txt": bytes(range(256)) * 4,
        "nul.csv": b"\x00" * 50,
        "no-bom.txt": text.encode("utf-16-le"),  # UTF-16 without its byte-order mark: every other byte a NUL
        "half-nul.txt": text.encode("utf-8").replace("\t".encode(), b"\x00\t"),  # a NUL on every cell: no trace
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    code, report, _ = check_json(capsys, *sorted(tmp_path.iterdir()), "--no-cache")
    results = {Path(file["path"]).name: file for file in report["files"]}
    assert {name: results[name].get("error") for name in files} == {name: "二进制数据，不是文本表格" for name in files}
    assert results["utf16.txt"]["projects"] == 2 and "notes" not in results["utf16.txt"] and code == 2


def test_a_table_in_a_legacy_chinese_encoding_is_not_taken_for_damaged_utf8(tmp_path, capsys):
    path = renderers.to_csv(tmp_path / "gb.csv", CLEAN_PROJECTS[:3], encoding="gb18030")
    [doc] = read_documents(path)
    assert doc.encoding == "gb18030" and not doc.unread and doc.rows[-1].cells["name"] == CLEAN_PROJECTS[2]["name"]


def test_a_page_with_a_damaged_byte_is_read_and_the_row_reported(tmp_path, capsys):
    page = renderers.to_html(tmp_path / "page.html", CLEAN_PROJECTS[:2])
    data = page.read_bytes()
    at = data.index(CLEAN_PROJECTS[1]["name"].encode())
    page.write_bytes(data[:at + 1] + b"\xff" + data[at + 2:])  # a byte inside the second project's name
    [doc] = read_documents(page)
    [unread] = doc.unread
    line = next(row.line for row in doc.rows if "\ufffd" in row.cells["name"])
    assert (unread.where, unread.reason, unread.lines) == ({"table": doc.table}, "damaged", [line])
    _, report, _ = check_json(capsys, page, "--no-cache", "--lang", "en")
    assert report["files"][0]["projects"] == 2
    assert report["files"][0]["notes"] == [
        f"table {doc.table} has 1 lines with damaged bytes (NUL, or not valid in its encoding: a damaged file or a "
        f"bad export; line {line}): read, each damaged byte shown as �: check these lines"]


# ------------------------------------------------------------------- PDF pages without a table

def pdf_pages(path, pages: list) -> Path:
    """A PDF of the given pages, each a table (a list of rows, ruled), lines of text (a str, one
    paragraph a line, no rulings) or "image" (a picture and no text: a scanned page)."""
    from PIL import Image as Picture
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    picture = path.with_suffix(".png")
    Picture.new("RGB", (200, 100), "gray").save(picture)
    story = []
    for number, page in enumerate(pages):
        story += [PageBreak()] if number else []
        if isinstance(page, tuple):  # a table, then lines of text under it on the same page
            page, below = page
            story += ruled_table(page, style) + [Paragraph(line, style) for line in below.splitlines()]
        elif page == "image":
            story.append(Image(str(picture), width=400, height=200))
        elif isinstance(page, str):
            story += [Paragraph(line, style) for line in page.splitlines()]
        else:
            story += ruled_table(page, style)
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


def ruled_table(rows, style) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    table = Table([[Paragraph(text, style) for text in row] for row in rows], colWidths=[70, 48, 48, 45, 40, 150, 380])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    return [table]


def summary_rows(projects) -> list[list[str]]:
    from renderers import _table, _text
    return [[_text(value) for value in row] for row in _table(projects)]


def test_pdf_pages_that_may_hold_the_table_but_gave_none_are_reported(tmp_path, capsys):
    rows = summary_rows(CLEAN_PROJECTS[:4])  # header, 合计, subtotal, four projects
    unruled = "\n".join(" ".join(cell[:12] or "-" for cell in row) for row in rows[5:6])  # the third project, unruled
    notes = "填报说明\n1、本表金额单位为万元。\n2、绩效指标按三级填写。"
    path = pdf_pages(tmp_path / "table.pdf", ["项目支出绩效目标表", rows[:5], unruled, "image", rows[:1] + rows[6:], notes])
    [doc] = read_documents(path)
    assert [row.page for row in doc.rows] == [2, 2, 2, 2, 5]
    assert [(unread.where, unread.reason, unread.lines) for unread in doc.unread] == [
        ({"page": 3}, "page_no_table", [1]), ({}, "image_pages", [4])]  # not the title page, not the notes
    _, report, _ = check_json(capsys, path, "--no-cache")
    assert report["files"][0]["notes"] == ["第 3 页有 1 行文字但没有读出表格（第 1 行），未检查：表格是否没有框线？",
                                           "文件有 1 页只有图片、没有文字（第 4 页，扫描件？），未检查"]
    after = pdf_pages(tmp_path / "after.pdf", [rows, "合计 100.00 100.00 0 0 见附件", notes])  # rows after the table
    assert [(u.where, u.reason) for u in read_documents(after)[0].unread] == [({"page": 2}, "page_no_table")]


def test_rows_drawn_without_rulings_under_a_pdf_table_are_reported_not_page_numbers(tmp_path, capsys):
    rows = summary_rows(CLEAN_PROJECTS[:3])
    unruled = " ".join(cell[:10] or "-" for cell in rows[-1])  # the last project, its rulings lost
    foot = "第 1 页 共 1 页\n填报人：张三 审核人：李四 2025 年 1 月\n制表 2025 年 1 月 1 日 10 时"  # none a table row
    path = pdf_pages(tmp_path / "table.pdf", [(rows[:-1], f"{unruled}\n{foot}")])
    [doc] = read_documents(path)
    assert len(doc.rows) == len(rows) - 2  # 合计, the subtotal and two projects
    [unread] = doc.unread
    assert (unread.where, unread.reason, unread.lines, unread.text) == ({"page": 1}, "outside_table", [1], unruled[:40])
    _, report, _ = check_json(capsys, path, "--no-cache", "--lang", "en")
    assert report["files"][0]["notes"] == [f"page 1: 1 lines of text outside the table read like table rows (such as "
                                           f"“{unruled[:40]}”), not checked: have these rows lost their ruling lines?"]


def test_a_scanned_pdf_is_refused_saying_so(tmp_path, capsys):
    path = pdf_pages(tmp_path / "scan.pdf", ["image", "image"])
    code, report, err = check_json(capsys, path, "--no-cache")
    assert code == 2 and report["files"][0]["error"].startswith("PDF 只有图片、没有文字（扫描件？），无法检查")
    assert err.count("\n") == 1


# ------------------------------------------------------------- every line of a damaged text file

def test_every_line_of_a_read_text_file_of_the_fuzz_corpus_is_held_or_reported(tmp_path):
    """Flipped, truncated, re-encoded and hostile text exports: each line with text is the title
    above the header, the header (or its repeat), a row, or reported with the file."""
    import fuzz

    from audit.reading import InputError, decode, split_lines
    from audit.reading.grid import header_columns

    read = damaged = 0
    for path in fuzz.generate(tmp_path, 300, seed=11):
        try:
            documents = read_documents(path)
        except InputError:
            continue
        [doc] = documents if path.suffix in (".txt", ".csv") else [None]
        if doc is None or doc.format != "text":
            continue
        read += 1
        lines = split_lines(decode(path.read_bytes())[0].replace("\x00", "\ufffd"))
        held = set(range(1, doc.header_line + 1)) | {row.line for row in doc.rows}
        reported = {line for unread in doc.unread for line in unread.lines}
        damaged += any(unread.reason == "damaged" for unread in doc.unread)
        lost = [number for number, line in enumerate(lines, 1)
                if line.strip() and number not in held | reported and not header_columns(line.split("\t"))]
        assert not lost, (path.name, lost[:5])
        assert all("\ufffd" not in lines[number - 1] for number in held - reported if number <= len(lines))
    assert read > 50 and damaged > 5


def test_a_word_file_without_a_table_is_refused_not_passed_as_empty(tmp_path, capsys):
    path = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("关于报送2025年度项目支出绩效目标的函")
    document.save(path)
    code, report, err = check_json(capsys, path, "--no-cache")
    [file] = report["files"]
    assert code == 2 and file["error"].startswith("找不到表头") and err == f"jxaudit: {path}: {file['error']}\n"


def test_a_table_in_a_content_control_is_read_and_a_table_inside_a_cell_reported(tmp_path, capsys):
    from docx.oxml import OxmlElement

    path = renderers.to_docx(tmp_path / "summary.docx", CLEAN_PROJECTS[:2])
    document = docx.Document(path)
    [table] = document.tables
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")  # as templates wrap their tables
    table._tbl.addprevious(control)
    control.append(content)
    content.append(table._tbl)
    inner = table.cell(3, 5).add_table(rows=2, cols=2)  # a table in the first project's 绩效目标 cell
    inner.cell(0, 0).text, inner.cell(1, 1).text = "分项", "100"
    document.save(path)
    assert docx.Document(path).tables == []  # what python-docx alone finds
    [doc] = read_documents(path)
    assert [row.cells["name"] for row in doc.rows][2:] == [project["name"] for project in CLEAN_PROJECTS[:2]]
    assert [(unread.where, unread.reason, unread.lines) for unread in doc.unread] == [({"table": 1}, "nested_table", [4])]
    _, report, _ = check_json(capsys, path, "--no-cache")
    assert report["files"][0]["notes"] == ["第 1 个表格有 1 行的单元格里嵌有表格（第 4 行），嵌入表格的内容未检查"]


def test_a_table_in_a_text_box_is_not_read_twice(tmp_path):
    import copy

    from docx.oxml import OxmlElement

    path = renderers.to_docx(tmp_path / "summary.docx", CLEAN_PROJECTS[:2])
    document = docx.Document(path)
    box = OxmlElement("w:txbxContent")  # what Word draws a text box with, once for new and once for old Word
    box.append(copy.deepcopy(document.tables[0]._tbl))
    run = OxmlElement("w:r")
    run.append(box)
    document.add_paragraph()._p.append(run)
    document.save(path)
    assert [len(doc.rows) for doc in read_documents(path)] == [4]


# ------------------------------------------------- rows of the row layout that parse into nothing

def test_a_row_with_text_only_in_a_column_no_rule_reads_is_reported(tmp_path, capsys):
    from tables import DECLARED_ROWS, render_declared

    lines = render_declared(DECLARED_ROWS).splitlines()
    header = next(at for at, line in enumerate(lines) if line.startswith("单位名称"))
    lines = [line + ("\t备注" if at == header else "\t" if at > header else "") for at, line in enumerate(lines)]
    width = lines[header].count("\t")
    lines.insert(header + 3, "\t" * width + "以上指标按季度考核")  # a remark on a row of its own, inside the project
    path = tmp_path / "rows.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [doc] = read_documents(path)
    assert [len(row.items) for row in doc.rows] == [len(DECLARED_ROWS)]
    assert [(unread.where, unread.reason, unread.lines) for unread in doc.unread] == [({}, "no_indicator", [header + 4])]
    _, report, _ = check_json(capsys, path, "--no-cache")
    assert report["files"][0]["notes"] == [
        f"文件有 1 行既不是项目也不是指标（第 {header + 4} 行，内容只在未检查的列中），未检查"]
    path.write_text("\n".join(lines[:header + 3] + lines[header + 4:]) + "\n", encoding="utf-8")  # without it
    assert read_documents(path)[0].unread == []
