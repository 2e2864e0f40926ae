"""The command line: exit codes, output shapes, bad input, configuration layers."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from conftest import CLEAN, EXAMPLE, ROOT

from audit.cli import main

FINDING_KEYS = ["rule", "name", "category", "severity", "path", "line", "project", "indicator", "field",
                "value", "message", "suggestion"]  # the version-1 contract, in order
ADDED_KEYS = ["indicator_name", "fingerprint", "sheet", "cell", "page", "table", "group"]  # added since, after the contract


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no jxaudit.yaml around


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_table_exits_0(capsys):
    code, out, _ = run(capsys, "check", CLEAN)
    assert code == 0
    assert "共 0 个错误、0 个警告、0 个提示" in out


def test_example_exits_1_with_grouped_table(capsys):
    code, out, _ = run(capsys, "check", EXAMPLE)
    assert code == 1
    assert "examples/huadu-police-2025.txt（31 个项目，144 个指标）" in out.replace(str(ROOT) + "/", "")
    assert out.count("涉案车辆服务管理费") == 1  # the project is named once for its group
    assert out.strip().splitlines()[-1].startswith("共 ")


def test_json_contract(capsys):
    code, out, _ = run(capsys, "check", EXAMPLE, CLEAN, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert list(data)[:4] == ["version", "files", "findings", "summary"]  # the contract; keys added after
    assert data["version"] == 1
    assert [list(f) for f in data["files"]] == [["path", "projects", "indicators"]] * 2
    assert all(list(f) == FINDING_KEYS + ADDED_KEYS for f in data["findings"])
    assert list(data["summary"]) == ["error", "warning", "info"]
    assert data["summary"]["error"] == sum(f["severity"] == "error" for f in data["findings"])
    categories = {f["category"] for f in data["findings"]}
    assert categories <= {"structure", "codes", "targets", "duplicates", "totals", "format"}
    sample = next(f for f in data["findings"] if f["rule"] == "TG01")
    assert sample["project"] == "公安民警健康经费" and sample["indicator"] == 4 and sample["value"] == "5%以下"


def test_group_joins_the_records_of_one_defect(capsys):
    """TG01 on 公安民警健康经费 #4 holds "5%以下" in both fields: two records, one group; records of
    another indicator, rule or value never share it."""
    _, out, _ = run(capsys, "check", EXAMPLE, "--format", "json")
    findings = json.loads(out)["findings"]
    pair = [f for f in findings if f["rule"] == "TG01" and f["project"] == "公安民警健康经费" and f["indicator"] == 4]
    assert [f["field"] for f in pair] == ["period", "annual"] and pair[0]["group"] == pair[1]["group"]
    by_group: dict[str, list[dict]] = {}
    for finding in findings:
        by_group.setdefault(finding["group"], []).append(finding)
    for members in by_group.values():
        keys = {(f["rule"], f["path"], f["project"], f["indicator"], f["value"]) for f in members}
        assert len(keys) == 1 and len({f["field"] for f in members}) == len(members)
    assert any(len(members) == 1 for members in by_group.values())


def test_english_messages(capsys):
    _, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--lang", "en")
    finding = next(f for f in json.loads(out)["findings"] if f["rule"] == "TG02")
    assert finding["message"].startswith("the rate “勘查率”")
    assert finding["severity"] == "error"  # never translated


def test_fail_on_warning_and_info(capsys):
    assert run(capsys, "check", EXAMPLE, "--select", "FM01")[0] == 0
    assert run(capsys, "check", EXAMPLE, "--select", "FM01", "--fail-on", "warning")[0] == 1
    assert run(capsys, "check", EXAMPLE, "--select", "CD09", "--fail-on", "warning")[0] == 0
    assert run(capsys, "check", EXAMPLE, "--select", "CD09", "--fail-on", "info")[0] == 1


def test_select_and_ignore(capsys):
    _, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--select", "codes,TG02")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"CD01", "CD02", "TG02"} <= rules and all(r.startswith("CD") for r in rules - {"TG02"})
    _, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--ignore", "CD", "--ignore", "html-remnants")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert not any(r.startswith("CD") for r in rules) and "FM01" not in rules and "TG01" in rules


def test_unknown_rule_is_a_usage_error(capsys):
    code, out, err = run(capsys, "check", EXAMPLE, "--select", "XX99")
    assert code == 2 and "XX99" in err and out == ""


def test_bad_inputs_exit_2_and_others_are_still_checked(capsys, tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    columns = tmp_path / "columns.txt"
    columns.write_text("名称\t金额\n甲\t1\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "check", binary, CLEAN, columns, missing, "--format", "json")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 3
    for path, words in ((binary, "二进制"), (columns, "表头"), (missing, "不存在")):
        line = next(line for line in lines if str(path) in line)
        assert words in line
    data = json.loads(out)
    checked = next(f for f in data["files"] if f["path"] == str(CLEAN))
    assert checked["indicators"] == 22 and "error" not in checked
    assert {f["path"] for f in data["files"] if "error" in f} == {str(binary), str(columns), str(missing)}


def test_directory_is_expanded(capsys, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(CLEAN.read_bytes())
    (tmp_path / "notes.md").write_text("not a table", encoding="utf-8")
    code, out, _ = run(capsys, "check", tmp_path, "--format", "json")
    assert code == 0
    files = json.loads(out)["files"]  # every file found is accounted for, in path order
    assert [f["path"] for f in files] == [str(tmp_path / "notes.md"), str(tmp_path / "sub" / "a.txt")]
    assert files[0]["skipped"] == "不支持的文件类型，未检查" and "skipped" not in files[1]


def test_directory_without_tables_is_an_input_error(capsys, tmp_path):
    (tmp_path / "notes.md").write_text("not a table", encoding="utf-8")
    code, _, err = run(capsys, "check", tmp_path, CLEAN)
    assert code == 2 and str(tmp_path) in err and "没有可检查的文件" in err


def test_config_file_layers(capsys, tmp_path):
    config = tmp_path / "strict.yaml"
    config.write_text(textwrap.dedent("""\
        rules:
          CD09: {severity: error}
          html-remnants: {enabled: false}
        """), encoding="utf-8")
    _, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--config", config)
    findings = json.loads(out)["findings"]
    assert {f["severity"] for f in findings if f["rule"] == "CD09"} == {"error"}
    assert not [f for f in findings if f["rule"] == "FM01"]
    # a flag beats the file: --select turns FM01 back on
    _, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--config", config, "--select", "FM01")
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"FM01"}


def test_user_config_found_in_working_directory(capsys, tmp_path):
    (tmp_path / "jxaudit.yaml").write_text("fail_on: info\n", encoding="utf-8")
    assert run(capsys, "check", EXAMPLE, "--select", "CD09")[0] == 1


@pytest.mark.parametrize("content,named", [
    ("rules:\n  CD09: {severty: error}\n", "severty"),
    ("rules:\n  NO01: {enabled: false}\n", "NO01"),
    ("rules:\n  TT01: {options: {tolerence: 1}}\n", "tolerence"),
    ("rules:\n  TT01: {options: {tolerance: much}}\n", "tolerance"),
    ("rules:\n  DU05: {options: {similarity: 0.5}}\n", "similarity"),
    ("fail-on: error\n", "fail-on"),
    ("fail_on: fatal\n", "fatal"),
])
def test_config_errors_name_the_key(capsys, tmp_path, content, named):
    config = tmp_path / "bad.yaml"
    config.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "check", CLEAN, "--config", config)
    assert code == 2 and named in err and len(err.strip().splitlines()) == 1


def test_tolerance_option_is_applied(capsys, tmp_path):
    table = tmp_path / "t.txt"
    table.write_text(CLEAN.read_text(encoding="utf-8").replace("合计\t2,200.79", "合计\t2,200.89"), encoding="utf-8")
    assert run(capsys, "check", table, "--select", "TT01")[0] == 1
    config = tmp_path / "loose.yaml"
    config.write_text("rules:\n  TT01: {options: {tolerance: 0.5}}\n", encoding="utf-8")
    assert run(capsys, "check", table, "--select", "TT01", "--config", config)[0] == 0


def test_output_file_is_written(capsys, tmp_path):
    target = tmp_path / "reports" / "out.json"
    code, out, _ = run(capsys, "check", EXAMPLE, "--output", f"json:{target}")
    assert code == 1 and str(EXAMPLE) in out
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]  # no temporary left behind


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "check")[0] == 2
    assert run(capsys, "check", CLEAN, "--format", "yaml")[0] == 2
    assert run(capsys)[0] == 2


def test_rules_and_explain(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    rules = json.loads(out)
    assert code == 0 and len(rules) >= 20 and {"id", "name", "category", "severity", "enabled"} <= set(rules[0])
    code, out, _ = run(capsys, "explain", "rate-above-100-percent", "--lang", "en")
    assert code == 0 and "TG02" in out and "Why it matters" in out and "大于100%" in out


def test_version_and_rules_do_not_import_great_expectations():
    script = ("import sys, io, contextlib\nfrom audit.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              "    main(['rules']); main(['explain', 'TG01'])\n"
              "    try: main(['--version'])\n    except SystemExit: pass\n"
              "assert 'great_expectations' not in sys.modules, 'GX imported'\n")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)


def test_real_process_without_network(tmp_path):
    """The installed command, in its own process, with every socket connection refused."""
    guard = tmp_path / "sitecustomize.py"
    guard.write_text(textwrap.dedent("""\
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network use during a lint run")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        """), encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "audit", "check", str(EXAMPLE), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "network use" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr == ""  # no progress bars, no warnings
    assert json.loads(done.stdout)["summary"]["error"] > 0


