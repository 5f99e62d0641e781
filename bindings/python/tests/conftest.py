"""Shared by the tests: where the repository is, the rule sets, and the `onramp` CLI (the
native path the package must agree with), which scripts/test.sh builds and names in
ONRAMP_CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import onramp

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "tests" / "corpus"
AS_OF = "2026-11-23"


def cli_path() -> Path | None:
    """The `onramp` binary: ONRAMP_CLI, else a release or debug build in the target dir."""
    if os.environ.get("ONRAMP_CLI"):
        return Path(os.environ["ONRAMP_CLI"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        if (target / profile / "onramp").is_file():
            return target / profile / "onramp"
    found = shutil.which("onramp")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli() -> Path:
    path = cli_path()
    if path is None:
        pytest.fail("no onramp CLI: build it (cargo build --release -p onramp-cli) or set ONRAMP_CLI")
    return path


def run_cli(cli: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cli), *args], cwd=REPO, capture_output=True, text=True)


@pytest.fixture(scope="session")
def nyc() -> onramp.RuleSet:
    return onramp.RuleSet.from_dir(REPO / "rules" / "nyc")


@pytest.fixture(scope="session")
def example() -> onramp.RuleSet:
    return onramp.RuleSet.from_dir(REPO / "tests" / "example")


@pytest.fixture(scope="session")
def sample_lines() -> list[str]:
    """The committed 1 000-household NYC sample (seed 1), one case per line."""
    return (REPO / "tests" / "caseload" / "nyc-1000.jsonl").read_text(encoding="utf-8").splitlines()
