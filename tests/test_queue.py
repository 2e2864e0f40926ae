"""The review queue: index sorted worst first with a clean row for a clean table, totals, per
submission HTML (escaped) and feedback workbook (comments on the right cells), re-runs that only
redo what changed, and Data Docs."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import renderers
from conftest import CLEAN, EXAMPLE
from tables import CLEAN_PROJECTS, render

from audit.cli import main
from audit.report.queue_reports import VERDICT_COLOURS

# Written with entities, as an HTML export carries them: jxaudit reads them as "<script>…".
HOSTILE = "&lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt;"
HOSTILE_IMG = "&lt;img src=x onerror=&quot;document.title='PWNED'&quot;&gt;"


def hostile_table() -> str:
    projects = [dict(p) for p in CLEAN_PROJECTS[:2]]
    projects[0] = dict(projects[0], name=f"恶意项目{HOSTILE}", goal=f"目标{HOSTILE_IMG}")
    projects[1] = dict(projects[1], indicators=projects[1]["indicators"][:5] + [
        f"3-满意度指标；31-服务对象满意度；市民满意率；实施周期指标值：5%以下{HOSTILE}；年度指标值：5%以下"])
    return render(projects)


@pytest.fixture(scope="module")
def queue(tmp_path_factory):
    root = tmp_path_factory.mktemp("queue")
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copy(EXAMPLE, inbox / "花都分局.txt")
    shutil.copy(CLEAN, inbox / "测试局.txt")
    (inbox / "某某局").mkdir()
    renderers.to_xlsx(inbox / "某某局" / "绩效目标表.xlsx", CLEAN_PROJECTS[:1] + [
        dict(CLEAN_PROJECTS[1], indicators=["1-产出指标；22-社会效益；主干道高峰平均车速；实施周期指标值：≥25公里；年度指标值：≥25公里"]
             + CLEAN_PROJECTS[1]["indicators"][1:])])
    (inbox / "恶意局.txt").write_text(hostile_table(), encoding="utf-8")
    (inbox / "坏文件.txt").write_text("不是表格\n", encoding="utf-8")
    (inbox / "说明.md").write_text("# notes", encoding="utf-8")
    out = root / "reports"
    code = main(["queue", str(inbox), "--out", str(out), "--jobs", "2", "--data-docs", str(root / "docs")])
    return inbox, out, root, code


def index_rows(out):
    with open(out / "index.csv", encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_index_is_sorted_worst_first_with_a_clean_row(queue):
    _, out, _, code = queue
    assert code == 2  # one submission could not be read
    rows = index_rows(out)
    unreadable = rows[-1]  # a status of its own at the end, not a score of 0 at the top
    assert unreadable["提交"] == "坏文件" and "找不到表头" in unreadable["说明"]
    assert (unreadable["结论"], unreadable["质量分"], unreadable["错误"]) == ("无法读取", "", "")
    scores = [float(row["质量分"]) for row in rows[:-1]]
    assert scores == sorted(scores)
    clean = next(row for row in rows if row["提交"] == "测试局")
    assert (clean["错误"], clean["警告"], clean["质量分"], clean["说明"]) == ("0", "0", "100.0", "未发现问题")
    assert clean["结论"] == "通过"
    example = next(row for row in rows if row["提交"] == "花都分局")
    assert example["部门"] == "广州市公安局花都区分局" and example["项目数"] == "31" and example["指标数"] == "144"
    assert "TG12 目标值写成评分规则 ×13" in example["最常见问题"]  # the problem written out
    assert example["结论"] == "退回"  # 24 errors: at least return_at_errors (10)
    totals = (out / "totals.csv").read_text(encoding="utf-8-sig")
    assert "TG12,目标值写成评分规则,指标值," in totals and "scoring-rule-as-target" not in totals
    assert next(row for row in rows if row["提交"] == "某某局")["部门"] == "测试市测试局"


def test_index_workbook_and_page(queue):
    import openpyxl

    _, out, _, _ = queue
    workbook = openpyxl.load_workbook(out / "index.xlsx")
    sheet = workbook["汇总"]
    rows = index_rows(out)
    assert sheet["A1"].value == "部门" and sheet["C1"].value == "结论"
    report = [cell.column for cell in sheet[1] if cell.value == "报告"][0]
    targets = [sheet.cell(row, report).hyperlink.target for row in range(2, len(rows) + 2)]
    assert all(target.startswith("submissions/") and "\\" not in target for target in targets)  # "/" works everywhere
    assert sheet.cell(2, 3).fill.fgColor.rgb.endswith(VERDICT_COLOURS[{"退回": "return", "修改后提交": "revise",
                                                                      "通过": "pass"}[sheet["C2"].value]].lstrip("#"))
    assert any("质量分 = 100" in str(cell.value) for row in sheet.iter_rows() for cell in row)  # how it is computed
    totals = workbook["规则统计"]
    assert {row[0].value for row in totals.iter_rows(min_row=2) if row[0].value} >= {"TG01", "CD01", "指标分类"}
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="submissions/' in page and "<script" not in page.lower() and "按规则统计" in page
    assert "质量分 = 100 ÷ (1 + 加权问题数 ÷ 指标数)" in page and 'class="verdict v-return"' in page
    assert "按级别" in page  # the chart of findings by severity


def test_submission_report_escapes_everything(queue):
    _, out, _, _ = queue
    page = (out / "submissions" / "恶意局.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt;" in page
    assert '<mark class="error">5%以下' in page  # the offending value highlighted in its severity's colour
    assert 'class="chart"' in page and "http://" not in page and "https://" not in page


def test_feedback_workbook_comments_sit_on_the_flagged_cells(queue):
    import openpyxl

    _, out, _, _ = queue
    workbook = openpyxl.load_workbook(out / "submissions" / "花都分局.xlsx")
    table = workbook.worksheets[0]
    assert table["A13"].value == "公安民警健康经费"
    assert "TG01" in table["G13"].comment.text and "改为下限" in table["G13"].comment.text
    assert table["B10"].comment is None  # the totals add up
    listing = workbook["问题清单"]
    links = [row[0].hyperlink.location for row in listing.iter_rows(min_row=2) if row[0].hyperlink]
    assert f"'{table.title}'!G13" in links and listing.max_row - 1 == len(links)
    excel = openpyxl.load_workbook(out / "submissions" / "某某局.xlsx")
    sheet = excel["项目支出绩效目标表"]  # the submission's own sheet name, row and column
    assert "CD01" in sheet["G7"].comment.text and sheet["A7"].value == "交通信号设施维护经费"


def test_feedback_workbook_reads_like_the_table(queue):
    """Header cells as submitted, amounts as numbers in 万元, a colour legend, severities coloured in
    the list, indicator numbers as numbers, a defect in both target fields listed once."""
    import openpyxl

    from audit.report.feedback import FILLS

    _, out, _, _ = queue
    workbook = openpyxl.load_workbook(out / "submissions" / "花都分局.xlsx")
    table = workbook.worksheets[0]
    assert (table["A9"].value, table["F9"].value, table["G9"].value) == ("项目名称", "绩效目标", "绩效指标")
    # the mixed punctuation (FM04) is marked where it shows: the first indicator cell written with
    # half-width separators (智慧新监管项目, line 21), not the header
    assert [cell.coordinate for line in table.iter_rows() for cell in line
            if cell.comment and "FM04" in cell.comment.text] == ["G21"]
    assert any(table.cell(row, 1).value == "单位：万元" for row in range(1, 9))
    amount = table["B13"]
    assert isinstance(amount.value, (int, float)) and amount.number_format == "#,##0.00"
    assert table["G13"].alignment.wrap_text and table.column_dimensions["A"].width >= 30
    legend = {cell.value: cell.fill.fgColor.rgb for row in table.iter_rows(max_row=4) for cell in row
              if cell.value in ("错误", "警告", "提示")}
    assert legend == {"错误": "FF" + FILLS["error"][1:], "警告": "FF" + FILLS["warning"][1:],
                      "提示": "FF" + FILLS["info"][1:]}
    listing = workbook["问题清单"]
    rows = list(listing.iter_rows(min_row=2, values_only=False))
    severity = {row[4].value: row[4].fill.fgColor.rgb for row in rows}
    assert severity["错误"] == "FF" + FILLS["error"][1:] and severity["警告"] == "FF" + FILLS["warning"][1:]
    assert all(isinstance(row[2].value, int) for row in rows if row[2].value is not None)
    tg01 = [row[5].value for row in rows if row[3].value == "TG01" and row[1].value == "公安民警健康经费"]
    assert tg01 == ["“群众满意率”越高越好，实施周期和年度指标值“5%以下”却是上限"]  # once, naming both fields
    assert "年度指标值“5%以下”" in table["G13"].comment.text  # the cell keeps both records


def test_an_unreadable_submission_says_why(queue):
    import openpyxl

    _, out, _, _ = queue
    workbook = openpyxl.load_workbook(out / "submissions" / "坏文件.xlsx")
    assert "无法读取此提交" in workbook.worksheets[0]["A1"].value and "找不到表头" in workbook.worksheets[0]["A1"].value
    page = (out / "submissions" / "坏文件.html").read_text(encoding="utf-8")
    assert "无法读取此提交" in page and "找不到表头" in page and 'class="score"' not in page


def test_submission_page_navigation(queue):
    import re

    _, out, _, _ = queue
    page = (out / "submissions" / "花都分局.html").read_text(encoding="utf-8")
    assert '<a href="../index.html">' in page  # back to the queue
    links = set(re.findall(r'href="#(p\d+)"', page))
    anchors = set(re.findall(r'id="(p\d+)"', page))
    assert links and links <= anchors  # every project link lands on its project
    assert "项目一览" in page and '<a href="#errors-only">只看错误</a>' in page
    assert "#errors-only:target li.warning-item" in page  # the errors-only view is CSS, not a script
    assert "图例" in page and '<mark class="warning">' in page
    assert "（第 12 行）" in page or "(第 12 行)" in page  # the line number says what it is
    assert "花都区治安视频监控系統建设项目</a>" in page  # full names in the chart, not cut to "…"
    assert page.count("实施周期和年度指标值“5%以下”") == 1


def test_verdict_thresholds_are_configurable(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(EXAMPLE, inbox / "花都分局.txt")
    config = tmp_path / "lenient.yaml"
    config.write_text("verdict: {return_at_errors: 100, return_below_score: 0}\n", encoding="utf-8")
    main(["queue", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1", "--config", str(config), "--lang", "en"])
    row = index_rows(tmp_path / "out")[0]
    assert row["verdict"] == "revise and resubmit"
    assert "TG12 scoring rule as the target ×13" in row["most frequent problems"]
    assert main(["check", str(CLEAN), "--config", str(_bad_verdict(tmp_path))]) == 2


def _bad_verdict(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("verdict: {return_at: 3}\n", encoding="utf-8")
    return path


def test_findings_json_is_the_check_contract_over_every_submission(queue, capsys):
    inbox, out, _, _ = queue
    written = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    main(["check", str(inbox), "--format", "json", "--no-cache"])
    checked = json.loads(capsys.readouterr().out)
    assert written["version"] == 1 and written["findings"] == checked["findings"]
    assert {f["path"] for f in written["files"]} == {f["path"] for f in checked["files"]}
    assert {Path(f["path"]).name for f in written["findings"]} == {"花都分局.txt", "绩效目标表.xlsx", "恶意局.txt"}
    assert written["summary"] == checked["summary"] and sum(written["summary"].values()) == len(written["findings"])


def test_data_docs_are_built(queue):
    _, _, root, _ = queue
    assert (root / "docs" / "index.html").exists()
    pages = list((root / "docs" / "validations").rglob("*.html"))
    assert len(pages) == 4 and "TG01" in "".join(p.read_text(encoding="utf-8") for p in pages)


def test_rerun_redoes_only_what_changed(queue, capsys, tmp_path):
    inbox, out, _, _ = queue
    copy = tmp_path / "inbox"
    shutil.copytree(inbox, copy)
    target = tmp_path / "reports"
    main(["queue", str(copy), "--out", str(target)])
    capsys.readouterr()
    main(["queue", str(copy), "--out", str(target)])
    assert "（0 份新生成）" in capsys.readouterr().err
    (copy / "测试局.txt").write_text(CLEAN.read_text(encoding="utf-8").replace("≥90%；年度", "5%以下；年度", 1),
                                      encoding="utf-8")
    before = (target / "submissions" / "花都分局.html").stat().st_mtime_ns
    main(["queue", str(copy), "--out", str(target)])
    assert "（1 份新生成）" in capsys.readouterr().err
    assert (target / "submissions" / "花都分局.html").stat().st_mtime_ns == before
    assert next(row for row in index_rows(target) if row["提交"] == "测试局")["错误"] == "1"
    written = json.loads((target / "findings.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in written["findings"] if f["path"].endswith("测试局.txt")] == ["TG01", "TG16"]
    (copy / "测试局.txt").unlink()  # a submission withdrawn: no report of it is rewritten, the findings still change
    main(["queue", str(copy), "--out", str(target)])
    written = json.loads((target / "findings.json").read_text(encoding="utf-8"))
    assert not [f for f in written["findings"] if f["path"].endswith("测试局.txt")]


def test_jobs_do_not_change_the_results(queue, tmp_path):
    inbox, out, _, _ = queue
    main(["queue", str(inbox), "--out", str(tmp_path / "one"), "--jobs", "1", "--no-cache"])
    assert index_rows(tmp_path / "one") == index_rows(out)


def test_progress_bar_only_on_a_terminal(tmp_path):
    """Standard error on a terminal shows a progress bar; redirected, it shows none."""
    import os
    import pty
    import subprocess
    import sys

    from conftest import ROOT

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(CLEAN, inbox / "a.txt")
    command = [sys.executable, "-m", "audit", "queue", str(inbox), "--out", str(tmp_path / "out"), "--no-cache"]
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower, cwd=ROOT)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=300)
    os.close(leader)
    assert "个文件".encode() in shown and b"\r" in shown
    redirected = subprocess.run(command, capture_output=True, cwd=ROOT, timeout=300)
    assert b"\r" not in redirected.stderr and "已写入".encode() in redirected.stderr


def test_reports_written_by_fresh_workers_are_the_same(tmp_path):
    """Past eight submissions the reports are written in spawned workers (not forked from a process
    holding the whole queue); they write what one process writes."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(9):
        shutil.copy(EXAMPLE if number % 2 else CLEAN, inbox / f"局{number}.txt")
    for jobs in ("1", "2"):
        main(["queue", str(inbox), "--out", str(tmp_path / jobs), "--jobs", jobs, "--no-cache"])
    pages = sorted(path.name for path in (tmp_path / "1" / "submissions").glob("*.html"))
    assert len(pages) == 9
    assert [(tmp_path / "2" / "submissions" / name).read_bytes() for name in pages] == \
        [(tmp_path / "1" / "submissions" / name).read_bytes() for name in pages]
    assert index_rows(tmp_path / "2") == index_rows(tmp_path / "1")
