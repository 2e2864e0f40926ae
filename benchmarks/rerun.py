"""Benchmark: a first `jxaudit check` over N generated tables against a second run over the same,
unchanged files (answered from the cache). Prints the figures; run by hand:

    python benchmarks/rerun.py [N]
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return time.perf_counter() - start


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tables = Path(folder) / "tables"
        generate(tables, count)
        command = [sys.executable, "-m", "audit", "check", str(tables), "--format", "json",
                   "--cache-dir", str(Path(folder) / "cache")]
        first = timed(command)
        second = timed(command)
        cold = timed(command + ["--no-cache"])
    print(f"tables: {count}")
    print(f"first run (empty cache):   {first:6.2f} s")
    print(f"second run (unchanged):    {second:6.2f} s")
    print(f"run without cache:         {cold:6.2f} s")
    print(f"speed-up of the re-run:    {first / second:6.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
