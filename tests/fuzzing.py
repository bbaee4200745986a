"""Hypothesis settings the fuzz tests share: FUZZ_SCALE=10 in the environment runs ten times as many."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz(examples: int) -> Callable[[Any], Any]:
    # No example database: nothing is left in the checkout, and CI starts from scratch anyway.
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
