"""The same table in every format gives the same findings; each format's findings carry its own
locations; bad input of every kind is one clear line and exit 2, and the other files are checked."""
from __future__ import annotations

import copy
import io
import json
import zipfile

import pytest
import renderers
from conftest import CLEAN, EXAMPLE
from tables import CLEAN_PROJECTS, render

from audit.cli import main

FIRST_SHEET = "项目支出绩效目标表"


def defective_projects() -> list[dict]:
    projects = copy.deepcopy(CLEAN_PROJECTS) + [dict(copy.deepcopy(CLEAN_PROJECTS[1]), name="交通信号设施维护经费（二期）",
                                                     goal="新建交通信号灯路口，完善路网信号控制。")]
    projects[0]["indicators"][5] = "3-满意度指标；31-服务对象满意度；社区群众满意率；实施周期指标值：5%以下；年度指标值：5%以下"
    projects[1]["indicators"][3] = "1-产出指标；22-社会效益；主干道高峰平均车速；实施周期指标值：≥25公里；年度指标值：≥25公里"
    projects[2]["indicators"][0] = "1-产出指标；11-数量指标；建设功能区数量；实施周期指标值：3个；年度指标值：6个"
    projects[3]["indicators"][1] = projects[3]["indicators"][0]
    projects[4]["indicators"][2] = "1-产出指标；13-时效指标；故障修复及时率；实施周期指标值：大于100%；年度指标值：≥98%"
    return projects


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def check(capsys, *paths, extra=()) -> tuple[int, dict, str]:
    code = main(["check", *map(str, paths), "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def noted(report: dict) -> dict[str, list[str]]:
    """The sheets each file's notes name (rows no table holds: a sheet of notes, …)."""
    return {f["path"].rsplit("/", 1)[-1]: [n.split("“")[1].split("”")[0] for n in f["notes"]]
            for f in report["files"] if f.get("notes")}


def said(report: dict) -> str:
    """What standard error says of the files' notes."""
    return "".join(f"jxaudit: {f['path']}: {note}\n" for f in report["files"] for note in f.get("notes", []))


def keys(report: dict, path=None) -> set[tuple]:
    return {(f["rule"], f["project"], f["indicator"], f["field"]) for f in report["findings"]
            if path is None or f["path"] == str(path)}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    projects = defective_projects()
    (folder / "export.txt").write_text(render(projects), encoding="utf-8")
    return folder, {
        "text": folder / "export.txt",
        "csv-utf8-bom": renderers.to_csv(folder / "utf8.csv", projects, bom=True),
        "csv-gb18030": renderers.to_csv(folder / "gb.csv", projects, encoding="gb18030"),
        "xlsx": renderers.to_xlsx(folder / "table.xlsx", projects),
        "html": renderers.to_html(folder / "page.html", projects),
        "docx": renderers.to_docx(folder / "table.docx", projects),
        "pdf": renderers.to_pdf(folder / "table.pdf", projects, split=1),
        "rows-xlsx": renderers.to_indicator_rows_xlsx(folder / "rows.xlsx", projects),
        "rows-xlsx-no-codes": renderers.to_indicator_rows_xlsx(folder / "rows-plain.xlsx", projects, codes=False),
    }


def test_every_format_gives_the_same_findings(capsys, rendered):
    folder, files = rendered
    code, report, err = check(capsys, *files.values())
    assert noted(report) == {"table.xlsx": ["说明"]}  # the renderer's sheet of notes, said, not dropped
    assert code == 1 and err == said(report)
    expected = keys(report, files["text"])
    assert {f[0] for f in expected} >= {"TG01", "CD01", "TG05", "DU02", "TG02"}
    for kind, path in files.items():
        found = keys(report, path)
        if kind == "pdf":  # the page break cut one row in two, inside its 4th indicator: joined back, and said so
            assert found - expected == {("ST02", "交通信号设施维护经费", 4, "indicators")}
            found -= {("ST02", "交通信号设施维护经费", 4, "indicators")}
        assert found == expected, kind
    counts = {f["path"]: (f["projects"], f["indicators"]) for f in report["files"]}
    assert len(set(counts.values())) == 1


def test_locations_native_to_each_format(capsys, rendered):
    _, files = rendered
    _, report, _ = check(capsys, *files.values())
    at = {(f["path"], f["rule"], f["field"]): f for f in report["findings"]}
    xlsx = at[(str(files["xlsx"]), "CD01", "l1")]
    # title, department and header take rows 1-3; 合计, the department, then the projects
    assert (xlsx["sheet"], xlsx["cell"], xlsx["line"]) == (FIRST_SHEET, f"{FIRST_SHEET}!G7", 7)
    rows = at[(str(files["rows-xlsx"]), "CD01", "l1")]
    assert rows["cell"] == f"绩效目标!G{rows['line']}" and rows["line"] > 8  # its own row, column 一级指标
    annual = at[(str(files["rows-xlsx"]), "TG05", "annual")]
    assert annual["cell"] == f"绩效目标!K{annual['line']}"
    word = at[(str(files["docx"]), "CD01", "l1")]
    assert (word["table"], word["line"], word["sheet"]) == (1, 5, None)  # header, 合计, the department, projects
    html = at[(str(files["html"]), "CD01", "l1")]
    assert (html["table"], html["line"]) == (2, 5)  # the second <table>: the first is page layout
    pdf = [f for f in report["findings"] if f["path"] == str(files["pdf"])]
    assert {f["page"] for f in pdf} == {1, 2}
    text = at[(str(files["text"]), "CD01", "l1")]
    assert (text["line"], text["sheet"], text["cell"], text["page"], text["table"]) == (11, None, None, None, None)


def test_html_markup_inside_cells_is_not_a_remnant(capsys, rendered):
    _, files = rendered
    _, report, _ = check(capsys, files["html"])
    assert not [f for f in report["findings"] if f["rule"] == "FM01"]


def test_content_decides_the_format_not_the_extension(capsys, rendered, tmp_path):
    _, files = rendered
    mislabelled_xlsx = tmp_path / "table.txt"
    mislabelled_xlsx.write_bytes(files["xlsx"].read_bytes())
    mislabelled_pdf = tmp_path / "table.xlsx"
    mislabelled_pdf.write_bytes(files["pdf"].read_bytes())
    code, report, err = check(capsys, mislabelled_xlsx, mislabelled_pdf, files["text"])
    assert noted(report) == {"table.txt": ["说明"]}
    assert code == 1 and err == said(report)
    assert keys(report, mislabelled_xlsx) == keys(report, files["text"])
    assert keys(report, mislabelled_pdf) - keys(report, files["text"]) == {("ST02", "交通信号设施维护经费", 4, "indicators")}


def _encrypted_xlsx(source) -> bytes:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(source.read_bytes())).encrypt("secret", out)
    assert msoffcrypto.OfficeFile(io.BytesIO(out.getvalue())).is_encrypted()
    return out.getvalue()


def _zip_of_text() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return out.getvalue()


def test_bad_inputs(capsys, rendered, tmp_path):
    _, files = rendered
    xlsx, pdf = files["xlsx"].read_bytes(), files["pdf"].read_bytes()
    bad = {
        "empty.txt": (b"", "文件为空"),
        "binary.txt": (bytes(range(256)) * 4, "二进制"),
        "truncated.xlsx": (xlsx[: len(xlsx) // 2], "损坏"),
        "truncated.pdf": (pdf[:800], "损坏"),
        "locked.xlsx": (_encrypted_xlsx(files["xlsx"]), "密码"),
        "locked.pdf": (renderers.to_pdf(tmp_path / "l.pdf", CLEAN_PROJECTS, password="secret").read_bytes(), "密码"),
        "columns.csv": ("名称,金额,备注\n甲,1,无\n".encode(), "找不到表头"),
        "archive.xlsx": (_zip_of_text(), "不是 Excel"),
        "latin1.txt": ("项目名称\t绩效指标\n".encode() + b"\xff\xfe\xff\xff\n", "编码"),
    }
    for name, (content, _) in bad.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "l.pdf").unlink()
    assert_one_line_each(capsys, tmp_path, bad, CLEAN)


def assert_one_line_each(capsys, folder, bad: dict, good) -> None:
    """Checked together with a good table, each bad file gets one line naming it and its problem
    (the words given for it), the run exits 2 and the good table is still checked."""
    code, report, err = check(capsys, *(folder / name for name in bad), good)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == len(bad)
    for name, (_, words) in bad.items():
        line = next(line for line in lines if f"{folder / name}:" in line)
        assert words in line, line
    assert next(f for f in report["files"] if f["path"] == str(good))["indicators"] == 22


def test_directory_reads_every_format_and_skips_others(capsys, rendered, tmp_path):
    folder, files = rendered
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04 not really")
    (folder / "readme.md").write_text("# notes", encoding="utf-8")
    code, report, err = check(capsys, folder)
    assert code == 1
    checked = [f for f in report["files"] if "skipped" not in f]
    assert len(checked) == len(files) and not [f for f in report["files"] if "error" in f]
    assert {f["path"].rsplit("/", 1)[-1] for f in report["files"] if "skipped" in f} == {"slides.pptx", "readme.md"}
    assert "跳过 2 个不支持的文件" in err and ".pptx" in err
    assert err.count("\n") == 1 + said(report).count("\n") and said(report) in err


def test_the_example_as_excel_gives_the_example_findings(capsys, tmp_path):
    """A real table moved into a workbook cell by cell (as departments exchange it)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in EXAMPLE.read_text(encoding="utf-8").split("\n"):
        sheet.append(line.split("\t") if line.strip() else [])
    workbook.save(tmp_path / "example.xlsx")
    _, as_text, _ = check(capsys, EXAMPLE)
    _, as_excel, _ = check(capsys, tmp_path / "example.xlsx")
    assert keys(as_excel) == keys(as_text)


def test_globs_are_expanded(capsys, rendered):
    folder, files = rendered
    code, report, _ = check(capsys, f"{folder}/**/*.xlsx")
    assert code == 1 and sorted(f["path"] for f in report["files"]) == sorted(
        str(p) for k, p in files.items() if str(p).endswith(".xlsx"))
    code, report, err = check(capsys, f"{folder}/*.nothing")
    assert code == 2 and "文件不存在" in err


def test_legacy_xls_gives_the_findings_of_its_text_export(capsys):
    """tests/data/legacy.xls is tests/data/defective.txt saved once as an old-style workbook."""
    from conftest import TESTS
    _, text, _ = check(capsys, TESTS / "data" / "defective.txt")
    code, xls, err = check(capsys, TESTS / "data" / "legacy.xls")
    assert code == 1 and err == ""
    assert keys(xls) == keys(text)
    cd01 = next(f for f in xls["findings"] if f["rule"] == "CD01")
    assert (cd01["sheet"], cd01["cell"]) == ("绩效目标表", "绩效目标表!G8")
