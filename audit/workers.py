"""Worker processes that start on every platform. On Linux they are forked (after Great Expectations
is imported, so that no worker pays for the import again); where fork does not exist (Windows) or
is unsafe (macOS) they are spawned. Work is always handed over as arguments, never through module
state, so both ways give the same results. JXAUDIT_START_METHOD=spawn forces a method (tests).
"""
from __future__ import annotations

import ctypes
import gc
import importlib
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    wanted = os.environ.get("JXAUDIT_START_METHOD")
    if wanted in methods:
        return wanted
    return "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"


def pool(jobs: int, warm_up: str | None = None, fresh: bool = False) -> ProcessPoolExecutor:
    """A pool of `jobs` processes. warm_up ("module:function") runs here before forking, or in
    each spawned worker as it starts. fresh: spawned whatever the platform, for work that needs
    nothing this process holds (a forked worker starts as big as this process has grown)."""
    method = "spawn" if fresh else start_method()
    if warm_up and method == "fork":
        _call(warm_up)
    initializer = (_call, (warm_up,)) if warm_up and method != "fork" else (None, ())
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=initializer[0], initargs=initializer[1])


def _call(target: str) -> None:
    module, _, function = target.partition(":")
    getattr(importlib.import_module(module), function)()


def release_memory() -> None:
    """Hands memory freed by a finished batch back to the system (glibc keeps freed blocks for
    reuse), so that a long-lived worker stays the size of its largest batch."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the allocator keeps what it keeps
        pass
