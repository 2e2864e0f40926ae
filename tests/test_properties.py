"""Property-based tests (Hypothesis): the value parser, the indicator-cell parser and every reader
take any text or bytes and give a result or an InputError, never another exception. Example
counts are kept modest for CI; `HYPOTHESIS_PROFILE=thorough` runs ten times as many."""
from __future__ import annotations

import io
import math
import os
import zipfile

import renderers
from conftest import TESTS
from hypothesis import HealthCheck, given, settings, strategies as st
from tables import CLEAN_PROJECTS, HEADER, render

from audit.parsing import Value, build_projects, parse_indicators, parse_value, split_items
from audit.reading import Document, InputError, Limits, read_documents

QUIET = dict(deadline=None, database=None,  # no example database written into the checkout
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("ci", max_examples=40, derandomize=True, **QUIET)
settings.register_profile("thorough", max_examples=400, **QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Text made of what tables are made of, so that the parsers' branches are reached, and anything.
PIECES = ["≥", "≤", ">", "<", "=", "＞", "%", "％", "‰", "以上", "以下", "左右", "约", "不低于", "不超过", "年", "月", "底前",
          "提升", "下降", "得满分", "扣1分", "÷", "×", "实施周期指标值：", "年度指标值：", "；", ";", "。", "、", "1、",
          "2、", "11-数量指标", "1-产出指标", "3-满意度指标", "满意度", "率", "次", "万元", "个", "<p>", "&lt;", "\n", "\t",
          " ", "\u3000", "\x1b[31m", "\x00", "0", "9", "100", "1,000", ".", "-", "—", "2025", "项目名称", "绩效指标"]
TABLE_TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=30).map("".join)
ANY_TEXT = TABLE_TEXT | st.text(max_size=300)


def readable_or_refused(path: str, data: bytes) -> None:
    """The property of every reader."""
    try:
        documents = read_documents(path, data, Limits(seconds=30))
    except InputError as err:
        assert err.key.startswith(("input_", "no_inputs"))
        return
    assert documents and all(isinstance(doc, Document) and doc.rows for doc in documents)
    for doc in documents:
        build_projects(doc)  # parsing never raises on what a reader gives


@given(ANY_TEXT)
def test_value_parser_takes_any_text(text):
    value = parse_value(text)
    assert isinstance(value, Value) and value.kind in (
        "empty", "percent", "count", "duration", "date", "qualitative", "scoring", "formula")
    assert value.number is None or math.isfinite(value.number) or value.number == math.inf
    assert not (value.target_min > value.target_max)


@given(ANY_TEXT)
def test_indicator_cell_parser_takes_any_text(cell):
    indicators = parse_indicators(cell)
    assert [i.position for i in indicators] == list(range(1, len(indicators) + 1))
    assert len(indicators) == len(split_items(cell))
    for indicator in indicators:
        assert indicator.error is None or isinstance(indicator.error, str)


ROW = st.lists(TABLE_TEXT, min_size=0, max_size=9)


@given(st.lists(ROW, max_size=12), st.sampled_from(["\t", ",", ";"]), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_text_reader_takes_any_table_text(rows, separator, encoding):
    lines = [separator.join(HEADER)] + [separator.join(row) for row in rows]
    data = "\n".join(lines).encode(encoding, errors="replace")
    readable_or_refused("t.txt", data)


@given(st.binary(max_size=2000))
def test_any_bytes(data):
    readable_or_refused("t.txt", data)


def _flipped(data: bytes, flips: list[tuple[int, int]], cut: int | None) -> bytes:
    damaged = bytearray(data)
    for position, byte in flips:
        damaged[position % len(damaged)] = byte
    return bytes(damaged[:cut] if cut else damaged)


FLIPS = st.lists(st.tuples(st.integers(0, 1 << 30), st.integers(0, 255)), max_size=8)
CUT = st.none() | st.integers(1, 1 << 30)


def _sample(tmp_path_factory, render_to, suffix):
    path = render_to(tmp_path_factory.mktemp("sample") / f"t{suffix}", CLEAN_PROJECTS[:2])
    return path.read_bytes()


def _zip_members_flipped(data: bytes, member_flips: list[tuple[int, int]]) -> bytes:
    """A workbook whose XML is damaged but whose ZIP is sound, so that the XML reader is reached."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for number, item in enumerate(source.infolist()):
            content = source.read(item)
            if content and item.filename.endswith(".xml"):
                content = _flipped(content, [(p, b) for p, b in member_flips if p % 7 == number % 7], None)
            target.writestr(item, content)
    return buffer.getvalue()


def test_damaged_files_of_every_format(tmp_path_factory):
    samples = {".xlsx": _sample(tmp_path_factory, renderers.to_xlsx, ".xlsx"),
               ".html": _sample(tmp_path_factory, renderers.to_html, ".html"),
               ".pdf": _sample(tmp_path_factory, lambda p, ps: renderers.to_pdf(p, ps, split=1), ".pdf"),
               ".txt": render(CLEAN_PROJECTS[:2]).encode("utf-8"),
               ".xls": (TESTS / "data" / "legacy.xls").read_bytes(),
               ".csv": _sample(tmp_path_factory, lambda p, ps: renderers.to_csv(p, ps, encoding="gb18030"), ".csv")}

    @given(st.sampled_from(sorted(samples)), FLIPS, CUT)
    def damaged(suffix, flips, cut):
        readable_or_refused(f"t{suffix}", _flipped(samples[suffix], flips, cut))

    @given(FLIPS)
    def damaged_xml(flips):
        readable_or_refused("t.xlsx", _zip_members_flipped(samples[".xlsx"], flips))

    damaged()
    damaged_xml()


@given(st.recursive(TABLE_TEXT, lambda inner: st.tuples(st.sampled_from(["td", "tr", "table", "p", "th", "div"]),
                                                        st.sampled_from(["", " rowspan=3", " colspan=99999", " rowspan=x"]),
                                                        st.lists(inner, max_size=4)).map(
    lambda t: f"<{t[0]}{t[1]}>" + "".join(t[2]) + (f"</{t[0]}>" if len(t[2]) % 2 else "")), max_leaves=30))
def test_html_reader_takes_any_markup(body):
    header = "<table><tr>" + "".join(f"<th>{name}</th>" for name in HEADER) + "</tr>"
    readable_or_refused("t.html", (header + body + "</table>").encode("utf-8"))
