"""The text report on a console: it fits the terminal's width (display width, a Chinese character
takes two columns), wraps the way Chinese is typeset, colours severities only on a terminal, and
never crashes on a console encoding that cannot show a character (a GBK console)."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLE, ROOT
from tables import CLEAN_INDICATORS, render

from audit.cli import main
from audit.report.console import CLOSING, OPENING, Console, console, display_width, wrap


@pytest.mark.parametrize("columns", [80, 100])
def test_no_line_is_wider_than_the_terminal(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["check", str(EXAMPLE)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert max(display_width(line) for line in lines) <= columns
    assert sum("涉案车辆服务管理费" in line for line in lines) == 1  # findings grouped under their project
    assert not any(line[:1] in CLOSING for line in lines)


def test_a_wide_terminal_gets_the_table_within_its_width(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    main(["check", str(EXAMPLE)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:3] == ["位置", "项目", "指标"]  # the table's header
    assert max(display_width(line) for line in lines) <= 160


@pytest.mark.parametrize("width", range(12, 60, 3))
def test_wrapping_keeps_punctuation_and_leaves_no_orphan(width):
    text = ("“社区群众满意率”越高越好，实施周期和年度指标值“5%以下”却是上限。年度数量不能超过实施周期总量："
            "调整为不大于“400个”，或核对两者是否填反（见附表）。")
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(display_width(line) <= width for line in lines)
    assert not any(line[0] in CLOSING for line in lines[1:])
    assert not any(line[-1] in OPENING for line in lines)
    assert len(lines) == 1 or len(lines[-1]) > 1


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    assert console(Terminal()) == Console(width=100, colour=True)
    assert console(io.StringIO()) == Console(width=100, colour=False)  # piped
    monkeypatch.setenv("NO_COLOR", "1")
    assert console(Terminal()).colour is False
    assert "\033[" in Console(colour=True).paint("错误", "error")


def test_piped_without_columns_is_not_coloured(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    main(["check", str(EXAMPLE)])
    assert "\033[" not in capsys.readouterr().out


def test_a_gbk_console_shows_what_it_cannot_encode_as_a_question_mark(tmp_path):
    indicators = CLEAN_INDICATORS[:3] + ["3-满意度指标；31-服务对象满意度；群众满意率🎉𠀀；实施周期指标值：5%以下；年度指标值：5%以下"]
    table = tmp_path / "表.txt"
    table.write_text(render([{"name": "社区警务😀运行经费", "indicators": indicators}]), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", "audit", "check", str(table)], capture_output=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 1, done.stderr.decode("gbk", "replace")  # findings, not a crash
    out = done.stdout.decode("gbk")
    assert "Traceback" not in done.stderr.decode("gbk", "replace")
    assert "社区警务?运行经费" in out and "群众满意率??" in out
    json_out = tmp_path / "out.json"
    subprocess.run([sys.executable, "-m", "audit", "check", str(table), "--output", f"json:{json_out}"],
                   capture_output=True, env=env, cwd=tmp_path, timeout=300)
    assert "社区警务😀运行经费" in json_out.read_text(encoding="utf-8")  # files stay UTF-8


def test_help_explains_the_exit_statuses(capsys):
    assert main(["check", "--help"]) == 0
    out = capsys.readouterr().out
    assert "exit status" in out and "退出状态" in out and "130" in out


def test_severities_are_coloured_in_the_report_on_a_terminal(catalogue, settings):
    from conftest import lint_paths

    from audit.report import text

    result = lint_paths([EXAMPLE], catalogue, settings)
    coloured = text.render(result, settings, Console(width=100, colour=True))
    assert "\033[1;31m错误\033[0m" in coloured  # not escaped by whatever makes cell text harmless
    assert "\033[" not in text.render(result, settings, Console(width=100, colour=False))
