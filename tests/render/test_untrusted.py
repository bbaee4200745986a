"""Untrusted content: input text prints literally in every format; profile templates stay in their
sandbox and their folder; no input, template or reference document makes the build read a local file,
use the network or expand an XML entity.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import docx
import lxml.html
import openpyxl
import pytest
from docx.oxml.ns import qn
from lxml import etree
from markupsafe import escape
from pypdf import PdfReader

from gen.compose import compose, load_profile
from gen.compose.templating import ProfileTemplateError
from gen.compute.diff import Diff, compare
from gen.errors import InputError, UsageError
from gen.inputs.data import budget_data
from gen.inputs.workbook import write_workbook
from gen.load import load_source
from gen.pipeline import Checked, check_input, load_budget
from gen.render import ChosenPdf, RenderJob, renderers
from gen.render.diff import writers
from gen.render.pdf import _fetcher, render_pdf
from gen.render.word import render_docx
from gen.render.word.reference import REFERENCE
from tests.conftest import ROOT, a_year_earlier
from tests.profiles import write_profile

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
NATIONAL = ROOT / "templates" / "national"
PROFILE = "wuhan"  # the profile that prints project and procurement names too
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# What must never reach an output or a message: /etc/passwd's first line, or a secret we plant.
PASSWD = "root:x:0:0"
SECRET = "SECRET-c0ffee-4711"


# ---------------------------------------------------------------- guards


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to look up a host or open a connection is recorded and fails."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:2]))
        raise OSError("network use in a test of untrusted content")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert attempts == [], f"the build tried the network: {attempts}"


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging where Python can be interrupted (not inside one huge C-level operation,
    which is why the sandbox refuses those before they start)."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _clean(message: str) -> None:
    assert PASSWD not in message and SECRET not in message


# ---------------------------------------------------------------- 1. hostile text in the input

HOSTILE = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("{{ 7*7 }}", id="jinja-expression"),
    pytest.param("{% raw %}", id="jinja-statement"),
    pytest.param("</w:t>]]>&amp;", id="xml"),
    pytest.param('=HYPERLINK("http://x","y")', id="formula-hyperlink"),
    pytest.param("+1+1", id="formula-plus"),
    pytest.param("-2+3", id="formula-minus"),
    pytest.param("@SUM(A1)", id="formula-at"),
    pytest.param("[bold]x[/bold][/] :smile:", id="terminal-markup"),  # rich markup in `diff` text
    # Typst code and markup in the PDF: must print, never run, read /etc/passwd or fetch a package.
    pytest.param('#read("/etc/passwd")#import "@preview/cetz:0.3.0": *', id="typst-code"),
    pytest.param('] *粗* $x$ @ref <lbl> \\ \\u{41} "', id="typst-markup"),
]
PDF_CASES = ["script", "xml", "typst-code", "typst-markup"]


@dataclass(frozen=True)
class Placed:
    """Where one hostile text H is put in minimal.yaml, and what each place then prints."""

    hostile: str

    @property
    def unit(self) -> str:  # a cell of its own in the tables
        return self.hostile

    @property
    def department(self) -> str:
        return self.hostile + "局"

    @property
    def project(self) -> str:
        return self.hostile + "项目"

    @property
    def item(self) -> str:  # a procurement item (printed after its code)
        return self.hostile + "服务"

    @property
    def usage(self) -> str:  # narrative text: 服务类…万元，为运维H。
        return "运维" + self.hostile

    def texts(self) -> dict[str, str]:
        return {
            "unit": self.unit,
            "department": self.department,
            "project": self.project,
            "item": self.item,
            "usage": self.usage,
        }

    def evaluated(self) -> list[str]:
        """The texts as they would read had a template engine run them ({{ 7*7 }} → 49)."""
        if self.hostile != "{{ 7*7 }}":
            return []
        return [text.replace(self.hostile, "49") for key, text in self.texts().items() if key != "unit"]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def hostile_input(folder: Path, placed: Placed) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in {
        "    name: 测试市测试局\n": f"    name: {_quoted(placed.department)}\n",
        "name: 测试市测试局本级": f"name: {_quoted(placed.unit)}",
        "信息系统运维项目": _quoted(placed.project),
        "item_name: 硬件运维服务": f"item_name: {_quoted(placed.item)}",
        "服务: 信息系统运维\n": f"服务: {_quoted(placed.usage)}\n",
    }.items():
        assert text.count(old) >= 1, old
        text = text.replace(old, new)
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Built:
    placed: Placed
    job: RenderJob
    outputs: dict[str, bytes] = field(default_factory=dict)

    def output(self, fmt: str) -> bytes:
        if fmt not in self.outputs:
            self.outputs[fmt] = renderers()[fmt].render(self.job)
        return self.outputs[fmt]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """One build per hostile text, each format rendered on first use."""
    cache: dict[str, Built] = {}

    def get(hostile: str) -> Built:
        if hostile not in cache:
            placed = Placed(hostile)
            checked = check_input(hostile_input(tmp_path_factory.mktemp("hostile"), placed))
            assert checked.errors == [], [f.message for f in checked.errors]
            cache[hostile] = Built(placed, RenderJob(checked.computed, PROFILE))
        return cache[hostile]

    return get


@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_prints_input_text_literally(built: Callable[[str], Built], hostile: str) -> None:
    b = built(hostile)
    source = b.output("html").decode("utf-8")
    page = lxml.html.fromstring(source)
    assert page.xpath("//script") == []
    text = page.text_content()
    for where, literal in b.placed.texts().items():
        assert literal in text, where
    assert str(escape(hostile)) in source
    for wrong in b.placed.evaluated():
        assert wrong not in text
    assert not page.xpath("//td[normalize-space(.) = '49']")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_docx_prints_input_text_literally(built: Callable[[str], Built], hostile: str) -> None:
    b = built(hostile)
    word = docx.Document(io.BytesIO(b.output("docx")))  # still well-formed XML
    paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in word.element.body.iter(qn("w:p"))]
    text = "\n".join(paragraphs)
    for where, literal in b.placed.texts().items():
        assert literal in text, where
    assert b.placed.unit in paragraphs  # a table cell of its own
    assert word.core_properties.author == b.placed.department
    assert word.core_properties.title.startswith(b.placed.department)
    for wrong in b.placed.evaluated():
        assert wrong not in text


def _formula_cells(data: bytes) -> list[str]:
    """Every <f> element in the workbook's sheets: there should be none."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                found += [f"{name}:{f.getparent().get('r')}" for f in root.iter(f"{SHEET}f")]
    return found


