"""Forms of other departments, laid out as they publish them (label variants, merged cells, rows
that are not indicators), as (rows, merges) grids that renderers.grids_to_* write as xlsx, docx or
PDF. Built from published forms found with the reference search (their labels and layout as
published; the project texts shortened). Each form has the indicators a reader must find, in order:
(一级, 二级, 三级, 实施期指标值, 年度指标值)."""
from __future__ import annotations


def _grid(width: int):
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []

    def add(cells: list[str], *spans: tuple[int, int]) -> int:
        """Append a row; spans (first, last column) are merged, their text in every cell they cover."""
        cells = cells + [""] * (width - len(cells))
        for first, last in spans:
            merges.append((len(rows), first, len(rows), last))
            cells[first + 1:last + 1] = [cells[first]] * (last - first)
        rows.append(cells)
        return len(rows) - 1

    def down(column: int, first: int, last: int) -> None:
        """Merge a column's cells from row `first` to `last`, the top text in each."""
        merges.append((first, column, last, column))
        for r in range(first + 1, last + 1):
            rows[r][column] = rows[first][column]

    return rows, merges, add, down


# ------------------------------------------------------ Dongguan: the 批复表, mid-term | annual grids
# 东莞市财政项目支出绩效目标批复表 (市交通运输局, 2019): no codes, labels split over lines
# ("项目\n名称", "一级\n指标"), money as 中期市财政预算 | 本年度申请市财政预算资金, the two grids side
# by side each with its own 二级/三级 columns, category names with glosses in brackets.
DONGGUAN_ITEMS = [
    ("预期产出指标", "数量指标(或建筑规模指标)", "镇街补助款完成结算项目数", "3", "3"),
    ("预期产出指标", "质量指标", "补助款结算误差率", "±3%以内", "±3%以内"),
    ("预期产出指标", "时效指标(工期指标、形象进度指标)", "结算款支付及时性", "及时", "及时"),
    ("预期产出指标", "预算(或投资规模)控制指标", "年度预算执行率", "≥90%", "≥90%"),
    ("效果指标", "社会、经济、生态效益指标", "补助款结算争议率", "0%", "0%"),
    ("效果指标", "可持续影响指标", "实现建设总目标控制程度", "有效控制", "有效控制"),
    ("满意度指标", "服务对象满意度指标", "镇街对补助结算的满意度", "≥90%", "≥90%"),
]
DONGGUAN_CODES = [("1", "11"), ("1", "12"), ("1", "13"), ("1", "14"), ("2", None), ("2", "24"), ("3", "31")]


def dongguan():
    rows, merges, add, down = _grid(9)
    add(["东莞市财政项目支出绩效目标批复表"], (0, 8))
    add(["（ 2019 年度）"], (0, 8))
    add(["预算单位：东莞市交通运输局"], (0, 8))
    add(["项目\n名称", "镇际联网路升级改造工程一期", "", "中期市财政预算(万元)", "284500.00", "",
         "本年度申请市财政预算资金(万元)", "919.00", ""], (1, 2), (4, 5), (7, 8))
    top = add(["总体目标", "中期滚动目标(2019年--2021年)", "", "", "", "年度目标"], (1, 4), (5, 8))
    add(["", "新建或改造道路，共29个项目，规划里程169公里。", "", "", "",
         "完成勘察设计费、审查咨询费结算532万元，以及3个项目补助尾款结算387万元。"], (1, 4), (5, 8))
    down(0, top, top + 1)
    head = add(["绩效指标", "一级\n指标", "二级\n指标", "三级\n指标", "指标值(或计划水平)", "二级\n指标", "三级\n指标",
                "计划指标值(或计划水平)"], (7, 8))
    for l1, l2, name, period, annual in DONGGUAN_ITEMS:
        gloss = "时效指标(工期指标)" if l2.startswith("时效") else l2  # the mid-term grid's own wording
        add(["", l1, gloss.replace("效益指标", "效益\n指标"), name, period, l2.replace("效益指标", "效益\n指标"), name,
             annual], (7, 8))
    down(0, head, len(rows) - 1)
    down(1, head + 1, head + 4)
    down(1, head + 5, head + 6)
    return rows, merges


