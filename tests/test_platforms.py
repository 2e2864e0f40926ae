"""Where department staff work: file names in GBK bytes (copied from a Windows share onto Linux),
Windows paths, CRLF and BOM or GBK input, spawned workers. All run on Linux: a real file with a
GBK-bytes name, Windows paths as PureWindowsPath sees them, real CRLF/BOM/GBK files, workers
spawned (docs/contributing.md says what is tested how)."""
from __future__ import annotations

import codecs
import json
import os
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from conftest import CLEAN, EXAMPLE, TESTS

from audit import files
from audit.cli import main
from audit.files import readable_path
from audit.report import FORMATS, sarif

DEFECTIVE = TESTS / "data" / "defective.txt"

@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no jxaudit.yaml around


GBK_NAME = "花都".encode("gbk") + b".txt"  # as a Windows share's file name arrives on Linux
UNDECODABLE = b"bad\xff.txt"  # neither UTF-8 nor GBK


def bytes_named(folder: Path, name: bytes, content: bytes) -> str:
    """A real file whose name is these bytes; its path as Python gives it (with surrogates)."""
    path = os.fsencode(folder) + b"/" + name
    with open(path, "wb") as stream:
        stream.write(content)
    return os.fsdecode(path)


def test_a_name_not_in_utf8_is_shown_decoded_as_gbk_else_escaped(tmp_path):
    gbk = bytes_named(tmp_path, GBK_NAME, b"")
    assert "\udcbb" in gbk  # what Python makes of it
    assert readable_path(gbk) == f"{tmp_path}/花都.txt"
    assert readable_path(bytes_named(tmp_path, UNDECODABLE, b"")) == f"{tmp_path}/bad\\xff.txt"
    utf8_folder = tmp_path / "教育局"
    utf8_folder.mkdir()
    assert readable_path(bytes_named(utf8_folder, GBK_NAME, b"")) == f"{utf8_folder}/花都.txt"  # part by part
    assert readable_path("表\udcff.txt") == "表\\xff.txt"
    assert readable_path(str(CLEAN)) == str(CLEAN)


