"""The submission report in a real browser (Debian's headless Chromium): the hostile text of a
table shows as text, no script from the data runs, and the page renders (a screenshot is taken).
CI installs Chromium and sets JXAUDIT_REQUIRE_BROWSER=1, so there this test cannot be skipped."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from test_queue import hostile_table

from audit.cli import main

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not BROWSER:
        if os.environ.get("JXAUDIT_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    root = tmp_path_factory.mktemp("browser")
    (root / "inbox").mkdir()
    (root / "inbox" / "恶意局.txt").write_text(hostile_table(), encoding="utf-8")
    main(["queue", str(root / "inbox"), "--out", str(root / "out"), "--jobs", "1"])
    return root, root / "out" / "submissions" / "恶意局.html"


def chromium(root, *args) -> subprocess.CompletedProcess:
    profile = root / "profile"
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=120)


def test_no_script_from_the_data_runs(report):
    root, page = report
    dom = chromium(root, "--dump-dom", page.as_uri()).stdout
    assert "<title>测试市测试局 绩效目标表检查报告</title>" in dom  # not PWNED: no script changed it
    assert "PWNED" in dom  # the hostile text is there, as text
    assert "<script" not in dom.lower() and "<img" not in dom.lower()


def test_screenshot(report):
    root, page = report
    shot = root / "report.png"
    chromium(root, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
