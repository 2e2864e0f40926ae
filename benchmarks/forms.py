"""Reading the 申报表 forms: the bundled example (31 projects, 144 indicators) rendered as forms in
each format by tests/renderers.py, then each file read (reading + parsing only, no rules) several
times; prints the median seconds per file and per form.

    PYTHONPATH=. python benchmarks/forms.py [REPEATS]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import renderers  # noqa: E402

from audit.parsing import build_projects  # noqa: E402
from audit.reading import read_documents  # noqa: E402


def main(repeats: int = 5) -> None:
    projects = renderers.summary_projects(ROOT / "examples" / "huadu-police-2025.txt")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        files = {
            "xlsx, a sheet per form": renderers.to_form_xlsx(folder / "sheets.xlsx", projects),
            "xlsx, forms stacked": renderers.to_form_xlsx(folder / "stacked.xlsx", projects, stacked=True),
            "docx, a table per form": renderers.to_form_docx(folder / "tables.docx", projects),
            "docx, side-by-side grids": renderers.to_form_docx(folder / "side.docx", projects, values="side"),
            "pdf": renderers.to_form_pdf(folder / "forms.pdf", projects),
        }
        for label, path in files.items():
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                [doc] = read_documents(path)
                build_projects(doc)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(f"{label:28s} {path.stat().st_size / 1024:7.0f} KiB  {median:6.3f} s/file  "
                  f"{median / len(doc.rows) * 1000:6.1f} ms/form  ({len(doc.rows)} forms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
