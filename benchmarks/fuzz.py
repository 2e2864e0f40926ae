"""Fuzz benchmark: N files of the fuzz corpus (tests/fuzz.py: damaged, re-encoded, truncated, bombs,
hostile cells) through `jxaudit check DIR --format json`, twice (--jobs J, then --jobs 1 with the
paths in reverse order). Checks that every file is accounted for, that no internal error
occurred and that both runs wrote the same bytes; prints wall time, peak memory of the process
tree and what became of the files:

    python benchmarks/fuzz.py [N] [--jobs J] [--seed S]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
import fuzz  # noqa: E402
from measuring import measure  # noqa: E402

LIMIT = re.compile(r"limits[.](\w+)")
KIND = re.compile(r"\d+-(sound|flips|nul|truncated|reencoded|span-bomb|zip-bomb|deep-html|huge-cell|rows|hostile|garbage)")


def outcome(file: dict) -> str:
    if "error" not in file:
        return "checked"
    limit = LIMIT.search(file["error"])
    return f"refused: limits.{limit[1]}" if limit else "unreadable"


def run(command: list[str], output: Path) -> tuple[float, int]:
    with open(output, "wb") as stream:
        return measure(command, stdout=stream, allowed=(0, 1, 2))  # 2: some files are unreadable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    jxaudit = [sys.executable, "-m", "audit", "check", "--format", "json", "--no-cache"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        paths = fuzz.generate(root / "corpus", args.count, args.seed)
        made = time.perf_counter() - started
        size = sum(path.stat().st_size for path in paths)
        wall, peak = run(jxaudit + [str(root / "corpus"), "--jobs", str(args.jobs)], root / "a.json")
        wall_1, peak_1 = run(jxaudit + [str(p) for p in reversed(paths)] + ["--jobs", "1"], root / "b.json")
        report = json.loads((root / "a.json").read_text(encoding="utf-8"))
        same = (root / "a.json").read_bytes() == (root / "b.json").read_bytes()
    files = report["files"]
    accounted = sorted(f["path"] for f in files) == sorted(map(str, paths))
    internal = [f for f in files if "内部错误" in f.get("error", "")] + report.get("internal_errors", [])
    outcomes = Counter(map(outcome, files))
    by_kind: dict[str, Counter] = {}
    for file in files:  # the corpus' kind of file, from its name ("00042-flips-xlsx.xlsx": flips)
        kind = KIND.match(Path(file["path"]).name)
        kind = kind[1] if kind else "other"  # a kind tests/fuzz.py gained since
        by_kind.setdefault(kind, Counter())[outcome(file).split(":")[0]] += 1
    print(f"files: {args.count} ({size / 2**20:.0f} MiB, generated in {made:.0f} s), jobs: {args.jobs}, "
          f"cores: {os.cpu_count()}")
    print(f"check --jobs {args.jobs}:  {wall:7.1f} s   peak {peak / 2**20:6.0f} MiB")
    print(f"check --jobs 1, reversed: {wall_1:7.1f} s   peak {peak_1 / 2**20:6.0f} MiB")
    print("outcomes: " + ", ".join(f"{kind} {n}" for kind, n in sorted(outcomes.items())))
    for kind, counts in sorted(by_kind.items()):
        print(f"  {kind:12} " + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())))
    print(f"files with notes (rows no table holds): {sum(1 for f in files if f.get('notes'))}")
    print(f"findings: {len(report['findings'])}; every file accounted for: {accounted}; internal errors: "
          f"{len(internal)}; same JSON both runs: {same}")
    if not (accounted and same and not internal):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
