"""Files: written without ever leaving a half-written one (a temporary file in the same folder,
then an atomic rename), and their paths as outputs show them."""
from __future__ import annotations

import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator
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


class Spool:
    """Objects kept in a temporary file under a key instead of in memory, read back by key as
    often as needed: what a run of thousands of files makes per file (summaries, findings) is
    held by none of them until a step needs one file's worth. The file is gone when closed or
    when the process ends."""

    def __init__(self):
        self._stream = tempfile.TemporaryFile()
        self._at: dict[str, list[tuple[int, int]]] = {}  # key -> (offset, length) of each object put

    def put(self, key: str, item) -> None:
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)  # exactly as made
        self._stream.seek(0, 2)
        self._at.setdefault(key, []).append((self._stream.tell(), len(data)))
        self._stream.write(data)

    def get(self, key: str) -> Iterator:
        """The objects put under key, in the order they were put."""
        for offset, length in self._at.get(key, ()):
            self._stream.seek(offset)
            yield pickle.loads(self._stream.read(length))

    def keys(self) -> list[str]:
        return sorted(self._at)

    def __contains__(self, key: str) -> bool:
        return key in self._at

    def close(self) -> None:
        self._stream.close()