def test_cache_answers_unchanged_files_without_great_expectations(tmp_path):
    """A second run over unchanged files gives the same report and never imports GX; a changed file
    or another configuration is linted again."""
    table = tmp_path / "t.txt"
    table.write_bytes(EXAMPLE.read_bytes())
    cache = tmp_path / "cache"
    script = textwrap.dedent(f"""\
        import sys, io, contextlib
        from audit.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["check", {str(table)!r}, "--format", "json", "--cache-dir", {str(cache)!r}] + sys.argv[1:])
        print(code, "great_expectations" in sys.modules)
        print(out.getvalue())
        """)

    def run_process(*extra):
        done = subprocess.run([sys.executable, "-c", script, *extra], capture_output=True, text=True, cwd=ROOT,
                              timeout=300)
        status, report = done.stdout.split("\n", 1)
        return status, json.loads(report)

    first_status, first = run_process()
    assert first_status == "1 True"
    second_status, second = run_process()
    assert second_status == "1 False" and second == first
    assert run_process("--lang", "en")[0] == "1 True"  # other messages: another cache entry
    table.write_text(EXAMPLE.read_text(encoding="utf-8").replace("5%以下", "≥95%"), encoding="utf-8")
    changed_status, changed = run_process()
    assert changed_status == "1 True" and len(changed["findings"]) == len(first["findings"]) - 2


