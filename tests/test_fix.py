"""Safe fixes: fixed copies lose exactly the fixed findings; originals are never touched unless asked."""
from __future__ import annotations

import codecs
import json
import os

import pytest
from conftest import CLEAN, EXAMPLE

from audit.catalogue import load_rules
from audit.cli import main
from audit.features import opencc_t2s

FIXED_RULES = {rule.id for rule in load_rules() if rule.fix}  # the records that name a fix


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def lint(capsys, path) -> set[tuple]:
    main(["check", str(path), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    t2s = opencc_t2s().convert  # the fix renames projects written with traditional characters
    return {(f["rule"], t2s(f["project"] or ""), f["indicator"], f["field"]) for f in data["findings"]}


def test_fixed_copy_loses_the_fixed_findings_and_keeps_the_others(capsys, tmp_path):
    table = tmp_path / "table.txt"
    table.write_bytes(EXAMPLE.read_bytes())
    before = lint(capsys, table)
    assert main(["fix", str(table)]) == 0
    err = capsys.readouterr().err
    assert "table.fixed.txt" in err and "ST02=分页断行 1 处" in err
    assert table.read_bytes() == EXAMPLE.read_bytes()  # the original, byte for byte
    after = lint(capsys, tmp_path / "table.fixed.txt")
    assert {f for f in before if f[0] in FIXED_RULES}  # there was something to fix
    assert after == {f for f in before if f[0] not in FIXED_RULES}


def test_existing_copy_is_not_overwritten_without_force(capsys, tmp_path):
    table = tmp_path / "table.txt"
    table.write_bytes(EXAMPLE.read_bytes())
    copy = tmp_path / "table.fixed.txt"
    copy.write_text("my own notes", encoding="utf-8")
    assert main(["fix", str(table)]) == 2
    assert copy.read_text(encoding="utf-8") == "my own notes"
    assert main(["fix", str(table), "--force"]) == 0
    assert "执法办案中心项目" in copy.read_text(encoding="utf-8")


def test_in_place_keeps_encoding_line_endings_and_permissions(capsys, tmp_path):
    table = tmp_path / "table.txt"
    text = EXAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    table.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    os.chmod(table, 0o640)
    assert main(["fix", str(table), "--in-place"]) == 0
    data = table.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert os.stat(table).st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["table.txt"]  # no temporary left behind
    assert not {f for f in lint(capsys, table) if f[0] in FIXED_RULES}


def test_diff_previews_and_writes_nothing(capsys, tmp_path):
    table = tmp_path / "table.txt"
    table.write_bytes(EXAMPLE.read_bytes())
    assert main(["fix", str(table), "--diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {table}") and "-花都区治安视频监控系統建设项目" in out and "+花都区治安视频监控系统建设项目" in out
    assert [p.name for p in tmp_path.iterdir()] == ["table.txt"]


def test_nothing_to_fix_and_bad_input(capsys, tmp_path):
    assert main(["fix", str(CLEAN)]) == 0
    assert "没有可安全修复" in capsys.readouterr().err
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01")
    assert main(["fix", str(binary), str(CLEAN)]) == 2
    assert "二进制" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt"]
