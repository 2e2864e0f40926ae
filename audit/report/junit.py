"""JUnit XML: one test suite per file, one test case per rule (failed when the rule found something)."""
from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from ..config import Settings
from ..i18n import t


def render(result, settings: Settings) -> str:
    lang = settings.lang
    by_file_rule = defaultdict(list)
    for finding in result.findings:
        by_file_rule[(finding.path, finding.rule)].append(finding)
    failed_rules = {(error.path, error.rule): error for error in result.internal_errors}
    suites = ET.Element("testsuites", name="jxaudit")
    total_tests = total_failures = total_errors = 0
    for file in result.files:
        suite = ET.SubElement(suites, "testsuite", name=file.path)
        tests = failures = errors = 0
        if file.error:
            case = ET.SubElement(suite, "testcase", classname=file.path, name="read")
            ET.SubElement(case, "error", message=file.error, type="input").text = file.error
            tests, errors = 1, 1
        else:
            for rule in sorted(result.rules, key=lambda r: r.id):
                case = ET.SubElement(suite, "testcase", classname=file.path, name=f"{rule.id} {rule.name}")
                tests += 1
                found = by_file_rule.get((file.path, rule.id))
                if found:
                    failures += 1
                    lines = [f"{_where(f)}: {t('with_suggestion', lang, message=f.message, suggestion=f.suggestion)}"
                             for f in found]
                    failure = ET.SubElement(case, "failure", type=found[0].severity,
                                            message=f"{len(found)} × {rule.name}")
                    failure.text = "\n".join(lines)
                failed = failed_rules.get((file.path, rule.id))
                if failed:  # the rule broke on this file: its findings there are missing
                    errors += 1
                    ET.SubElement(case, "error", message=failed.error, type="internal").text = t(
                        "rule_failed", lang, path=file.path, rule=rule.id, name=rule.name, reason=failed.error)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        total_tests, total_failures, total_errors = total_tests + tests, total_failures + failures, total_errors + errors
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", str(total_errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _where(finding) -> str:
    place = f"{finding.path}:{finding.line}" if finding.line else finding.path
    if finding.project:
        place += f" {finding.project}"
    if finding.indicator is not None:
        place += f" #{finding.indicator}"
    return place
