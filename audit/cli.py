"""Command line: `jxaudit check`, `jxaudit rules`, `jxaudit explain`.

Exit status: 0 nothing at or above the fail level; 1 something is; 2 usage, configuration or
input error (the other inputs are still checked).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from tabulate import tabulate

from . import __version__
from . import config as configuration
from .catalogue import SEVERITIES, CatalogueError, load_rules
from .files import readable_path, write_atomically
from .findings import SEVERITY_RANK
from .i18n import LANGUAGES, pick, t

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C


def main(argv: list[str] | None = None) -> int:
    _never_crash_on_encoding()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error
        return EXIT_ERROR if exit_.code else EXIT_CLEAN
    if not args.command:
        parser.print_help()
        return EXIT_ERROR
    lang = args.lang or "zh"
    try:
        catalogue = load_rules()
        settings = configuration.load(catalogue, args.config)
        if args.lang:
            settings.lang = lang = args.lang
        for spec in getattr(args, "limit", None) or []:
            _set_limit(settings, spec)
        if getattr(args, "budget_year", None) is not None:
            configuration.set_budget_year(settings, args.budget_year, "--budget-year")
        return args.handler(args, catalogue, settings)
    except configuration.ConfigError as err:
        _error(t("config_error", lang, detail=err.message(lang)))
        return EXIT_ERROR
    except CatalogueError as err:  # a broken rule record: for whoever maintains the catalogue
        _error(t("config_error", lang, detail=err))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as err:  # a bug: one line for a user, the traceback with --debug
        from .lint import reason
        if args.debug:
            traceback.print_exc()
        _error(t("internal_error", lang, reason=reason(err)))
        return EXIT_ERROR


def _never_crash_on_encoding() -> None:
    """A console that cannot show a character (a GBK console and an emoji in a cell) shows "?"
    instead of ending the run; files and JSON written by jxaudit stay UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.errors == "strict":
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream that can be reconfigured (tests replace it)


