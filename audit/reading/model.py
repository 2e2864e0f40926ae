"""What every reader produces: Documents of Rows with canonical cells and native locations."""
from __future__ import annotations

from dataclasses import dataclass, field

AMOUNTS = ("total", "fiscal", "special", "other")


class InputError(Exception):
    """The file cannot be read as a performance-target table.

    Carries a message key of audit.i18n and its parameters, so the CLI can say it in either language.
    """

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class Item:
    """One indicator of the row-per-indicator layout, on a row of its own."""
    line: int
    l1: str | None
    l2: str | None
    name: str | None
    period: str | None
    annual: str | None
    # the declared parts, raw cell text as written (None when the layout has no such column)
    nature: str | None = None  # 指标性质: ≥ ≤ = > < 定性 …
    unit: str | None = None  # 度量单位 / 计量单位
    weight: str | None = None  # 权重 / 分值
    direction: str | None = None  # 指标方向性: 正向指标 / 反向指标 …


@dataclass
class Row:
    line: int  # as the format numbers rows: text/CSV line, Excel row, HTML or PDF table row
    cells: dict[str, str]  # canonical column key -> raw cell text
    width: int  # number of cells the row really had
    page: int | None = None  # PDF page
    items: list[Item] | None = None  # row-per-indicator layout and forms: the project's indicators
    continued: frozenset[str] = frozenset()  # column keys whose cell continues a merged cell above
    # forms: where each line of the project sits natively, line -> {"sheet"/"table"/"page": …,
    # canonical key -> cell address}; the project's own cells under its own line
    places: dict[int, dict] | None = None
    # template placeholder rows ("……") among its indicators, not read as indicators: line -> where it
    # sits ({"l3": cell address, "sheet"/"table"/"page"} on forms, {} where the sheet addresses it)
    placeholders: dict[int, dict] = field(default_factory=dict)


@dataclass
class Unread:
    """Rows of a read file that no table or form holds: a sheet or table without a header among
    those with one (notes, data whose header is missing), rows that look like table rows above a
    header, rows of a form's grid that are no indicator; or rows read damaged (NUL or undecodable bytes
    in a text table). Reported with the file, never dropped silently."""
    where: dict  # {"sheet": name} | {"table": number} | {"paragraphs": True} (Word text) | {} (the file)
    lines: list[int]  # the rows with text, as the format numbers them
    # no_header | above_header | no_rows | no_indicator | form_rows | after_form | no_project | paragraph_rows |
    # nested_table | page_no_table | outside_table | image_pages | damaged
    reason: str
    header: int | None = None  # above_header: the header's line
    text: str | None = None  # outside_table: the first of the rows, as the page shows it


@dataclass
class Document:
    path: str
    title: str | None = None
    department: str | None = None
    unit: str | None = None
    width: int = 0  # number of columns in the header
    header_line: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # canonical key -> position in a row
    rows: list[Row] = field(default_factory=list)
    format: str = "text"  # text | csv | xlsx | xls | html | pdf | docx
    layout: str = "cell"  # cell: indicators in one cell per project; row: one row per indicator; form: 申报表
    sheet: str | None = None  # Excel sheet
    table: int | None = None  # HTML or Word table number (1-based)
    encoding: str = "utf-8"
    unread: list[Unread] = field(default_factory=list)  # the file's rows no document holds (on its first)

    def address(self, line: int | None, *keys: str) -> str | None:
        """The Excel cell of column `keys[0]` (or the first of `keys` the sheet has) on row `line`."""
        if self.sheet is None or line is None:
            return None
        for key in keys:
            if key in self.columns:
                return f"{self.sheet}!{column_letters(self.columns[key])}{line}"
        return None


def column_letters(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