def test_no_cache_and_damaged_entries(capsys, tmp_path):
    cache = tmp_path / "cache"
    first = run(capsys, "check", CLEAN, "--cache-dir", cache)
    entries = list(cache.rglob("*.json"))
    assert first[0] == 0 and len(entries) == 1
    entries[0].write_text("{not json", encoding="utf-8")
    assert run(capsys, "check", CLEAN, "--cache-dir", cache)[1] == first[1]  # linted again
    run(capsys, "check", EXAMPLE, "--no-cache", "--cache-dir", cache)
    assert len(list(cache.rglob("*.json"))) == 1


def test_a_code_change_changes_the_cache_key(tmp_path):
    """Findings cached by one version of the code are not served to another of the same version number."""
    import shutil

    from audit.cache import source_digest

    package = shutil.copytree(ROOT / "audit", tmp_path / "audit", ignore=shutil.ignore_patterns("__pycache__"))
    before = source_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert source_digest.__wrapped__(package) == before  # compiled files are not the source
    module = package / "parsing.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert source_digest.__wrapped__(package) != before


def test_configuration_errors_speak_the_chosen_language(capsys, tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("rules:\n  TT01: {options: {tolerence: 1}}\n", encoding="utf-8")
    _, _, chinese = run(capsys, "check", CLEAN, "--config", config)
    _, _, english = run(capsys, "check", CLEAN, "--config", config, "--lang", "en")
    assert "配置错误" in chinese and "没有选项“tolerence”" in chinese
    assert english.startswith("jxaudit: configuration error:") and "unknown option 'tolerence'" in english


def test_jobs_give_the_same_report(capsys, tmp_path):
    for number in range(3):
        (tmp_path / f"t{number}.txt").write_bytes(EXAMPLE.read_bytes())
    _, one, _ = run(capsys, "check", tmp_path, "--format", "json", "--no-cache")
    _, two, _ = run(capsys, "check", tmp_path, "--format", "json", "--no-cache", "--jobs", "2")
    assert json.loads(one) == json.loads(two) and len(json.loads(one)["files"]) == 3


def test_the_default_install_runs_without_pyspark(capsys):
    """pyspark is for --engine spark only: with it made unimportable (as in the default install, where
    it is absent) a run gives the same report. (Where the spark extra is installed, Great Expectations
    itself imports pyspark on its import; jxaudit's own code imports it only in audit/spark.)"""
    code = ("import sys; sys.modules['pyspark'] = None; from audit.cli import main; "
            "sys.exit(main(['check', '--no-cache', '--format', 'json', sys.argv[1]]))")
    run = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, timeout=300)
    assert run.returncode == main(["check", "--no-cache", "--format", "json", str(EXAMPLE)]) == 1, run.stderr[-2000:]
    assert run.stdout == capsys.readouterr().out