EXIT_HELP = """exit status / 退出状态:
  0  nothing at or above the fail level (--fail-on, default error) / 没有达到失败级别的问题
  1  findings at or above the fail level / 有达到失败级别（默认：错误）的问题
  2  usage or configuration error, an unreadable input (the other inputs are still checked), or an
     internal error / 用法或配置错误、无法读取的输入（其他文件照常检查）或内部错误
  130  interrupted (Ctrl-C) / 被中断"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jxaudit", description="项目支出绩效目标表数据质量检查 / "
                                     "data-quality linter for budget performance-target tables",
                                     epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"jxaudit {__version__}")
    commands = parser.add_subparsers(dest="command")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="configuration file (default: ./jxaudit.yaml if present)")
    common.add_argument("--lang", choices=LANGUAGES, help="language of messages (default zh)")
    common.add_argument("--debug", action="store_true", help="show the traceback of internal errors")

    check = commands.add_parser("check", parents=[common], help="lint tables", epilog=EXIT_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="files or directories: summary tables or 申报表 forms in "
                            ".txt .tsv .csv .xlsx .xls .html .pdf .docx (found by content)")
    check.add_argument("--format", choices=_formats(),
                       help="report on standard output (default: github inside GitHub Actions, else text)")
    check.add_argument("--output", action="append", default=[], metavar="FORMAT:PATH",
                       help="also write a report to a file (repeatable), e.g. json:reports/out.json")
    check.add_argument("--select", action="append", default=[], metavar="RULES",
                       help="only these rules: ids, names, categories or id prefixes, comma-separated")
    check.add_argument("--ignore", action="append", default=[], metavar="RULES", help="skip these rules")
    check.add_argument("--fail-on", choices=SEVERITIES, help="exit 1 at or above this severity (default error)")
    check.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="lint changed files in N processes (default 1; worth it for many files)")
    check.add_argument("--no-suppress", action="store_true", help="ignore the suppressions of the configuration")
    check.add_argument("--corpus", action="store_true",
                       help="also compare the files with each other (each file a submission): the peer rules")
    check.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record today's findings as the baseline")
    check.add_argument("--no-cache", action="store_true", help="lint every file again, ignoring the cache")
    check.add_argument("--cache-dir", metavar="DIR",
                       help="where unchanged files' findings are kept (default: $JXAUDIT_CACHE_DIR or ~/.cache/jxaudit)")
    check.add_argument("--budget-year", type=int, metavar="YEAR",
                       help="the year the tables budget for (default: the year in each file's or folder's name, else "
                            "its title's); checks stale years and a title naming another year")
    check.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE",
                       help="raise or lower a resource limit for this run, e.g. file_mb=200 (see README)")
    _engine_arguments(check)
    check.set_defaults(handler=_check)

    queue = commands.add_parser("queue", parents=[common], help="review many submissions: index and reports",
                                epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    queue.add_argument("folder", metavar="DIR", help="one file or one sub-folder per department")
    queue.add_argument("--out", default="reports", metavar="DIR", help="where the reports go (default: reports)")
    queue.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="processes to lint with (default: all cores)")
    queue.add_argument("--data-docs", metavar="DIR", help="also build Great Expectations Data Docs there")
    queue.add_argument("--previous", metavar="PREV",
                       help="an earlier queue's output folder or a folder of earlier submissions: last year's "
                            "(year-over-year rules) or an earlier round of this season (fixed / still open / new)")
    queue.add_argument("--select", action="append", default=[], metavar="RULES")
    queue.add_argument("--ignore", action="append", default=[], metavar="RULES")
    queue.add_argument("--fail-on", choices=SEVERITIES)
    queue.add_argument("--no-cache", action="store_true")
    queue.add_argument("--cache-dir", metavar="DIR")
    queue.add_argument("--budget-year", type=int, metavar="YEAR", help="the year this season budgets for")
    queue.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE")
    _engine_arguments(queue)
    queue.set_defaults(handler=_queue)

    lake = commands.add_parser("lake", parents=[common], help="lint a data lake's table of indicator rows on Spark",
                               epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    lake.add_argument("table", metavar="TABLE", help="Parquet (file or folder) or CSV of indicator rows with a "
                                                     "'document' column (see README, Spark)")
    lake.add_argument("--out", required=True, metavar="DIR",
                      help="writes DIR/findings.parquet and DIR/findings.jsonl, partitioned by document")
    lake.add_argument("--spark-master", metavar="URL", help="default: $SPARK_MASTER or local[*]")
    lake.add_argument("--select", action="append", default=[], metavar="RULES")
    lake.add_argument("--ignore", action="append", default=[], metavar="RULES")
    lake.add_argument("--fail-on", choices=SEVERITIES)
    lake.set_defaults(handler=_lake)

    server = commands.add_parser("serve", parents=[common], help="a web page where departments check their table")
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    server.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    server.add_argument("--max-upload-mb", type=float, default=20, metavar="MB", help="largest upload (default 20)")
    server.add_argument("--workers", type=int, default=1, metavar="N", help="server processes (default 1)")
    server.set_defaults(handler=_serve)

    fixer = commands.add_parser("fix", parents=[common], help="write a copy with the safe fixes applied")
    fixer.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    fixer.add_argument("--in-place", action="store_true", help="replace the file itself (atomically)")
    fixer.add_argument("--diff", action="store_true", help="show the changes, write nothing")
    fixer.add_argument("--force", action="store_true", help="replace an existing .fixed copy")
    fixer.set_defaults(handler=_fix)

    rules = commands.add_parser("rules", parents=[common], help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=_rules)

    explain = commands.add_parser("explain", parents=[common], help="explain one rule")
    explain.add_argument("rule", help="rule id or name")
    explain.set_defaults(handler=_explain)
    return parser


def _engine_arguments(command) -> None:
    command.add_argument("--engine", choices=("pandas", "spark"), default="pandas",
                         help="validate with pandas (default) or on Spark (pip install 'jxaudit[spark]'): same findings")
    command.add_argument("--spark-master", metavar="URL",
                         help="the Spark master with --engine spark (default: $SPARK_MASTER or local[*])")


def _spark_master(args) -> str | None:
    """The Spark master URL when the run goes to the Spark engine, else None."""
    if args.engine != "spark":
        return None
    from .spark import master
    return master(args.spark_master)


def _formats() -> tuple[str, ...]:
    from .report import FORMATS
    return tuple(FORMATS)


def _check(args, catalogue, settings) -> int:
    from . import triage
    from .lint import Summaries, lint
    from .report import STREAMS, default_format

    _apply_rule_flags(args, catalogue, settings)
    outputs = [_parse_output(spec) for spec in args.output]
    cache = _cache(args, settings)
    summaries = Summaries()  # on disk, not in memory, until the rules across files need them
    result = lint(args.paths, settings.active(catalogue), settings, cache, jobs=max(1, args.jobs),
                  spark_master=_spark_master(args), summaries=summaries)
    if args.corpus:
        from . import corpus
        members = [corpus.Member(f.path, f.path, f.path, summary) for f in result.files
                   if (summary := summaries.get(f.path))]
        result.findings += corpus.run(members, result.rules, settings, None, cache.directory if cache else None)
    if not args.no_suppress:
        triage.suppress(result, settings.suppressions, settings.lang)
    if args.write_baseline:
        write_atomically(Path(args.write_baseline), triage.write_baseline(result.findings))
        _error(t("baseline_written", settings.lang, count=len(result.findings), path=args.write_baseline))
    elif args.baseline:
        triage.compare_with_baseline(result, args.baseline)
    _say_problems(result, settings.lang, args.debug)
    fmt = args.format or default_format()
    if fmt == "text":  # fitted to the terminal, coloured on one; files get the plain text
        from .report import console, text
        sys.stdout.writelines(text.chunks(result, settings, console.console(sys.stdout)))
    else:  # written as made: a run's findings are never all in memory
        sys.stdout.writelines(STREAMS[fmt](result, settings))
    for fmt, path in outputs:
        write_atomically(Path(path), STREAMS[fmt](result, settings))
    if args.write_baseline and not result.input_errors:
        return EXIT_CLEAN
    return _exit_status(result, settings)


def _queue(args, catalogue, settings) -> int:
    from .queue import run_queue

    folder = Path(args.folder)
    if not folder.is_dir():
        _error(f"{folder}: {t('queue_not_folder', settings.lang)}")
        return EXIT_ERROR
    _apply_rule_flags(args, catalogue, settings)
    if args.data_docs and args.engine == "spark":
        _error(t("data_docs_not_on_spark", settings.lang))
        return EXIT_ERROR
    progress = _progress_bar(settings.lang)
    previous = Path(args.previous) if args.previous else None
    if previous and (not previous.is_dir() or (previous / "findings.json").exists() != (previous / "corpus.json").exists()):
        _error(f"{previous}: {t('previous_not_found', settings.lang)}")  # a folder, or an output folder with both files
        return EXIT_ERROR
    submissions, result, written = run_queue(folder, settings.active(catalogue), settings, Path(args.out),
                                             max(1, args.jobs), _cache(args, settings), args.data_docs, progress,
                                             previous, _spark_master(args))
    progress.close()
    _say_problems(result, settings.lang, args.debug)
    _error(t("queue_written", settings.lang, out=args.out, count=len(submissions), fresh=written))
    if args.data_docs:
        _error(t("data_docs_written", settings.lang, path=Path(args.data_docs) / "index.html"))
    return _exit_status(result, settings)


def _lake(args, catalogue, settings) -> int:
    from .lint import LintResult
    from .spark import lake

    _apply_rule_flags(args, catalogue, settings)
    files, errors, counts = lake.run(args.table, args.out, settings.active(catalogue), settings, args.spark_master)
    _say_problems(LintResult(files=files, internal_errors=errors), settings.lang, args.debug)
    _error(t("lake_written", settings.lang, out=args.out, documents=len(files), findings=sum(counts.values())))
    if any(file.error for file in files) or errors:
        return EXIT_ERROR
    failing = [severity for severity in counts if SEVERITY_RANK[severity] >= SEVERITY_RANK[settings.fail_on]]
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _serve(args, catalogue, settings) -> int:
    from .serve import serve
    return serve(args.host, args.port, args.config, args.max_upload_mb, max(1, args.workers), settings.lang)


def _apply_rule_flags(args, catalogue, settings) -> None:
    """--select, --ignore and --fail-on: the command line's layer over the configuration."""
    configuration.select(settings, catalogue, _split(args.select), _split(args.ignore))
    if args.fail_on:
        settings.fail_on = args.fail_on


