"""The queue's pages in a real browser (Debian's headless Chromium): the hostile text of a table
shows as text, no script from the data runs, the index and a page render (screenshots are taken),
the index links to the page, the page back to the index and to each of its projects, and the
highlight colours have a legend.
CI installs Chromium and sets JXAUDIT_REQUIRE_BROWSER=1, so there this test cannot be skipped."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

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


@pytest.mark.parametrize("name", ["index", "page"])
def test_screenshot(report, name):
    root, page = report
    target = page if name == "page" else root / "out" / "index.html"
    shot = root / f"{name}.png"
    chromium(root, f"--screenshot={shot}", "--window-size=1280,2000", target.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def links(dom: str, base: Path) -> list[Path]:
    """The files that the rendered page's relative links point at."""
    return [Path(unquote(urlparse((base.parent / href).as_uri()).path)).resolve()
            for href in re.findall(r'href="([^"#:]+)"', dom)]


def test_navigation_and_legend(report):
    root, page = report
    index = root / "out" / "index.html"
    index_dom = chromium(root, "--dump-dom", index.as_uri()).stdout
    assert page.resolve() in links(index_dom, index)  # the index links to the submission's page
    dom = chromium(root, "--dump-dom", page.as_uri()).stdout
    assert index.resolve() in links(dom, page)  # and the page back to the index
    projects = re.findall(r'href="#(p\d+)"', dom)
    assert projects and all(f'id="{anchor}"' in dom for anchor in projects)  # each project link lands
    assert "图例" in dom and all(f'<mark class="{s}">' in dom for s in ("error", "warning", "info"))
    assert 'href="#errors-only"' in dom and 'id="errors-only"' in dom  # the errors-only view, without a script
