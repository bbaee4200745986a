"""Fuzzing the checks: tests/data/minimal.yaml mutated line by line never crashes check_input.

A value replaced by a generated scalar (numbers of every shape, text, blanks, lists, booleans, dates,
quoted strings, codes of the wrong length, YAML tags), a line deleted, a list item duplicated: the
outcome is findings or an InputError, each finding with a message and located in the input.
FUZZ_SCALE=10 in the environment runs ten times as many examples.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gen.errors import InputError
from gen.findings import Finding
from gen.pipeline import Checked, check_input
from tests.fuzzing import fuzz

MINIMAL = Path(__file__).parent.parent / "data" / "minimal.yaml"
LINES = MINIMAL.read_text(encoding="utf-8").splitlines()

# `key: value` on its own line (`- key: value` too), and `key: value` inside a flow mapping {…}.
PAIR = re.compile(r"^(?P<head>\s*(?:- )?[\w]+: )(?P<value>[^{\s].*)$")
FLOW_PAIR = re.compile(r"(?P<head>[{,] \w+: )(?P<value>[^,{}]+)")


# ---------------------------------------------------------------- scalars as YAML text

DIGITS = "0123456789"

NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: format(d, "f")),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),  # 1E+5, -0E-7 …
    st.builds(
        lambda whole, decimals: f"{whole}.{decimals}",
        st.integers(-(10**6), 10**6),
        st.text(alphabet=DIGITS, min_size=1, max_size=40),
    ),
    st.builds(
        lambda mantissa, exponent: f"{mantissa}e{exponent}",
        st.sampled_from(["1", "-1", "1.5", "9.99", "0", "-0.0"]),
        st.integers(-400, 400),
    ),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        [
            "1e30",
            "1E-30",
            "-1e-30",
            "1e15",
            "1e16",
            "999999999999999.99",
            "1000000000000000",
            "0.001",
            "-0.00",
            "+5",
            "5.",
            ".5",
            "-.5",
            "00",
            "0101",
            "0x10",
            "0o17",
            "1_000",
            "1_000.50",
            "1,234.50",
            "1，234.50",
            "１２３４．５０",
            "1 234",
            "12元",
            "¥12",
            "-",
            "+",
            ".",
            "e5",
            ".nan",
            ".inf",
            "-.inf",
            "nan",
            "Infinity",
            "1e",
            "1e+",
            "0b101",
            "9" * 31,
            "1" + "0" * 400,
            "1e1000000",
            "-1e1000000",
            "1e-99999999",
            "0E-99999999",
            "1." + "0" * 50,
            "9" * 5000,
        ]
    ),
)

TEXT = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=12),
    st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=20),
    st.builds(lambda n: "测" * n, st.integers(1, 25000)),
    st.sampled_from(["测" * 1000, "测" * 1001, "测" * 20000, "测" * 20001]),
    st.sampled_from(["测试", "一般公共预算", "其他", "行政", "事业", "经常性", "≥90%", "a b", "\u3000"]),
)

# Characters that are not what they seem, and ones no document format can hold, as YAML escapes.
ODD_CHARACTERS = [
    "\\u200b",
    "\\u202e",
    "\\u2067",
    "\\u2028",
    "\\x85",
    "\\uFFFF",
    "\\uFDD0",
    "\\uD800",
    "\\x9b",
]

QUOTED = st.one_of(
    st.text(max_size=30).map(lambda t: json.dumps(t, ensure_ascii=False)),
    st.builds(
        lambda before, odd, after: f'"{before}{odd}{after}"',
        st.sampled_from(["", "测试", "2010101", "901001"]),
        st.sampled_from(ODD_CHARACTERS),
        st.sampled_from(["", "本级", "1"]),
    ),
    st.text(max_size=30).map(lambda t: "'" + t.replace("'", "''").replace("\n", " ") + "'"),
    st.sampled_from(['"\\x00"', '"\\u0000"', '"\\t"', '"a\\nb"', '"\\u200b"', '" "', "' '", '"\\x1b"']),
)

CODES = st.one_of(
    st.text(alphabet=DIGITS, min_size=0, max_size=12),
    st.text(alphabet=DIGITS, min_size=0, max_size=12).map(lambda c: f'"{c}"'),
    st.builds(lambda c: f"P{c}", st.text(alphabet=DIGITS, max_size=6)),
    st.text(alphabet="0123456789ABCPXZ", min_size=1, max_size=45).map(lambda c: f'"{c}"'),
    st.sampled_from(["901", '"901001"', '"9010010"', '"2010101"', '"201"', '"20101"', '"30101"', '"302"']),
)

OTHER = st.sampled_from(
    [
        # blanks
        "",
        "''",
        '""',
        "~",
        "null",
        # lists and mappings
        "[]",
        "[1, 2]",
        "[a, [b]]",
        '["901001"]',
        "{}",
        "{a: 1}",
        "{amount: 1}",
        # booleans
        "true",
        "false",
        "yes",
        "no",
        "on",
        "是",
        "否",
        # dates, valid and not
        "2022-11-20",
        "2023-01-01",
        "2022-13-45",
        "2022-02-30",
        "2022-02-29",
        "0001-01-01",
        "9999-12-31",
        "2022-11-20T10:00:00",
        "2022-11-20 10:00:00+08:00",
        "2022/11/20",
        "2022年11月20日",
        "20221120",
        # tags the loader may hand over as something else than text or numbers
        "!!str 1",
        "!!str",
        "!!binary aGk=",
        "!!set {x}",
        "!!pairs [a: 1]",
        "!!omap [a: 1]",
        "!!timestamp 2022-11-20",
        "!!float 1",
        "!!int 1",
        "!!null",
        "!!bool yes",
        "!!map {}",
        "!!seq []",
    ]
)

YEARS = st.one_of(st.dates().map(str), st.integers(1900, 2100).map(str))
SCALARS = st.one_of(NUMBERS, TEXT, QUOTED, CODES, OTHER, YEARS)


# ---------------------------------------------------------------- mutations of the minimal input


def _where(lines: list[str], kind: str) -> list[int]:
    """The lines a mutation of `kind` can apply to, in the text as mutated so far."""
    if kind == "value":
        return [i for i, line in enumerate(lines) if PAIR.match(line) and "{" not in line]
    if kind == "flow":
        return [i for i, line in enumerate(lines) if FLOW_PAIR.search(line)]
    if kind == "delete":
        return [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    return [i for i, line in enumerate(lines) if line.lstrip().startswith("- ")]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value"] * 6 + ["flow"] * 2 + ["delete", "duplicate"]))
        places = _where(lines, kind)
        if not places:
            continue
        at = draw(st.sampled_from(places))
        if kind == "value":
            match = PAIR.match(lines[at])
            assert match is not None
            lines[at] = match["head"] + draw(SCALARS)
        elif kind == "flow":
            pair = draw(st.sampled_from(list(FLOW_PAIR.finditer(lines[at]))))
            lines[at] = lines[at][: pair.start("value")] + draw(SCALARS) + lines[at][pair.end("value") :]
        elif kind == "delete":
            del lines[at]
        else:
            item = _item(lines, at)
            lines[at + len(item) : at + len(item)] = item
    return "\n".join(lines) + "\n"


def _item(lines: list[str], at: int) -> list[str]:
    """The list item starting at line `at`: its dash line and the lines indented deeper than the dash."""
    dash = len(lines[at]) - len(lines[at].lstrip())
    end = at + 1
    while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > dash and lines[end].strip():
        end += 1
    return lines[at:end]


# Three English words in a row, outside the “…” that quote the input: a message from a library.
ENGLISH = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}")
QUOTES = re.compile(r"“[^”]*”")


def _check_findings(findings: list[Finding], name: str) -> None:
    for finding in findings:
        assert finding.message.strip(), finding
        assert finding.locations, finding
        assert any(location.file == name for location in finding.locations), finding
        assert not ENGLISH.search(QUOTES.sub("", finding.message)), finding.message
        assert len(finding.message) < 2000, "a message must not quote a whole value"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(250)
@given(text=mutated())
@example(text="\n".join(LINES).replace("amount: 150.00", "amount: 1e30") + "\n")
@example(text="\n".join(LINES).replace("amount: 150.00", "amount: " + "9" * 31) + "\n")
@example(text="\n".join(LINES).replace("filled_on: 2022-11-20", "filled_on: 2022-13-45") + "\n")
@example(text="\n".join(LINES).replace("  year: 2023", "  year: 1") + "\n")
@example(text="\n".join(LINES).replace("  year: 2023", "  year: 99999") + "\n")
@example(text="\n".join(LINES).replace("    quantity: 1\n", "    quantity: 0\n") + "\n")
@example(text="\n".join(LINES).replace("weight: 40", "weight: 1e30") + "\n")
@example(text="\n".join(LINES).replace("name: 测试市测试局\n", "name: !!binary aGk=\n") + "\n")
@example(text="\n".join(LINES).replace("amount: 150.00", 'amount: "\\uD800"') + "\n")  # a lone surrogate
def test_mutated_minimal_input(workdir: Path, text: str) -> None:
    findings, _ = _checked(workdir, text)
    _check_findings(findings, "input.yaml")


def _checked(workdir: Path, text: str) -> tuple[list[Finding], Checked | None]:
    """`text` as an input: its findings, and the checked input unless it could not even be computed."""
    path = workdir / "input.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        checked = check_input(path)
    except InputError as exc:
        assert exc.findings, "an InputError without findings"
        return exc.findings, None
    return checked.findings, checked


def test_the_mutations_reach_every_kind_of_line() -> None:
    """The line patterns match the minimal input as written (a guard against its layout changing)."""
    assert len(_where(LINES, "value")) > 50
    assert len(_where(LINES, "flow")) >= 5
    assert len(_where(LINES, "duplicate")) > 20
    assert _item(LINES, LINES.index("  - code: P001")) == LINES[LINES.index("  - code: P001") :][:6]


# Text an input may hold, in any field that takes text: whatever the checks let through, every format prints.
TEXT_LINES = [i for i, line in enumerate(LINES) if PAIR.match(line) and re.search(r"[\u4e00-\u9fff]", line)]


@st.composite
def retexted(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for at in draw(st.lists(st.sampled_from(TEXT_LINES), min_size=1, max_size=3, unique=True)):
        match = PAIR.match(lines[at])
        assert match is not None
        lines[at] = match["head"] + draw(QUOTED)
    return "\n".join(lines) + "\n"


@fuzz(12)
@given(text=retexted())
@example(text="\n".join(LINES).replace("name: 测试市测试局本级", 'name: "测试\\uFFFE本级"') + "\n")
@example(text="\n".join(LINES).replace("name: 测试市测试局本级", 'name: "测试\\U0001F600本级"') + "\n")
def test_what_the_checks_accept_every_format_prints(workdir: Path, text: str) -> None:
    from gen.render import RenderJob, renderers

    _, checked = _checked(workdir, text)
    if checked is None or checked.errors:
        return
    job = RenderJob(checked.computed, checked.computed.budget.meta.profile, workdir)
    available = renderers()
    for fmt in ("html", "docx", "xlsx", "json"):
        assert available[fmt].render(job)
