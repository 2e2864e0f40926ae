"""Accounting in Word documents: a table no table or form holds (单位基本情况 beside the summary,
the rest of a table split without its header), rows of a form's indicator grid that are no
indicator, rows of data after a form's foot, a form's grid split off into a table of its own and
paragraphs that are a table pasted as text are reported with the file (JSON notes, standard
error), naming the table and its lines; the title, labels, foot and notes that every form has are
not: sound Word files, the real forms among them, have no notes."""
from __future__ import annotations

import docx
import pytest
import real_forms
import renderers
from tables import CLEAN_PROJECTS
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


def test_sound_word_files_have_no_notes(tmp_path, capsys):
    paths = list(sound_word_files(tmp_path))
    _, report, err = check_json(capsys, *paths, "--no-cache")
    assert len(report["files"]) == len(paths) == 17
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


def test_a_forms_grid_split_off_into_a_table_of_its_own_is_reported(tmp_path, capsys):
    rows, merges = renderers.form_grid(CLEAN_PROJECTS[0], merge=False)
    head = next(at for at, row in enumerate(rows) if row[1] == "一级指标")
    last = 3  # the first three indicators stay with the form; the rest, the grid header repeated, go on
    top = rows[:head + 1 + last]
    rest = [rows[head]] + rows[head + 1 + last:]
    inside = [m for m in merges if m[2] < len(top)]
    path = renderers.grids_to_docx(tmp_path / "split.docx", [(top, inside), (rest, [])])
    [doc] = read_documents(path)
    assert [len(row.items) for row in doc.rows] == [last]
    [unread] = doc.unread
    assert (unread.where, unread.reason, unread.header, unread.lines) == (
        {"table": 2}, "no_project", 1, list(range(1, len(rest) + 1)))
    _, report, _ = check_json(capsys, path, "--no-cache")
    [note] = report["files"][0]["notes"]
    assert note.startswith("第 2 个表格有指标表头（第 1 行）但没有项目名称") and f"其 {len(rest)} 行" in note


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
