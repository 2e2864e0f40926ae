"""`jxaudit serve`: every route in-process with Starlette's test client, one real uvicorn process on
loopback, and the page driven in Debian's headless Chromium (Playwright, pointed at the system
browser). CI installs Chromium and sets JXAUDIT_REQUIRE_BROWSER=1, so the browser test cannot be
skipped there."""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import CLEAN, EXAMPLE, ROOT
from test_queue import hostile_table

from audit.cli import main

DEFECTIVE = ROOT / "tests" / "data" / "defective.txt"
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def client():
    from starlette.testclient import TestClient

    from audit.serve import create_app
    return TestClient(create_app(max_upload_mb=1))


def upload(client, path: Path, name: str | None = None, url: str = "/api/check", **fields):
    return client.post(url, files={"file": (name or path.name, path.read_bytes())}, data=fields)


def cli_json(capsys, monkeypatch, tmp_path, source: Path, *flags) -> dict:
    shutil.copy(source, tmp_path / source.name)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    main(["check", source.name, "--format", "json", "--no-cache", *flags])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("source", [EXAMPLE, DEFECTIVE, CLEAN], ids=["example", "defective", "clean"])
def test_check_answers_what_the_command_line_answers(client, capsys, monkeypatch, tmp_path, source):
    answer = upload(client, source)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert answer.json() == cli_json(capsys, monkeypatch, tmp_path, source)


def test_the_budget_year_in_the_uploads_name_counts_as_on_the_command_line(client, capsys, monkeypatch, tmp_path):
    """The upload is checked under a name of ours; the year its own name carries still decides the
    budget year, as it does for `jxaudit check`: last year's table sent as 白云-2025.txt is found."""
    from season import table
    source = tmp_path / "source" / "白云-2025.txt"
    source.parent.mkdir()
    source.write_text(table(1, 2024), encoding="utf-8")
    answer = upload(client, source).json()
    assert answer == cli_json(capsys, monkeypatch, tmp_path, source)
    assert [f["rule"] for f in answer["findings"] if f["category"] == "corpus"] == ["CO03"]


def test_select_ignore_and_language_fields(client, capsys, monkeypatch, tmp_path):
    answer = upload(client, EXAMPLE, select="targets", ignore="TG01", lang="en")
    expected = cli_json(capsys, monkeypatch, tmp_path, EXAMPLE, "--select", "targets", "--ignore", "TG01", "--lang", "en")
    assert answer.json() == expected
    assert {f["category"] for f in expected["findings"]} == {"targets"}
    assert "TG01" not in {f["rule"] for f in expected["findings"]}
    assert upload(client, EXAMPLE, select="NO-SUCH-RULE").status_code == 400


def test_score_header_is_the_queue_score(client):
    from audit.queue import WEIGHTS
    answer = upload(client, EXAMPLE)
    report = answer.json()
    density = sum(WEIGHTS[f["severity"]] for f in report["findings"]) / report["files"][0]["indicators"]
    assert float(answer.headers["x-jxaudit-score"]) == round(100 / (1 + density), 1)
    assert float(upload(client, CLEAN).headers["x-jxaudit-score"]) > float(answer.headers["x-jxaudit-score"])


def test_unreadable_upload_is_422_with_the_command_line_message_and_the_server_goes_on(client, tmp_path):
    for name, data in (("table.xlsx", b"PK\x03\x04 truncated"), ("table.txt", b"\x00\x01\x02" * 100),
                       ("notes.txt", "这不是表格\n只是文字\n".encode())):
        answer = client.post("/api/check", files={"file": (name, data)})
        assert answer.status_code == 422
        message = answer.json()["error"]
        assert message.startswith(f"{name}: ") and "\n" not in message
        (tmp_path / name).write_bytes(data)
        done = subprocess_free_cli_error(tmp_path / name)
        assert message == f"{name}: {done}"
    assert client.get("/healthz").json()["status"] == "ok"


