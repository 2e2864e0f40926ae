"""Other departments' forms as they publish them (tests/real_forms.py: Dongguan's 批复表 with
side-by-side grids, a county 项目绩效目标表 with a 长期 grid then a 年度 grid and a foot of
signatures and 审核意见, the Ministry of Finance reference template), each written as xlsx, docx
and PDF: every indicator row comes through with its values and category codes, nothing else
becomes an indicator, and every format gives the same findings."""
from __future__ import annotations

import re

import pytest
import real_forms
import renderers
from test_input_formats import check, keys

from audit.features import slot_code
from audit.reading import read_documents

WRITERS = {"xlsx": renderers.grids_to_xlsx, "docx": renderers.grids_to_docx, "pdf": renderers.grids_to_pdf}
# What each form rightly draws (rule, indicator, field); none is an error.
EXPECTED = {
    # "及时" is no deadline for a 时效指标; 年度预算执行率 under 预算(或投资规模)控制指标 (14) is where
    # the scheme puts it, no input filed as output
    "dongguan": {("TG09", 3, "period"), ("TG09", 3, "annual")},
    "county": {("TG11", n, field) for n in (5, 6, 7) for field in ("period", "annual")},  # 有所提升, 明显改善
    "mof": set(),
}


def _plain(text, pdf: bool):
    """Cell text as compared: a PDF shows a wrapped line as a space, and the CID font drawing the
    test PDF has no "·" (元/人·月)."""
    text = re.sub(r"\s+", "", text or "") if text is not None else None
    return text.replace("·", "") if text and pdf else text


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real")
    return {(name, fmt): writer(folder / f"{name}.{fmt}", [build()])
            for name, (build, _, _) in real_forms.FORMS.items() for fmt, writer in WRITERS.items()}


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("name", real_forms.FORMS)
def test_every_indicator_row_comes_through_with_its_codes(written, name, fmt):
    _, items, codes = real_forms.FORMS[name]
    [doc] = read_documents(written[name, fmt])
    [row] = doc.rows
    pdf = fmt == "pdf"
    assert [tuple(_plain(part, pdf) for part in (i.l1, i.l2, i.name, i.period, i.annual)) for i in row.items] == \
        [tuple(_plain(part, pdf) for part in item) for item in items]
    assert [(slot_code(i.l1, 1), slot_code(i.l2, 2)) for i in row.items] == codes


def test_labels_and_money_of_each_form(written):
    cells = {name: read_documents(written[name, "xlsx"])[0].rows[0].cells for name in real_forms.FORMS}
    assert (cells["dongguan"]["agency"], cells["dongguan"]["period_total"], cells["dongguan"]["total"]) == \
        ("东莞市交通运输局", "284500", "919")
    assert cells["dongguan"]["goal_period"].startswith("新建或改造道路")
    county = cells["county"]
    assert (county["total"], county["fiscal"], county["extra:自有资金"], county["other"]) == \
        ("10606.7522", "6923.3552", "0", "3683.3970")
    assert (county["goal_period"], county["department"]) == ("改善镇域内基础设施，振兴乡村经济", "坝塘镇")
    assert (cells["mof"]["total"], cells["mof"]["fiscal"], cells["mof"]["other"]) == ("5000", "4800", "200")


def test_every_format_gives_the_same_findings(written, capsys):
    code, report, err = check(capsys, *written.values())
    assert code == 0 and not err  # warnings only
    for (name, fmt), path in written.items():
        found = {(rule, indicator, field) for rule, _, indicator, field in keys(report, path)}
        assert found == EXPECTED[name], (name, fmt)
    tg09 = next(f for f in report["findings"] if f["rule"] == "TG09" and f["field"] == "annual"
                and f["path"].endswith("dongguan.xlsx"))
    import openpyxl
    sheet, cell = tg09["cell"].split("!")
    assert openpyxl.load_workbook(written["dongguan", "xlsx"])[sheet][cell].value == real_forms.DONGGUAN_ITEMS[2][4]


STACKED = {"xlsx": lambda path, grids: renderers.grids_to_xlsx(path, grids, stacked=True),
           "docx": lambda path, grids: renderers.grids_to_docx(path, grids, one_table=True),
           "pdf": renderers.grids_to_pdf}


@pytest.mark.parametrize("fmt", STACKED)
def test_the_forms_one_under_another_are_three_projects(tmp_path, fmt):
    """On one sheet, in one Word table, one after another in a PDF: each form's foot (审核意见,
    notes) ends its grid, and the next title starts the next form."""
    grids = [build() for build, _, _ in real_forms.FORMS.values()]
    path = STACKED[fmt](tmp_path / f"all.{fmt}", grids)
    [doc] = read_documents(path)
    assert [[i.name for i in row.items] for row in doc.rows] == \
        [[item[2] for item in items] for _, items, _ in real_forms.FORMS.values()]


@pytest.mark.parametrize("name, level, code", [
    ("预算控制指标", 2, "14"), ("预算(或投资规模)控制指标", 2, "14"),  # the 成本 slot of 产出指标 (财预〔2021〕101号)
    ("成本指标", 2, "14"), ("时效指标(工期指标)", 2, "13"), ("工期指标", 2, "13"),
    ("时效指标（工期指标、形象进度指标）", 2, "13"), ("数量指标(或建筑规模指标)", 2, "11"),
    ("服务对象满意度指标", 2, "31"), ("社会公众或服务对象满意度指标", 2, "31"), ("社会效益指标", 2, "22"),
    ("环境效益指标", 2, "23"), ("效果指标", 1, "2"), ("效益指标", 1, "2"), ("预期产出指标", 1, "1"),
    ("满意度指标", 1, "3"), ("社会、经济、生态效益指标", 2, None),  # three codes in one: none of them
])
def test_category_names_map_to_their_codes(name, level, code):
    assert slot_code(name, level) == code


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_feedback_workbook_shows_the_form_with_its_labels(written, tmp_path, fmt, capsys):
    """The reviewer sees the form as submitted: its labels (项目名称, 一级指标 …) and the texts as
    written ("资金总额：10606.7522") where they are, the legend beside the form, not over it."""
    import openpyxl

    from audit.cli import main

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / f"county.{fmt}").write_bytes(written["county", fmt].read_bytes())
    assert main(["queue", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 0
    capsys.readouterr()
    sheet = openpyxl.load_workbook(tmp_path / "out" / "submissions" / "county.xlsx").worksheets[0]
    rows, _ = real_forms.county()
    shown = {(cell.row, cell.column): cell.value for line in sheet.iter_rows() for cell in line if cell.value}
    for r, cells in enumerate(rows, 1):
        for c, text in enumerate(cells, 1):
            if text and (c == 1 or text != cells[c - 2]):  # a text merged across columns, once
                assert shown.get((r, c)) == text, (r, c, text)
    legend = min(column for (row, column), value in shown.items() if value == "图例")
    assert legend > max(len(cells) for cells in rows)
