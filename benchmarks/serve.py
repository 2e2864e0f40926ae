"""Benchmark of `jxaudit serve` on loopback: a warm check of the example over HTTP against a cold
`jxaudit check` process, then REQUESTS uploads from CONCURRENCY clients (p50, p95, errors, peak
memory of the server). Figures go to standard output, with the machine's load average (figures
taken on a busy machine say little). REQUESTS 0: the warm/cold comparison only.

    python benchmarks/serve.py [REQUESTS] [CONCURRENCY]
"""
from __future__ import annotations

import sys
from pathlib import Path

# This folder holds queue.py (the queue benchmark), which would shadow the standard library's
# queue module that the thread pool needs.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import os
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "huadu-police-2025.txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, path: Path) -> tuple[int, float]:
    boundary = "benchmarkboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n\r\n"
            ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as err:
        status = err.code
    return status, time.perf_counter() - started


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):  # the process's peak resident memory
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    load_before = os.getloadavg()[0]
    cold = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "audit", "check", str(EXAMPLE), "--no-cache", "--format", "json"],
                       cwd=ROOT, capture_output=True)
        cold.append(time.perf_counter() - started)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "audit", "serve", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        start_up = time.perf_counter() - started
        post(url + "/api/check", EXAMPLE)  # the first validation builds what Great Expectations caches
        warm = [post(url + "/api/check", EXAMPLE)[1] for _ in range(5)]
        load_warm = os.getloadavg()[0]
        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            answers = list(pool.map(lambda _: post(url + "/api/check", EXAMPLE), range(requests)))
        wall = time.perf_counter() - started
        peak = rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load average (1 min) before: {load_before:.2f}, after the warm checks: {load_warm:.2f}, "
          f"at the end: {os.getloadavg()[0]:.2f} (2 cores: above ~1 the figures are not quiet)")
    print(f"cold `jxaudit check` of the example (median of 3): {statistics.median(cold):.2f} s")
    print(f"server start-up to /healthz: {start_up:.1f} s")
    print(f"warm check over HTTP (median of 5): {statistics.median(warm):.2f} s "
          f"-> {statistics.median(cold) / statistics.median(warm):.1f}x faster than a cold process")
    if requests:
        latencies = sorted(seconds for _, seconds in answers)
        errors = sum(status != 200 for status, _ in answers)
        print(f"{requests} requests, {concurrency} concurrent clients: {wall:.1f} s, "
              f"p50 {latencies[len(latencies) // 2]:.2f} s, p95 {latencies[int(len(latencies) * 0.95) - 1]:.2f} s, "
              f"errors {errors}, server peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
