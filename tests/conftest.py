from __future__ import annotations

from pathlib import Path

import pytest

from gen.pipeline import Checked, check_input

ROOT = Path(__file__).parent.parent
INPUTS = ROOT / "inputs"
JIANGHAN_2023 = INPUTS / "jianghan-2023.yaml"
JIANGHAN_2022 = INPUTS / "jianghan-2022.yaml"


@pytest.fixture(scope="session")
def jianghan() -> Checked:
    return check_input(JIANGHAN_2023)
