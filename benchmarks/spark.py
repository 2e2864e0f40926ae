"""The Spark engine against the pandas engine on one generated corpus: wall time, indicators per
second, peak memory (of the driver process alone, and of its process tree: on local[N] that tree
holds the JVM, i.e. the executors too), whether both give the same findings, and the Spark run's
per-partition figures (from its event log) with a paper estimate for a cluster.

    python benchmarks/spark.py [COUNT] [--master local[2]] [--jobs N] [--cluster NODES,CORES,INDICATORS]

COUNT generated tables (benchmarks/generate.py, ~100 indicators each; 10,000 tables are ~1M
indicators). Say the machine's load (`uptime`) beside every figure.

The estimate: a run is (1) reading, parsing and features, one task per partition of files, (2)
Great Expectations' Spark jobs, a few per expectation, each a task per partition of a table, and
(3) findings. Each phase's task seconds per indicator are measured here and spread over the
cluster's cores; each job's fixed cost (scheduling a job: measured here as the median time of a
task on a small partition) is paid once per job whatever the data.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from measuring import tree_rss  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EVENT_LOG = {"spark.eventLog.enabled": "true", "spark.eventLog.compress": "false", "spark.eventLog.rolling.enabled": "false"}


def rss(pid: int) -> int:
    try:
        return next(int(line.split()[1]) * 1024 for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def measure(command: list[str], stdout, env=None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS of the process itself, peak RSS of its process tree)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
    own = tree = 0

    def sample():
        nonlocal own, tree
        while process.poll() is None:
            own, tree = max(own, rss(process.pid)), max(tree, tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(err.decode())
    return time.perf_counter() - start, own, tree


def event_figures(log_dir: Path) -> dict:
    """Per phase (the jobs' descriptions audit/spark gives them): jobs, tasks, task seconds, the
    median task's seconds."""
    phase_of_stage, jobs = {}, defaultdict(set)
    tasks = defaultdict(list)
    for log in sorted(path for path in log_dir.rglob("*") if path.is_file()):  # Spark 4: a folder of rolled files
        for line in log.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            if event["Event"] == "SparkListenerJobStart":
                description = (event.get("Properties") or {}).get("spark.job.description") or "other"
                name = description.split(":")[0].removeprefix("jxaudit ")
                jobs[name].add(event["Job ID"])
                for stage in event["Stage Infos"]:
                    phase_of_stage[stage["Stage ID"]] = name
            elif event["Event"] == "SparkListenerTaskEnd" and event.get("Task Metrics"):
                metrics = event["Task Metrics"]
                tasks[event["Stage ID"]].append((metrics["Executor Run Time"] / 1000, metrics["Executor CPU Time"] / 1e9))
    figures = {}
    for stage, runs in tasks.items():
        entry = figures.setdefault(phase_of_stage.get(stage, "other"), {"tasks": 0, "seconds": 0.0, "cpu": 0.0,
                                                                         "durations": []})
        entry["tasks"] += len(runs)
        entry["seconds"] += sum(run[0] for run in runs)
        entry["cpu"] += sum(run[1] for run in runs)
        entry["durations"] += [run[0] for run in runs]
        if sum(run[0] for run in runs) > entry.get("largest", (0, 0.0))[1]:
            entry["largest"] = (len(runs), sum(run[0] for run in runs))  # the stage that does the phase's work
    for name, entry in figures.items():
        entry["jobs"] = len(jobs[name])
        entry["median task"] = statistics.median(entry.pop("durations"))
    return dict(sorted(figures.items()))


def estimate(figures: dict, indicators: int, nodes: int, cores: int, target: int, wall: float) -> None:
    """A paper estimate of the Spark run for `target` indicators on `nodes` x `cores`."""
    slots = nodes * cores
    total = 0.0
    print(f"paper estimate, {target:,} indicators on {nodes} nodes x {cores} cores ({slots} task slots):")
    for name, entry in figures.items():
        if name == "other":
            continue
        per_indicator = entry["seconds"] / indicators
        scaled = per_indicator * target / slots + entry["jobs"] * entry["median task"]
        total += scaled
        print(f"  {name:>5}: {per_indicator * 1e6:8.1f} task-µs/indicator x {target:,} / {slots} slots"
              f" + {entry['jobs']} jobs x {entry['median task']:.2f} s = {scaled:8.0f} s")
    fixed = wall - sum(entry["seconds"] for entry in figures.values()) / 2  # JVM start, driver work (2 cores)
    print(f"  + driver and JVM start ~{max(fixed, 0):.0f} s (measured here, not data-bound)"
          f" -> about {total / 60 + max(fixed, 0) / 60:.0f} min")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--jobs", default=str(os.cpu_count() or 1), help="the pandas engine's processes, e.g. 1,2 (0: Spark alone)")
    parser.add_argument("--cluster", default="10,8,40000000", help="nodes,cores per node,indicators to estimate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder) / "corpus", args.count)
        base = [sys.executable, "-m", "audit", "check", "--no-cache", "--format", "json", str(Path(folder) / "corpus")]
        runs = {f"pandas --jobs {jobs}": base + ["--jobs", jobs] for jobs in args.jobs.split(",") if jobs != "0"}
        runs[f"spark {args.master}"] = base + ["--engine", "spark", "--spark-master", args.master]
        log_dir = Path(folder) / "events"
        log_dir.mkdir()
        env = dict(os.environ, PYSPARK_SUBMIT_ARGS=" ".join(
            f"--conf {key}={value}" for key, value in EVENT_LOG.items()) + f" --conf spark.eventLog.dir=file://{log_dir}"
            " pyspark-shell")
        reports = {}
        print(f"{args.count} tables; load before: {os.getloadavg()[0]:.2f}", flush=True)
        for name, command in runs.items():
            out = Path(folder) / f"{len(reports)}.json"
            with out.open("w") as stdout:
                seconds, own, tree = measure(command, stdout, env if name.startswith("spark") else None)
            report = json.loads(out.read_text(encoding="utf-8"))
            reports[name] = report["findings"]
            indicators = sum(file["indicators"] for file in report["files"])
            print(f"{name:>18}: {seconds:7.1f} s  {indicators / seconds:7.0f} indicators/s  peak: driver {own / 2**20:5.0f}"
                  f" MB, process tree {tree / 2**20:5.0f} MB  ({indicators} indicators, {len(report['findings'])}"
                  f" findings, load {os.getloadavg()[0]:.2f})", flush=True)
        first = next(iter(reports.values()))
        print("same findings:", all(findings == first for findings in reports.values()))
        figures = event_figures(log_dir)
        print("Spark per phase (1 read+features, 2 expectations, 3 findings; a task is one partition;"
              " JVM cpu excludes the Python workers):")
        for name, entry in figures.items():
            print(f"  {name:>5}: {entry['jobs']:4} jobs {entry['tasks']:5} tasks {entry['seconds']:8.1f} task-s"
                  f" (JVM cpu {entry['cpu']:6.1f} s), median task {entry['median task']:.2f} s; its largest stage:"
                  f" {entry['largest'][0]} partitions of {entry['largest'][1] / entry['largest'][0]:.2f} s and"
                  f" ~{indicators / entry['largest'][0]:.0f} indicators each")
        nodes, cores, target = (int(value) for value in args.cluster.split(","))
        estimate(figures, indicators, nodes, cores, target, seconds)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
