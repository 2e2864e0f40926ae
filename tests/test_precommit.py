"""The pre-commit hook, run by the real pre-commit tool from this repository's .pre-commit-hooks.yaml:
a commit of a defective table fails, a commit of a clean one passes. Slow (pre-commit installs
jxaudit into an environment of its own), so it is one test."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN, ROOT, TESTS


def git(*args, cwd, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_pre_commit_blocks_a_defective_table(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("needs this repository's git history (run from a clone)")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    shown = subprocess.run(["git", "show", f"{rev}:.pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True)
    assert shown.returncode == 0, "commit .pre-commit-hooks.yaml first: pre-commit reads it from HEAD"
    repo = tmp_path / "budget-data"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "HOME": str(tmp_path),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "JXAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    assert git("init", "-q", cwd=repo, env=env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {rev}\n  hooks:\n  - id: jxaudit\n", encoding="utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    installed = subprocess.run(pre_commit + ["install"], cwd=repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr

    shutil.copy(CLEAN, repo / "clean.txt")
    git("add", ".", cwd=repo, env=env)
    clean = git("commit", "-m", "clean table", cwd=repo, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    shutil.copy(TESTS / "data" / "defective.txt", repo / "defective.txt")
    git("add", "defective.txt", cwd=repo, env=env)
    defective = git("commit", "-m", "defective table", cwd=repo, env=env)
    assert defective.returncode != 0
    assert "TG01" in defective.stdout + defective.stderr  # the hook's report says why
    assert git("log", "--oneline", cwd=repo, env=env).stdout.count("\n") == 1  # only the clean commit
