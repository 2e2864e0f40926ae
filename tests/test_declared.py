"""Row-per-indicator sheets with declared parts (指标性质, 度量单位, 权重, 指标方向性): read into Items."""
from __future__ import annotations

from audit.reading.grid import GridRow, build_document

DECLARED_HEADER = ["项目名称", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向性"]


def test_declared_parts_reach_the_item_raw_and_the_target_joined():
    rows = [GridRow(1, DECLARED_HEADER),
            GridRow(2, ["培训项目", "产出指标", "数量指标", "培训人数", "≥", "100", "人", "10", "正向指标"]),
            GridRow(3, ["培训项目", "效益指标", "社会效益指标", "群众知晓度", "定性", "明显提升", "", "", "正向指标"])]
    [project] = build_document("x.xlsx", rows, "xlsx").rows
    first, second = project.items
    assert (first.annual, first.nature, first.unit, first.weight, first.direction) == ("≥100人", "≥", "人", "10", "正向指标")
    assert (second.annual, second.nature, second.unit, second.weight) == ("明显提升", "定性", "", "")


def test_sheets_without_declared_columns_leave_the_parts_unset():
    rows = [GridRow(1, ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"]),
            GridRow(2, ["培训项目", "产出指标", "数量指标", "培训人数", "≥100人"])]
    [item] = build_document("x.xlsx", rows, "xlsx").rows[0].items
    assert (item.nature, item.unit, item.weight, item.direction) == (None, None, None, None)


# ------------------------------------------------------------------- Sichuan sheets, end to end

import json  # noqa: E402

import pytest  # noqa: E402
import renderers  # noqa: E402
from conftest import CLEAN, TESTS  # noqa: E402

from audit.cli import main  # noqa: E402
from audit.reading import read_document  # noqa: E402

DEFECTIVE = TESTS / "data" / "defective.txt"
# What a single-value sheet without a 合计 row cannot carry: the period targets (TG01 on the
# period, TG05 compares period with annual), the total and subtotal rows (TT01, TT02), and what is
# about the summary's own text (ST02: a row the text export cut in two; FM04: punctuation inside
# the indicator cells).
NOT_CARRIED = {("TG01", "社区警务室运行经费", 6, "period"), ("TG05", "交通信号设施维护经费", 1, "annual"),
               ("TT01", None, None, "total"), ("TT02", "测试市测试局", None, "total"),
               ("ST02", "执法办案中心建设项目", 1, "indicators"), ("FM04", "交通信号设施维护经费", 4, "indicators")}
PLANTED = {  # (project index, indicator index) -> changed parts, and the finding each one must give
    (0, 0): ({"direction": "反向指标"}, "DC01", "direction"),  # ≥45个 declared 反向
    (2, 1): ({"direction": "反向指标"}, "DC02", "direction"),  # 项目验收合格率 =100% declared 反向
    (1, 4): ({"value": "全部完成改造"}, "DC03", "nature"),  # ≥ on words
    (2, 5): ({"nature": "定性"}, "DC04", "nature"),  # 定性 with 90 %
    (1, 1): ({"value": "95%", "measure": "台"}, "DC05", "unit"),  # a rate in 台
    (1, 2): ({"weight": 0}, "DC07", "weight"),
    (2, 3): ({"weight": None}, "DC08", "weight"),
}


def planted_rows(codes: bool) -> tuple[list[dict], set[tuple]]:
    rows = renderers.declared_rows(DEFECTIVE, codes=codes)
    names = list(dict.fromkeys(row["project"] for row in rows))
    expected = set()
    for (project, position), (changes, rule, field) in PLANTED.items():
        row = [r for r in rows if r["project"] == names[project]][position]
        row.update(changes)
        expected.add((rule, names[project], position + 1, field))
    first = next(r for r in rows if r["project"] == names[0])
    first["weight"] += 10  # the first project's weights now add up to 110
    expected.add(("DC06", names[0], None, "weight"))
    return rows, expected


def findings(capsys, *paths) -> dict[str, set[tuple]]:
    code = main(["check", *map(str, paths), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    found = {str(path): set() for path in paths}
    for f in report["findings"]:
        found[f["path"]].add((f["rule"], f["project"], f["indicator"], f["field"], f["severity"]))
    return code, found


# The Sichuan-style sheet as departments send it: a workbook with merged project cells, its CSV
# export (a merged cell's text on its first row only), a Word table with the cells merged down.
WRITERS = {"xlsx": renderers.to_declared_xlsx, "csv": renderers.to_declared_csv, "docx": renderers.to_declared_docx}


@pytest.mark.parametrize("suffix", WRITERS)
@pytest.mark.parametrize("codes", [True, False], ids=["codes", "names"])
def test_sichuan_sheet_gives_the_summary_findings_plus_the_planted_ones(capsys, tmp_path, codes, suffix):
    rows, planted = planted_rows(codes)
    sheet = WRITERS[suffix](tmp_path / f"sichuan.{suffix}", rows)
    _, found = findings(capsys, DEFECTIVE, sheet)
    summary = {key[:4] for key in found[str(DEFECTIVE)]}
    assert NOT_CARRIED <= summary
    summary -= NOT_CARRIED
    assert ("CD01", "交通信号设施维护经费", 4, "l1") in summary  # 社会效益(指标) under 产出指标, with codes or names
    rows_found = {key[:4] for key in found[str(sheet)]}
    assert {key for key in rows_found if not key[0].startswith("DC")} == summary
    assert {key for key in rows_found if key[0].startswith("DC")} == planted
    assert (read_document(sheet).rows[0].cells["total"], len(read_document(sheet).rows)) == ("1318.29", 3)


def test_sichuan_sheet_of_the_clean_table_gives_no_error_or_warning(capsys, tmp_path):
    sheets = [renderers.to_declared_xlsx(tmp_path / f"clean-{codes}.xlsx", renderers.declared_rows(CLEAN, codes=codes))
              for codes in (True, False)]
    code, found = findings(capsys, *sheets)
    assert code == 0 and all(not keys for keys in found.values()), found


def sheet_rows(tmp_path, rows: list[dict], suffix: str, **options):
    base = {"unit": "甲单位", "budget": "100", "goal": "保障业务开展。", "l1": "产出指标", "l2": "数量指标",
            "nature": "≥", "value": "10", "measure": "次", "weight": 50, "direction": "正向指标"}
    path = WRITERS[suffix](tmp_path / f"sheet.{suffix}", [dict(base, **row) for row in rows], **options)
    return [(row.cells.get("unit_name"), row.cells["name"], [item.name for item in row.items])
            for row in read_document(path).rows]


@pytest.mark.parametrize("suffix", WRITERS)
def test_every_project_and_indicator_comes_through(tmp_path, suffix):
    rows = [{"project": "运行经费", "name": "巡逻次数"}, {"project": "运行经费", "name": "培训次数"},
            # the same name again, a project of its own (its cells merged apart)
            {"project": "运行经费", "name": "检查次数", "new_project": True},
            {"project": "运行经费", "name": "维修次数"},
            # the same name in another unit
            {"unit": "乙单位", "project": "运行经费", "name": "宣传次数"},
            {"project": "设备购置", "unit": "乙单位", "name": "购置台数"}]
    expected = [("甲单位", "运行经费", ["巡逻次数", "培训次数"]), ("甲单位", "运行经费", ["检查次数", "维修次数"]),
                ("乙单位", "运行经费", ["宣传次数"]), ("乙单位", "设备购置", ["购置台数"])]
    assert sheet_rows(tmp_path, rows, suffix) == expected
    assert sheet_rows(tmp_path, rows, suffix, blank_between=False) == expected


def test_header_aliases_of_other_provinces():
    header = ["项目名称", "项目预算", "年度绩效目标", "一级指标", "二级指标", "三级指标", "指标值类型", "指标值",
              "计量单位", "分值", "指标方向"]
    rows = [GridRow(1, header), GridRow(2, ["培训项目", "50", "完成培训", "产出指标", "数量指标", "培训人数", "≥", "100",
                                            "人", "100", "正向指标"])]
    doc = build_document("x.xlsx", rows, "xlsx")
    [project] = doc.rows
    [item] = project.items
    assert (project.cells["total"], project.cells["goal"]) == ("50", "完成培训")
    assert (item.annual, item.nature, item.unit, item.weight, item.direction) == ("≥100人", "≥", "人", "100", "正向指标")


def test_declared_operator_reaches_a_value_written_with_its_unit():
    rows = [GridRow(1, DECLARED_HEADER),
            GridRow(2, ["培训项目", "产出指标", "质量指标", "培训合格率", "≥", "95%", "", "100", "正向指标"])]
    [item] = build_document("x.xlsx", rows, "xlsx").rows[0].items
    assert (item.annual, item.nature, item.unit) == ("≥95%", "≥", "")


def test_a_declared_operator_in_words_reaches_the_target_and_qualitative_does_not():
    """Provinces write 指标性质 in words too (不低于, 小于等于): the target reads as written."""
    rows = [GridRow(1, DECLARED_HEADER),
            GridRow(2, ["培训项目", "产出指标", "质量指标", "培训合格率", "不低于", "95", "%", "50", "正向指标"]),
            GridRow(3, ["培训项目", "产出指标", "质量指标", "培训差错率", "小于等于", "2%", "", "30", "反向指标"]),
            GridRow(4, ["培训项目", "效益指标", "社会效益指标", "培训达标人数", "定性", "100", "人", "20", "正向指标"])]
    first, second, third = build_document("x.xlsx", rows, "xlsx").rows[0].items
    assert (first.annual, second.annual, third.annual) == ("不低于95%", "小于等于2%", "100人")


def test_joined_parts_reach_the_target_rules(capsys, tmp_path):
    """"%" with 2,000 and a rate declared in 台 are the target rules' findings (TG02, TG08)."""
    from tables import render_declared

    path = tmp_path / "units.txt"
    path.write_text(render_declared([["产出指标", "质量指标", "设备验收合格率", "≥", "2000", "%", "50", "正向指标"],
                                     ["产出指标", "质量指标", "设备完好率", "≥", "95", "台", "50", "正向指标"]]),
                    encoding="utf-8")
    _, found = findings(capsys, path)
    assert {("TG02", 1), ("TG08", 2)} <= {(key[0], key[2]) for key in found[str(path)]}


def test_the_declared_direction_is_the_polarity_the_target_rules_use(capsys, tmp_path):
    """Where a row declares 正向/反向 the target rules judge by it: a name of no known direction gets
    the findings the declaration implies; a misleading name (事故预警率 reads as a negative
    measure) declared 正向 with a lower bound is right, and only the disagreement is noted (DC02).
    The same sheet without the declared column is judged by the names."""
    import openpyxl

    rows = [["PM2.5平均浓度", "≥35微克/立方米", "反向指标"], ["空气质量优良天数比例", "同比下降5%", "正向指标"],
            ["重点人员稳控率", "≤90%", "正向指标"], ["误报率", "≤2%", "反向指标"], ["事故预警率", "≥95%", "正向指标"],
            ["群众满意度", "≥90%", "正向指标"]]
    paths = []
    for declared in (True, False):
        workbook = openpyxl.Workbook()
        workbook.active.append(["项目名称", "年度目标", "一级指标", "二级指标", "三级指标", "指标值", "指标方向性"][:7 if declared else 6])
        for name, value, direction in rows:
            level = (("满意度指标", "服务对象满意度指标") if "满意" in name else ("效益指标", "社会效益指标")
                     if "比例" in name or "浓度" in name else ("产出指标", "质量指标"))
            workbook.active.append(["治理项目", "改善辖区环境和治安。", *level, name, value, direction][:7 if declared else 6])
        paths.append(tmp_path / f"declared-{declared}.xlsx")
        workbook.save(paths[-1])
    _, found = findings(capsys, *paths)
    assert {key[0:3] for key in found[str(paths[0])]} == {
        ("TG07", "治理项目", 1), ("TG06", "治理项目", 2), ("TG01", "治理项目", 3), ("DC02", "治理项目", 5)}
    assert {key[0:3] for key in found[str(paths[1])]} == {("TG07", "治理项目", 5)}  # the name's false alarm
