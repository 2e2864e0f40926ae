"""The Spark engine against the pandas engine on one generated corpus: wall time, indicators per
second, peak memory of the process tree (on local[N] that tree holds the JVM, i.e. the executors
too), and whether both give the same findings.

    python benchmarks/spark.py [COUNT] [--master local[2]] [--jobs N]

COUNT generated tables (benchmarks/generate.py, ~100 indicators each; 10,000 tables are ~1M
indicators). Say the machine's load (`uptime`) beside every figure.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _measure():
    """benchmarks/queue.py's measure (by path: `queue` is also a module of the standard library)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("queue_benchmark", Path(__file__).parent / "queue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pandas engine processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder) / "corpus", args.count)
        base = [sys.executable, "-m", "audit", "check", "--no-cache", "--format", "json", str(Path(folder) / "corpus")]
        runs = {"pandas --jobs 1": base, f"pandas --jobs {args.jobs}": base + ["--jobs", str(args.jobs)],
                f"spark {args.master}": base + ["--engine", "spark", "--spark-master", args.master]}
        reports, measure = {}, _measure()
        print(f"{args.count} tables; load before: {os.getloadavg()[0]:.2f}")
        for name, command in runs.items():
            out = Path(folder) / f"{len(reports)}.json"
            with out.open("w") as stdout:
                seconds, peak = measure(command, stdout=stdout)
            report = json.loads(out.read_text(encoding="utf-8"))
            reports[name] = report["findings"]
            indicators = sum(file["indicators"] for file in report["files"])
            print(f"{name:>18}: {seconds:7.1f} s  {indicators / seconds:9.0f} indicators/s  peak {peak / 2**20:6.0f} MB"
                  f"  ({indicators} indicators, {len(report['findings'])} findings, load {os.getloadavg()[0]:.2f})")
        first = next(iter(reports.values()))
        print("same findings:", all(findings == first for findings in reports.values()))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