def _say_problems(result, lang: str, debug: bool = False) -> None:
    for note in result.notes:
        _error(note)
    for file in result.files:
        for note in file.notes:
            _error(f"{file.path}: {note}")
    for file in result.input_errors:
        _error(f"{file.path}: {file.error}")
        if debug and file.trace:
            sys.stderr.write(file.trace)
    for problem in result.internal_errors:
        _error(t("rule_failed", lang, path=problem.path, rule=problem.rule, name=problem.name,
                 reason=problem.error))
        if debug and problem.trace:
            sys.stderr.write(problem.trace)


def _exit_status(result, settings) -> int:
    if result.input_errors or result.internal_errors:
        return EXIT_ERROR
    failing = [f for f in result.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[settings.fail_on]]
    return EXIT_FINDINGS if failing else EXIT_CLEAN


class _progress_bar:
    """A progress bar on a terminal, nothing when standard error is not one."""

    def __init__(self, lang: str):
        self.bar = None
        if sys.stderr.isatty():
            import shutil

            from tqdm import tqdm
            columns, rows = shutil.get_terminal_size((80, 24))  # a new terminal may report 0 × 0
            self.bar = tqdm(total=0, unit=" files" if lang == "en" else " 个文件", file=sys.stderr, leave=False,
                            ncols=max(40, columns), nrows=max(2, rows))

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _cache(args, settings):
    from .cache import Cache, default_directory
    return None if args.no_cache else Cache(Path(args.cache_dir) if args.cache_dir else default_directory(), settings)


