"""The 申报表 forms: a summary table rendered as forms in every layout (xlsx one sheet per project or
several forms on a sheet, docx one table per project or one table of several forms, PDF with a form
over two pages; with and without codes; one or two value columns or side-by-side grids) gives the
summary table's findings, except what a form cannot carry; hand-made variants; bad forms."""
from __future__ import annotations

import json

import pytest
import renderers
from conftest import CLEAN, EXAMPLE, TESTS
from test_input_formats import assert_one_line_each, check, keys

from audit.cli import main
from audit.reading import InputError, read_documents

DEFECTIVE = TESTS / "data" / "defective.txt"
# Other departments' tables, each project a form of its own: correct targets of agriculture,
# education, health, transport and police projects (no error, no warning), and targets as 13
# departments published them (education, health, agriculture, water, civil affairs, market
# regulation, culture, city management: see tests/test_traps.py for the sources).
TRAPS = TESTS / "data" / "traps.txt"
PUBLISHED = TESTS / "data" / "traps_published.txt"
# What no form can carry: a form has no 合计 or department row (TT01, TT02), no page-break fragment
# of a summary row (ST02), no separators inside an indicator cell (FM04) and no numbering of its own
# (ST05: an indicator's number is its position in the grid).
NOT_IN_FORMS = {"TT01", "TT02", "ST02", "FM04", "ST05"}
PAIR_RULES = {"TG05", "TG16"}  # compare the period target with the annual one


def layouts(folder, source, tag, small=True):
    """name -> path of every layout of the source table."""
    projects = renderers.summary_projects(source)
    files = {}
    for codes in (True, False):
        for values in renderers.VALUE_LAYOUTS:
            name = f"{tag}-{'codes' if codes else 'names'}-{'single' if values == 'one' else values}"
            variant = {"codes": codes, "values": values}
            files[f"{name}-sheets.xlsx"] = renderers.to_form_xlsx(folder / f"{name}-sheets.xlsx", projects, **variant)
            files[f"{name}-stacked.xlsx"] = renderers.to_form_xlsx(folder / f"{name}-stacked.xlsx", projects,
                                                                   stacked=True, **variant)
            files[f"{name}-tables.docx"] = renderers.to_form_docx(folder / f"{name}-tables.docx", projects, **variant)
            if small:  # python-docx merges cells of one big table slowly
                files[f"{name}-one.docx"] = renderers.to_form_docx(folder / f"{name}-one.docx", projects,
                                                                   one_table=True, **variant)
            files[f"{name}.pdf"] = renderers.to_form_pdf(folder / f"{name}.pdf", projects, **variant)
    return files


def carried(found: set[tuple], name: str) -> set[tuple]:
    """The findings a layout can carry: a single 指标值 column has no period target."""
    single = "-single" in name
    return {f for f in found if f[0] not in NOT_IN_FORMS
            and not (single and (f[3] == "period" or f[0] in PAIR_RULES))}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    return {"defective": layouts(folder, DEFECTIVE, "defective"), "clean": layouts(folder, CLEAN, "clean"),
            "example": layouts(folder, EXAMPLE, "example", small=False),
            "traps": layouts(folder, TRAPS, "traps", small=False),
            "published": layouts(folder, PUBLISHED, "published", small=False)}


@pytest.fixture(scope="module")
def report(rendered):
    import contextlib
    import io

    paths = [DEFECTIVE, CLEAN, EXAMPLE, TRAPS, PUBLISHED] + [p for files in rendered.values() for p in files.values()]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", *map(str, paths), "--format", "json", "--no-cache"])
    assert code == 1
    return json.loads(out.getvalue())


@pytest.mark.parametrize("table,source", [("defective", DEFECTIVE), ("example", EXAMPLE), ("traps", TRAPS),
                                          ("published", PUBLISHED)])
def test_every_form_layout_gives_the_summary_findings(rendered, report, table, source):
    expected = keys(report, source)
    assert expected, "the source table has findings to compare"
    summary = next(f for f in report["files"] if f["path"] == str(source))
    for name, path in rendered[table].items():
        assert keys(report, path) == carried(expected, name), name
        counts = next(f for f in report["files"] if f["path"] == str(path))
        assert (counts["projects"], counts["indicators"]) == (summary["projects"], summary["indicators"]), name