def subprocess_free_cli_error(path: Path) -> str:
    """The reason the command line gives for an unreadable file (in-process)."""
    from audit import config
    from audit.catalogue import load_rules
    from audit.lint import lint
    catalogue = load_rules()
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    return lint([str(path)], settings.active(catalogue), settings).files[0].error


def test_too_large_is_413_declared_or_streamed(client):
    declared = client.post("/api/check", content=b"x", headers={"content-type": "multipart/form-data; boundary=b",
                                                                  "content-length": str(1 << 30)})
    assert declared.status_code == 413 and "MB" in declared.json()["error"]
    streamed = client.post("/api/check", files={"file": ("big.txt", b"a" * (2 << 20))})
    assert streamed.status_code == 413
    assert client.get("/healthz").status_code == 200


def multipart_chunks(name: str, size: int, chunk: int = 64 * 1024):
    """A multipart body with a `file` part of `size` bytes, in chunks as a slow client sends them."""
    yield (f"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
           "Content-Type: text/plain\r\n\r\n").encode()
    for start in range(0, size, chunk):
        yield b"a" * min(chunk, size - start)
    yield b"\r\n--b--\r\n"


def asgi_post(app, chunks, headers: dict[str, str]) -> tuple[int, dict, int]:
    """POST /api/check straight to the ASGI app, the body from `chunks` as the server asks for it:
    (status, JSON answer, how many chunks the server read)."""
    import asyncio
    chunks, read, sent = iter(chunks), [0], []

    async def receive():
        part = next(chunks, None)
        if part is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read[0] += 1
        return {"type": "http.request", "body": part, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/check", "raw_path": b"/api/check", "query_string": b"", "root_path": "",
             "headers": [(k.encode(), v.encode()) for k, v in headers.items()], "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), read[0]


def test_an_upload_over_the_limit_is_refused_while_it_streams_in(client):
    """No Content-Length (a chunked upload): the server stops reading at the limit, not at the end
    of a 50 MB body, and answers 413."""
    status, answer, read = asgi_post(client.app, multipart_chunks("big.txt", 50 << 20),
                                     {"content-type": "multipart/form-data; boundary=b"})
    assert status == 413 and "1 MB" in answer["error"]
    assert read <= 1 + (1 << 20) // (64 * 1024) + 2  # the headers, one MB of file, and the chunk past it
    status, answer, _ = asgi_post(client.app, multipart_chunks("small.txt", 1000),
                                  {"content-type": "multipart/form-data; boundary=b"})
    assert status == 422 and answer["error"].startswith("small.txt: ")  # under the limit: read and checked


def test_a_large_upload_goes_straight_into_the_private_folder(monkeypatch, tmp_path):
    """A file over Starlette's 1 MB spooling size is never spooled to the system's temporary folder:
    it is written as it arrives into the private folder, whole, and checked like the command line."""
    from starlette import formparsers
    from starlette.testclient import TestClient

    from audit import lint as lint_module
    from audit.serve import create_app

    def no_spooling(*args, **kwargs):
        raise AssertionError("the upload was spooled outside the private folder")

    monkeypatch.setattr(formparsers, "SpooledTemporaryFile", no_spooling)
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    padded = EXAMPLE.read_bytes() + b"\n" + (b" " * 30_000 + b"\n") * 53  # 1.5 MB: the example and blank lines
    seen, real = [], lint_module.lint

    def spy(paths, *args, **kwargs):
        for path in map(Path, paths):
            seen.append((path.parent.parent, oct(path.parent.stat().st_mode)[-3:], path.read_bytes() == padded))
        return real(paths, *args, **kwargs)

    monkeypatch.setattr(lint_module, "lint", spy)
    app = create_app(max_upload_mb=2)
    with TestClient(app) as local:
        big = local.post("/api/check", files={"file": ("大表.txt", padded)})
        small = upload(local, EXAMPLE, name="大表.txt")
    assert big.status_code == 200 and big.json()["findings"] == small.json()["findings"]
    assert seen == [(private, "700", True), (private, "700", False)]
    assert not any(private.iterdir())  # both uploads and their folders are gone


def test_zip_bomb_and_hostile_cells_do_not_break_the_server(client):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 << 20))  # 300 MB that packs into ~300 KB
    answer = client.post("/api/check", files={"file": ("bomb.xlsx", bomb.getvalue())})
    assert answer.status_code in (413, 422) and answer.json()["error"]
    hostile = client.post("/api/check", files={"file": ("恶意局.txt", hostile_table().encode())})
    assert hostile.status_code == 200
    assert any("<" in (f["project"] or "") + f["value"] for f in hostile.json()["findings"])  # returned as data
    assert client.get("/healthz").status_code == 200