def _external_relationships(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.endswith(".rels") and b'TargetMode="External"' in archive.read(name)
        ]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_xlsx_keeps_input_text_as_text(built: Callable[[str], Built], hostile: str) -> None:
    b = built(hostile)
    data = b.output("xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    holding = [c for c in cells if isinstance(c.value, str) and hostile in c.value]
    assert {c.data_type for c in holding} == {"s"}
    values = {c.value for c in holding}
    for literal in (b.placed.unit, b.placed.department, b.placed.project):
        assert literal in values  # whole cells that begin with the hostile text
    assert any(b.placed.item in v for v in values)
    assert _formula_cells(data) == []
    assert _external_relationships(data) == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_json_round_trips_input_text(built: Callable[[str], Built], hostile: str) -> None:
    b = built(hostile)
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(b.output("json")))
    for literal in (b.placed.unit, b.placed.department, b.placed.project):
        assert literal in strings
    assert any(b.placed.item in s for s in strings)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("engine", ["typst", "weasyprint"])
@pytest.mark.parametrize("hostile", [p for p in HOSTILE if p.id in PDF_CASES])
def test_pdf_prints_input_text_literally(
    built: Callable[[str], Built], hostile: str, engine: str, tmp_path: Path, no_network: list[str]
) -> None:
    b = built(hostile)
    path = tmp_path / "out.pdf"
    path.write_bytes(ChosenPdf().render(replace(b.job, pdf_engine=engine, notices=[])))
    text = _squeezed(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    )
    # Paragraphs and titles (table cells may wrap in a narrow column).
    assert _squeezed(f"本部门由{b.placed.unit}及") in text
    assert _squeezed(f"为{b.placed.usage}。") in text
    assert _squeezed(b.placed.department) in text
    for wrong in b.placed.evaluated():
        assert _squeezed(wrong) not in text
    _clean(text)
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.author == b.placed.department
    marks: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks.append(item.title)

    walk(reader.outline)
    assert any(b.placed.project in mark for mark in marks)  # the project form's bookmark


# ---------------------------------------------------------------- 1b. the same in `budgetdoc diff`