def test_the_defective_table_keeps_its_defects_in_forms(rendered, report):
    """Not vacuous: the misfiled category, the inverted target and the year above the period survive."""
    for name, path in rendered["defective"].items():
        rules = {f[0] for f in keys(report, path)}
        assert {"CD01", "TG01", "FM01"} <= rules, name
        assert ("TG05" in rules) != ("-single" in name), name


@pytest.mark.parametrize("table", ["clean", "traps"])
def test_clean_table_gives_no_error_or_warning_in_any_form(rendered, report, table):
    """The clean test table and the traps table (correct targets of five kinds of department)."""
    for path in rendered[table].values():
        assert not [f for f in report["findings"] if f["path"] == str(path) and f["severity"] != "info"], path


def test_other_departments_forms_in_every_format(rendered, report):
    """Not vacuous: the published tables' forms are many departments' projects in xlsx, docx and PDF,
    and their warnings come through the forms."""
    projects = renderers.summary_projects(PUBLISHED)
    assert len(projects) >= 10 and len({p["name"] for p in projects}) == len(projects)
    suffixes = {path.suffix for path in rendered["published"].values()}
    assert suffixes == {".xlsx", ".docx", ".pdf"}
    for path in rendered["published"].values():
        assert [f for f in report["findings"] if f["path"] == str(path) and f["severity"] == "warning"], path


def test_misfiled_category_name_is_the_coded_defect(rendered, report):
    """社会效益指标 under 产出指标 (no codes) is the finding of 22-社会效益 under 1-产出指标."""
    coded = keys(report, rendered["defective"]["defective-codes-two-sheets.xlsx"])
    named = keys(report, rendered["defective"]["defective-names-two-sheets.xlsx"])
    assert ("CD01", "交通信号设施维护经费", 4, "l1") in coded & named


def test_native_locations(rendered, report):
    def finding(name, rule="CD01"):
        path = str(rendered["defective"][name])
        return next(f for f in report["findings"] if f["path"] == path and f["rule"] == rule)

    sheets = finding("defective-codes-two-sheets.xlsx")  # the second project's sheet, its 一级指标 cell
    assert sheets["sheet"] == "项目2" and sheets["cell"] == f"项目2!B{sheets['line']}"
    annual = finding("defective-codes-two-sheets.xlsx", "TG05")
    assert annual["cell"] == f"项目2!F{annual['line']}" and annual["indicator"] == 1
    stacked = finding("defective-codes-two-stacked.xlsx")
    assert stacked["sheet"] == "申报表" and stacked["line"] > sheets["line"]  # below the first form
    tables = finding("defective-codes-two-tables.docx")
    assert tables["table"] == 2 and tables["cell"] == f"表2!B{tables['line']}"
    one = finding("defective-codes-two-one.docx")
    assert one["table"] == 1 and one["line"] == stacked["line"] - 1  # no blank row between forms in Word
    side = finding("defective-codes-side-sheets.xlsx", "TG05")
    assert side["cell"] == f"项目2!H{side['line']}"  # the annual grid's 指标值, right of the mid-term one
    pdf = finding("defective-codes-two.pdf")
    assert pdf["page"] == 1 and pdf["cell"] is None


def test_a_form_over_two_pdf_pages_is_one_project(rendered):
    doc = read_documents(rendered["defective"]["defective-codes-two.pdf"])[0]
    pages = {row.cells["name"]: {place.get("page") for place in row.places.values()} for row in doc.rows}
    assert {1, 2} in pages.values()  # its grid goes on over the next page
    assert [len(row.items) for row in doc.rows] == [6, 6, 6]


# ------------------------------------------------------------------------------ hand-made forms

def _sheet(path, rows, merges=()):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "申报表"
    for row in rows:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    workbook.save(path)
    return path


