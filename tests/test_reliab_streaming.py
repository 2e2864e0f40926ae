"""Bounded memory: the files' summaries (what the rules across files compare) go to a temporary
file as the lint goes, not into the parent's memory; the queue's corpus step and corpus.json read
them from there, with the same results as when they were held (`check --corpus` too:
tests/test_corpus.py)."""
from __future__ import annotations

import json
import pickle
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



# ------------------------------------------------------------------ findings on disk, reports streamed

from hypothesis import given, settings as hypothesis_settings, strategies as st  # noqa: E402

from audit.findings import Finding, FindingStore  # noqa: E402
from audit.report import FORMATS, STREAMS  # noqa: E402
from audit.report.stream import placeholder, streamed_json  # noqa: E402

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
items = st.lists(st.dictionaries(st.text(max_size=5), json_values, max_size=4), max_size=4)


@given(before=st.dictionaries(st.text(max_size=5), json_values, max_size=3), stream=items, nested=items)
@hypothesis_settings(max_examples=200, deadline=None)
def test_streamed_json_is_the_text_json_dumps_gives(before, stream, nested):
    """At any depth, with empty and non-empty lists, next to any other values (text with quotes,
    newlines and NULs included): the streamed text is byte for byte the whole document's."""
    document = {**before, "stream": placeholder("a"), "deeper": [{"x": placeholder("b")}, 1]}
    expected = {**before, "stream": stream, "deeper": [{"x": nested}, 1]}
    text = "".join(streamed_json(document, {"a": iter(stream), "b": iter(nested)}))
    assert text == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_no_text_of_a_document_is_taken_for_a_placeholder():
    """A cell or note that spells a placeholder's shape is written as the text it is."""
    document = {"note": "\0stream:a\0", "a": placeholder("a")}
    text = "".join(streamed_json(document, {"a": iter([{"x": 1}])}))
    assert text == json.dumps({"note": "\0stream:a\0", "a": [{"x": 1}]}, ensure_ascii=False, indent=2) + "\n"


def finding(path: str, line: int, rule: str = "TG01") -> Finding:
    return Finding(rule=rule, name="n", category="c", severity="error", path=path, line=line, project="p",
                   indicator=1, field="period", value="v", message="m", suggestion="s")


def test_finding_store_reads_back_in_the_total_order_whatever_the_order_added(monkeypatch):
    monkeypatch.setattr(FindingStore, "PENDING", 3)  # several writes per file, files interleaved
    findings = [finding(f"{name}.txt", line, rule) for name in "cab" for line in (3, 1, 2) for rule in ("TG02", "TG01")]
    store = FindingStore(findings[::2])
    store += findings[1::2]
    expected = sorted(findings, key=Finding.sort_key)
    assert len(store) == len(findings) and list(store) == expected
    assert list(store) == expected  # read again: the same
    assert store == expected and store != expected[:-1]
    some = store.of(["c.txt", "a.txt"])  # a submission's files, in its order
    assert list(some) == [f for path in ("c.txt", "a.txt") for f in expected if f.path == path] and len(some) == 12
    sent = pickle.loads(pickle.dumps(some))  # to a worker writing the submission's reports
    assert type(sent) is list and sent == list(some)


def test_lint_keeps_findings_on_disk_and_reports_write_them_as_they_come(inbox):
    """The result's findings are a store on disk; each report's first file goes out before the
    last file's findings have been read, and the pieces make the same text as the whole."""
    rules, settings = setup()
    result = lint(sorted(str(p) for p in inbox.iterdir()), rules, settings)
    assert isinstance(result.findings, FindingStore) and len(result.findings) > 100
    everything = list(result.findings)

    class Reading:
        """The findings, counting how far the latest reading has gone."""
        read = 0

        def __iter__(self):
            Reading.read = 0
            for item in everything:
                Reading.read += 1
                yield item

    result.findings = Reading()
    for name in STREAMS:
        partway = [Reading.read for _ in STREAMS[name](result, settings) if 0 < Reading.read < len(everything)]
        assert partway, f"{name} read every finding before writing"
    result.findings = FindingStore(everything)
    for name, render in FORMATS.items():
        assert "".join(STREAMS[name](result, settings)) == render(result, settings)