def test_wrong_method_and_path(client):
    assert client.get("/api/check").status_code == 405
    assert client.put("/api/feedback").status_code == 405
    assert client.get("/no/such/page").status_code == 404
    assert client.post("/api/check", data={"lang": "zh"}).status_code == 400  # no file
    garbled = client.post("/api/check", content=b"--b\r\nnot a header line\r\n\r\n\x00",
                          headers={"content-type": "multipart/form-data; boundary=b"})
    assert garbled.status_code == 400 and garbled.json()["error"]
    assert client.get("/healthz").status_code == 200


def test_every_answer_carries_the_security_headers(client):
    for answer in (client.get("/"), client.get("/no/such/page"), client.get("/api/check"), client.get("/static/app.js"),
                   client.post("/api/check", data={"lang": "zh"})):
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_busy_server_answers_503_and_goes_on(monkeypatch):
    """Uploads held at once are bounded: one being checked (the lock held here) and MAX_HELD - 1
    waiting fill the server; the next is refused at once, and the held ones are answered."""
    from starlette.testclient import TestClient

    import audit.serve as serve
    monkeypatch.setattr(serve, "MAX_HELD", 2)
    app = serve.create_app()
    checker = app.state.checker
    with TestClient(app) as busy, ThreadPoolExecutor(2) as pool:
        checker.lock.acquire()
        try:
            held = [pool.submit(upload, busy, CLEAN) for _ in range(2)]
            deadline = time.monotonic() + 60
            while checker.held._value and time.monotonic() < deadline:  # both uploads taken in
                time.sleep(0.05)
            refused = upload(busy, CLEAN)
            assert refused.status_code == 503 and refused.json()["error"] and refused.headers["retry-after"]
            assert busy.get("/healthz").status_code == 200
        finally:
            checker.lock.release()
        assert [future.result(timeout=120).status_code for future in held] == [200, 200]
        assert upload(busy, CLEAN).status_code == 200