def test_declared_columns_money_in_one_row_and_inline_labels(tmp_path):
    """项目名称：X in one cell; the money in one row with 上级资金; 指标性质/度量单位/权重/指标方向 columns."""
    path = _sheet(tmp_path / "form.xlsx", [
        ["2025年度项目支出绩效目标申报表"],
        ["项目名称：禁毒宣传教育经费", None, "主管部门及代码", "测试市测试局（101）"],
        ["项目资金（万元）", "年度资金总额", 82.5, "其中：财政拨款", 60, "上级资金", 22.5],
        ["年度目标", "开展禁毒宣传进校园活动。"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向"],
        ["产出指标", "数量指标", "开展宣传活动场次", "≥", 40, "场", 30, "正向指标"],
        ["效益指标", "社会效益指标", "青少年禁毒知识知晓率", "≥", 95, "%", 40, "正向指标"],
        ["满意度指标", "服务对象满意度指标", "师生满意度", "≥", 90, "%", 30, "正向指标"],
    ])
    [doc] = read_documents(path)
    [row] = doc.rows
    assert row.cells["name"] == "禁毒宣传教育经费"
    assert (row.cells["total"], row.cells["fiscal"], row.cells["extra:上级资金"]) == ("82.5", "60", "22.5")
    first = row.items[0]
    assert (first.name, first.annual, first.period) == ("开展宣传活动场次", "≥40场", None)
    assert (first.nature, first.unit, first.weight, first.direction) == ("≥", "场", "30", "正向指标")
    assert row.places[row.items[1].line]["annual_value"] == f"申报表!E{row.items[1].line}"


def test_money_in_columns_and_side_grids_with_different_indicators(tmp_path, capsys):
    """中期/年度 as column headers over the sources; side-by-side grids whose rows name different
    indicators give one indicator each, left to right; a 年度资金总额 that its sources do not make is FO01."""
    path = _sheet(tmp_path / "approved.xlsx", [
        ["项目支出绩效目标批复表"],
        ["项目名称", "智慧新监管项目"],
        ["项目期", "2025-2027年"],
        ["项目资金（万元）", "资金来源", "中期资金总额", "年度资金总额"],
        ["项目资金（万元）", "资金总额", 1800, 700],
        ["项目资金（万元）", "其中：财政拨款", 1500, 500],
        ["项目资金（万元）", "其他资金", 300, 100],
        ["总体目标", "实施期目标", "年度目标"],
        ["总体目标", "建成智慧监管平台。", "建成智慧监管平台。"],
        ["一级指标", "中期目标", "中期目标", "中期目标", "年度目标", "年度目标", "年度目标"],
        ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "接入监所数量", "6个", "数量指标", "接入监所数量", "2个"],
        ["产出指标", "质量指标", "系统可用率", "≥99%", "时效指标（工期指标）", "一期上线时间", "2025年12月底前"],
    ], merges=["A10:A11"])
    [doc] = read_documents(path)
    [row] = doc.rows
    assert (row.cells["period_total"], row.cells["total"], row.cells["fiscal"], row.cells["other"]) == \
        ("1800", "700", "500", "100")
    assert [(i.name, i.period, i.annual) for i in row.items] == [
        ("接入监所数量", "6个", "2个"), ("系统可用率", "≥99%", None), ("一期上线时间", None, "2025年12月底前")]
    code, report, _ = check(capsys, path)
    found = {(f["rule"], f["indicator"]) for f in report["findings"]}
    assert ("FO01", None) in found and ("FO04", None) in found  # 500 + 100 ≠ 700; a 3-year copy of the goal
    assert not [f for f in report["findings"] if f["rule"].startswith("CD0") and f["indicator"] == 2]


# ----------------------------------------------------------------------------------- bad forms