def _fix(args, catalogue, settings) -> int:
    import difflib

    from .fix import fix, summary
    from .lint import expand
    from .reading import SUFFIXES, InputError, decode, read_bytes

    lang, status = settings.lang, EXIT_CLEAN
    for path, problem in expand(args.paths)[0]:
        name = readable_path(path)  # as messages show it; the file is read and written at `path`
        try:
            if problem:
                raise InputError(problem, suffixes=" ".join(SUFFIXES))
            data = read_bytes(path)
            fixed = fix(path, data, catalogue)
        except InputError as err:
            _error(f"{name}: {t(err.key, lang, **err.params)}")
            status = EXIT_ERROR
            continue
        if fixed.data == data:
            _error(t("fix_nothing", lang, path=name))
            continue
        said = summary(fixed.counts, catalogue, lang)
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(
                decode(data)[0].splitlines(keepends=True), decode(fixed.data)[0].splitlines(keepends=True),
                fromfile=name, tofile=f"{name} (fixed)"))
            continue
        target = Path(path) if args.in_place else _fixed_name(Path(path))
        if target.exists() and not (args.in_place or args.force):
            _error(t("fix_exists", lang, target=readable_path(str(target))))
            status = EXIT_ERROR
            continue
        write_atomically(target, fixed.data)
        _error(t("fix_in_place" if args.in_place else "fix_written", lang, path=name, summary=said,
                 target=readable_path(str(target))))
    return status


def _fixed_name(path: Path) -> Path:
    return path.with_name(f"{path.stem}.fixed{path.suffix}")


def _rules(args, catalogue, settings) -> int:
    lang = settings.lang
    rows = [{"id": rule.id, "name": rule.name, "category": rule.category,
             "severity": settings.rules[rule.id].severity, "enabled": settings.rules[rule.id].enabled,
             "checks": pick(rule.checks, lang)} for rule in catalogue]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    table = [[r["id"], r["name"], r["category"], t(f"severity_{r['severity']}", lang),
              t("yes" if r["enabled"] else "no", lang)] for r in rows]
    headers = [t(k, lang) for k in ("col_id", "col_name", "col_category", "col_severity", "col_enabled")]
    sys.stdout.write(tabulate(table, headers=headers, tablefmt="simple") + "\n")
    return EXIT_CLEAN


def _explain(args, catalogue, settings) -> int:
    from .docs import explain

    rule = configuration.find_rule(catalogue, args.rule, "explain")
    sys.stdout.write(explain(rule, settings.rules[rule.id], settings.lang))
    return EXIT_CLEAN


def _set_limit(settings, spec: str) -> None:
    """--limit NAME=VALUE: the command line's layer over the configuration's limits."""
    from .reading.limits import Limits

    name, sep, value = spec.partition("=")
    try:
        number = float(value)
    except ValueError:
        number = None
    if not sep or name not in Limits.names() or number is None:
        raise configuration.ConfigError("config_limit_spec", spec=spec, names=", ".join(Limits.names()))
    configuration.set_limit(settings, name, int(number) if number.is_integer() else number, "--limit")


def _split(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _parse_output(spec: str) -> tuple[str, str]:
    fmt, sep, path = spec.partition(":")
    if not sep or fmt not in _formats() or not path:
        raise configuration.ConfigError("config_output_spec", spec=spec, formats=", ".join(_formats()))
    return fmt, path


def _error(message: str) -> None:
    from .report.safe import visible
    sys.stderr.write(f"jxaudit: {visible(message)}\n")  # file names and cell text act on no terminal


if __name__ == "__main__":
    sys.exit(main())
