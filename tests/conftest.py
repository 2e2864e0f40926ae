from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
EXAMPLE = ROOT / "examples" / "huadu-police-2025.txt"
CLEAN = TESTS / "data" / "clean.txt"
sys.path.insert(0, str(TESTS))  # the tables helper


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Each test gets an empty cache of its own: never the user's, never another test's."""
    monkeypatch.setenv("JXAUDIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


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
