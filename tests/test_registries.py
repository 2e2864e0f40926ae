"""One place for each fact: formats, suffixes and rule ids live in their registries, and the files
that must repeat them (the pre-commit hook, the README) are tied to them here."""
from __future__ import annotations

import re

import yaml
from conftest import ROOT

from audit.reading import READERS, SUFFIXES
from audit.report import FORMATS


def test_the_pre_commit_hook_takes_every_suffix_the_readers_read():
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    expected = r"\.(" + "|".join(suffix[1:] for suffix in SUFFIXES) + r")$"
    assert hook["files"] == expected, f"set files: {expected} in .pre-commit-hooks.yaml"


def test_suffixes_come_from_the_reader_modules_once_each():
    assert SUFFIXES == tuple(suffix for reader in READERS for suffix in reader.SUFFIXES)
    assert len(set(SUFFIXES)) == len(SUFFIXES)
    assert all(callable(reader.read) and reader.FORMATS for reader in READERS)


def test_the_readme_names_every_input_suffix_and_output_format():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [suffix for suffix in SUFFIXES if f"`{suffix}`" not in readme]
    assert not missing, f"README's Input table does not name {missing}"
    usage = next(line for line in readme.splitlines() if "--format json" in line)
    assert usage.split("#")[1].strip() == " | ".join(FORMATS), "README's --format line lists other formats"


def test_the_command_line_offers_every_output_format(capsys):
    from audit.cli import main
    assert main(["check", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "{" + ",".join(FORMATS) + "}" in help_text


def test_no_rule_id_appears_in_python_outside_tests(catalogue):
    from audit.triage import meta_findings
    prefixes = {rule.id[:2] for rule in catalogue} | {entry["rule"][:2] for entry in meta_findings().values()}
    pattern = re.compile(rf"\b({'|'.join(sorted(prefixes))})\d\d\b")
    hits = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for path in sorted((ROOT / "audit").rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not hits, "rule ids belong in the records (expectations/*.yaml), not in Python:\n" + "\n".join(hits)
