"""JUnit XML: one test suite per file, one test case per rule (failed when the rule found something)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from xml.etree import ElementTree as ET

from ..config import Settings
from ..i18n import t
from .stream import per_file


def render(result, settings: Settings) -> str:
    return "".join(chunks(result, settings))


def chunks(result, settings: Settings) -> Iterator[str]:
    """The report in pieces, one file's test suite at a time (the same text as render)."""
    lang = settings.lang
    rules = sorted(result.rules, key=lambda r: r.id)
    failed_rules = {(error.path, error.rule): error for error in result.internal_errors}
    found_rules = {(finding.path, finding.rule) for finding in result.findings}  # the totals come first
    readable = [file for file in result.files if not file.error]
    suites = ET.Element("testsuites", name="jxaudit")
    suites.set("tests", str(len(readable) * len(rules) + len(result.files) - len(readable)))
    suites.set("failures", str(sum((file.path, rule.id) in found_rules for file in readable for rule in rules)))
    suites.set("errors", str(len(result.files) - len(readable)
                             + sum((file.path, rule.id) in failed_rules for file in readable for rule in rules)))
    head = ET.tostring(suites, encoding="unicode").removesuffix(" />")
    if not result.files:
        yield '<?xml version="1.0" encoding="UTF-8"?>\n' + head + " />\n"
        return
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' + head + ">"
    for file, found in per_file(result.files, result.findings):
        by_rule = defaultdict(list)
        for finding in found:
            by_rule[finding.rule].append(finding)
        suite = ET.Element("testsuite", name=file.path)
        tests = failures = errors = 0
        if file.error:
            case = ET.SubElement(suite, "testcase", classname=file.path, name="read")
            ET.SubElement(case, "error", message=file.error, type="input").text = file.error
            tests, errors = 1, 1
        else:
            for rule in rules:
                case = ET.SubElement(suite, "testcase", classname=file.path, name=f"{rule.id} {rule.name}")
                tests += 1
                if by_rule.get(rule.id):
                    failures += 1
                    lines = [f"{_where(f)}: {t('with_suggestion', lang, message=f.message, suggestion=f.suggestion)}"
                             for f in by_rule[rule.id]]
                    failure = ET.SubElement(case, "failure", type=by_rule[rule.id][0].severity,
                                            message=f"{len(by_rule[rule.id])} × {rule.name}")
                    failure.text = "\n".join(lines)
                failed = failed_rules.get((file.path, rule.id))
                if failed:  # the rule broke on this file: its findings there are missing
                    errors += 1
                    ET.SubElement(case, "error", message=failed.error, type="internal").text = t(
                        "rule_failed", lang, path=file.path, rule=rule.id, name=rule.name, reason=failed.error)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        ET.indent(suite, level=1)
        yield "\n  " + ET.tostring(suite, encoding="unicode")
    yield "\n</testsuites>\n"


def _where(finding) -> str:
    place = f"{finding.path}:{finding.line}" if finding.line else finding.path
    if finding.project:
        place += f" {finding.project}"
    if finding.indicator is not None:
        place += f" #{finding.indicator}"
    return place
