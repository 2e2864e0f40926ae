"""Rules across submissions on a generated season of 32 departments (tests/season.py): planted
peer outliers, stale years, a cost far from its peers, copies of last year's projects and a
second round that fixes some findings. Exact findings asserted; none on a season without plants."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from season import DISTRICTS, department, set_indicator, table

from audit.cli import main

DEPARTMENTS = 32


def write(folder: Path, tables: dict[str, str]) -> Path:
    for name, text in tables.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def name(number: int) -> str:
    return f"{DISTRICTS[number]}.txt"


def lax_satisfaction(tables):
    set_indicator(tables, 0, "社区群众满意度", "≥60%", "≥60%")


def lax_incidence(tables):
    set_indicator(tables, 0, "社区可防性案件发案率", "≤20%", "≤20%")


def stale_deadline(tables):
    set_indicator(tables, 2, "投入使用时间", "2023年底前", "2023年底前")


def stale_goal(tables):
    tables[3]["goal"] = "2024年" + tables[3]["goal"]


def costly(tables):
    tables[2]["total"] = round(tables[2]["total"] * 10, 2)


def upper_bound_satisfaction(tables):
    set_indicator(tables, 1, "市民出行满意度", "5%以下", "5%以下")


def lowered_satisfaction(tables):
    set_indicator(tables, 3, "师生满意度", "≥90%", "≥90%")


def last_years_higher_target(tables):
    set_indicator(tables, 3, "师生满意度", "≥98%", "≥98%")
    tables[3]["total"] = round(tables[3]["total"] * 0.8, 2)


def last_years_other_money(tables):
    tables[0]["total"] = round(tables[0]["total"] * 0.8, 2)


PLANTS_2025 = {3: lax_satisfaction, 7: lax_incidence, 5: stale_deadline, 9: stale_goal, 13: costly,
               17: lowered_satisfaction, 20: upper_bound_satisfaction, 21: upper_bound_satisfaction,
               23: lambda t: (upper_bound_satisfaction(t), stale_goal(t))}
PLANTS_2024 = {15: last_years_other_money, 17: last_years_higher_target}
TITLE_OF_LAST_YEAR = 11  # submitted as a folder named for 2025, holding a table titled 2024


def season_2025(plants=PLANTS_2025) -> dict[str, str]:
    tables = {name(n): table(n, 2025, plants.get(n)) for n in range(DEPARTMENTS)}
    if plants:
        del tables[name(TITLE_OF_LAST_YEAR)]
        tables[f"{DISTRICTS[TITLE_OF_LAST_YEAR]}-2025/绩效目标表.txt"] = table(TITLE_OF_LAST_YEAR, 2024)
    return tables


def season_2024(plants=PLANTS_2024) -> dict[str, str]:
    return {name(n): table(n, 2024, plants.get(n)) for n in range(DEPARTMENTS)}


def corpus_findings(out: Path) -> set[tuple]:
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return {(f["rule"], Path(f["path"]).parent.name if f["path"].endswith("绩效目标表.txt") else Path(f["path"]).name,
             f["project"], f["indicator"], f["field"]) for f in data["findings"] if f["category"] == "corpus"}


def index(out: Path) -> dict[str, dict]:
    with open(out / "index.csv", encoding="utf-8-sig", newline="") as stream:
        return {row["提交"]: row for row in csv.DictReader(stream)}


@pytest.fixture(scope="module")
def first_round(tmp_path_factory):
    root = tmp_path_factory.mktemp("season")
    write(root / "2024", season_2024())
    write(root / "2025", season_2025())
    code = main(["queue", str(root / "2025"), "--out", str(root / "out1"), "--previous", str(root / "2024"),
                 "--jobs", "2"])
    return root, code


def test_first_round_finds_exactly_what_was_planted(first_round):
    root, code = first_round
    assert code == 1  # the planted upper-bound satisfaction targets are errors
    assert corpus_findings(root / "out1") == {
        ("CO04", name(3), "社区警务室运行经费", 6, "annual"),  # ≥60% among ≥85–95%
        ("CO04", name(7), "社区警务室运行经费", 5, "annual"),  # ≤20% among ≤3–5%
        ("CO01", name(5), "执法办案中心建设项目", 3, "period"),
        ("CO01", name(5), "执法办案中心建设项目", 3, "annual"),
        ("CO02", name(9), "禁毒宣传教育经费", None, "goal"),
        ("CO02", name(23), "禁毒宣传教育经费", None, "goal"),
        ("CO03", f"{DISTRICTS[TITLE_OF_LAST_YEAR]}-2025", None, None, "row"),
        ("CO07", name(13), "执法办案中心建设项目", 1, "annual"),  # ten times the money for the same 6 rooms
        ("CO05", name(13), "执法办案中心建设项目", None, "row"),  # and otherwise last year's project
        ("CO05", name(15), "社区警务室运行经费", None, "row"),  # last year's project, other money
        ("CO05", name(17), "禁毒宣传教育经费", None, "row"),
        ("CO06", name(17), "禁毒宣传教育经费", 4, "annual"),  # ≥98% last year, ≥90% now, with more money
    }


def test_peer_message_gives_the_peers_figures(first_round):
    root, _ = first_round
    data = json.loads((root / "out1" / "findings.json").read_text(encoding="utf-8"))
    finding = next(f for f in data["findings"] if f["rule"] == "CO04" and f["path"].endswith(name(3)))
    assert finding["severity"] == "warning" and finding["value"] == "≥60%"
    assert "其他 31 个单位的中位数为 90%" in finding["message"] and "范围 85%–95%" in finding["message"]


def test_check_compares_files_only_when_asked(first_round, capsys):
    root, _ = first_round
    main(["check", str(root / "2025"), "--format", "json", "--select", "CO04,CO07", "--no-cache"])
    assert json.loads(capsys.readouterr().out)["findings"] == []
    main(["check", str(root / "2025"), "--format", "json", "--select", "CO04,CO07", "--corpus"])
    found = {(f["rule"], Path(f["path"]).name) for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found == {("CO04", name(3)), ("CO04", name(7)), ("CO07", name(13))}


def test_second_round_tracks_fixed_open_and_new(first_round, capsys):
    root, _ = first_round
    resubmitted = {name(20): table(20, 2025), name(21): (root / "2025" / name(21)).read_text(encoding="utf-8"),
                   name(22): table(22, 2025, upper_bound_satisfaction),
                   name(23): table(23, 2025, stale_goal)}
    write(root / "round2", resubmitted)
    assert main(["queue", str(root / "round2"), "--out", str(root / "out2"), "--previous", str(root / "out1")]) == 1
    first = json.loads((root / "out1" / "findings.json").read_text(encoding="utf-8"))["findings"]
    before = {n: [f for f in first if f["path"].endswith(name(n))] for n in (20, 21, 22, 23)}
    planted = [f for f in before[20]]  # department 20 fixed everything: its findings were the plant's
    assert planted and all(f["project"] == "交通信号设施维护经费" for f in planted) and not before[22]
    rows = index(root / "out2")
    assert [rows[DISTRICTS[20]][k] for k in ("已改正", "仍存在", "新出现")] == [str(len(planted)), "0", "0"]
    assert [rows[DISTRICTS[21]][k] for k in ("已改正", "仍存在", "新出现")] == ["0", str(len(before[21])), "0"]
    assert "与上一轮提交的文件完全相同" in rows[DISTRICTS[21]]["说明"]
    assert "完全相同" not in rows[DISTRICTS[20]]["说明"]
    assert [rows[DISTRICTS[22]][k] for k in ("已改正", "仍存在", "新出现")] == ["0", "0", str(len(planted))]
    assert [rows[DISTRICTS[23]][k] for k in ("已改正", "仍存在", "新出现")] == [str(len(planted)), "1", "0"]
    page = (root / "out2" / "submissions" / f"{DISTRICTS[20]}.html").read_text(encoding="utf-8")
    assert "上一轮以来已改正的问题" in page and all(f["message"] in page for f in planted)


def test_a_season_without_plants_has_no_corpus_findings(tmp_path):
    write(tmp_path / "2024", season_2024(plants={}))
    write(tmp_path / "2025", season_2025(plants={}))
    main(["queue", str(tmp_path / "2025"), "--out", str(tmp_path / "out"), "--previous", str(tmp_path / "2024")])
    assert corpus_findings(tmp_path / "out") == set()
    assert len(index(tmp_path / "out")) == DEPARTMENTS and department(0) in (tmp_path / "2025" / name(0)).read_text(
        encoding="utf-8")


def test_previous_must_be_a_run_or_a_folder_of_submissions(tmp_path, capsys):
    write(tmp_path / "now", {name(0): table(0, 2025)})
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "findings.json").write_text("{}", encoding="utf-8")  # an output folder of an older version
    for previous in (tmp_path / "missing", tmp_path / "old"):
        assert main(["queue", str(tmp_path / "now"), "--out", str(tmp_path / "out"), "--previous", str(previous)]) == 2
        assert f"{previous}: --previous 不是上一次审核队列的输出目录" in capsys.readouterr().err



@pytest.mark.parametrize("path,year", [
    ("examples/huadu-police-2025.txt", 2025), ("2025/花都分局.txt", 2025), ("/x/2024/2025/花都分局/表.xlsx", 2025),
    ("2024/花都分局-2025/表.xlsx", 2025), ("/2023/a/b/表.txt", None), ("tables/花都分局12025.txt", None)])
def test_budget_year_from_the_nearest_name_with_a_year(path, year):
    from audit.parsing import path_year
    assert path_year(path) == year


def corpus_rules_of(capsys, *argv) -> list[tuple]:
    capsys.readouterr()
    main([*argv, "--format", "json", "--no-cache"])
    return sorted((f["rule"], f["value"], f["message"]) for f in json.loads(capsys.readouterr().out)["findings"]
                  if f["category"] == "corpus")


def test_a_table_named_without_a_year_is_checked_against_a_stated_budget_year(tmp_path, capsys, monkeypatch):
    """No year in the file's or folders' names: the title's year is all there is, so the title cannot
    be checked, and stale years are judged against it; --budget-year (or the configuration's
    budget_year) states the year, and the title naming 2024 is found."""
    folder = tmp_path / "submissions" / "花都分局"
    write(folder, {"绩效目标表.txt": table(0, 2024, stale_deadline)})
    monkeypatch.chdir(tmp_path)
    path = str(folder / "绩效目标表.txt")
    unstated = corpus_rules_of(capsys, "check", path)
    assert [rule for rule, _, _ in unstated] == ["CO01", "CO01"]  # 2023 before the title's 2024, period and annual
    assert all("2024" in message for _, _, message in unstated)
    stated = corpus_rules_of(capsys, "check", path, "--budget-year", "2025")
    assert [rule for rule, _, _ in stated] == ["CO01", "CO01", "CO03"]
    assert all("2025" in message for _, _, message in stated)
    assert stated[-1][1] == "2024年项目支出绩效目标表"
    (tmp_path / "jxaudit.yaml").write_text("budget_year: 2025\n", encoding="utf-8")
    assert corpus_rules_of(capsys, "check", path) == stated  # the configuration's key does the same
    assert corpus_rules_of(capsys, "check", path, "--budget-year", "2024") == unstated  # the flag over the file


@pytest.mark.parametrize("flag,config", [("1999", None), ("2025", "budget_year: 二〇二五\n"), ("2025", "budget_year: true\n")])
def test_a_budget_year_that_is_not_a_year_is_a_usage_error(tmp_path, capsys, monkeypatch, flag, config):
    write(tmp_path, {"表.txt": table(0, 2025)})
    monkeypatch.chdir(tmp_path)
    if config:
        (tmp_path / "jxaudit.yaml").write_text(config, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "表.txt", "--budget-year", flag, "--no-cache"]) == 2
    error = capsys.readouterr().err
    assert "预算年度应为 2000–2099 之间的年份" in error and ("--budget-year" if not config else "jxaudit.yaml") in error


def test_a_stated_budget_year_leaves_last_years_folder_its_own_year(tmp_path):
    """--budget-year 2025 over this season: the folder of last year's submissions (--previous) still
    budgets for 2024, so the year-over-year rules compare with it: the project whose money changed
    is last year's copy (CO05) and its target was lowered while the money rose (CO06)."""
    write(tmp_path / "2024", {name(n): table(n, 2024, last_years_higher_target if n == 1 else None) for n in range(3)})
    write(tmp_path / "now", {name(n): table(n, 2025, lowered_satisfaction if n == 1 else None) for n in range(3)})
    main(["queue", str(tmp_path / "now"), "--out", str(tmp_path / "out"), "--previous", str(tmp_path / "2024"),
          "--budget-year", "2025", "--jobs", "1", "--no-cache"])
    assert {(rule, path) for rule, path, *_ in corpus_findings(tmp_path / "out")} == {("CO05", name(1)), ("CO06", name(1))}


