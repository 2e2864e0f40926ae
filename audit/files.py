"""Files: written without ever leaving a half-written one (a temporary file in the same folder,
then an atomic rename), and their paths as outputs show them."""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomically(path: Path, content: str | bytes | Iterable[str]) -> None:
    """Write via a temporary file in the same folder, so a reader never sees half a file. Content
    given in pieces (an iterable of text) is written as it comes, never held whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, (str, bytes)):
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            else:
                for piece in content:
                    stream.write(piece.encode("utf-8"))
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)  # a replaced file keeps its permissions
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def readable_path(path: str) -> str:
    """A path as every output shows it (reports, JSON, messages, the tables given to Great
    Expectations); the file is still opened by the path as given.
    - On Windows, "/" between its parts: outputs, fingerprints and baselines are the same as on
      Linux (Windows takes "/" too).
    - A name that is not UTF-8 (GBK bytes, as copied from a Windows share onto Linux) reaches
      Python with surrogates in place of its bytes, which no UTF-8 output can hold: each such
      part of the path is decoded as GBK where it decodes, else its bytes are escaped ("\\xff")."""
    if WINDOWS:
        path = path.replace("\\", "/")
    if not _SURROGATE.search(path):
        return path
    return "/".join(_readable_part(part) for part in path.split("/"))  # "/" is never part of a GBK character


def _readable_part(part: str) -> str:
    if not _SURROGATE.search(part):
        return part
    try:
        raw = part.encode("utf-8", "surrogateescape")  # the bytes as the file system holds them
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return part.encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


_SURROGATE = re.compile("[\ud800-\udfff]")
WINDOWS = os.name == "nt"  # tests set it to see what Windows would
