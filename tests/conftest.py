from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
EXAMPLE = ROOT / "examples" / "huadu-police-2025.txt"
CLEAN = TESTS / "data" / "clean.txt"
sys.path.insert(0, str(TESTS))  # the tables helper


@pytest.fixture(scope="session")
def catalogue():
    from audit.catalogue import load_rules
    return load_rules()


@pytest.fixture()
def settings(catalogue):
    from audit import config
    return config.load(catalogue, cwd=Path("/nonexistent"))


def lint_paths(paths, catalogue, settings):
    from audit.lint import lint
    return lint([str(p) for p in paths], settings.active(catalogue), settings)