def _docx(path, table_rows):
    import docx

    document = docx.Document()
    document.add_paragraph("说明")
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, cells in enumerate(table_rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
    document.save(path)
    return path


def test_bad_forms_are_one_clear_line_each(rendered, tmp_path, capsys):
    good = rendered["clean"]["clean-codes-two-tables.docx"]
    data = good.read_bytes()
    bad = {
        "truncated.docx": (data[: len(data) // 2], "已损坏"),
        "legacy.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
                       + b"\x00" * 512, "另存为 .docx"),
        "notes.docx": (_docx(tmp_path / "n.docx", [["名称", "备注"], ["甲", "无"]]).read_bytes(), "申报表"),
        "nogrid.docx": (_docx(tmp_path / "g.docx", [["项目名称", "测试项目"], ["年度目标", "保障运行"]]).read_bytes(),
                        "“测试项目”没有指标表"),
    }
    for name, (content, _) in bad.items():
        (tmp_path / name).write_bytes(content)
    assert_one_line_each(capsys, tmp_path, bad, good)


def test_content_not_the_name_says_it_is_a_form(rendered, tmp_path, capsys):
    source = rendered["defective"]["defective-codes-two-tables.docx"]
    renamed = tmp_path / "table.xlsx"
    renamed.write_bytes(source.read_bytes())
    _, report, _ = check(capsys, source, renamed)
    assert keys(report, renamed) == keys(report, source)


def test_fix_says_forms_are_not_supported(rendered, capsys):
    code = main(["fix", str(rendered["defective"]["defective-codes-two-sheets.xlsx"])])
    _, err = capsys.readouterr()
    assert code == 2 and "不支持" in err and err.count("\n") == 1


def test_english_messages_for_form_errors():
    from audit.i18n import t
    with pytest.raises(InputError) as raised:
        read_documents("x.docx", _docx_bytes([["项目名称", "测试项目"]]))
    assert raised.value.key == "input_form_no_grid"
    assert "no indicator grid" in t(raised.value.key, "en", **raised.value.params)


def _docx_bytes(rows) -> bytes:
    import io

    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_queue_feedback_workbook_flags_the_form_cells(rendered, tmp_path, capsys):
    """The feedback workbook shows each form where it is (a sheet per form sheet) and flags the
    finding's own cell; a PDF form's findings are listed too."""
    import openpyxl

    inbox = tmp_path / "inbox"
    (inbox / "dept").mkdir(parents=True)
    source = rendered["defective"]["defective-codes-two-sheets.xlsx"]
    (inbox / "dept" / "forms.xlsx").write_bytes(source.read_bytes())
    (inbox / "scan.pdf").write_bytes(rendered["defective"]["defective-codes-two.pdf"].read_bytes())
    code = main(["queue", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"])
    _, err = capsys.readouterr()
    assert code == 1 and "内部错误" not in err
    workbook = openpyxl.load_workbook(tmp_path / "out" / "submissions" / "dept.xlsx")
    assert workbook.sheetnames[:3] == ["项目1", "项目2", "项目3"]
    cd01 = next(f for f in json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["findings"]
                if f["rule"] == "CD01" and f["path"].endswith("forms.xlsx"))
    sheet, cell = cd01["cell"].split("!")
    assert workbook[sheet][cell].value == "1-产出指标" and workbook[sheet][cell].comment is not None
    listing = openpyxl.load_workbook(tmp_path / "out" / "submissions" / "scan.xlsx").worksheets[-1]
    assert "CD01" in {row[3] for row in listing.iter_rows(values_only=True)}


# --------------------------------------------------------------------- workbooks of mixed sheets

def _combined(path, *workbooks):
    """One workbook holding the sheets of the given ones (values and merged ranges), in order."""
    import openpyxl

    combined = openpyxl.Workbook()
    combined.remove(combined.active)
    for source in workbooks:
        for sheet in openpyxl.load_workbook(source).worksheets:
            target = combined.create_sheet(sheet.title if sheet.title not in combined.sheetnames else f"{sheet.title}2")
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None and type(cell).__name__ == "Cell":
                        target.cell(row=cell.row, column=cell.column, value=cell.value).data_type = cell.data_type
            for merged in sheet.merged_cells.ranges:
                target.merge_cells(str(merged))
    combined.save(path)
    return path


def test_a_summary_sheet_and_form_sheets_are_each_read_by_their_layout(rendered, tmp_path, capsys):
    from tables import CLEAN_PROJECTS

    forms = rendered["defective"]["defective-codes-two-sheets.xlsx"]
    summary = renderers.to_xlsx(tmp_path / "summary.xlsx", CLEAN_PROJECTS, sheet="汇总表")
    both = _combined(tmp_path / "both.xlsx", summary, forms)
    table, form = read_documents(both)
    assert (table.layout, table.sheet, len(table.rows) > len(CLEAN_PROJECTS)) == ("cell", "汇总表", True)
    assert (form.layout, [row.cells["name"] for row in form.rows]) == \
        ("form", [row.cells["name"] for row in read_documents(forms)[0].rows])
    _, report, _ = check(capsys, both, forms, summary)
    assert keys(report, both) == keys(report, forms) | keys(report, summary)
    assert keys(report, forms) and {f["cell"].split("!")[0] for f in report["findings"] if f["path"] == str(both)} \
        >= {"项目1", "项目2"}


def test_a_form_without_a_grid_among_good_ones_is_reported_and_the_others_checked(rendered, tmp_path, capsys):
    """Its project comes through without indicators (the structure rule says so, at its name's
    cell); beside a summary sheet too. A sheet of notes is passed over, and said to be."""
    import openpyxl

    clean = rendered["clean"]["clean-codes-two-sheets.xlsx"]
    workbook = openpyxl.load_workbook(clean)
    bare = workbook.create_sheet("项目9")
    for row in (["2025年度项目支出绩效目标申报表"], ["项目名称", "无指标的项目"], ["年度目标", "保障运行。"],
                ["说明：指标另行报送"]):
        bare.append(row)
    workbook.create_sheet("填报说明").append(["一、本表由项目单位填报。"])
    workbook.save(tmp_path / "forms.xlsx")
    from tables import CLEAN_PROJECTS
    summary = renderers.to_xlsx(tmp_path / "summary.xlsx", CLEAN_PROJECTS)
    beside = _combined(tmp_path / "beside.xlsx", summary, tmp_path / "forms.xlsx")
    code, report, err = check(capsys, tmp_path / "forms.xlsx", beside)
    assert code == 1
    notes = [(f["path"], note) for f in report["files"] for note in f.get("notes", [])]
    assert [(path, note.split("”")[0]) for path, note in notes] == [
        (str(beside), "工作表“说明"), (str(beside), "工作表“填报说明"), (str(tmp_path / "forms.xlsx"), "工作表“填报说明")]
    assert err == "".join(f"jxaudit: {path}: {note}\n" for path, note in notes)
    for path in (tmp_path / "forms.xlsx", beside):
        bad = [f for f in report["findings"] if f["path"] == str(path) and f["severity"] in ("error", "warning")]
        assert {(f["project"], f["field"], f["cell"]) for f in bad} == {("无指标的项目", "indicators", "项目9!B2")}
    counted = next(f for f in report["files"] if f["path"] == str(tmp_path / "forms.xlsx"))
    assert counted["indicators"] == sum(len(row.items) for row in read_documents(clean)[0].rows)


# ------------------------------------------------------------------ template placeholder rows

PLACEHOLDERS = [["1-产出指标", "11-数量指标", "……", "", ""],  # a 三级指标 "……" under real categories
                ["……", "……", "……", "……", "……"],  # the template's whole row
                ["1-产出指标", "11-数量指标", "略", "-", "-"],
                ["", "", "…", "…", "…"]]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_template_placeholder_rows_are_reported_not_read_as_indicators(tmp_path, capsys, fmt):
    """"……" / "略" / "-" rows left from the template are no indicators: the form gives the findings it
    gives without them (and as many indicators), plus one note (ST09) at the first such row."""
    writer = {"xlsx": renderers.to_form_xlsx, "docx": renderers.to_form_docx, "pdf": renderers.to_form_pdf}[fmt]
    projects = renderers.summary_projects(DEFECTIVE)[:2]
    left_in = [dict(project) for project in projects]
    items = [renderers._indicator_cells(text, True) for text in left_in[1]["items"]]
    left_in[1]["items"] = items[:1] + PLACEHOLDERS[:1] + items[1:] + PLACEHOLDERS[1:]
    plain_path, placeholder_path = writer(tmp_path / f"plain.{fmt}", projects), writer(tmp_path / f"left.{fmt}", left_in)
    _, report, _ = check(capsys, plain_path, placeholder_path)
    name = projects[1]["name"]
    assert keys(report, placeholder_path) == keys(report, plain_path) | {("ST09", name, None, "indicators")}
    counts = {f["path"]: (f["projects"], f["indicators"]) for f in report["files"]}
    assert counts[str(placeholder_path)] == counts[str(plain_path)]
    [note] = [f for f in report["findings"] if f["rule"] == "ST09"]
    assert note["severity"] == "info" and note["value"] == str(len(PLACEHOLDERS))
    doc = read_documents(placeholder_path)[0]
    assert note["line"] == min(doc.rows[1].placeholders)  # the first placeholder row of the second form
    if fmt != "pdf":  # its 三级指标 cell, where the "……" is
        assert note["cell"].endswith(f"!D{note['line']}")


def test_placeholder_rows_of_a_row_per_indicator_sheet(tmp_path, capsys):
    path = _sheet(tmp_path / "rows.xlsx", [
        ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["培训项目", "产出指标", "数量指标", "培训人数", "≥100人"],
        ["培训项目", "产出指标", "数量指标", "……", "……"],
        ["培训项目", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"]])
    _, report, _ = check(capsys, path)
    assert [f["indicators"] for f in report["files"]] == [2]
    [note] = [f for f in report["findings"] if f["rule"] == "ST09"]
    assert (note["project"], note["line"], note["cell"]) == ("培训项目", 3, "申报表!D3")


# ------------------------------------------------- equal amounts side by side (中期 = 年度)

def _equal_amounts_form():
    rows = [["2025年度项目支出绩效目标申报表", "", "", "", ""],
            ["项目名称", "禁毒宣传教育经费", "", "", ""],
            ["项目资金（万元）", "资金来源", "中期资金总额", "年度资金总额", ""],
            ["项目资金（万元）", "资金总额", "82.5", "82.5", ""],
            ["项目资金（万元）", "其中：财政拨款", "60", "60", ""],
            ["项目资金（万元）", "其他资金", "22.5", "22.5", ""],
            ["年度目标", "开展禁毒宣传进校园活动。", "", "", ""],
            ["一级指标", "二级指标", "三级指标", "实施期指标值", "年度指标值"],
            ["产出指标", "数量指标", "开展宣传活动场次", "≥40场", "≥40场"],
            ["满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "≥90%"]]
    merges = [(0, 0, 0, 4), (1, 1, 1, 4), (2, 0, 5, 0), (6, 1, 6, 4)]
    for r, c1, r2, c2 in merges:  # a merged range's text in each cell it covers, as _grid writes it
        for row in range(r, r2 + 1):
            for column in range(c1, c2 + 1):
                rows[row][column] = rows[r][c1]
    return rows, merges


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_equal_amounts_side_by_side_are_two_fields(tmp_path, capsys, fmt):
    """中期 and 年度 amounts that are equal, in adjacent cells, are both read (no FO01/FO02) and the
    feedback workbook of the submission shows each once, in its own cell."""
    import openpyxl

    writer = {"xlsx": renderers.grids_to_xlsx, "docx": renderers.grids_to_docx, "pdf": renderers.grids_to_pdf}[fmt]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = writer(inbox / f"form.{fmt}", [_equal_amounts_form()])
    [row] = read_documents(path)[0].rows
    assert {key: row.cells.get(key) for key in ("period_total", "total", "period_fiscal", "fiscal", "period_other",
                                                 "other")} == {"period_total": "82.5", "total": "82.5",
                                                               "period_fiscal": "60", "fiscal": "60",
                                                               "period_other": "22.5", "other": "22.5"}
    _, report, _ = check(capsys, path)
    assert not {f["rule"] for f in report["findings"]} & {"FO01", "FO02"}
    assert main(["queue", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 0
    capsys.readouterr()
    sheet = openpyxl.load_workbook(tmp_path / "out" / "submissions" / "form.xlsx").worksheets[0]
    shown = [str(cell.value) for line in sheet.iter_rows() for cell in line if cell.value is not None]
    for amount in ("82.5", "60", "22.5"):
        assert shown.count(amount) == 2, (amount, shown)  # 中期 and 年度, once each


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_feedback_marks_a_forms_amount_where_it_stands(tmp_path, capsys, fmt):
    """FO01 (sources that do not add up) is marked on the 年度资金总额 amount itself, in a PDF form
    too (which has no cell addresses)."""
    import openpyxl

    rows, merges = _equal_amounts_form()
    rows[5][3] = "20"  # 年度 其他资金: 60 + 20 ≠ 82.5
    writer = {"xlsx": renderers.grids_to_xlsx, "pdf": renderers.grids_to_pdf}[fmt]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    writer(inbox / f"form.{fmt}", [(rows, merges)])
    assert main(["queue", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 1
    capsys.readouterr()
    sheet = openpyxl.load_workbook(tmp_path / "out" / "submissions" / "form.xlsx").worksheets[0]
    [marked] = [cell for line in sheet.iter_rows() for cell in line if cell.comment and "FO01" in cell.comment.text]
    assert str(marked.value) == "82.5" and marked.column == 4  # the 年度资金总额 column, not the 中期 one
