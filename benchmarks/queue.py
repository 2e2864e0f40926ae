"""Benchmark of `jxaudit queue`: N generated submissions (10–80 projects, 3–12 indicators each,
mixed defects), linted and reported cold, then re-run with nothing changed, beside a tenth of the
submissions (memory must not grow with their number) and one `jxaudit check` process per file
(timed on a sample and scaled). Prints its figures:

    python benchmarks/queue.py [N] [--jobs J]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from measuring import measure  # noqa: E402

SAMPLE = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    jxaudit = [sys.executable, "-m", "audit"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = generate(root / "inbox", args.count)
        indicators = sum(path.read_text(encoding="utf-8").count("实施周期指标值") for path in paths)
        queue = jxaudit + ["queue", str(root / "inbox"), "--out", str(root / "reports"), "--jobs", str(args.jobs),
                           "--cache-dir", str(root / "cache")]
        cold, cold_peak = measure(queue)
        warm, warm_peak = measure(queue)
        tenth = generate(root / "tenth", max(1, args.count // 10))  # the same tables, a tenth of them
        small, small_peak = measure(jxaudit + ["queue", str(root / "tenth"), "--out", str(root / "reports-tenth"),
                                              "--jobs", str(args.jobs), "--no-cache"])
        sample = [measure(jxaudit + ["check", str(path), "--no-cache", "--format", "json"])[0]
                  for path in paths[:: max(1, len(paths) // SAMPLE)][:SAMPLE]]
    per_file = sum(sample) / len(sample) * args.count
    print(f"submissions:                 {args.count} ({indicators} indicators), jobs: {args.jobs}, cores: {os.cpu_count()}")
    print(f"queue, cold (empty cache):   {cold:7.1f} s   {indicators / cold:8.0f} indicators/s   peak {cold_peak / 2**20:6.0f} MiB")
    print(f"queue, re-run (unchanged):   {warm:7.1f} s   peak {warm_peak / 2**20:6.0f} MiB")
    print(f"queue, cold, {len(tenth)} submissions: {small:6.1f} s   peak {small_peak / 2**20:6.0f} MiB   "
          f"(10x the files: {cold_peak / small_peak:.2f}x the peak)")
    print(f"check once per file:         {per_file:7.1f} s   (mean of {len(sample)} files × {args.count})")
    print(f"queue speed-up over per-file: {per_file / cold:6.0f}x")


if __name__ == "__main__":
    main()
