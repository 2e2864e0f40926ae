"""A corpus of damaged and hostile inputs, for the fuzz test (a few hundred files in CI) and the fuzz
benchmark (10,000): sound tables in every format, then the same with bytes flipped, cut short,
re-encoded, and bombs (HTML spans, ZIP, merged ranges, deep HTML, huge cells, 100k rows), hostile
cells (terminal escapes, formulas, NULs), text tables with a few NUL bytes and plain garbage. Deterministic for a seed.

Each file's name says how it was made (`0042-flips-xlsx.xlsx`); sound copies are named
`NNNN-sound-FORMAT.*`: whatever their neighbours, they must give their format's findings.
"""
from __future__ import annotations

import io
import random
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import renderers  # noqa: E402
from tables import CLEAN_PROJECTS, HEADER, render  # noqa: E402

EXAMPLE = Path(__file__).parent.parent / "examples" / "huadu-police-2025.txt"
LEGACY_XLS = Path(__file__).parent / "data" / "legacy.xls"
HOSTILE = ["\x1b[2J\x1b[31m", "\x1b]0;pwned\x07", "=HYPERLINK(\"http://x\",\"点\")", "+1+1", "-2+3", "@SUM(A1)",
           "\u202e反转", "\x00", "\x9b31m", "\ufeff", "😀𠀀", "<script>alert(1)</script>", "&lt;p&gt;", "\r", "\t"]


@lru_cache(maxsize=1)
def samples() -> dict[str, tuple[str, bytes]]:
    """name -> (suffix, content) of the sound tables every other file is made from."""
    import tempfile

    projects = CLEAN_PROJECTS[:3]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        made = {
            "text": (".txt", render(projects).encode("utf-8")),
            "example": (".txt", EXAMPLE.read_bytes()),
            "csv": (".csv", renderers.to_csv(root / "a.csv", projects, bom=True).read_bytes()),
            "csv-gb": (".csv", renderers.to_csv(root / "b.csv", projects, encoding="gb18030").read_bytes()),
            "xlsx": (".xlsx", renderers.to_xlsx(root / "a.xlsx", projects).read_bytes()),
            "rows-xlsx": (".xlsx", renderers.to_indicator_rows_xlsx(root / "b.xlsx", projects).read_bytes()),
            "html": (".html", renderers.to_html(root / "a.html", projects).read_bytes()),
            "pdf": (".pdf", renderers.to_pdf(root / "a.pdf", projects, split=1).read_bytes()),
            "xls": (".xls", LEGACY_XLS.read_bytes()),
            "docx": (".docx", renderers.to_docx(root / "a.docx", projects).read_bytes()),
            "form-docx": (".docx", renderers.to_form_docx(root / "b.docx", projects).read_bytes()),
        }
    return made


def sound(rng: random.Random) -> tuple[str, str, bytes]:
    name = rng.choice(sorted(samples()))
    return f"sound-{name}", *samples()[name]


def flips(rng: random.Random) -> tuple[str, str, bytes]:
    name = rng.choice(sorted(samples()))
    suffix, data = samples()[name]
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return f"flips-{name}", suffix, bytes(damaged)


def nul_bytes(rng: random.Random) -> tuple[str, str, bytes]:
    """A text table with a few bytes past its header turned NUL, as a flipped byte or a bad export leaves them."""
    name = rng.choice(["text", "example", "csv", "csv-gb"])
    suffix, data = samples()[name]
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        damaged[rng.randrange(len(damaged) // 2, len(damaged))] = 0  # the header is in the first half
    return f"nul-{name}", suffix, bytes(damaged)


def truncated(rng: random.Random) -> tuple[str, str, bytes]:
    name = rng.choice(sorted(samples()))
    suffix, data = samples()[name]
    return f"truncated-{name}", suffix, data[:rng.randrange(1, len(data))]


def reencoded(rng: random.Random) -> tuple[str, str, bytes]:
    text = samples()[rng.choice(["text", "example"])][1].decode("utf-8")
    encoding = rng.choice(["gb18030", "gbk", "big5", "utf-16", "utf-8-sig", "latin-1", "shift_jis", "mixed"])
    if encoding == "mixed":  # half UTF-8, half GB18030: what a careless merge of two files gives
        half = len(text) // 2
        return "reencoded-mixed", ".txt", text[:half].encode("utf-8") + text[half:].encode("gb18030")
    return f"reencoded-{encoding}", ".txt", text.encode(encoding, errors="replace")


def span_bomb(rng: random.Random) -> tuple[str, str, bytes]:
    span = rng.choice(["rowspan=99999 colspan=99999", "rowspan=99999", "colspan=2147483647", "rowspan=-5",
                       "rowspan=1e9", "colspan=0"])
    rows = "".join(f"<tr><td {span}>项目{n}</td><td>1</td><td>目标</td><td>1、指标</td></tr>"
                   for n in range(rng.randint(1, 300)))
    header = "<tr>" + "".join(f"<th>{name}</th>" for name in HEADER) + "</tr>"
    return "span-bomb", ".html", f"<table>{header}{rows}</table>".encode("utf-8")


@lru_cache(maxsize=None)
def _zip_bomb(kind: str) -> bytes:
    data = samples()["xlsx"][1]
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml" and kind == "merged":
                content = content.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                          b'<mergeCell ref="A1:XFD1048576"/></mergeCells>', 1)
            if item.filename == "xl/worksheets/sheet1.xml" and kind == "far-cell":
                content = content.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                          b"<is><t>x</t></is></c></row></sheetData>", 1)
            target.writestr(item, content)
        if kind in ("zeros", "liar"):
            with target.open("xl/media/zeros.bin", "w", force_zip64=True) as stream:
                for _ in range(260):  # 260 MiB of zeros: over the 200 MiB default, 260 KiB packed
                    stream.write(bytes(1 << 20))
    bomb = bytearray(buffer.getvalue())
    if kind == "liar":  # the directory claims 1 KiB for the member
        at = bomb.rfind(b"PK\x01\x02", 0, bomb.rfind(b"xl/media/zeros.bin"))
        bomb[at + 24: at + 28] = (1024).to_bytes(4, "little")
    return bytes(bomb)


