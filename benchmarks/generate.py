"""Generates realistic performance-target tables (text export) with a mix of defects, for the
benchmarks. Deterministic for a given seed.

    python benchmarks/generate.py OUT_DIR N [--seed S]
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

HEADER = "项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标"
OUTPUTS = [
    ("11-数量指标", "{}数量", ["≥{n}个", "{n}个", "≥{n}次", "{n}人"]),
    ("11-数量指标", "{}完成率", ["≥{p}%", "{p}%以上", "=100%"]),
    ("12-质量指标", "{}验收合格率", ["≥{p}%", "100%", "不低于{p}%"]),
    ("13-时效指标", "{}完成时间", ["2025年{m}月底前", "≤{d}个月"]),
    ("14-成本指标", "{}单位成本", ["≤{n}万元"]),
]
EFFECTS = [
    ("22-社会效益", "{}覆盖率", ["≥{p}%"]),
    ("22-社会效益", "{}发案率", ["≤{q}%"]),
    ("21-经济效益", "{}节约资金", ["≥{n}万元"]),
    ("23-生态效益", "{}节能比例", ["≥{q}%"]),
]
TOPICS = ["社区警务", "交通设施", "视频监控", "禁毒宣传", "档案数字化", "警用装备", "执法办案", "信息化运维",
          "辅警培训", "消防设施", "治安巡逻", "出租屋管理", "校园安全", "网络安全", "应急处置", "户政服务"]
DEFECTS = [
    lambda t: t.replace("2-效益指标；22", "1-产出指标；22", 1),
    lambda t: t.replace("满意度；实施周期指标值：≥", "满意度；实施周期指标值：≤", 1),
    lambda t: t.replace("%；年度指标值：", "%；年度指标值：大于100%。", 1) if "率；" in t else t,
    lambda t: t.replace("；年度指标值：", "；年度指标值：提升。", 1),
    lambda t: t.replace("数量；", "数量数量；", 1),
    lambda t: t.replace("：", ":", 3),
]


def indicator(rng: random.Random, code: str, pattern: str, targets: list[str], topic: str) -> str:
    values = dict(n=rng.randint(2, 900), p=rng.choice([85, 90, 95, 98]), q=rng.randint(2, 20),
                  m=rng.randint(3, 12), d=rng.randint(1, 6))
    target = rng.choice(targets).format(**values)
    level1 = {"1": "1-产出指标", "2": "2-效益指标", "3": "3-满意度指标"}[code[0]]
    return f"{level1}；{code}；{pattern.format(topic)}；实施周期指标值：{target}；年度指标值：{target}"


def project(rng: random.Random, number: int, defect_rate: float) -> tuple[str, float]:
    topic = rng.choice(TOPICS)
    count = min(12, 3 + int(rng.expovariate(1 / 2.5)))  # 3–12, most projects have few indicators
    items = [indicator(rng, *rng.choice(OUTPUTS), topic) for _ in range(max(1, count - 2))]
    items.append(indicator(rng, *rng.choice(EFFECTS), topic))
    items.append(f"3-满意度指标；31-服务对象满意度；{topic}服务对象满意度；实施周期指标值：≥{rng.choice([85, 90, 95])}%；"
                 f"年度指标值：≥90%")
    seen, unique = set(), []
    for item in items:  # one indicator name once per project
        name = item.split("；")[2]
        if name not in seen:
            seen.add(name)
            unique.append(item)
    cell = "".join(f"{n}、{text}。" for n, text in enumerate(unique[:count], 1))
    if rng.random() < defect_rate:
        cell = rng.choice(DEFECTS)(cell)
    amount = round(rng.uniform(5, 3000), 2)
    goal = f"通过实施{topic}第{number}期项目，保障业务正常开展，提升{topic}工作质量和群众满意度。"
    row = f"{topic}项目{number:03d}\t{amount:,.2f}\t{amount:,.2f}\t\t\t{goal}\t{cell}"
    return row, amount


def table(rng: random.Random, department: str, defect_rate: float = 0.3) -> str:
    rows, total = [], 0.0
    for number in range(1, min(80, 10 + int(rng.expovariate(1 / 12))) + 1):  # 10–80, most tables are small
        row, amount = project(rng, number, defect_rate)
        rows.append(row)
        total += amount
    head = [f"合计\t{total:,.2f}\t{total:,.2f}\t\t\t\t", f"{department}\t{total:,.2f}\t{total:,.2f}\t\t\t\t"]
    return "\n".join(["## 项目支出绩效目标表", "", f"部门名称：{department}", "", "单位：万元", "", HEADER,
                      *head, *rows]) + "\n"


def generate(folder: Path, count: int, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        rng = random.Random(f"{seed}-{index}")
        department = f"测试市第{index + 1:04d}局"
        path = folder / f"dept-{index + 1:04d}" / "绩效目标表.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(table(rng, department), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.out, args.count, args.seed)