@pytest.fixture(scope="module")
def diffs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Diff, Placed]]:
    """The hostile input (a unit, the department, a project and a reason) against a plain prior year,
    whose other project had a hostile name (shown as 原名“…”)."""
    cache: dict[str, tuple[Diff, Placed]] = {}

    def get(hostile: str) -> tuple[Diff, Placed]:
        if hostile not in cache:
            folder = tmp_path_factory.mktemp("diff")
            placed = Placed(hostile)
            current = hostile_input(folder, placed)
            reason = _quoted("原因" + hostile)
            current.write_text(
                current.read_text(encoding="utf-8")
                + f'  change_reasons:\n    unit:\n      "901002": {reason}\n',
                encoding="utf-8",
            )
            prior = a_year_earlier(MINIMAL.read_text(encoding="utf-8"))
            prior = prior.replace("name: 车辆更新项目", f"name: {_quoted('旧' + hostile)}")
            (folder / "prior.yaml").write_text(prior, encoding="utf-8")
            checked = check_input(current, folder / "prior.yaml")
            assert checked.errors == [], [f.message for f in checked.errors]
            cache[hostile] = (compare(checked.computed), placed)
        return cache[hostile]

    return get


def _diff_texts(placed: Placed) -> list[str]:
    return [placed.unit, placed.project, "原因" + placed.hostile, "旧" + placed.hostile]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_diff_text_prints_names_and_reasons_as_written(
    diffs: Callable[[str], tuple[Diff, Placed]], hostile: str
) -> None:
    diff, placed = diffs(hostile)
    output = writers()["text"](diff).decode("utf-8")
    assert output.startswith(placed.department)
    # A column wraps a long name onto more lines: read each column top to bottom.
    columns: dict[int, str] = {}
    for line in output.splitlines():
        for index, piece in enumerate(line.split("│")[1:-1]):
            columns[index] = columns.get(index, "") + _squeezed(piece)
    for literal in _diff_texts(placed):
        assert any(_squeezed(literal) in column for column in columns.values()), literal


@pytest.mark.parametrize("hostile", HOSTILE)
def test_diff_html_xlsx_json_keep_names_and_reasons_literal(
    diffs: Callable[[str], tuple[Diff, Placed]], hostile: str
) -> None:
    diff, placed = diffs(hostile)
    source = writers()["html"](diff).decode("utf-8")
    page = lxml.html.fromstring(source)
    assert page.xpath("//script") == []
    text = page.text_content()
    data = writers()["xlsx"](diff)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    as_text = {c.value for c in cells if c.data_type == "s"}
    payload = json.loads(writers()["json"](diff))
    items = [item for section in payload["sections"] for item in section["items"]]
    json_texts = {item["name"] for item in items} | {item["reason"] for item in items}
    json_texts |= {item["prior_name"] for item in items}
    assert payload["department"] == placed.department
    for literal in [placed.department, *_diff_texts(placed)]:
        assert literal in text, literal
        assert any(literal in str(v) for v in as_text), literal
    for literal in (placed.unit, placed.project, "原因" + placed.hostile, "旧" + placed.hostile):
        assert literal in json_texts
    assert placed.unit in as_text and placed.project in as_text  # whole cells beginning with it
    assert {c.data_type for c in cells if isinstance(c.value, str) and hostile in c.value} == {"s"}
    assert _formula_cells(data) == []


# ---------------------------------------------------------------- 2. sandbox escapes in user templates

