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
