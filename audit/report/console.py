"""The terminal a report is printed on: its width, whether it takes colour, and wrapping by display
width (a Chinese character takes two columns) the way Chinese is typeset: no line starts with a
closing mark (，。；）」) or ends with an opening one, and no last line holds a single character."""
from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass

from wcwidth import wcswidth

CLOSING = set("，。、；：！？）》」』】〕〉”’…,.;:!?)]}%")  # never at the start of a line
OPENING = set("（《「『【〔〈“‘([{")  # never at the end of a line
COLOURS = {"error": "\033[1;31m", "warning": "\033[33m", "info": "\033[36m"}
RESET = "\033[0m"


@dataclass(frozen=True)
class Console:
    width: int | None = None  # None: not a terminal and no COLUMNS, lines as long as they need
    colour: bool = False

    def paint(self, text: str, severity: str) -> str:
        return f"{COLOURS[severity]}{text}{RESET}" if self.colour else text


def console(stream=None) -> Console:
    """The console of `stream` (standard output): COLUMNS when set, else the terminal's width;
    colour only on a terminal and never with NO_COLOR (https://no-color.org)."""
    stream = stream or sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) > 0 else (
        shutil.get_terminal_size((100, 24)).columns if tty else None)
    return Console(width=max(40, width) if width else None, colour=tty and not os.environ.get("NO_COLOR"))


def display_width(text: str) -> int:
    """Columns on a terminal; a character wcwidth cannot measure counts as one."""
    width = wcswidth(text)
    return width if width >= 0 else sum(max(0, wcswidth(ch)) or 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` display columns (a single longer word is cut), breaking between
    Chinese characters or between words, never before a closing mark or after an opening one, and
    never leaving one character alone on the last line."""
    lines: list[list[str]] = [[]]
    used = 0
    for token in _tokens(text, width):
        size = display_width(token)
        if used + size > width and lines[-1]:
            line, carried = lines[-1], []
            while len(line) > 1 and line[-1].isspace():
                line.pop()
            if token[0] in CLOSING and len(line) > 1:  # the new line must not start with a closing mark
                carried.insert(0, line.pop())
            while len(line) > 1 and (line[-1][-1] in OPENING or (carried and carried[0][0] in CLOSING)):
                carried.insert(0, line.pop())
            lines.append(carried)
            used = sum(display_width(t) for t in carried)
            if token.isspace():
                continue
        lines[-1].append(token)
        used += size
    _balance_last(lines, width)
    out = ["".join(line).strip() for line in lines]
    return [line for line in out if line] or [""]


def _tokens(text: str, width: int) -> list[str]:
    """Words of printable ASCII, spaces and single characters; a word wider than the line is cut."""
    tokens = []
    for token in re.findall(r"[\x21-\x7e]+|\s|.", text.replace("\n", " ")):
        while display_width(token) > width and len(token) > 1:
            cut = max(1, width // 2 if display_width(token[:width]) > width else width)
            tokens.append(token[:cut])
            token = token[cut:]
        tokens.append(token)
    return tokens


def _balance_last(lines: list[list[str]], width: int) -> None:
    """A last line of one character (or one closing mark) takes the previous line's last tokens."""
    if len(lines) < 2:
        return
    last, before = lines[-1], lines[-2]
    while len("".join(last).strip()) == 1 and len(before) > 2:
        moved = before.pop()
        while before and len(before) > 2 and moved.isspace():
            moved = before.pop()
        last.insert(0, moved)
        while before and len(before) > 2 and (last[0][0] in CLOSING or before[-1][-1] in OPENING):
            last.insert(0, before.pop())
        if display_width("".join(last)) > width:  # cannot happen with lines filled greedily; be safe
            break
