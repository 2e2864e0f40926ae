"""Surviving hostile and broken input: resource limits refuse a file with one line naming the limit,
spans and archives cannot make jxaudit allocate what the file only declares, one file's or one
rule's failure stays with it, no traceback without --debug, and the result is the same whatever
the jobs, the batches, the start method of the workers and the order of the paths."""
from __future__ import annotations

import io
import json
import shutil
import time
import zipfile

import pytest
import renderers
from conftest import CLEAN, EXAMPLE
from tables import CLEAN_INDICATORS, CLEAN_PROJECTS, render

from audit import config
from audit.cli import main
from audit.reading import InputError, LimitError, Limits, read_documents
from audit.reading.limits import applied

HEADER_ROW = "<tr><th>项目名称</th><th>总计</th><th>绩效目标</th><th>绩效指标</th></tr>"
INDICATORS = "1、1-产出指标；11-数量指标；巡逻次数；实施周期指标值：≥300次；年度指标值：≥300次。"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no jxaudit.yaml around


def check(capsys, *args) -> tuple[int, str, str]:
    code = main(["check", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def refused(path, data=None, **limits) -> LimitError:
    with pytest.raises(LimitError) as caught:
        read_documents(path, data, Limits(**limits))
    return caught.value


# ------------------------------------------------------------------------------------ limits

def test_span_bomb_is_clamped_to_the_table(tmp_path):
    page = tmp_path / "bomb.html"
    page.write_text(f"<table>{HEADER_ROW}<tr><td rowspan=99999 colspan=99999>某项目</td><td>1</td>"
                    f"<td>目标</td><td>{INDICATORS}</td></tr><tr><td>2</td></tr></table>", encoding="utf-8")
    started = time.perf_counter()
    doc = read_documents(page)[0]
    assert time.perf_counter() - started < 5
    assert [row.cells["name"] for row in doc.rows] == ["某项目", "某项目"]  # spans the two rows there are
    assert max(row.width for row in doc.rows) <= 1000 + 3  # as many columns as a browser would make


def test_spans_beyond_the_cell_limit_are_refused(tmp_path):
    rows = "".join(f"<tr><td rowspan=400 colspan=900>x</td><td>{n}</td></tr>" for n in range(400))
    page = tmp_path / "spans.html"
    page.write_text(f"<table>{HEADER_ROW}{rows}</table>", encoding="utf-8")
    err = refused(page)
    assert err.limit == "cells" and err.params["allowed"] == Limits().cells


def test_non_numeric_spans_count_as_one(tmp_path):
    page = tmp_path / "odd.html"
    page.write_text(f"<table>{HEADER_ROW}<tr><td rowspan='x' colspan='-3'>某项目</td><td>1</td><td>目标</td>"
                    f"<td>{INDICATORS}</td></tr></table>", encoding="utf-8")
    assert read_documents(page)[0].rows[0].cells["indicators"] == INDICATORS


def test_deep_html_is_refused(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<div>" * 5000 + f"<table>{HEADER_ROW}</table>" + "</div>" * 5000, encoding="utf-8")
    err = refused(page)
    assert err.limit == "html_depth" and err.params["found"] > 5000


def _xlsx_with(tmp_path, patch_sheet=None, extra_member=None) -> bytes:
    path = renderers.to_xlsx(tmp_path / "table.xlsx", CLEAN_PROJECTS[:1])
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if patch_sheet and item.filename == "xl/worksheets/sheet1.xml":
                data = patch_sheet(data)
            target.writestr(item, data)
        if extra_member:
            target.writestr(*extra_member)
    return buffer.getvalue()


def test_zip_bomb_is_refused_by_its_declared_size(tmp_path):
    data = _xlsx_with(tmp_path, extra_member=("xl/media/zeros.bin", b"\0" * (3 << 20)))
    assert len(data) < 100_000
    err = refused(tmp_path / "bomb.xlsx", data, unzipped_mb=2)
    assert err.limit == "unzipped_mb"


@pytest.mark.parametrize("method, flags", [(99, 0), (14, 0), (8, 1)])  # unknown, LZMA, "encrypted"
def test_word_file_with_a_damaged_member_header_is_corrupt_not_an_internal_error(tmp_path, method, flags):
    """A flipped byte in a member's compression method or flags (found by the 10,000-file fuzz run:
    zipfile raised NotImplementedError) makes the file corrupt, one line."""
    data = bytearray(renderers.to_docx(tmp_path / "a.docx", CLEAN_PROJECTS[:1]).read_bytes())
    directory = data.find(b"PK\x01\x02")
    while directory >= 0:  # every member, as the central directory lists it
        data[directory + 8: directory + 10] = flags.to_bytes(2, "little")
        data[directory + 10: directory + 12] = method.to_bytes(2, "little")
        directory = data.find(b"PK\x01\x02", directory + 4)
    with pytest.raises(InputError) as caught:
        read_documents(tmp_path / "a.docx", bytes(data), Limits())
    assert caught.value.key == "input_corrupt"


def test_zip_lying_about_its_size_never_unpacks_more_than_it_declares(tmp_path):
    data = bytearray(_xlsx_with(tmp_path, patch_sheet=lambda xml: xml + b" " * (3 << 20)))
    directory = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml") + 1)
    data[directory + 24: directory + 28] = (10).to_bytes(4, "little")  # the sheet's size: 10 bytes, it says
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_documents(tmp_path / "liar.xlsx", bytes(data), Limits(unzipped_mb=2))
    assert caught.value.key == "input_corrupt" and time.perf_counter() - started < 5


def test_merged_range_over_the_whole_sheet_is_refused(tmp_path):
    def merge_everything(xml: bytes) -> bytes:
        merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        if b"<mergeCells" in xml:
            return xml.replace(b"<mergeCells", merge + b"<ignored", 1)  # not expected from the renderer
        return xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    started = time.perf_counter()
    err = refused(tmp_path / "merged.xlsx", _xlsx_with(tmp_path, merge_everything))
    assert err.limit == "cells" and time.perf_counter() - started < 10


def test_a_cell_far_away_is_refused_before_the_sheet_is_built(tmp_path):
    def far_cell(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
                                            b"</c></row></sheetData>", 1)
    err = refused(tmp_path / "far.xlsx", _xlsx_with(tmp_path, far_cell))
    assert err.limit in ("rows", "cells")


def test_rows_cells_and_cell_length_of_text(tmp_path):
    table = render(CLEAN_PROJECTS)
    assert refused(tmp_path / "t.txt", table.encode(), rows=5).limit == "rows"
    assert refused(tmp_path / "t.txt", table.encode(), cells=50).limit == "cells"
    assert refused(tmp_path / "t.txt", table.encode(), cell_chars=100).limit == "cell_chars"
    assert read_documents(tmp_path / "t.txt", table.encode())[0].rows  # within the defaults


def test_pdf_pages(tmp_path):
    pdf = renderers.to_pdf(tmp_path / "t.pdf", CLEAN_PROJECTS, split=1)
    assert refused(pdf, None, pdf_pages=1).limit == "pdf_pages"


def test_time_per_file(tmp_path, monkeypatch):
    import audit.reading.text as text

    slow = text.build_document

    def sleepy(*args, **kwargs):
        time.sleep(3)
        return slow(*args, **kwargs)
    monkeypatch.setattr(text, "build_document", sleepy)
    started = time.perf_counter()
    err = refused(CLEAN, seconds=0.5)
    assert err.limit == "seconds" and time.perf_counter() - started < 2.5


def test_a_file_over_a_limit_is_one_line_and_the_others_are_checked(capsys, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = check(capsys, big, CLEAN, "--limit", "file_mb=0.02")
    assert code == 2
    assert err.strip().splitlines() == [
        f"jxaudit: {big}: 超出资源限制 limits.file_mb：本文件 {big.stat().st_size / 2**20:.3g}，上限 0.02"
        "（确需检查时在配置文件的 limits: 中调高，或加 --limit file_mb=新值）"]
    assert "检查了 1 个文件" in out
    code, _, err = check(capsys, big, "--limit", "file_mb=1", "--lang", "en")
    assert code == 1 and not err


def test_limits_in_the_configuration(capsys, tmp_path, catalogue):
    (tmp_path / "jxaudit.yaml").write_text("limits:\n  rows: 5\n  seconds: 30\n", encoding="utf-8")
    settings = config.load(catalogue, cwd=tmp_path)
    assert settings.limits.rows == 5 and settings.limits.seconds == 30.0 and settings.limits.cells == Limits().cells
    code, _, err = check(capsys, CLEAN, "--lang", "en")
    assert code == 2 and "over the resource limit limits.rows" in err and "--limit rows=VALUE" in err
    for text, words in (("limits:\n  rowz: 5\n", "unknown key 'rowz'"), ("limits:\n  rows: -1\n", "positive"),
                        ("limits:\n  rows: 2.5\n", "positive"), ("limits: 5\n", "must be a mapping")):
        (tmp_path / "jxaudit.yaml").write_text(text, encoding="utf-8")
        code, _, err = check(capsys, CLEAN, "--lang", "en")
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1
    (tmp_path / "jxaudit.yaml").unlink()
    code, _, err = check(capsys, CLEAN, "--limit", "bogus=1", "--lang", "en")
    assert code == 2 and "expected NAME=VALUE" in err


# --------------------------------------------------------------------------------- isolation

def _break_parsing_of(monkeypatch, name: str):
    import audit.parsing as parsing

    original = parsing.build_projects

    def broken(doc):
        if doc.path.endswith(name):
            raise ZeroDivisionError("a bug")
        return original(doc)
    monkeypatch.setattr(parsing, "build_projects", broken)


def test_a_bug_on_one_file_leaves_the_others_checked(capsys, tmp_path, monkeypatch):
    shutil.copy(CLEAN, tmp_path / "bad.txt")
    _break_parsing_of(monkeypatch, "bad.txt")
    code = main(["check", str(tmp_path / "bad.txt"), str(EXAMPLE), "--format", "json", "--no-cache"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code == 2
    bad = next(f for f in report["files"] if f["path"].endswith("bad.txt"))
    assert bad["error"].startswith("内部错误，无法检查此文件（ZeroDivisionError: a bug）")
    assert report["summary"] == {"error": 24, "warning": 46, "info": 31}  # the example's findings, all of them
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    main(["check", str(tmp_path / "bad.txt"), "--debug", "--no-cache"])
    assert "Traceback" in capsys.readouterr().err


def _break_rule_on_bad_txt(monkeypatch, rule_id: str) -> None:
    import audit.engine as engine

    original = engine.make_finding

    def broken(rule, row, settings):
        if rule.id == rule_id and row["path"].endswith("bad.txt"):
            raise KeyError("boom")
        return original(rule, row, settings)
    monkeypatch.setattr(engine, "make_finding", broken)


def test_a_failing_rule_is_reported_and_the_other_rules_still_report(capsys, tmp_path, monkeypatch):
    _break_rule_on_bad_txt(monkeypatch, "TG01")
    bad = tmp_path / "bad.txt"
    shutil.copy(EXAMPLE, bad)
    code = main(["check", str(bad), str(EXAMPLE), "--format", "json", "--no-cache"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code == 2
    assert report["internal_errors"] == [{"path": str(bad), "rule": "TG01", "name": "positive-target-upper-bound",
                                          "error": "KeyError: 'boom'"}]
    on_bad = [f for f in report["findings"] if f["path"] == str(bad)]
    on_example = [f for f in report["findings"] if f["path"] == str(EXAMPLE)]
    assert len(on_example) == 101 and any(f["rule"] == "TG01" for f in on_example)
    assert len(on_bad) == 101 - sum(f["rule"] == "TG01" for f in on_example)
    assert err.count("\n") == 1 and "TG01" in err and "Traceback" not in err


@pytest.mark.parametrize("failing", ["TG11", "TG04"])  # TG11 yields to TG04 (`unless:`) on the example
def test_a_rule_run_again_file_by_file_keeps_its_precedence(capsys, tmp_path, monkeypatch, failing):
    expected = json.loads(_json(capsys, EXAMPLE))["findings"]
    _break_rule_on_bad_txt(monkeypatch, failing)
    bad = tmp_path / "bad.txt"
    shutil.copy(EXAMPLE, bad)
    report = json.loads(_json(capsys, bad, EXAMPLE))
    assert [(e["path"], e["rule"]) for e in report["internal_errors"]] == [(str(bad), failing)]
    assert [f for f in report["findings"] if f["path"] == str(EXAMPLE)] == expected
    assert any(f["rule"] == "TG11" for f in expected) and any(f["rule"] == "TG04" for f in expected)


def test_a_failing_rule_is_shown_in_junit_and_markdown(capsys, tmp_path, monkeypatch):
    from xml.etree import ElementTree as ET

    _break_rule_on_bad_txt(monkeypatch, "TG01")
    bad = tmp_path / "bad.txt"
    shutil.copy(EXAMPLE, bad)
    main(["check", str(bad), str(EXAMPLE), "--format", "junit", "--no-cache"])
    suites = ET.fromstring(capsys.readouterr().out.split("\n", 1)[1])
    errors = [(suite.get("name"), case.get("name"), error.get("type"), error.get("message"))
              for suite in suites for case in suite for error in case.iter("error")]
    assert errors == [(str(bad), "TG01 positive-target-upper-bound", "internal", "KeyError: 'boom'")]
    assert suites.get("errors") == "1" and next(s for s in suites if s.get("name") == str(bad)).get("errors") == "1"
    main(["check", str(bad), str(EXAMPLE), "--format", "markdown", "--no-cache", "--lang", "en"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("- ❌")]
    assert lines == [f"- ❌ `{bad}`: internal error in rule TG01 (positive-target-upper-bound), its findings on this "
                     "file are missing (KeyError: 'boom'); please report it, --debug shows the details"]


def test_an_error_returned_by_great_expectations_is_the_rule_s(capsys, catalogue, settings):
    from dataclasses import replace

    from audit.lint import lint

    broken = [replace(rule, kwargs=dict(rule.kwargs, column="no_such_column")) if rule.id == "TG01" else rule
              for rule in settings.active(catalogue)]
    result = lint([str(EXAMPLE)], broken, settings)
    assert [(e.rule, e.path) for e in result.internal_errors] == [("TG01", str(EXAMPLE))]
    assert "no_such_column" in result.internal_errors[0].error
    expected = [f for f in lint([str(EXAMPLE)], settings.active(catalogue), settings).findings if f.rule != "TG01"]
    assert result.findings == expected and len(expected) > 90
    assert not result.input_errors


def test_an_unexpected_error_is_one_line_without_debug(capsys, monkeypatch):
    import audit.lint as lint

    def crash(*args, **kwargs):
        raise RuntimeError("something unforeseen")
    monkeypatch.setattr(lint, "lint", crash)
    code, _, err = check(capsys, CLEAN)
    assert code == 2 and err == "jxaudit: 内部错误（RuntimeError: something unforeseen）；请报告此问题，加 --debug 可显示详细信息\n"
    code, _, err = check(capsys, CLEAN, "--debug")
    assert code == 2 and "Traceback" in err


# ------------------------------------------------------------------------------- accounting

@pytest.mark.parametrize("at", [6, 9])  # between a project's indicator rows; after the last one
def test_an_amount_only_row_in_the_row_layout_is_reported(capsys, tmp_path, at):
    from tables import DECLARED_HEADER, DECLARED_ROWS, render_declared

    lines = render_declared(DECLARED_ROWS).splitlines()
    assert lines[4].startswith("单位名称")  # the header; the project's four rows follow
    stray = "\t".join(["", "", "50.00"] + [""] * (len(DECLARED_HEADER) - 3))
    table = tmp_path / "rows.txt"
    table.write_text("\n".join(lines[:at] + [stray] + lines[at:]) + "\n", encoding="utf-8")
    report = json.loads(_json(capsys, table))
    assert report["files"] == [{"path": str(table), "projects": 2, "indicators": 4}]  # none lost to the stray row
    assert {(f["rule"], f["line"]) for f in report["findings"]} >= {("ST04", at + 1)}
    assert {f["line"] for f in report["findings"]} == {at + 1}


# ------------------------------------------------------------------------------ determinism

@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    shutil.copy(EXAMPLE, folder / "example.txt")
    shutil.copy(CLEAN, folder / "clean.txt")
    renderers.to_xlsx(folder / "table.xlsx", CLEAN_PROJECTS)
    renderers.to_html(folder / "page.html", CLEAN_PROJECTS)
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 broken")
    for number in range(4):
        projects = [dict(p, name=f"{p['name']}{number}") for p in CLEAN_PROJECTS]
        projects[0]["indicators"] = projects[0]["indicators"][:2] + ["1-产出指标；11-数量指标；巡逻次数；实施周期指标值：5%以下；年度指标值："]
        (folder / f"dept{number}.txt").write_text(render(projects), encoding="utf-8")
    return folder


def _json(capsys, *args) -> str:
    main(["check", *map(str, args), "--format", "json", "--no-cache"])
    return capsys.readouterr().out


def test_same_json_whatever_the_jobs_batches_and_order(capsys, mixed_folder, monkeypatch):
    import audit.lint as lint

    paths = sorted(mixed_folder.iterdir())
    one = _json(capsys, mixed_folder)
    assert json.loads(one)["findings"] and len(json.loads(one)["files"]) == len(paths)
    assert _json(capsys, *reversed(paths)) == one
    monkeypatch.setattr(lint, "BATCH_FILES", 1)
    assert _json(capsys, mixed_folder, "--jobs", "2") == one
    monkeypatch.setattr(lint, "BATCH_FILES", 3)
    assert _json(capsys, *paths[::2], *paths[1::2], "--jobs", "3") == one


def test_spawned_workers_give_the_same_result(capsys, mixed_folder, monkeypatch):
    import audit.lint as lint

    one = _json(capsys, mixed_folder)
    monkeypatch.setenv("JXAUDIT_START_METHOD", "spawn")
    monkeypatch.setattr(lint, "BATCH_FILES", 4)  # the worker gets it as an argument, not from the module
    from audit import workers
    assert workers.start_method() == "spawn"
    assert _json(capsys, mixed_folder, "--jobs", "2") == one


# ----------------------------------------------------------------------------- hostile text

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\u202e\x9b31m\r"


def _hostile_table() -> str:
    projects = [dict(p) for p in CLEAN_PROJECTS[:2]]
    projects[0] = dict(projects[0], name=f"项目{ESCAPES}", indicators=projects[0].get("indicators", CLEAN_INDICATORS)[:2])
    projects[1] = dict(projects[1], indicators=projects[1]["indicators"][:3] + [
        f"3-满意度指标；31-服务对象满意度；市民满意率；实施周期指标值：5%以下{ESCAPES}；年度指标值：5%以下"])
    return render(projects).replace("部门名称：测试市测试局", "部门名称：=HYPERLINK(\"http://x\",\"点击\")")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_from_cells_are_shown_escaped(capsys, tmp_path, fmt):
    table = tmp_path / "hostile\x1b[1m.txt"
    table.write_text(_hostile_table(), encoding="utf-8")
    main(["check", str(table), "--format", fmt, "--select", "TG01,ST06", "--no-cache"])
    out, err = capsys.readouterr()
    shown = out if fmt == "github" else "".join(out.split())  # the text table wraps long cells
    assert "\\x1b]0;pwned\\x07\\u202e\\x9b31m" in shown
    if fmt == "github":  # the text table may shorten the value's cell; the escapes above are from it
        assert "5%25以下\\x1b[2J" in out
    for raw in "\x1b\x07\u202e\x9b":
        assert raw not in out and raw not in err


def test_no_cell_starts_a_formula_in_the_queue_outputs(tmp_path):
    import csv

    import openpyxl

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "-cmd.txt").write_text(_hostile_table(), encoding="utf-8")
    shutil.copy(CLEAN, inbox / "@SUM(1).txt")
    assert main(["queue", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 1
    with open(tmp_path / "out" / "index.csv", encoding="utf-8-sig", newline="") as stream:
        cells = [cell for row in csv.reader(stream) for cell in row]
    assert "'=HYPERLINK(\"http://x\",\"点击\")" in cells and "'-cmd" in cells and "'@SUM(1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    for workbook in (tmp_path / "out" / "index.xlsx", tmp_path / "out" / "submissions" / "-cmd.xlsx"):
        for sheet in openpyxl.load_workbook(workbook).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (workbook.name, cell.coordinate, cell.value)
    assert (inbox / "-cmd.txt").read_bytes() == _hostile_table().encode("utf-8")  # inputs never modified
