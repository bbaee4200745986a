from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from gen.pipeline import Checked, check_input

# Parsed profiles are cached between runs; the tests keep theirs apart from the user's.
os.environ.setdefault("BUDGETDOC_CACHE", tempfile.mkdtemp(prefix="budgetdoc-cache-"))

ROOT = Path(__file__).parent.parent
INPUTS = ROOT / "inputs"
JIANGHAN_2023 = INPUTS / "jianghan-2023.yaml"
JIANGHAN_2022 = INPUTS / "jianghan-2022.yaml"


@pytest.fixture(scope="session")
def jianghan() -> Checked:
    return check_input(JIANGHAN_2023)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the golden files from the current output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def a_year_earlier(text: str) -> str:
    """minimal.yaml's text as last year's input: the year before, indicator history before that."""
    return text.replace("  year: 2023\n", "  year: 2022\n", 1).replace("history: {2022:", "history: {2021:")
