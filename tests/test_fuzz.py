"""The fuzz corpus (tests/fuzz.py: damaged, re-encoded, truncated, bombs, hostile cells) through a
whole lint: every file accounted for, the sound ones giving their findings whatever their
neighbours, every other one refused in one line, no internal error, and the same JSON again with
other batches, another order of the paths and another number of processes. The 10,000-file run
is benchmarks/fuzz.py."""
from __future__ import annotations

import json
import re
from collections import Counter

import fuzz
import pytest

from audit.lint import lint
from audit.report import json_report

COUNT = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return fuzz.generate(tmp_path_factory.mktemp("fuzz"), COUNT)


@pytest.fixture(scope="module")
def linted(corpus, catalogue):
    from pathlib import Path

    from audit import config
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    return settings, lint([str(corpus[0].parent)], settings.active(catalogue), settings, jobs=2)


def test_every_file_is_accounted_for_and_nothing_breaks(corpus, linted):
    _, result = linted
    assert sorted(file.path for file in result.files) == sorted(map(str, corpus))
    assert not result.internal_errors and not result.skipped
    kinds = Counter(re.sub(r"^\d+-", "", path.stem).split("-")[0] for path in corpus)
    assert {"sound", "flips", "truncated", "hostile", "span", "zip", "deep", "huge", "rows", "garbage"} <= set(kinds)
    for file in result.files:
        if file.error:
            assert "\n" not in file.error and "内部错误" not in file.error, (file.path, file.error)
    refused = Counter(re.search(r"limits\.(\w+)", f.error)[1] for f in result.files if f.error and "limits." in f.error)
    assert {"rows", "html_depth", "unzipped_mb", "cells"} <= set(refused)


def test_sound_files_give_their_findings_whatever_their_neighbours(corpus, linted):
    _, result = linted
    found: dict[str, Counter] = {}
    for finding in result.findings:
        found.setdefault(finding.path, Counter())[(finding.rule, finding.line, finding.value)] += 1
    by_format: dict[str, set] = {}
    for path in corpus:
        if "-sound-" in path.name:
            by_format.setdefault(path.stem.split("-sound-")[1], set()).add(frozenset(found.get(str(path), {}).items()))
    assert len(by_format) >= 5
    assert all(len(variants) == 1 for variants in by_format.values()), by_format.keys()
    assert len(next(iter(by_format["example"]))) > 50  # the example's findings, every time
    checked = {file.path: file for file in result.files}
    assert all(checked[str(p)].indicators > 0 and not checked[str(p)].error for p in corpus if "-sound-" in p.name)


def test_every_row_of_a_read_file_is_a_project_or_reported(corpus, linted):
    from audit.parsing import build_projects
    from audit.reading import InputError, read_documents

    settings, result = linted
    lines_found = {}
    for finding in result.findings:
        lines_found.setdefault(finding.path, set()).add(finding.line)
    read = 0
    for path in corpus:
        try:
            documents = read_documents(path, limits=settings.limits)
        except InputError:
            continue
        read += 1
        for doc in documents:
            projects = build_projects(doc)
            placed = {p.line for p in projects} | {p.split_line for p in projects} | {
                i.line for p in projects for i in p.indicators}
            unplaced = [row.line for row in doc.rows if row.line not in placed | lines_found.get(str(path), set())]
            assert not unplaced, (path.name, unplaced[:5])
    assert read > COUNT // 3


def test_same_json_with_other_batches_order_and_processes(corpus, linted, catalogue, monkeypatch):
    import audit.lint

    settings, result = linted
    monkeypatch.setattr(audit.lint, "BATCH_FILES", 17)
    again = lint([str(path) for path in reversed(corpus)], settings.active(catalogue), settings, jobs=3)
    assert json_report.render(again, settings) == json_report.render(result, settings)
    assert json.loads(json_report.render(result, settings))["findings"]
