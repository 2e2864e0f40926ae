"""Accounting: every row with text in a file that was read is held by a table or a form (header,
title lines, a project, an indicator) or reported with the file, naming the sheet or table and
its lines; nothing vanishes silently. A sheet without a header among table sheets, a sheet of
notes, rows of data above the header."""
from __future__ import annotations

import json

import openpyxl
import pytest
import renderers
from tables import CLEAN_PROJECTS, render

from audit.cli import main
from audit.reading import read_documents

TABLE_SHEET = "项目支出绩效目标表"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no jxaudit.yaml around


def check_json(capsys, *args) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", *map(str, args)])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def mixed_workbook(path):
    """A table sheet, the notes sheet the renderer writes (说明), the same projects' rows again on a
    sheet without their header (数据), an empty sheet and a sheet of blank cells."""
    renderers.to_xlsx(path, CLEAN_PROJECTS[:2])
    workbook = openpyxl.load_workbook(path)
    table = list(workbook[TABLE_SHEET].iter_rows(values_only=True))
    data = workbook.create_sheet("数据")
    for row in table[3:]:  # below the header (line 3): 合计, the department's subtotal, two projects
        data.append(list(row))
    workbook.create_sheet("空")
    workbook.create_sheet("空白")["C7"] = "   "
    workbook.save(path)
    return path


def lines_with_text(path) -> dict[str, list[int]]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.title: [number for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
                          if any(str(value).strip() for value in row if value is not None)]
            for sheet in workbook.worksheets}


def held_lines(doc) -> set[int]:
    """The lines a table document holds: title lines and header, its rows, their indicators' rows."""
    lines = set(range(1, doc.header_line + 1))
    for row in doc.rows:
        lines.add(row.line)
        lines |= {item.line for item in row.items or []}
    return lines


def test_every_row_of_a_workbook_is_held_or_reported(tmp_path):
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    documents = read_documents(path)
    assert [doc.sheet for doc in documents] == [TABLE_SHEET]
    unread = {item.where["sheet"]: item for doc in documents for item in doc.unread}
    assert set(unread) == {"说明", "数据"}  # not the empty sheets: they have no row to lose
    assert {item.reason for item in unread.values()} == {"no_header"}
    for sheet, lines in lines_with_text(path).items():
        held = held_lines(documents[0]) if sheet == TABLE_SHEET else set(unread[sheet].lines) if sheet in unread else set()
        assert set(lines) <= held, sheet
    assert unread["数据"].lines == [1, 2, 3, 4]


def test_a_sheet_without_a_header_is_reported_with_the_file(tmp_path, capsys):
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    code, report, err = check_json(capsys, path, "--no-cache")
    [file] = report["files"]
    assert "error" not in file and (file["projects"], file["indicators"]) == (2, 12)  # the table still checked
    assert len(file["notes"]) == 2
    data_note = next(note for note in file["notes"] if "“数据”" in note)
    assert "4 行" in data_note and "第 1–4 行" in data_note and "未检查" in data_note
    assert any("“说明”" in note and "第 1 行" in note for note in file["notes"])
    for note in file["notes"]:  # said on standard error too, after the file's name
        assert f"mixed.xlsx: {note}" in err
    assert code == 0  # a note is not a finding and not an input error


def test_notes_in_english_and_from_the_cache(tmp_path, capsys):
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    cache = ["--cache-dir", tmp_path / "cache"]
    first = check_json(capsys, path, "--lang", "en", *cache)[1]["files"][0]["notes"]
    again = check_json(capsys, path, "--lang", "en", *cache)[1]["files"][0]["notes"]
    assert again == first
    assert any(note.startswith("sheet “数据” has no table header") and "4 rows" in note and "line 1–4" in note
               for note in first)


def test_table_rows_above_the_header_of_a_csv_are_reported(tmp_path, capsys):
    csv = renderers.to_csv(tmp_path / "table.csv", CLEAN_PROJECTS[:2])
    lines = csv.read_text(encoding="utf-8").splitlines()
    header = next(at for at, line in enumerate(lines) if line.startswith("项目名称"))
    moved = lines[header + 3]  # the first project's row, pasted above the header
    csv.write_text("\n".join([moved] + lines[:header + 3] + lines[header + 4:]) + "\n", encoding="utf-8")
    code, report, err = check_json(capsys, csv, "--no-cache")
    [file] = report["files"]
    assert file["projects"] == 1
    [note] = file["notes"]
    assert f"表头（第 {header + 2} 行）之上有 1 行像表格数据（第 1 行），未检查" in note
    assert f"table.csv: {note}" in err


def test_sound_tables_have_no_notes(tmp_path, capsys):
    text = tmp_path / "table.txt"
    text.write_text(render(CLEAN_PROJECTS[:3]), encoding="utf-8")
    csv = renderers.to_csv(tmp_path / "table.csv", CLEAN_PROJECTS[:3])
    rows = renderers.to_indicator_rows_xlsx(tmp_path / "rows.xlsx", CLEAN_PROJECTS[:3])
    page = renderers.to_html(tmp_path / "page.html", CLEAN_PROJECTS[:3])
    _, report, err = check_json(capsys, text, csv, rows, page, "--no-cache")
    assert [file.get("notes") for file in report["files"]] == [None] * 4
    assert err == ""


def test_a_data_table_without_a_header_on_a_page_is_reported_not_its_layout(tmp_path, capsys):
    page = renderers.to_html(tmp_path / "page.html", CLEAN_PROJECTS[:2])  # a navigation table comes first
    text = page.read_text(encoding="utf-8")
    rows = text[text.index("</th></tr>") + len("</th></tr>"):text.rindex("</table>")]  # the data rows alone
    page.write_text(text.replace("</body>", f"<table>{rows}</table></body>"), encoding="utf-8")
    _, report, _ = check_json(capsys, page, "--no-cache")
    [file] = report["files"]
    assert file["projects"] == 2
    [note] = file["notes"]  # the third table; not the navigation
    assert note.startswith("第 3 个表格没有绩效目标表的表头") and "4 行" in note


def test_a_blank_template_sheet_beside_a_table_is_said_not_a_reason_to_refuse_the_file(tmp_path, capsys):
    from tables import HEADER

    path = renderers.to_xlsx(tmp_path / "book.xlsx", CLEAN_PROJECTS[:2])
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("模板").append(list(HEADER))  # the header, nothing under it
    workbook.save(path)
    _, report, _ = check_json(capsys, path, "--no-cache")
    [file] = report["files"]
    assert "error" not in file and file["projects"] == 2
    assert file["notes"][0] == "工作表“模板”只有表头，没有数据行（第 1 行），未检查"
    assert [note.split("”")[0] for note in file["notes"]] == ["工作表“模板", "工作表“说明"]
    alone = tmp_path / "alone.xlsx"  # with no table beside it, the file is still refused for it
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADER))
    workbook.create_sheet("说明").append(["请填报。"])
    workbook.save(alone)
    code, report, err = check_json(capsys, alone, "--no-cache")
    assert code == 2 and report["files"][0]["error"] == "表头之后没有数据行"