def test_uploads_live_in_a_private_folder_and_are_deleted(client, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen = []
    from audit import lint as lint_module
    real = lint_module.lint

    def spy(paths, *args, **kwargs):
        seen.extend(Path(p) for p in paths)
        assert all(oct(Path(p).parent.stat().st_mode)[-3:] == "700" for p in paths)
        return real(paths, *args, **kwargs)

    monkeypatch.setattr(lint_module, "lint", spy)
    answer = upload(client, EXAMPLE, name="../../etc/evil name.txt")
    assert answer.status_code == 200
    assert {f["path"] for f in answer.json()["findings"]} == {"evil name.txt"}
    assert seen and all(p.name == "upload.txt" for p in seen)  # the client's name is never a path
    assert not any(tmp_path.iterdir())  # the upload and its folder are gone


def test_feedback_workbook(client):
    import openpyxl
    answer = upload(client, EXAMPLE, url="/api/feedback")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment;")
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    listing = workbook.worksheets[-1]
    findings = upload(client, EXAMPLE).json()["findings"]
    defects = {(f["project"], f["indicator"], f["rule"], f["value"]) for f in findings}  # a period/annual pair once
    assert listing.max_row - 1 == len(defects) < len(findings)
    assert upload(client, EXAMPLE, name="x.pdf", url="/api/feedback").status_code in (200, 422)


def test_page_and_rules_are_chinese_or_english_and_script_free_of_data(client):
    from audit.catalogue import load_rules
    page = client.get("/")
    assert page.status_code == 200 and "提交前检查" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.text.count("<script") == 1 and '<script src="/static/app.js" defer></script>' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # offline: no CDN, font or script
    english = client.get("/?lang=en")
    assert "before you submit" in english.text
    rules = client.get("/rules")
    assert all(f'id="{rule.id}"' in rules.text for rule in load_rules())
    assert "<script" not in rules.text and "检查规则" in rules.text
    english_rules = client.get("/rules?lang=en").text
    assert "Rules" in english_rules and "检查规则" not in english_rules
    for asset in ("/static/app.js", "/static/app.css"):  # offline: nothing fetched from elsewhere
        answer = client.get(asset)
        assert answer.status_code == 200 and "http://" not in answer.text and "https://" not in answer.text
        assert "@import" not in answer.text and "url(" not in answer.text


def test_a_validation_filters_each_row_condition_once_and_keeps_nothing_after(monkeypatch):
    """What makes the warm check cheaper: Great Expectations asks for a rule's rows under its row
    condition once per metric, and rebuilds an expectation's configuration on every read; within
    one validation both are made once. Same findings, and nothing is kept once the validation is
    over."""
    import contextlib

    import pandas as pd
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    from audit import config, engine
    from audit.catalogue import load_rules
    from audit.lint import lint

    catalogue = load_rules()
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    queries = []
    real_query = pd.DataFrame.query

    def counted(self, expr, **kwargs):
        queries.append(expr)
        return real_query(self, expr, **kwargs)

    configurations = []
    real_init = ExpectationConfiguration.__init__

    def counted_init(self, *args, **kwargs):
        configurations.append(kwargs.get("type"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "query", counted)
    monkeypatch.setattr(ExpectationConfiguration, "__init__", counted_init)
    shared = lint([str(EXAMPLE)], settings.active(catalogue), settings).findings
    shared_queries, shared_configurations = len(queries), len(configurations)
    assert engine._KEPT.filters is None and engine._KEPT.configurations is None
    queries.clear()
    configurations.clear()
    monkeypatch.setattr(engine, "_kept_within_validation", contextlib.nullcontext)  # every metric filters again
    unshared = lint([str(EXAMPLE)], settings.active(catalogue), settings).findings
    assert shared == unshared and shared
    assert len(set(queries)) <= shared_queries < len(queries)  # each condition once per table, not per metric
    assert shared_configurations * 5 < len(configurations)  # once per expectation, not once per read


def test_healthz(client):
    from audit import __version__
    assert client.get("/healthz").json() == {"status": "ok", "version": __version__}


# ------------------------------------------------------------------ a real server on loopback

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("serve") / "server.log") as (url, log, _):
        yield url, log


@contextlib.contextmanager
def running_server(log: Path, *flags: str):
    """`jxaudit serve` on a free port of 127.0.0.1 until the block ends: (url, log, process)."""
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "audit", "serve", "--port", str(port), *flags], cwd=ROOT,
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(480):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"the server did not start: {log.read_text()}")
        yield url, log, process
    finally:
        process.terminate()
        process.wait(timeout=60)


def post_file(url: str, path: Path) -> tuple[int, bytes]:
    boundary = "jxauditboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_real_server_answers_concurrent_uploads(server):
    url, log = server
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda source: post_file(url + "/api/check", source), [EXAMPLE, CLEAN] * 4))
    assert [status for status, _ in answers] == [200] * 8
    by_source = {}
    for (_, body), source in zip(answers, [EXAMPLE, CLEAN] * 4):
        by_source.setdefault(source, set()).add(body)
    assert all(len(bodies) == 1 for bodies in by_source.values())  # the same answer under concurrency
    assert "jxaudit serve" in log.read_text() and f"{url}/" in log.read_text()
    logged = log.read_text()  # nothing of an upload: no access line, no file name, no cell
    assert "/api/check" not in logged and EXAMPLE.name not in logged and "花都区分局" not in logged