def test_files_with_such_names_are_checked_and_every_output_is_utf8(capsys, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    bytes_named(folder, GBK_NAME, EXAMPLE.read_bytes())
    bytes_named(folder, UNDECODABLE, EXAMPLE.read_bytes())
    outputs = {fmt: tmp_path / f"report.{fmt}" for fmt in FORMATS}
    code = main(["check", str(folder), *[f"--output={fmt}:{path}" for fmt, path in outputs.items()]])
    _, err = capsys.readouterr()
    assert code == 1, err  # findings, no file unreadable, no rule failing
    report = json.loads(outputs["json"].read_bytes().decode("utf-8"))
    assert [file["path"] for file in report["files"]] == [f"{folder}/bad\\xff.txt", f"{folder}/花都.txt"]
    assert all("error" not in file for file in report["files"])
    by_path = {path: sum(f["path"] == path for f in report["findings"]) for path in (f["path"] for f in report["files"])}
    assert len(set(by_path.values())) == 1 and min(by_path.values()) > 20  # the same findings on both
    for fmt, path in outputs.items():
        text = path.read_bytes().decode("utf-8")  # strict: no surrogate, no replacement
        assert "花都.txt" in text and "\ufffd" not in text, fmt
        escaped = {"json": "bad\\\\xff.txt", "sarif": "bad%5Cxff.txt"}.get(fmt, "bad\\xff.txt")  # JSON, a URI
        assert escaped in text, fmt


def test_fix_names_such_a_file_readably(capsys, tmp_path):
    path = bytes_named(tmp_path, GBK_NAME, EXAMPLE.read_bytes())
    assert main(["fix", path]) == 0
    _, err = capsys.readouterr()
    assert "花都.txt" in err and "花都.fixed.txt" in err and "\udcbb" not in err
    assert os.path.exists(os.fsencode(tmp_path) + b"/" + "花都".encode("gbk") + b".fixed.txt")  # named as its input


def test_a_queue_of_department_folders_named_in_gbk(tmp_path):
    inbox = tmp_path / "inbox"
    department = os.fsencode(inbox) + b"/" + "测试局".encode("gbk")
    os.makedirs(department)
    shutil.copy(CLEAN, os.fsdecode(department + b"/" + GBK_NAME))
    bytes_named(inbox, "说明".encode("gbk") + b".md", b"# notes")  # not a table: skipped, and said so
    out = tmp_path / "reports"
    assert main(["queue", str(inbox), "--out", str(out), "--jobs", "1"]) == 0
    index = (out / "index.csv").read_bytes().decode("utf-8-sig")
    assert "测试局" in index and "未发现问题" in index
    assert (out / "submissions" / "测试局.html").is_file()
    findings = json.loads((out / "findings.json").read_bytes().decode("utf-8"))
    assert [file["path"] for file in findings["files"]] == [f"{inbox}/测试局/花都.txt", f"{inbox}/说明.md"]




# ------------------------------------------------------------------------------------ Windows

def check_json(capsys, *args) -> dict:
    code = main(["check", *map(str, args), "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return json.loads(out)


def test_windows_paths_are_shown_with_slashes_and_fingerprint_as_on_linux(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "WINDOWS", True)
    assert readable_path(r"C:\数据\教育局\表.xlsx") == PureWindowsPath(r"C:\数据\教育局\表.xlsx").as_posix()
    assert sarif.uri(readable_path(r"C:\数据\a b#1.xlsx")) == "file:///C:/数据/a%20b%231.xlsx"
    # The argument "教育局\表.txt" as Windows takes it; on Linux a file of that name is what opens.
    (tmp_path / "教育局\\表.txt").write_bytes(DEFECTIVE.read_bytes())
    windows = check_json(capsys, "教育局\\表.txt")
    monkeypatch.setattr(files, "WINDOWS", False)
    (tmp_path / "教育局").mkdir()
    shutil.copy(DEFECTIVE, tmp_path / "教育局" / "表.txt")
    linux = check_json(capsys, "教育局/表.txt")
    assert windows["files"] == linux["files"] and windows["files"][0]["path"] == "教育局/表.txt"
    assert windows["findings"] == linux["findings"]  # fingerprints too: a baseline holds on both
    assert linux["findings"] and PureWindowsPath("教育局/表.txt").name == PurePosixPath("教育局/表.txt").name


def test_an_output_path_with_a_drive_letter_is_taken_whole():
    from audit.cli import _parse_output
    assert _parse_output(r"sarif:C:\reports\检查.sarif") == ("sarif", r"C:\reports\检查.sarif")


def test_windows_output_formats_name_the_file_with_slashes(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "WINDOWS", True)
    (tmp_path / "教育局\\表.txt").write_bytes(DEFECTIVE.read_bytes())
    for fmt in ("github", "sarif", "text", "markdown", "junit"):
        main(["check", "教育局\\表.txt", "--format", fmt])
        out = capsys.readouterr()[0]
        assert "教育局/表.txt" in out and "教育局\\表" not in out, fmt
        assert fmt != "github" or "::error file=教育局/表.txt,line=" in out
        assert fmt != "sarif" or '"uri": "教育局/表.txt"' in out


def test_crlf_bom_and_gbk_files_give_the_findings_of_the_utf8_file(capsys, tmp_path):
    text = DEFECTIVE.read_text(encoding="utf-8")
    assert "\r" not in text
    (tmp_path / "a-utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b-crlf-bom.txt").write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "c-crlf-gbk.txt").write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    report = check_json(capsys, tmp_path)
    per_file: dict[str, list] = {}
    for finding in report["findings"]:
        where = {k: v for k, v in finding.items() if k not in ("path", "fingerprint", "group")}
        per_file.setdefault(Path(finding["path"]).name, []).append(where)
    assert sorted(per_file) == ["a-utf8.txt", "b-crlf-bom.txt", "c-crlf-gbk.txt"]
    assert per_file["a-utf8.txt"] == per_file["b-crlf-bom.txt"] == per_file["c-crlf-gbk.txt"]
    assert not any("\r" in str(value) for finding in report["findings"] for value in finding.values())


def test_a_queue_runs_with_spawned_workers_as_on_windows(tmp_path, monkeypatch):
    """Windows has no fork: the queue's lint and report workers are spawned and get their work as
    arguments; the reports are those of one process."""
    from audit import workers

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(9):  # more than 8 submissions: the reports are written by workers too
        shutil.copy(DEFECTIVE if number % 2 else CLEAN, inbox / f"局{number}.txt")
    assert main(["queue", str(inbox), "--out", str(tmp_path / "one"), "--jobs", "1", "--no-cache"]) == 1
    monkeypatch.setenv("JXAUDIT_START_METHOD", "spawn")
    assert workers.start_method() == "spawn"
    assert main(["queue", str(inbox), "--out", str(tmp_path / "spawned"), "--jobs", "2", "--no-cache"]) == 1
    for name in ("index.csv", "findings.json"):
        assert (tmp_path / "spawned" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert len(list((tmp_path / "spawned" / "submissions").glob("*.xlsx"))) == 9
