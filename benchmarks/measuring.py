"""Wall time and peak memory of a command and all its processes, for the benchmarks (Linux /proc).
Imported by the scripts beside it (their folder is first on the path when they run)."""
from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str], stdout=subprocess.DEVNULL, allowed=(0, 1)) -> tuple[float, int]:
    """(wall seconds, peak memory of the process tree in bytes); its exit status must be allowed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    if process.returncode not in allowed:
        raise SystemExit(err.decode())
    return time.perf_counter() - start, peak