def zip_bomb(rng: random.Random) -> tuple[str, str, bytes]:
    kind = rng.choice(["zeros", "liar", "merged", "far-cell"])
    return f"zip-bomb-{kind}", ".xlsx", _zip_bomb(kind)


def deep_html(rng: random.Random) -> tuple[str, str, bytes]:
    depth = rng.choice([100, 300, 5000, 100_000])
    header = "<tr>" + "".join(f"<th>{name}</th>" for name in HEADER) + "</tr>"
    tag = rng.choice(["div", "table", "td", "b"])
    closed = rng.random() < 0.5
    body = f"<{tag}>" * depth + "x" + (f"</{tag}>" * depth if closed else "")
    return f"deep-html-{depth}", ".html", f"<table>{header}<tr><td>项目</td><td>{body}</td></tr></table>".encode()


def huge_cell(rng: random.Random) -> tuple[str, str, bytes]:
    size = rng.choice([20_000, 32_000, 40_000, 1_000_000])
    filler = rng.choice(["很长的目标", "1、", " ", "≥", "9", "；"]) * (size // 2)
    projects = [dict(p) for p in CLEAN_PROJECTS[:2]]
    projects[0]["goal"] = filler[:size]
    return f"huge-cell-{size}", ".txt", render(projects).encode("utf-8")


def many_rows(rng: random.Random) -> tuple[str, str, bytes]:
    """100k rows: blank ones (what a sheet exported to its last row gives) around real ones, or
    just over the rows limit."""
    lines = render(CLEAN_PROJECTS[:2]).splitlines()
    count = rng.choice([99_000, 100_001])
    rows = ["\t" * 6] * count
    return f"rows-{count}", ".txt", "\n".join(lines[:9] + rows + lines[9:]).encode("utf-8")


def hostile(rng: random.Random) -> tuple[str, str, bytes]:
    projects = [dict(p, indicators=list(p["indicators"])) for p in CLEAN_PROJECTS[:2]]
    for _ in range(rng.randint(1, 6)):
        project = rng.choice(projects)
        key = rng.choice(["name", "goal", "indicator"])
        text = rng.choice(HOSTILE)
        if key == "indicator":
            at = rng.randrange(len(project["indicators"]))
            project["indicators"][at] = project["indicators"][at].replace("：", "：" + text, 1)
        else:
            project[key] = text + project.get(key, "")
    return "hostile", ".txt", render(projects).encode("utf-8")


def garbage(rng: random.Random) -> tuple[str, str, bytes]:
    kind = rng.choice(["random", "empty", "blank", "pk", "ole", "pdf", "html", "csv-quote", "nul"])
    made = {
        "random": bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000))),
        "empty": b"", "blank": b" \n\t\r\n",
        "pk": b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(200)),
        "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(600)),
        "pdf": b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(600)),
        "html": b"<html><table><tr><td>" * rng.randint(1, 50),
        "csv-quote": ",".join(HEADER).encode() + b'\n"unterminated,' + "项目".encode() * 100,
        "nul": b"\x00" * rng.randint(1, 100),
    }
    suffix = {"pk": ".xlsx", "ole": ".xls", "pdf": ".pdf", "html": ".html", "csv-quote": ".csv"}.get(kind, ".txt")
    return f"garbage-{kind}", suffix, made[kind]


KINDS = [sound, sound, sound, flips, flips, truncated, truncated, reencoded, span_bomb, zip_bomb, deep_html,
         huge_cell, many_rows, hostile, hostile, garbage, nul_bytes]


def generate(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """`count` files in `folder`, each made by one kind drawn at random (seeded)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        rng = random.Random(f"{seed}-{number}")
        label, suffix, data = rng.choice(KINDS)(rng)
        path = folder / f"{number:05d}-{label}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths
