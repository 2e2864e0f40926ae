"""`jxaudit serve`: a web page where department staff lint their table before submitting it.

One Starlette application: the page (`GET /`), the rule catalogue (`GET /rules`), `POST /api/check`
(the JSON of `jxaudit check --format json` for the uploaded file), `POST /api/feedback` (the queue's
feedback workbook) and `GET /healthz`. Great Expectations is imported once at start-up, so every
check is answered warm. An upload is streamed, as it arrives, straight into a private temporary
folder under a name of ours (never spooled elsewhere first), counted against the limit on the way
(413 as soon as it is over), and deleted before the answer leaves; lints run one at a time per
process (a lock), since one lint already uses a core; `--workers N` runs N processes.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path, PurePath

from . import __version__
from . import config as configuration
from .catalogue import load_rules
from .i18n import LANGUAGES, pick, t

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
MAX_HELD = 8  # uploads a process holds at once (being checked or waiting for the lock); more get 503
CONFIG_ENV = "JXAUDIT_SERVE_CONFIG"  # how `--workers N` hands the options to each worker process
MB = 1 << 20
FORM_ALLOWANCE = 64 * 1024  # the multipart framing and the few small fields (select, ignore, lang) beside the file
SMALL_FIELD = 4096  # a form field other than the file is kept up to this many bytes


class UploadTooLarge(Exception):
    pass


class BadUpload(Exception):
    """A request without a readable multipart `file` part; `key` names the message (i18n)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class UploadLimit:
    """Refuses a request body over the upload limit (and the form's framing) while it streams in
    (413), never holding more of it: a declared Content-Length over it is refused before anything
    is read. The file part itself is held to the limit by `_stream_upload`."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes + FORM_ALLOWANCE
        self.max_mb = _mb(max_bytes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            from starlette.responses import JSONResponse
            lang = _lang_of_scope(scope)
            response = JSONResponse({"error": t("web_too_large", lang, mb=self.max_mb)}, status_code=413,
                                    headers=SECURITY_HEADERS)
            return await response(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise UploadTooLarge()
            return message

        return await self.app(scope, limited, send)


class SecurityHeaders:
    """The security headers on every answer, the framework's own 404 and 405 included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                            if name.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def _mb(size: int) -> str:
    """A limit in MB as the user set it: 20, 0.5."""
    return f"{size / MB:g}"


def _lang_of_scope(scope) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    return "en" if re.search(r"(^|&)lang=en(&|$)", query) else "zh"


class Checker:
    """The warm linter of one server process: configuration loaded and Great Expectations imported
    once; each check on a private copy of the settings (select/ignore/lang are per request)."""

    def __init__(self, config_file: str | None = None):
        from .engine import warm_up

        self.catalogue = load_rules()
        self.settings = configuration.load(self.catalogue, config_file)
        self.lock = threading.Lock()
        self.held = threading.BoundedSemaphore(MAX_HELD)  # bounds the memory that waiting uploads take
        warm_up()

    def settings_for(self, name: str, select: str, ignore: str, lang: str):
        """The settings of one upload: its language and rules, and the budget year its file name
        gives (the upload is checked under a name of ours), unless the configuration states one."""
        from .parsing import path_year

        settings = copy.deepcopy(self.settings)
        settings.lang = lang
        settings.budget_year = settings.budget_year or path_year(name)
        split = lambda text: [part.strip() for part in re.split(r"[,，\s]+", text or "") if part.strip()]  # noqa: E731
        configuration.select(settings, self.catalogue, split(select), split(ignore))
        return settings

    def check(self, path: Path, name: str, settings, documents: bool = False):
        """The lint result of the upload at `path`, its findings' paths being the client's file name;
        with documents, also the upload's documents as read (for the feedback workbook)."""
        from . import triage
        from .lint import lint

        with self.lock:
            result = lint([str(path)], settings.active(self.catalogue), settings)
        readable = result.files and not result.files[0].error
        documents = _documents(result, settings) if documents and readable else []
        _rename(result, str(path), name)
        triage.suppress(result, settings.suppressions, settings.lang)
        return result, documents


def _documents(result, settings) -> list:
    """The documents of the upload as read for the lint, for the feedback workbook (read again
    here, while the file still exists)."""
    from .queue import Submission
    from .report.queue_reports import read_submission

    submission = Submission(name="upload", slug="upload", paths=[f.path for f in result.files], files=result.files)
    return read_submission(submission, settings.limits)


def _rename(result, temporary: str, name: str) -> None:
    """Put the client's file name where the temporary path stands: in files, findings, problems."""
    def renamed(item):
        return dataclasses.replace(item, path=name) if getattr(item, "path", None) == temporary else item
    result.files = [renamed(file) for file in result.files]
    result.findings = [renamed(finding) for finding in result.findings]
    result.internal_errors = [renamed(error) for error in result.internal_errors]


def safe_name(name: str | None) -> str:
    """The client's file name as shown in reports: its last component, without control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "upload"
    return base[:200]


def _suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def score(result) -> float:
    """The queue's quality score of the upload (see audit.queue.Submission.score)."""
    from .queue import Submission
    return Submission(name="", slug="", paths=[], files=result.files, findings=result.findings).score


# ------------------------------------------------------------------------------------- the app

def create_app(config_file: str | None = None, max_upload_mb: float = 20):
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    checker = Checker(config_file)
    max_bytes = int(max_upload_mb * MB)
    templates = Environment(loader=FileSystemLoader(HERE / "web"), autoescape=select_autoescape(default=True))

    def lang_of(request) -> str:
        lang = request.query_params.get("lang", "zh")
        return lang if lang in LANGUAGES else "zh"

    def error(message: str, status: int):
        return JSONResponse({"error": message}, status_code=status, headers=SECURITY_HEADERS)

    async def upload(request, documents: bool = False):
        """(file name, content, settings) of a multipart upload, or an error response: 503 when
        MAX_HELD uploads are being checked or waiting already (their memory stays bounded)."""
        if not checker.held.acquire(blocking=False):
            return None, JSONResponse({"error": t("web_busy", lang_of(request))}, status_code=503,
                                      headers={"retry-after": "10"})
        try:
            return await held_upload(request, documents)
        finally:
            checker.held.release()

    async def held_upload(request, documents: bool):
        from starlette.concurrency import run_in_threadpool

        folder = Path(tempfile.mkdtemp(prefix="jxaudit-upload-"))  # mode 0700: private to this user
        try:
            try:
                fields, name, path = await _stream_upload(request, folder, max_bytes)
            except BadUpload as err:
                return None, error(t(err.key, lang_of(request)), 400)
            lang = fields.get("lang") or lang_of(request)
            lang = lang if lang in LANGUAGES else "zh"
            try:
                settings = checker.settings_for(name, fields.get("select") or "", fields.get("ignore") or "", lang)
            except configuration.ConfigError as err:
                return None, error(err.message(lang), 400)
            result, read = await run_in_threadpool(checker.check, path, name, settings, documents)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        problem = _problem(result, settings.lang)
        if problem:
            return None, error(problem, 422)
        return (name, result, read, settings), None

    async def check(request):
        from .report import json_report

        done, failed = await upload(request)
        if failed:
            return failed
        name, result, _, settings = done
        headers = {**SECURITY_HEADERS, "x-jxaudit-score": str(score(result))}
        return Response(json_report.render(result, settings), media_type="application/json", headers=headers)

    async def feedback(request):
        done, failed = await upload(request, documents=True)
        if failed:
            return failed
        name, result, documents, settings = done
        body = _workbook(result, documents, settings)
        stem = PurePath(name).stem or "upload"
        headers = {**SECURITY_HEADERS, "content-disposition": _attachment(f"{stem}.feedback.xlsx")}
        return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers=headers)

    async def page(request):
        lang = lang_of(request)
        html = templates.get_template("page.html").render(lang=lang, t=lambda key, **p: t(key, lang, **p),
                                                          version=__version__, max_mb=_mb(max_bytes),
                                                          labels=json.dumps(_labels(checker, lang), ensure_ascii=False))
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    async def rules(request):
        lang = lang_of(request)
        rows = [{"id": r.id, "name": r.name, "category": r.category,
                 "severity": t("severity_" + checker.settings.rules[r.id].severity, lang),
                 "checks": pick(r.checks, lang), "why": pick(r.why, lang), "bad": r.example["bad"],
                 "good": r.example["good"]} for r in checker.catalogue]
        html = templates.get_template("rules.html").render(lang=lang, t=lambda key, **p: t(key, lang, **p), rules=rows)
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    async def healthz(request):
        return JSONResponse({"status": "ok", "version": __version__}, headers=SECURITY_HEADERS)

    async def too_large(request, exc):
        return error(t("web_too_large", lang_of(request), mb=_mb(max_bytes)), 413)

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/rules", rules, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/feedback", feedback, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "web" / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders), Middleware(UploadLimit, max_bytes=max_bytes)],
                    exception_handlers={UploadTooLarge: too_large})
    app.state.checker = checker
    return app


async def _stream_upload(request, folder: Path, limit: int) -> tuple[dict[str, str], str, Path]:
    """Parses the multipart body as it arrives: the part `file` is written straight into `folder`
    under a name of ours, the few other fields are kept in memory (small); a file over `limit`
    bytes raises UploadTooLarge at once, without reading the rest. Returns (fields, the client's
    file name, the path of the upload)."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise BadUpload("web_no_file")
    fields: dict[str, str] = {}
    upload: dict = {"path": None, "name": None, "sink": None, "size": 0}
    part: dict = {"headers": {}, "field": b"", "value": b"", "name": None, "data": bytearray()}

    def on_part_begin():
        part.update(headers={}, field=b"", value=b"", name=None, data=bytearray())

    def on_header_field(data, start, end):
        part["field"] += data[start:end]

    def on_header_value(data, start, end):
        part["value"] += data[start:end]

    def on_header_end():
        part["headers"][part["field"].lower()] = part["value"]
        part["field"], part["value"] = b"", b""

    def on_headers_finished():
        _, params = parse_options_header(part["headers"].get(b"content-disposition", b""))
        part["name"] = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        if part["name"] == "file" and filename is not None and upload["path"] is None:
            upload["name"] = safe_name(filename.decode("utf-8", "replace"))
            upload["path"] = folder / ("upload" + _suffix(upload["name"]))  # our name, never the client's
            upload["sink"] = open(upload["path"], "wb")

    def on_part_data(data, start, end):
        if upload["sink"] is not None:
            upload["size"] += end - start
            if upload["size"] > limit:
                raise UploadTooLarge()
            upload["sink"].write(data[start:end])
        elif len(part["data"]) < SMALL_FIELD:
            part["data"] += data[start:end]

    def on_part_end():
        if upload["sink"] is not None:
            upload["sink"].close()
            upload["sink"] = None
        elif part["name"]:
            fields[part["name"]] = part["data"][:SMALL_FIELD].decode("utf-8", "replace")

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data, "on_part_end": on_part_end})
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except UploadTooLarge:
        raise
    except Exception:  # a malformed body
        raise BadUpload("web_bad_body") from None
    finally:
        if upload["sink"] is not None:
            upload["sink"].close()
    if upload["path"] is None:
        raise BadUpload("web_no_file")
    return fields, upload["name"], upload["path"]


def _problem(result, lang: str) -> str | None:
    """The one line the command line would print for an unreadable upload or a failed rule."""
    for file in result.input_errors:
        return f"{file.path}: {file.error}"
    for problem in result.internal_errors:
        return t("rule_failed", lang, path=problem.path, rule=problem.rule, name=problem.name, reason=problem.error)
    return None


def _workbook(result, documents, settings) -> bytes:
    from .queue import Submission
    from .report import feedback

    submission = Submission(name=result.files[0].path, slug="upload", paths=[f.path for f in result.files],
                            files=result.files, findings=result.findings)
    documents = [(submission.files[0].path, doc, projects) for _, doc, projects in documents]
    folder = tempfile.mkdtemp(prefix="jxaudit-feedback-")
    try:
        path = Path(folder) / "feedback.xlsx"
        feedback.write(path, submission, documents, settings)
        return path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _attachment(name: str) -> str:
    from urllib.parse import quote
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _labels(checker: Checker, lang: str) -> dict:
    """What the page's script shows besides the findings: severity, category and field names."""
    from .i18n import TEXT
    from .report.submission_html import CATEGORY_LABELS
    categories = sorted({rule.category for rule in checker.catalogue})
    return {
        "severity": {s: t("severity_" + s, lang) for s in ("error", "warning", "info")},
        "category": {c: CATEGORY_LABELS.get(c, (c, c))[lang == "en"] for c in categories},
        "text": {key: TEXT[key][lang == "en"] for key in TEXT if key.startswith("web_js_")},  # filled in by the script
        "field": {field: t("col_" + field, lang) for field in ("period", "annual")},
        "pair": {"fields": t("pair_fields", lang), "suffix": TEXT["pair_suffix"][lang == "en"]},  # filled in by the script
    }


# -------------------------------------------------------------------------------- the command

def app_from_environment():
    """The application of a `--workers N` worker process (uvicorn's factory)."""
    options = json.loads(os.environ.get(CONFIG_ENV) or "{}")
    return create_app(options.get("config"), options.get("max_upload_mb", 20))


def serve(host: str, port: int, config_file: str | None, max_upload_mb: float, workers: int, lang: str) -> int:
    import sys

    import uvicorn

    # No access log (nothing of an upload is logged); idle connections closed after 5 s; beyond
    # 64 open connections uvicorn answers 503 rather than queueing without bound.
    options = dict(host=host, port=port, log_level="warning", access_log=False, server_header=False,
                   timeout_keep_alive=5, limit_concurrency=64, timeout_graceful_shutdown=10)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    sys.stderr.write(t("web_listening", lang, url=url) + "\n")
    if workers > 1:
        os.environ[CONFIG_ENV] = json.dumps({"config": config_file, "max_upload_mb": max_upload_mb})
        uvicorn.run("audit.serve:app_from_environment", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(config_file, max_upload_mb), **options)
    return 0