def upload_json(url: str, path: Path) -> dict:
    status, body = post_file(url + "/api/check", path)
    assert status == 200
    return json.loads(body)


def paired_groups(findings: list[dict]) -> set[str]:
    """The groups of the defects recorded in both the period and the annual target."""
    fields: dict[str, set] = {}
    for finding in findings:
        fields.setdefault(finding["group"], set()).add(finding["field"])
    return {group for group, seen in fields.items() if {"period", "annual"} <= seen}


def test_page_in_a_real_browser(server, tmp_path):
    if not BROWSER:
        if os.environ.get("JXAUDIT_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    url, _ = server
    hostile = tmp_path / "恶意局.txt"
    hostile.write_text(hostile_table(), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        page = browser.new_page(viewport={"width": 1280, "height": 1600}, accept_downloads=True)
        errors = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(url + "/")
        page.set_input_files("#file", str(EXAMPLE))
        page.wait_for_selector("#result:not([hidden])", timeout=120_000)
        report = upload_json(url, EXAMPLE)
        summary = page.inner_text("#summary")
        counts = report["summary"]
        assert f"错误 {counts['error']}" in summary and f"警告 {counts['warning']}" in summary and "质量分" in summary
        pairs = paired_groups(report["findings"])
        assert pairs  # the example has defects written in both the period and the annual target
        assert page.locator(".finding").count() == len(report["findings"]) - len(pairs)  # each pair shown once
        both = page.locator('.finding[data-fields="period+annual"]')
        assert both.count() == len(pairs)
        first = report["findings"][[f["group"] for f in report["findings"]].index(next(iter(pairs)))]
        shown = both.filter(has_text=first["rule"]).filter(has_text=first["indicator_name"] or "").first
        assert shown.locator(".cells mark").count() == 2  # both cells marked
        assert "实施周期和年度指标值" in shown.inner_text()
        page.select_option("#filter-severity", "error")
        error_findings = [f for f in report["findings"] if f["severity"] == "error"]
        assert (page.locator(".finding").count() == len(error_findings) - len(paired_groups(error_findings))
                == page.locator(".finding.error").count())
        with page.expect_download() as download:
            page.click("#download-xlsx")
        saved = tmp_path / "feedback.xlsx"
        download.value.save_as(saved)
        assert saved.read_bytes()[:2] == b"PK"
        page.screenshot(path=str(tmp_path / "serve.png"), full_page=False)
        artefacts = os.environ.get("JXAUDIT_ARTEFACTS")
        if artefacts:
            shutil.copy(tmp_path / "serve.png", Path(artefacts) / "serve.png")
        page.set_input_files("#file", str(hostile))  # cells holding <script> show as text
        page.wait_for_selector("#findings :text('PWNED')", timeout=120_000)
        assert "<script>" in page.inner_text("#findings")
        assert page.evaluate("document.title").startswith("jxaudit")
        assert page.locator("#findings script").count() == 0 and page.locator("#findings img").count() == 0
        assert not errors
        browser.close()


def test_workers_are_separate_processes_that_all_answer(tmp_path):
    """--workers 2: two worker processes under uvicorn's supervisor, each warm, answering together."""
    with running_server(tmp_path / "server.log", "--workers", "2") as (url, _, process):
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        if workers.exists():
            assert len(workers.read_text().split()) >= 2  # the workers (and maybe a resource tracker)
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: post_file(url + "/api/check", EXAMPLE), range(4)))
        assert [status for status, _ in answers] == [200] * 4 and len({body for _, body in answers}) == 1
    assert process.returncode is not None  # stopped with the block