# ------------------------------------------- Hunan county: 项目绩效目标表, long-term then annual grid
# 项目绩效目标表 (宁乡市坝塘镇, 2021) on the county template (佳县 uses the same): 项目属性 ticked,
# 主管部门编码 blank, money as "资金总额：…" "财政拨款：…" "自有资金：…" "其他：…", 项目立项情况 and
# 项目实施进度计划 blocks, 长期目标 | 年度目标, a 长期绩效指标 grid then a 年度绩效指标 grid headed
# 一级指标 | 二级指标 | 指标内容 | 指标值 | 备注, then 其他说明的问题, signatures and 审核意见.
COUNTY_ITEMS = [
    ("产出指标", "数量指标", "集镇立面改造及基础设施项目个数", "≥20个", "≥8个"),
    ("产出指标", "质量指标", "工程验收合格率", "100%", "100%"),
    ("产出指标", "时效指标", "项目按期完工率", "≥95%", "≥95%"),
    ("产出指标", "成本指标", "项目投资控制", "≤10606.75万元", "≤10606.75万元"),
    ("效益指标", "经济效益指标", "带动乡村产业发展", "有所提升", "有所提升"),
    ("效益指标", "社会效益指标", "群众出行条件改善", "明显改善", "明显改善"),
    ("效益指标", "生态效益指标", "人居环境改善", "明显改善", "明显改善"),
    ("效益指标", "可持续影响指标", "设施持续使用年限", "≥10年", "≥10年"),
    ("满意度指标", "社会公众或服务对象满意度指标", "群众满意度", "≥90%", "≥90%"),
]
COUNTY_CODES = [("1", "11"), ("1", "12"), ("1", "13"), ("1", "14"), ("2", "21"), ("2", "22"), ("2", "23"),
                ("2", "24"), ("3", "31")]


def county():
    rows, merges, add, down = _grid(6)
    add(["项目绩效目标表"], (0, 5))
    add(["（2021年度）"], (0, 5))
    add(["填报单位（盖章）：宁乡市坝塘镇人民政府"], (0, 5))
    add(["项目名称", "镇域内基础设施建设", "", "项目属性", "新增项目□ 延续项目√"], (1, 2), (4, 5))
    add(["主管部门", "坝塘镇", "", "主管部门编码", ""], (1, 2), (4, 5))
    add(["项目单位", "坝塘镇", "", "项目负责人", "（略）"], (1, 2), (4, 5))
    add(["项目起止时间", "2021年1月至2021年12月"], (1, 5))
    add(["项目资金申请（万元）", "资金总额：10606.7522", "财政拨款：6923.3552", "自有资金：0", "其他：3683.3970"])
    add(["项目概况", "镇域内水利、道路、机关、学校及乡村振兴等基础设施建设项目"], (1, 5))
    top = add(["项目立项情况", "项目立项的依据", "机关、学校、乡村振兴按发改立项"], (2, 5))
    add(["", "项目申报的可行性", "已申报项目可行性评估"], (2, 5))
    add(["", "项目申报的必要性", "为改善镇域内基础设施、振兴乡村"], (2, 5))
    down(0, top, top + 2)
    top = add(["项目实施进度计划", "项目实施内容", "", "开始时间", "完成时间"], (1, 2))
    add(["", "1、总体概念规划", "", "2016", "2020"], (1, 2))
    add(["", "2、核心区规划", "", "2021", "2021"], (1, 2))
    down(0, top, top + 2)
    top = add(["项目绩效目标", "长期目标", "", "年度目标"], (1, 2), (3, 5))
    add(["", "改善镇域内基础设施，振兴乡村经济", "", "全面完成集镇立面改造及机关、学校、乡村振兴等项目"], (1, 2), (3, 5))
    down(0, top, top + 1)
    for mark, slot in (("长期绩效指标", 3), ("年度绩效指标", 4)):
        head = add([mark, "一级指标", "二级指标", "指标内容", "指标值", "备注"])
        for item in COUNTY_ITEMS:
            add(["", item[0], item[1], item[2], item[slot], ""])
        down(0, head, len(rows) - 1)
        down(1, head + 1, head + 4)
        down(1, head + 5, head + 8)
    add(["其他说明的问题", "无"], (1, 5))
    add(["填报人：", "", "单位负责人：", "", "填报日期："])
    top = add(["审核意见", "主管部门审核意见", "同意。审核人：  日期："], (2, 5))
    add(["", "财政部门审核意见", "审核人：  日期："], (2, 5))
    down(0, top, top + 1)
    return rows, merges


