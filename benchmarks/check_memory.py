"""Benchmark of `jxaudit check DIR` memory against the number of findings: N copies of the bundled
example (about 100 findings each) and a tenth of them, through `check DIR --format json` to a
file, and to standard output in text. Memory must grow with the largest file, not with the number
of files or findings. Prints wall time and peak memory of the process tree of each run:

    python benchmarks/check_memory.py [N] [--jobs J]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from measuring import measure

EXAMPLE = Path(__file__).parent.parent / "examples" / "huadu-police-2025.txt"


def copies(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for number in range(count):
        shutil.copy(EXAMPLE, folder / f"分局{number:05d}.txt")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    check = [sys.executable, "-m", "audit", "check", "--no-cache", "--jobs", str(args.jobs)]
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        for count in (args.count // 10, args.count):
            folder = copies(root / str(count), count)
            report = root / f"{count}.json"
            with open(report, "wb") as stream:
                wall, peak = measure(check + [str(folder), "--format", "json"], stdout=stream)
            text_wall, text_peak = measure(check + [str(folder), "--format", "text"])
            findings = report.read_text(encoding="utf-8").count('"rule": ')
            rows.append((count, findings, report.stat().st_size, wall, peak, text_wall, text_peak))
    print(f"jobs: {args.jobs}, cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    for count, findings, size, wall, peak, text_wall, text_peak in rows:
        print(f"{count:6} files, {findings:7} findings, JSON {size / 2**20:6.1f} MiB: json {wall:6.1f} s peak "
              f"{peak / 2**20:6.0f} MiB; text {text_wall:6.1f} s peak {text_peak / 2**20:6.0f} MiB")
    (_, _, _, _, small, _, small_text), (_, _, _, _, large, _, large_text) = rows
    print(f"10x the files: {large / small:.2f}x the peak (json), {large_text / small_text:.2f}x (text)")


if __name__ == "__main__":
    main()