ESCAPES = [
    pytest.param("{{ ''.__class__.__mro__ }}", "不允许", id="mro"),
    pytest.param("{{ cycler.__init__.__globals__ }}", "不允许", id="cycler-globals"),
    pytest.param("{{ self._TemplateReference__context }}", "不允许", id="template-context"),
    pytest.param("{{ lipsum.__globals__ }}", "不允许", id="lipsum-globals"),
    pytest.param("{{ ''|attr('__class__') }}", "不允许", id="attr-filter"),
    pytest.param("{{ [lipsum]|selectattr('__globals__')|list }}", "不允许", id="selectattr"),
    pytest.param("{{ '{0.__class__}'.format('') }}", "不允许", id="str-format"),
    pytest.param("{% set d = {'a': 1} %}{{ d.clear() }}", "不允许", id="change-a-dict"),
    pytest.param("{% include '/etc/passwd' %}", "找不到模板“/etc/passwd”", id="include-absolute"),
    pytest.param("{% import '../../x' as y %}", "找不到模板“../../x”", id="import-parent"),
    pytest.param("{% include 'national:../../../etc/passwd' %}", "找不到模板", id="include-prefix"),
    pytest.param("{{ range(10**9)|list }}", "过大", id="huge-range"),
    pytest.param("{{ 2**999999999 }}", "过大", id="huge-power"),
    pytest.param("{{ 'x' * 10**10 }}", "过大", id="huge-repeat"),
    pytest.param("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "递归", id="recursion"),
]

# What a template may not spend: loops, widths, growth, output (gen/compose/sandbox.py).
LIMITS = [
    pytest.param(
        "{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}",
        "循环总次数超过",
        id="nested-range",
    ),
    pytest.param(
        "{% for i in [0] * 10**6 %}{% for j in [0] * 10**6 %}{% endfor %}{% endfor %}",
        "循环总次数超过",
        id="nested-lists",
    ),
    pytest.param("{{ lipsum(10**6) }}", "lipsum", id="lipsum"),
    pytest.param("{{ 'x'|center(999999999) }}", "宽度 999999999 过大", id="center"),
    pytest.param("{{ 'x'.ljust(10**9) }}", "宽度", id="ljust"),
    pytest.param("{{ 'x'.zfill(10**9) }}", "宽度", id="zfill"),
    pytest.param("{{ '%999999999d'|format(1) }}", "宽度", id="format-filter"),
    pytest.param("{{ '%(a)999999999d' % {'a': 1} }}", "宽度", id="percent"),
    pytest.param("{{ '{:>999999999}'.format(1) }}", "宽度", id="str-format-width"),
    pytest.param("{{ '{:{}}'.format(1, 999999999) }}", "宽度", id="str-format-nested"),
    pytest.param("{{ 'x'|indent(999999999, true) }}", "缩进", id="indent"),
    pytest.param("{{ 'x'|tojson(indent=10**9) }}", "缩进", id="tojson"),
    pytest.param("{{ [1]|batch(10**9, 0)|list }}", "每组项数", id="batch"),
    pytest.param(
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "超过 20000000",
        id="string-doubling",
    ),
    pytest.param(
        "{% set ns = namespace(l=[0]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
        "超过 20000000",
        id="list-doubling",
    ),
    pytest.param("{{ (['x' * 1000000] * 1000)|join }}", "超过 20000000", id="join"),
    pytest.param("{{ ''.join(['x' * 1000000] * 1000) }}", "超过 20000000", id="str-join"),
    pytest.param("{{ ([[0] * 1000000] * 100)|sum(start=[]) }}", "超过 20000000", id="sum"),
    pytest.param("{{ ('x' * 1000000)|replace('x', 'x' * 32) }}", "超过 20000000", id="replace"),
    pytest.param("{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", "模板输出超过", id="output"),
]


@dataclass(frozen=True)
class Surface:
    """A place where a profile holds template text, and where the error must point."""

    files: Callable[[str], dict[str, str]]
    yaml: Callable[[str], str]
    where: str
    render: str


SURFACES = {
    "narrative": Surface(
        lambda t: {
            "narrative.j2": f'{{% extends "national:narrative.j2" %}}\n{{% block units %}}\n{t}\n'
            "{% endblock %}\n"
        },
        lambda t: "",
        "bad/narrative.j2:3",
        "json",
    ),
    "html-template": Surface(
        lambda t: {
            "html/document.html.j2": '{% extends "national:html/document.html.j2" %}\n{% block toc %}\n'
            f"{t}\n{{% endblock %}}\n"
        },
        lambda t: "",
        "bad/html/document.html.j2:3",
        "html",
    ),
    "profile-title": Surface(
        lambda t: {}, lambda t: f"title: {_quoted(t)}\n", "bad/profile.yaml:3 title", "json"
    ),
}


@pytest.fixture(scope="module")
def minimal() -> Checked:
    return check_input(MINIMAL)


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize(("template", "message"), [*ESCAPES, *LIMITS])
def test_sandbox_escapes_are_refused_naming_the_template(
    tmp_path: Path, minimal: Checked, surface: str, template: str, message: str
) -> None:
    s = SURFACES[surface]
    folder = write_profile(
        tmp_path, "bad", "name: bad\nextends: national\n" + s.yaml(template), s.files(template)
    )
    job = RenderJob(minimal.computed, str(folder))
    with deadline(20), pytest.raises(ProfileTemplateError) as caught:
        if s.render == "json":
            compose(minimal.computed, load_profile(str(folder)))
        else:
            renderers()[s.render].render(job)
    shown = str(caught.value)
    assert shown.startswith(s.where) and message in shown, shown
    _clean(shown)


UNITS_BLOCK = '{{% extends "national:narrative.j2" %}}\n{{% block units %}}\n{}\n{{% endblock %}}\n'


@pytest.mark.parametrize(
    ("yaml", "files", "message"),
    [
        pytest.param('title: "预算\\uFFFF公开"\n', {}, "bad/profile.yaml:3", id="noncharacter-in-title"),
        pytest.param('title: "预算\\u202e公开"\n', {}, "bad/profile.yaml:3", id="override-in-title"),
        pytest.param(
            "",
            {"narrative.j2": UNITS_BLOCK.format('{{ "\\x07" }}')},
            "模板生成的文字",
            id="control-from-a-template",
        ),
        pytest.param(
            "",
            {"narrative.j2": UNITS_BLOCK.format('{{ "a\\u202eb" }}')},
            "模板生成的文字",
            id="override-from-a-template",
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
def test_a_profile_cannot_put_unseen_or_unstorable_characters_in_the_document(
    tmp_path: Path, minimal: Checked, yaml: str, files: dict[str, str], message: str, fmt: str
) -> None:
    """profile.yaml's text is refused where it is written; a template's output, as the document is made."""
    folder = write_profile(tmp_path, "bad", "name: bad\nextends: national\n" + yaml, files)
    with pytest.raises((ProfileTemplateError, InputError)) as caught:
        renderers()[fmt].render(RenderJob(minimal.computed, str(folder)))
    error = caught.value
    shown = (
        "\n".join(f"{f.message} {loc}" for f in error.findings for loc in f.locations)
        if isinstance(error, InputError)
        else str(error)
    )
    assert message in shown and "U+" in shown, shown


@pytest.mark.parametrize(
    "statement",
    [
        "{{ b.units.clear() }}",
        "{{ b.projects.append(1) }}",
        "{{ f.function_classes.pop() }}",
        "{% set _ = b.narrative.procurement_usage.update({'货物': 'x'}) %}",
    ],
)
def test_a_template_cannot_change_the_data_it_is_given(
    tmp_path: Path, minimal: Checked, statement: str
) -> None:
    budget = minimal.computed.budget
    before = budget.model_dump_json()
    folder = write_profile(
        tmp_path, "bad", "name: bad\nextends: national\n", SURFACES["narrative"].files(statement)
    )
    with pytest.raises(ProfileTemplateError, match="不允许") as caught:
        compose(minimal.computed, load_profile(str(folder)))
    assert str(caught.value).startswith("bad/narrative.j2:3")
    assert budget.model_dump_json() == before


def test_numbering_and_unit_patterns_take_no_attributes_or_widths(tmp_path: Path) -> None:
    """The other user-written patterns are str.format ones, limited to their own placeholders."""
    for index, setting in enumerate(
        [
            "numbering:\n  part: '{n.__class__.__mro__}'\n",
            "numbering:\n  item: '{n:>999999999}'\n",
            "numbering:\n  table: '{0}'\n",
            "amount_unit_label: '{unit.__class__}'\n",
        ]
    ):
        folder = write_profile(tmp_path, f"p{index}", f"name: p{index}\nextends: national\n{setting}")
        with pytest.raises(InputError) as caught:
            load_profile(str(folder))
        assert str(caught.value.findings[0].locations[0]).startswith(f"p{index}/profile.yaml:")


# ---------------------------------------------------------------- 3. no local file, no network

PAGE_REFERENCES = [
    pytest.param(
        {"html/style.css": "body { background: url(file:///etc/passwd); }"}, "html/style.css:1", id="css-file"
    ),
    pytest.param(
        {"html/style.css": "p {}\n@font-face { font-family: x; src: url(/etc/passwd); }"},
        "html/style.css:2",
        id="css-font-face",
    ),
    pytest.param(
        {"html/style.css": "body { background: url('http://example.com/x.png'); }"},
        "html/style.css:1",
        id="css-http",
    ),
    pytest.param(
        {"html/narrow.css": '@import "http://example.com/x.css";'}, "html/narrow.css:1", id="css-import"
    ),
    pytest.param(
        {"pdf/print.css": "body { background: url(http://example.com/x.png); }"},
        "pdf/print.css:1",
        id="print-css-http",
    ),
]
TEMPLATE_REFERENCES = [
    pytest.param('<img src="file:///etc/hostname">', id="img-file"),
    pytest.param('<img src="http://example.com/x.png">', id="img-http"),
    pytest.param('<img src="../../../../etc/hostname">', id="img-parent"),
    pytest.param('<img src="%2e%2e/%2e%2e/etc/hostname">', id="img-parent-encoded"),
    pytest.param('<img src="//example.com/x.png">', id="img-protocol-relative"),
    pytest.param('<img src="/etc/hostname">', id="img-absolute"),
    pytest.param('<img srcset="emblem.png 1x, http://example.com/x.png 2x">', id="img-srcset"),
    pytest.param('<link rel=stylesheet href="http://example.com/x.css">', id="link-stylesheet"),
    pytest.param('<iframe src="file:///etc/passwd"></iframe>', id="iframe"),
    pytest.param('<object data="file:///etc/passwd"></object>', id="object"),
    pytest.param('<script src="http://example.com/x.js"></script>', id="script"),
    pytest.param('<svg><image href="http://example.com/x.png"/></svg>', id="svg-image"),
    pytest.param('<p style="background: url(file:///etc/passwd)">x</p>', id="style-attribute"),
    pytest.param("<style>@font-face { font-family: x; src: url(/etc/passwd) }</style>", id="style-element"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="javascript-link"),
    pytest.param('<p onclick="alert(1)">x</p>', id="event-handler"),
    pytest.param('<meta http-equiv="refresh" content="0;url=http://example.com/">', id="meta-refresh"),
]


def _template_with(markup: str) -> dict[str, str]:
    return {
        "html/document.html.j2": '{% extends "national:html/document.html.j2" %}\n{% block toc %}\n'
        f"{markup}\n{{{{ super() }}}}\n{{% endblock %}}\n"
    }


@pytest.mark.parametrize(("files", "where"), PAGE_REFERENCES)
def test_a_stylesheet_may_not_reference_anything(
    tmp_path: Path, minimal: Checked, files: dict[str, str], where: str, no_network: list[str]
) -> None:
    folder = write_profile(tmp_path, "remote", "name: remote\nextends: national\n", files)
    # The PDF made from the stylesheets is WeasyPrint's; Typst's reads none of the profile's files.
    job = RenderJob(minimal.computed, str(folder), pdf_engine="weasyprint")
    for fmt in ("html", "pdf") if "print.css" not in where else ("pdf",):
        # Refused as the profile is loaded, whichever format asks for it first.
        with pytest.raises(InputError) as caught:
            renderers()[fmt].render(job)
        (finding,) = caught.value.findings
        assert "不允许引用外部资源" in finding.message and str(finding.locations[0]).startswith(
            f"remote/{where}"
        )


@pytest.mark.parametrize("markup", TEMPLATE_REFERENCES)
def test_a_template_may_not_reference_anything_or_run_a_script(
    tmp_path: Path, minimal: Checked, markup: str, no_network: list[str]
) -> None:
    folder = write_profile(tmp_path, "remote", "name: remote\nextends: national\n", _template_with(markup))
    job = RenderJob(minimal.computed, str(folder), pdf_engine="weasyprint")
    for fmt in ("html", "pdf"):
        with pytest.raises(ProfileTemplateError, match="网页引用了模板文件夹以外的资源或含有脚本") as caught:
            renderers()[fmt].render(job)
        assert str(caught.value).startswith("remote/html/document.html.j2:3："), caught.value
        _clean(str(caught.value))


def test_links_to_web_pages_inline_images_and_own_files_are_allowed(tmp_path: Path, minimal: Checked) -> None:
    markup = (
        '<a href="https://www.gov.cn/">政府网站</a><a href="mailto:x@example.com">信箱</a>'
        '<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><img alt="" src="emblem.png">'
    )
    folder = write_profile(tmp_path, "fine", "name: fine\nextends: national\n", _template_with(markup))
    page = renderers()["html"].render(RenderJob(minimal.computed, str(folder))).decode("utf-8")
    assert 'href="https://www.gov.cn/"' in page


def _linked(tmp_path: Path, relative: str, files: dict[str, str] | None = None) -> Path:
    """A profile whose `relative` is a link to a secret file outside it."""
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    folder = write_profile(tmp_path, "linked", "name: linked\nextends: national\n", files)
    (folder / relative).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, folder / relative)
    return folder


LINKS = [
    pytest.param("html/style.css", {}, "html", "linked/html/style.css：", id="stylesheet"),
    pytest.param("html/narrow.css", {}, "html", "linked/html/narrow.css：", id="narrow-stylesheet"),
    pytest.param("pdf/print.css", {}, "pdf", "linked/pdf/print.css：", id="print-stylesheet"),
    pytest.param("docx/reference.docx", {}, "docx", "linked/docx/reference.docx：", id="reference-docx"),
    pytest.param(
        "leak.txt",
        {
            "narrative.j2": '{% extends "national:narrative.j2" %}\n{% block units %}\n'
            '{% include "leak.txt" %}\n{% endblock %}\n'
        },
        "json",
        "linked/leak.txt：",
        id="included-template",
    ),
    pytest.param("html/macros.html.j2", {}, "html", "linked/html/macros.html.j2：", id="shadowed-template"),
    pytest.param("macros.j2", {}, "json", "linked/macros.j2：", id="narrative-macros"),
]


@pytest.mark.parametrize(("relative", "files", "fmt", "where"), LINKS)
def test_a_link_out_of_the_profile_folder_is_refused(
    tmp_path: Path, minimal: Checked, relative: str, files: dict[str, str], fmt: str, where: str
) -> None:
    folder = _linked(tmp_path, relative, files)
    job = RenderJob(minimal.computed, str(folder), pdf_engine="weasyprint")
    with pytest.raises(ProfileTemplateError, match="链接") as caught:
        if fmt == "json":
            compose(minimal.computed, load_profile(str(folder)))
        else:
            renderers()[fmt].render(job)
    assert str(caught.value).startswith(where)
    _clean(str(caught.value))


def test_a_linked_profile_yaml_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"name: x\ntitle: {SECRET}\n", encoding="utf-8")
    (tmp_path / "linked").mkdir()
    os.symlink(secret, tmp_path / "linked" / "profile.yaml")
    with pytest.raises(UsageError, match="链接"):
        load_profile(str(tmp_path / "linked"))


def test_the_pdf_fetcher_serves_only_files_inside_the_profile(tmp_path: Path, no_network: list[str]) -> None:
    folder = _linked(tmp_path, "logo.png")
    (folder / "own.css").write_text("p {}", encoding="utf-8")
    fetcher = _fetcher([folder])
    assert fetcher.fetch((folder / "own.css").as_uri()).read() == b"p {}"  # type: ignore[attr-defined]
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
    for url in (
        "file:///etc/passwd",
        (folder / "logo.png").as_uri(),  # a link inside, to a file outside
        (folder / ".." / "secret.txt").as_uri(),
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param('<img src="file:///etc/hostname">', id="file"),
        pytest.param('<img src="logo.png">', id="link-inside-to-outside"),
        pytest.param('<link rel="stylesheet" href="http://example.com/x.css">', id="http"),
    ],
)
def test_the_pdf_refuses_a_reference_even_past_the_page_check(
    tmp_path: Path, minimal: Checked, monkeypatch: pytest.MonkeyPatch, markup: str, no_network: list[str]
) -> None:
    """Were the page check to miss something, WeasyPrint still fetches through the profile-only fetcher."""
    monkeypatch.setattr("gen.render.html.refuse_references", lambda job, page: None)
    folder = _linked(tmp_path, "logo.png", _template_with(markup))
    with pytest.raises(ProfileTemplateError, match="模板引用了模板文件夹以外的资源") as caught:
        render_pdf(RenderJob(minimal.computed, str(folder)))
    _clean(str(caught.value))


# ---------------------------------------------------------------- 4. no XML entities

XXE = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)
ENTITIES = {"external": (XXE, "&x;"), "billion-laughs": (LAUGHS, "&i;")}


