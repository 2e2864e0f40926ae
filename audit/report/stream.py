"""Reports written as they are made: a run's findings are read from disk in order (FindingStore)
and go out file by file, so no report holds them all, nor its whole text."""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from itertools import groupby


_TOKEN = uuid.uuid4().hex  # no text from a table can be taken for a placeholder


def placeholder(name: str) -> str:
    """A value to put in a document where streamed_json writes the items of stream `name`."""
    return f"\0{_TOKEN}:{name}\0"


_PLACEHOLDER = re.compile(rf'"\\u0000{_TOKEN}:(\w+)\\u0000"')


def streamed_json(document: dict, streams: dict[str, Iterable[dict]]) -> Iterator[str]:
    """The text of json.dumps(document, ensure_ascii=False, indent=2) + "\\n", byte for byte, with
    each placeholder(name) written as the list of streams[name]'s items, one item at a time."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    start = 0
    for match in _PLACEHOLDER.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        indent = " " * (len(text[line_start:]) - len(text[line_start:].lstrip(" ")))
        yield text[start:match.start()]
        yield from _json_list(streams[match[1]], indent)
        start = match.end()
    yield text[start:]


def _json_list(items: Iterable[dict], indent: str) -> Iterator[str]:
    inner = indent + "  "
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + inner + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n" + inner)
        first = False
    yield "[]" if first else f"\n{indent}]"


def per_file(files: list, findings: Iterable) -> Iterator[tuple[object, list]]:
    """(file, its findings) for each file, reading the findings once, in order: both are in path
    order (lint's result), so one file's findings are held at a time. Findings of no file given
    (a configuration's own) are passed over, as the per-file reports always did."""
    groups = groupby(findings, key=lambda finding: finding.path)
    path, group = next(groups, (None, iter(())))
    for file in sorted(files, key=lambda file: file.path):
        while path is not None and path < file.path:
            path, group = next(groups, (None, iter(())))
        yield file, list(group) if path == file.path else []
