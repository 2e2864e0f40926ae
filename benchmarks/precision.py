"""Precision as a reviewer judges it: findings judged correct / all findings, by severity, on the
bundled example, the traps table (tests/data/traps.txt) and the published targets of other
departments (tests/data/traps_published.txt). The judgments are kept in
benchmarks/reviewed.yaml, one line per finding ("rule project indicator field: correct|wrong  # why");
a finding not judged there is reported as unreviewed. Run by hand after a change of findings:

    python benchmarks/precision.py            # the table for the README
    python benchmarks/precision.py --missing  # the findings still to judge, as lines to paste
    python benchmarks/precision.py --code /path/to/other/checkout  # the same tables, judged, with other code (before/after)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLES = {"example": ROOT / "examples" / "huadu-police-2025.txt", "traps": ROOT / "tests" / "data" / "traps.txt",
          "published": ROOT / "tests" / "data" / "traps_published.txt"}


def findings(path: Path, code: Path) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "audit", "check", str(path), "--format", "json", "--no-cache"],
                          capture_output=True, text=True, cwd=code, env=os.environ | {"PYTHONPATH": str(code)})
    return json.loads(done.stdout)["findings"]


def key(finding: dict) -> str:
    return f"{finding['rule']} {finding['project']} {finding['indicator']} {finding['field']}"


def main(missing: bool, code: Path) -> None:
    judged = yaml.safe_load((ROOT / "benchmarks" / "reviewed.yaml").read_text(encoding="utf-8"))
    print("| table | severity | correct / all | unreviewed |\n|---|---|---|---|")
    for table, path in TABLES.items():
        verdicts = judged.get(table) or {}
        found = findings(path, code)
        for severity in ("error", "warning", "info"):
            of_severity = [f for f in found if f["severity"] == severity]
            correct = sum(verdicts.get(key(f)) == "correct" for f in of_severity)
            unreviewed = [f for f in of_severity if key(f) not in verdicts]
            print(f"| {table} | {severity} | {correct} / {len(of_severity)} | {len(unreviewed)} |")
            if missing and unreviewed:
                print("\n".join(f"  {key(f)}: ?  # {f['message']}" for f in unreviewed), file=sys.stderr)


if __name__ == "__main__":
    code = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else ROOT
    main("--missing" in sys.argv, code)
