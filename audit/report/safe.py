"""Text from a submitted table made harmless where it is shown: control characters, terminal escape
sequences and bidirectional overrides written visibly (\\x1b) on terminals and in CI logs, and no
cell able to start a formula in a CSV file a spreadsheet opens."""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (the 8-bit CSI among them), bidi controls
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def visible(text: str) -> str:
    """The text with every control character shown as an escape instead of acting on the screen."""
    return CONTROL.sub(lambda match: _escape(match[0]), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def spreadsheet_text(value):
    """A CSV value that a spreadsheet shows as the text it is: one starting like a formula gets a
    leading apostrophe (the usual guard against formula injection); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