def peer_findings(root: Path, capsys, monkeypatch, options: str) -> set[tuple]:
    """check --corpus of the first round's season with CO04's options set in a configuration."""
    monkeypatch.chdir(root)
    (root / "jxaudit.yaml").write_text(f"rules:\n  CO04: {{options: {{{options}}}}}\n", encoding="utf-8")
    capsys.readouterr()
    main(["check", "2025", "--format", "json", "--select", "CO04", "--corpus"])
    (root / "jxaudit.yaml").unlink()
    return {(f["rule"], Path(f["path"]).name) for f in json.loads(capsys.readouterr().out)["findings"]}


def test_peer_thresholds_are_the_rules_options(first_round, capsys, monkeypatch):
    """min_peers: the two planted targets have 31 peers each, so never with 32 required; k: the
    ≥60% among ≥85–95% lies 6 MADs out, the ≤20% among ≤3–5% far more; percentile: both are the
    laxest of all, so even the 1st percentile keeps them."""
    root, _ = first_round
    both = {("CO04", name(3)), ("CO04", name(7))}
    assert peer_findings(root, capsys, monkeypatch, "min_peers: 31") == both
    assert peer_findings(root, capsys, monkeypatch, "min_peers: 32") == set()
    assert peer_findings(root, capsys, monkeypatch, "k: 7") == {("CO04", name(7))}
    assert peer_findings(root, capsys, monkeypatch, "percentile: 1") == both


def test_year_over_year_from_last_years_queue_output(first_round):
    """--previous names last year's queue output (not its submissions): the same copies and the
    same lowered target are found as against the folder of last year's files."""
    root, _ = first_round
    main(["queue", str(root / "2024"), "--out", str(root / "out2024"), "--jobs", "2"])
    main(["queue", str(root / "2025"), "--out", str(root / "out-from-output"), "--previous", str(root / "out2024"),
          "--jobs", "2"])
    yearly = {"CO05", "CO06"}
    found = {f for f in corpus_findings(root / "out-from-output") if f[0] in yearly}
    assert found == {f for f in corpus_findings(root / "out1") if f[0] in yearly} and len(found) == 4
