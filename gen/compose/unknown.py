"""What a profile template sees of a figure the input does not reveal: an Unknown, never None or 0.

Compute leaves such a figure None (or an input list unstated); the sandbox hands templates an
`Unknown` in its place. Testing it with `is none` is allowed (that is how a template prints a
comparison only when last year is known); any other use — printing it, a filter, `if`, arithmetic,
a loop — records the missing fact with the recorder of the render in progress, so that compose can
name every missing input field and the section that needed it, all at once. Outside a render it
raises `Unrevealed`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel

from gen.compute.revealed import NO_PRIOR, Fact, Missing, Revealed, Unrevealed
from gen.compute.yoy import Change
from gen.load.source import Path_
from models.budget import Budget as BudgetModel
from models.budget import Overview, Staffing, ThreePublic
from models.performance import Performance

# Input fields whose absence is a missing fact (a list left out is not an empty list).
INPUT_FACTS: dict[tuple[type[BaseModel], str], Fact] = {
    (BudgetModel, "units"): Fact.UNITS,
    (BudgetModel, "projects"): Fact.PROJECTS,
    (BudgetModel, "procurement"): Fact.PROCUREMENT,
    (BudgetModel, "purchased_services"): Fact.PURCHASED_SERVICES,
    (BudgetModel, "assets"): Fact.ASSETS,
    (BudgetModel, "three_public"): Fact.THREE_PUBLIC,
    (Overview, "staffing"): Fact.STAFFING,
    **{
        (Staffing, name): Fact.STAFFING
        for name in ("authorized", "in_service", "retired_lixiu", "retired_tuixiu")
    },
    (Performance, "overall_forms"): Fact.OVERALL_FORMS,
    (Performance, "project_forms"): Fact.PROJECT_FORMS,
    (ThreePublic, "vehicle_plan"): Fact.VEHICLE_PLAN,
}
_PRIOR_ATTRIBUTES = frozenset({"prior", "delta", "percent", "direction"})


class Recorder:
    """The missing facts one render used, and the empty input fields it read (for an empty section)."""

    def __init__(self) -> None:
        self.missing: dict[Fact, Missing] = {}
        self.empty: list[Path_] = []

    def use(self, missing: Missing) -> None:
        self.missing.setdefault(missing.fact, missing)


_RECORDER: ContextVar[Recorder | None] = ContextVar("budgetdoc_unknown_recorder", default=None)


@contextmanager
def recording() -> Iterator[Recorder]:
    recorder = Recorder()
    token = _RECORDER.set(recorder)
    try:
        yield recorder
    finally:
        _RECORDER.reset(token)


class Unknown:
    """A figure or list the input does not reveal, standing where a template expects a value."""

    __slots__ = ("missing",)

    def __init__(self, missing: Missing) -> None:
        self.missing = missing

    def use(self) -> None:
        recorder = _RECORDER.get()
        if recorder is None:
            raise Unrevealed(self.missing)
        recorder.use(self.missing)

    def __repr__(self) -> str:
        return f"Unknown({self.missing.fact})"

    def __str__(self) -> str:
        self.use()
        return ""

    def __format__(self, spec: str) -> str:
        self.use()
        return ""

    def __bool__(self) -> bool:
        self.use()
        return False

    def __iter__(self) -> Iterator[Any]:
        self.use()
        return iter(())

    def __len__(self) -> int:
        self.use()
        return 0

    def __contains__(self, item: object) -> bool:
        self.use()
        return False

    def __getattr__(self, name: str) -> Unknown:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key: object) -> Unknown:
        return self

    def __call__(self, *args: object, **kwargs: object) -> Unknown:
        return self

    def _arithmetic(self, *other: object) -> Unknown:
        self.use()
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _arithmetic
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _arithmetic
    __neg__ = __pos__ = __abs__ = _arithmetic

    def _compare(self, other: object) -> bool:
        self.use()
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _compare

    def __eq__(self, other: object) -> bool:
        self.use()
        return False

    def __ne__(self, other: object) -> bool:
        self.use()
        return False

    def __hash__(self) -> int:
        return hash(self.missing)


def is_unknown(value: object) -> bool:
    return isinstance(value, Unknown)


def is_none(value: object) -> bool:
    """Jinja's `none` test, for which an Unknown counts as none: asking whether a figure is known."""
    return value is None or isinstance(value, Unknown)


class Unknowns:
    """Turns what a template reads into Unknowns where the input does not reveal it."""

    def __init__(self, revealed: Revealed, budget: BudgetModel) -> None:
        self.revealed = revealed
        self.paths: dict[int, Path_] = {}
        self._index(budget, ())

    def _index(self, node: Any, path: Path_) -> None:
        if isinstance(node, BaseModel):
            self.paths[id(node)] = path
            for name in type(node).model_fields:
                self._index(getattr(node, name), (*path, name))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                self._index(item, (*path, i))

    def missing(self, fact: Fact, path: Path_ | None = None) -> Missing:
        if fact in self.revealed.missing:
            return self.revealed.missing[fact]
        if fact is Fact.PRIOR:
            return NO_PRIOR
        return Missing(fact, fact.value, (path,) if path else ())

    def wrap(self, owner: Any, name: str, value: Any) -> Any:
        if isinstance(owner, Unknown):
            return owner
        if isinstance(owner, BaseModel):
            return self._input(owner, name, value)
        inputs = getattr(type(owner), "INPUT", None)
        if dataclasses.is_dataclass(owner) and inputs and name in inputs and not value:
            # A view's attribute that is an input field (an item's 项目概述, relative to the item; or
            # where its 绩效目标申报表 would go): read empty, it explains an empty section.
            field = inputs[name]
            self._empty(field if isinstance(field, tuple) else (*getattr(owner, "path", ()), field))
        if value is not None:
            return value
        if isinstance(owner, Change):
            # A percent is also None when last year was zero: that is no base, not an unknown year.
            unknown_year = name in _PRIOR_ATTRIBUTES and owner.prior is None
            return Unknown(self.missing(Fact.PRIOR)) if unknown_year else None
        facts = getattr(type(owner), "FACTS", None)
        if dataclasses.is_dataclass(owner) and facts and name in facts:
            return Unknown(self.missing(facts[name]))
        return value

    @staticmethod
    def _empty(path: Path_) -> None:
        recorder = _RECORDER.get()
        if recorder is not None:
            recorder.empty.append(path)

    def _input(self, owner: BaseModel, name: str, value: Any) -> Any:
        fact = INPUT_FACTS.get((type(owner), name))
        unset = name not in owner.model_fields_set or value is None
        if fact is not None and unset and not self.revealed.known(fact):
            return Unknown(self.missing(fact))
        if value is None or value == [] or value == {} or value == "":
            where = self.paths.get(id(owner))
            if where is not None and name in type(owner).model_fields:
                self._empty((*where, name))
        return value


__all__ = [
    "INPUT_FACTS",
    "NO_PRIOR",
    "Recorder",
    "Unknown",
    "Unknowns",
    "is_none",
    "is_unknown",
    "recording",
]