# ---------------------------------------------- the Ministry of Finance reference template (附2-1)
# 绩效目标申报表（参考模板）: 项目负责人及电话, 资金情况（万元） with "年度资金总额：" and
# "其中：财政拨款", 年度总体目标 numbered 目标1/目标2, one 指标值 column, core indicators marked ★,
# a note merged across the foot.
MOF_ITEMS = [
    ("产出指标", "数量指标", "★农村低保发放人数", None, "≥1200人"),
    ("产出指标", "数量指标", "★其中：建档立卡贫困人口农村低保发放人数", None, "≥300人"),
    ("产出指标", "质量指标", "生活不能自理特困人员集中供养率", None, "≥50%"),
    ("产出指标", "时效指标", "救助资金按时发放率", None, "100%"),
    ("产出指标", "成本指标", "农村特困人员基本生活标准", None, "≥500元/人·月"),
    ("效益指标", "经济效益指标", "带动增加建档立卡贫困残疾人经济收入", None, "≥100万元"),
    ("效益指标", "社会效益指标", "政策知晓率", None, "≥90%"),
    ("效益指标", "可持续影响指标", "困难群众基本生活保障机制", None, "长期有效"),
    ("满意度指标", "服务对象满意度指标", "农村低保对象满意度", None, "≥90%"),
]
MOF_CODES = [("1", "11"), ("1", "11"), ("1", "12"), ("1", "13"), ("1", "14"), ("2", "21"), ("2", "22"), ("2", "24"),
             ("3", "31")]


def mof():
    rows, merges, add, down = _grid(5)
    add(["绩效目标申报表（参考模板）"], (0, 4))
    add(["（2025年度）"], (0, 4))
    add(["项目名称", "困难群众救助项目"], (1, 4))
    add(["项目负责人及电话", "（略）"], (1, 4))
    add(["主管部门", "测试市民政局", "", "实施单位", "测试市民政局"], (1, 2))
    top = add(["资金情况（万元）", "年度资金总额：", "5000"], (2, 4))
    add(["", "其中：财政拨款", "4800"], (2, 4))
    add(["", "其他资金", "200"], (2, 4))
    down(0, top, top + 2)
    add(["年度总体目标", "目标1：保障农村低保对象基本生活。\n目标2：做好特困人员供养。\n目标3：……"], (1, 4))
    head = add(["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"])
    for l1, l2, name, _, annual in MOF_ITEMS:
        add(["", l1, l2, name, annual])
    down(0, head, len(rows) - 1)
    down(1, head + 1, head + 5)
    down(2, head + 1, head + 2)
    down(1, head + 6, head + 8)
    add(["注：★为核心绩效指标，其余为参考指标。"], (0, 4))
    return rows, merges


FORMS = {"dongguan": (dongguan, DONGGUAN_ITEMS, DONGGUAN_CODES), "county": (county, COUNTY_ITEMS, COUNTY_CODES),
         "mof": (mof, MOF_ITEMS, MOF_CODES)}
