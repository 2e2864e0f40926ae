"""Bounded memory: the files' summaries (what the rules across files compare) go to a temporary
file as the lint goes, not into the parent's memory; the queue's corpus step and corpus.json read
them from there, with the same results as when they were held (`check --corpus` too:
tests/test_corpus.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CLEAN, EXAMPLE

from audit import config, queue
from audit.catalogue import load_rules
from audit.cli import main
from audit.lint import Summaries, lint



def generate(folder: Path, count: int) -> None:
    """benchmarks/generate.py, loaded by its path (that folder on sys.path would hide the standard
    `queue` module behind benchmarks/queue.py from spawned workers)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parent.parent / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, count)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no jxaudit.yaml around


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inbox")
    generate(folder, 6)
    shutil.copy(EXAMPLE, folder / "花都分局.txt")
    shutil.copy(CLEAN, folder / "测试局.txt")
    (folder / "坏文件.txt").write_text("不是表格\n", encoding="utf-8")
    return folder


def setup():
    catalogue = load_rules()
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    return settings.active(catalogue), settings


def test_summaries_go_to_disk_and_come_back_the_same(inbox):
    rules, settings = setup()
    paths = sorted(str(p) for p in inbox.iterdir())
    held = lint(paths, rules, settings, jobs=2)
    summaries = Summaries()
    spooled = lint(paths, rules, settings, jobs=2, summaries=summaries)
    assert [f.summary for f in spooled.files] == [None] * len(paths)  # none left in memory
    expected = {f.path: f.summary for f in held.files}
    assert sum(1 for s in expected.values() if s) == len(paths) - 1  # all but the unreadable file
    assert {f.path: summaries.get(f.path) for f in spooled.files} == expected
    assert spooled.findings == held.findings


def test_queue_outputs_are_those_of_the_summaries_held(inbox, tmp_path, monkeypatch):
    """corpus.json and findings.json from the summaries on disk are byte for byte what the
    summaries held in memory gave (the lint told to keep them, as before)."""
    assert main(["queue", str(inbox), "--out", str(tmp_path / "disk"), "--jobs", "2", "--no-cache"]) == 2  # 坏文件.txt
    original = queue.lint

    def holding(*args, summaries=None, **kwargs):
        return original(*args, **kwargs)  # summaries stay on the files

    monkeypatch.setattr(queue, "lint", holding)
    assert main(["queue", str(inbox), "--out", str(tmp_path / "held"), "--jobs", "2", "--no-cache"]) == 2  # 坏文件.txt
    for name in ("corpus.json", "findings.json", "index.csv", "totals.csv"):
        assert (tmp_path / "disk" / name).read_bytes() == (tmp_path / "held" / name).read_bytes(), name
    record = json.loads((tmp_path / "disk" / "corpus.json").read_text(encoding="utf-8"))
    files = [f for s in record["submissions"] for f in s["files"]]
    assert len(files) == 9 and sum(1 for f in files if f["summary"]) == 8