def _with_declaration(xml: str, declaration: str) -> str:
    """`xml` with a DOCTYPE after its XML declaration (if any)."""
    if xml.startswith("<?xml"):
        end = xml.index("?>") + 2
        return xml[:end] + declaration + xml[end:]
    return declaration + xml


def _rezipped(data: bytes, edit: Callable[[str, str], str], extra: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, edit(info.filename, source.read(info).decode("utf-8")))
        for name, text in (extra or {}).items():
            target.writestr(name, text)
    return out.getvalue()


@pytest.fixture(scope="module")
def input_book() -> bytes:
    budget, _ = load_budget(MINIMAL)
    return write_workbook(budget_data(budget))


def _hostile_book(book: bytes, entity: str, part: str, padding: str = "") -> bytes:
    declaration, reference = ENTITIES[entity]
    declaration = padding + declaration
    fields = "xl/worksheets/sheet2.xml"  # 基本信息: B2 is the department's name
    cell = re.compile(r'<c r="B2"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>')
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{reference}</t></si></sst>"
    )

    def edit(name: str, xml: str) -> str:
        if part == "sheet" and name == fields:
            xml, count = cell.subn(
                lambda m: f'<c r="B2"{m.group(1)} t="inlineStr"><is><t>{reference}</t></is></c>', xml
            )
            assert count == 1
            return _with_declaration(xml, declaration)
        if part == "shared" and name == fields:
            xml, count = cell.subn(lambda m: f'<c r="B2"{m.group(1)} t="s"><v>0</v></c>', xml)
            assert count == 1
        if part == "shared" and name == "[Content_Types].xml":
            return xml.replace(
                "</Types>",
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
        if part == "workbook" and name == "xl/workbook.xml":
            return _with_declaration(
                xml.replace('name="基本信息"', f'name="基本信息{reference}"'), declaration
            )
        return xml

    extra = {"xl/sharedStrings.xml": _with_declaration(shared, declaration)} if part == "shared" else None
    return _rezipped(book, edit, extra)


def test_openpyxl_reads_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML, "pip install defusedxml: without it openpyxl parses entities as given"


@pytest.mark.parametrize("part", ["sheet", "shared", "workbook"])
@pytest.mark.parametrize("entity", list(ENTITIES))
def test_an_input_workbook_with_entities_is_refused(
    tmp_path: Path, input_book: bytes, entity: str, part: str, no_network: list[str]
) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(_hostile_book(input_book, entity, part))
    with deadline(20), pytest.raises(InputError) as caught:
        load_source(path)
    messages = " ".join(f.message for f in caught.value.findings)
    assert "DTD 或实体声明" in messages
    _clean(messages)


@pytest.mark.parametrize("entity", list(ENTITIES))
def test_an_entity_declared_after_a_long_prolog_is_refused_too(
    tmp_path: Path, input_book: bytes, entity: str, no_network: list[str]
) -> None:
    """A DOCTYPE past where the loader looks for one: openpyxl's parser (defusedxml) refuses it."""
    path = tmp_path / "in.xlsx"
    path.write_bytes(_hostile_book(input_book, entity, "sheet", padding="<!--" + " " * 10_000 + "-->"))
    with deadline(20), pytest.raises(InputError) as caught:
        load_source(path)
    _clean(" ".join(f.message for f in caught.value.findings))


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "docProps/core.xml"])
@pytest.mark.parametrize("entity", list(ENTITIES))
def test_a_reference_docx_with_entities_is_refused(
    tmp_path: Path, minimal: Checked, entity: str, part: str, no_network: list[str]
) -> None:
    declaration, reference = ENTITIES[entity]

    def edit(name: str, xml: str) -> str:
        if name != part:
            return xml
        if name == "word/document.xml":
            xml = xml.replace("<w:body>", f"<w:body><w:p><w:r><w:t>{reference}</w:t></w:r></w:p>", 1)
        elif name == "word/styles.xml":
            xml = xml.replace('<w:name w:val="Normal"/>', f'<w:name w:val="Normal{reference}"/>', 1)
        else:
            xml = xml.replace(
                "</cp:coreProperties>", f"<dc:description>{reference}</dc:description></cp:coreProperties>"
            )
        assert reference in xml
        return _with_declaration(xml, declaration)

    folder = write_profile(tmp_path, "evil", "name: evil\nextends: national\n")
    (folder / REFERENCE).parent.mkdir()
    (folder / REFERENCE).write_bytes(_rezipped((NATIONAL / REFERENCE).read_bytes(), edit))
    with deadline(20), pytest.raises(ProfileTemplateError) as caught:
        render_docx(RenderJob(minimal.computed, str(folder)))
    assert str(caught.value).startswith(f"evil/{REFERENCE}：{part} 含有 DTD 或实体声明")
    _clean(str(caught.value))
