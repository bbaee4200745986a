"""The document's shape as a profile sets it, read back from every format: no title page (the title as
the first heading), the 目录 on or off and its depth and wording, a part without a heading, run-in
headings, a section repeated per project with its headings and page breaks, orientation by part.
The PDF is read back as each engine lays it out: Typst (the default) and WeasyPrint."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import lxml.html
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from gen.compose import DocumentIncomplete, compose, load_profile
from gen.compose.document import Document, Paragraph
from gen.errors import InputError
from gen.pipeline import Checked, check_input
from gen.render import ChosenPdf, RenderJob
from gen.render.html import HtmlRenderer
from gen.render.word import DocxRenderer
from gen.render.xlsx import XlsxRenderer
from tests.conftest import JIANGHAN_2022
from tests.office import libreoffice_pdf
from tests.profiles import write_profile

STRUCTURE = """\
name: shape
extends: national
title: "{{ dept.name }}{{ year }}年项目支出说明"
title_page: {show: false}
toc_depth: 1
parts:
  - id: overview
    heading: false
    sections:
      - {id: income, title: 收入预算, text: income, run_in: true}
      - {id: spending, title: 支出预算, text: spending, run_in: true, toc_text: 支出预算安排}
  - id: projects
    title: 项目经费情况说明
    toc_text: 项目经费
    sections:
      - id: project
        each: project_forms
        title: "{{ item.name }}"
        toc_text: "{{ item.name }}（{{ item.unit_name }}）"
        new_page: true
        sections:
          - {id: overview, title: 项目概述, text: project_overview}
          - {id: basis, title: 立项依据, text: project_basis}
          - {id: implementer, title: 实施主体, text: project_implementer, run_in: true}
          - {id: period, title: 实施周期, text: project_period, run_in: true}
          - {id: budget, title: 年度预算安排, text: project_budget}
          - {id: goals, title: 绩效目标, text: project_goals}
  - id: tables
    title: 公开表
    orientation: landscape
    sections:
      - {id: t_three_public, title: “三公”经费表, table: three_public, toc_text: “三公”经费支出表（附表）}
  - id: notes
    title: 附注
    sections:
      - {id: glossary, title: 名词解释, text: glossary, orientation: landscape}
"""
TITLE = "武汉市公安局江汉区分局2023年项目支出说明"
# jianghan-2023's six projects with a 绩效目标申报表, in the forms' order.
PROJECTS = [
    "派出所房租及办案区、枪库维修改造项目",
    "信息化运维及警用装备购置项目",
    "智慧平安小区信息化运维项目",
    "视频监控设施运维费",
    "危险路段治理经费",
    "信息化运维费",
]
PART = "parts:\n  - id: p\n    title: 部分\n    sections:\n"
FIELDS = ["项目概述", "立项依据", "实施主体", "实施周期", "年度预算安排", "绩效目标"]
ENGINES = ["typst", "weasyprint"]


@dataclass
class Built:
    document: Document
    html: lxml.html.HtmlElement
    pdfs: dict[str, PdfReader]
    """By engine."""
    word: docx.document.Document
    docx: bytes
    book: openpyxl.Workbook


def _build(job: RenderJob) -> Built:
    return Built(
        job.document,
        lxml.html.fromstring(HtmlRenderer().render(job)),
        {e: PdfReader(io.BytesIO(ChosenPdf().render(replace(job, pdf_engine=e)))) for e in ENGINES},
        docx.Document(io.BytesIO(data := DocxRenderer().render(job))),
        data,
        openpyxl.load_workbook(io.BytesIO(XlsxRenderer().render(job))),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, jianghan: Checked) -> Built:
    folder = write_profile(tmp_path_factory.mktemp("profiles"), "shape", STRUCTURE)
    return _build(RenderJob(jianghan.computed, str(folder)))


@pytest.fixture(scope="module")
def untitled(tmp_path_factory: pytest.TempPathFactory, jianghan: Checked) -> Built:
    """No title page and no 目录: the first part follows the title on the first page."""
    yaml = STRUCTURE.replace("toc_depth: 1\n", "toc: false\n")
    folder = write_profile(tmp_path_factory.mktemp("profiles"), "shape", yaml)
    return _build(RenderJob(jianghan.computed, str(folder)))


def _pages(reader: PdfReader) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in reader.pages]


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(getattr(item, "title", ""))))

    walk(reader.outline, 0)
    return found


# ------------------------------------------------------------------ the model


def test_compose_records_the_shape(built: Built) -> None:
    document = built.document
    assert document.title_page.as_heading and not document.title_page.show
    overview, projects, tables, notes = document.parts
    assert not overview.show_heading and overview.number == ""
    # A part without a heading takes no number: the next is the first.
    assert (projects.heading, projects.entry, tables.heading) == (
        "第一部分 项目经费情况说明",
        "第一部分 项目经费",
        "第二部分 公开表",
    )
    assert [e.text for e in document.contents] == [
        "一、收入预算",
        "二、支出预算安排",
        "第一部分 项目经费",
        "第二部分 公开表",
        "第三部分 附注",
    ]
    items = document.contents[2].children
    assert [e.text for e in items] == [
        f"一、{PROJECTS[0]}（武汉市公安局江汉区分局本级）",
        f"二、{PROJECTS[1]}（武汉市公安局江汉区分局本级）",
        f"三、{PROJECTS[2]}（武汉市公安局江汉区分局本级）",
        f"四、{PROJECTS[3]}（武汉市江汉区交通大队）",
        f"五、{PROJECTS[4]}（武汉市江汉区交通大队）",
        f"六、{PROJECTS[5]}（武汉市江汉区交通大队）",
    ]
    assert all(not e.children for e in items)  # toc_depth 1: the projects' own headings are not listed
    sections = projects.sections
    assert [s.title for s in sections] == PROJECTS
    assert [s.new_page for s in sections] == [False, *[True] * 5]  # the first stays with the part heading
    assert len({s.anchor for top in sections for s in top.walk()}) == 6 * 7
    for section in sections:
        assert [c.title for c in section.children] == FIELDS
        assert all(c.blocks for c in section.children)
    run_in = sections[0].children[2]
    first = run_in.blocks[0]
    assert run_in.run_in and isinstance(first, Paragraph)
    assert (first.lead, first.joint, first.text) == ("（三）实施主体", "：", "警务保障室。")
    assert tables.orientation.value == "landscape" and document.tables()[0].orientation.value == "landscape"
    # A text section set landscape: its page (and the part's heading page with it) turns.
    (glossary,) = notes.sections
    assert glossary.orientation.value == "landscape" and notes.orientation.value == "landscape"


def test_the_budget_sentence_of_each_project_is_computed(built: Built) -> None:
    budget = built.document.parts[1].sections[1].children[4]
    text = "".join(b.text for b in budget.blocks if isinstance(b, Paragraph))
    assert text == "2023年预算542.61万元，其中：一般公共预算拨款542.61万元。"


# ------------------------------------------------------------------ HTML


def test_html_prints_the_title_as_heading_and_the_toc_as_composed(built: Built) -> None:
    page = built.html
    assert not page.cssselect(".title-page")
    (title,) = page.cssselect("h1.title-heading")
    assert title.text_content() == TITLE
    toc = [a.text_content() for a in page.cssselect("nav.toc a")]
    assert toc == [e.text for top in built.document.contents for e in top.walk()]
    for link in page.cssselect("nav.toc a"):
        assert page.get_element_by_id(link.get("href")[1:]) is not None


def test_html_headless_part_run_in_headings_and_repeated_sections(built: Built) -> None:
    page = built.html
    overview = page.get_element_by_id("overview")
    assert "headless" in overview.get("class") and not overview.cssselect(".part-heading")
    lead = overview.cssselect("p.run-in-lead")[0]
    assert lead.cssselect("span.run-in-heading")[0].text_content() == "一、收入预算："
    assert lead.text_content().startswith("一、收入预算：2023年收入预算89,052.55万元")
    projects = page.cssselect("#projects > section.section.level-1")
    assert [p.cssselect("h3")[0].text_content() for p in projects] == [
        f"{n}、{t}" for n, t in zip("一二三四五六", PROJECTS, strict=True)
    ]
    assert ["new-page" in p.get("class") for p in projects] == [False, *[True] * 5]
    assert [h.text_content() for h in projects[0].cssselect("h4")] == [
        "（一）项目概述",
        "（二）立项依据",
        "（五）年度预算安排",
        "（六）绩效目标",
    ]
    assert "page-landscape" in page.get_element_by_id("tables").get("class")


# ------------------------------------------------------------------ PDF


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_pages_follow_the_shape(built: Built, engine: str) -> None:
    pdf = built.pdfs[engine]
    pages = _pages(pdf)
    assert pages[0].startswith(TITLE + "目录")  # no title page: the title, then the 目录
    # The 目录 in its own wording, to depth 1: the projects, not their headings.
    assert "二、支出预算安排" in pages[0] and "第一部分项目经费" in pages[0] and "项目概述" not in pages[0]
    assert pages[1].startswith("一、收入预算：2023年收入预算")  # the part without a heading opens a page
    assert pages[2].startswith("第一部分项目经费情况说明一、" + PROJECTS[0])
    starts = [
        i
        for i, text in enumerate(pages)
        if any(text.startswith(f"{n}、{t}") for n, t in zip("二三四五六", PROJECTS[1:], strict=True))
    ]
    assert len(starts) == 5  # every later project starts a page of its own
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages]
    # The tables part and the glossary section are landscape, every page before them portrait.
    turned = [w > h for w, h in sizes]
    first = turned.index(True)
    assert all(turned[first:]) and not any(turned[:first]) and "“三公”经费表" in pages[first]


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_bookmarks_follow_the_toc(built: Built, engine: str) -> None:
    outline = _outline(built.pdfs[engine])
    assert outline[:4] == [
        (0, "目录"),
        (0, "一、收入预算"),
        (0, "二、支出预算"),
        (0, "第一部分 项目经费情况说明"),
    ]
    project = outline.index((1, f"一、{PROJECTS[0]}"))
    assert outline[project + 1 : project + 7] == [
        (2, f"（{n}）{f}") for n, f in zip("一二三四五六", FIELDS, strict=True)
    ]


# ------------------------------------------------------------------ DOCX


def test_docx_title_toc_and_marked_entries(built: Built) -> None:
    word = built.word
    title, toc = word.paragraphs[:2]
    assert (title.style.name, title.text) == ("Title", TITLE)
    assert toc.text == "目录" and not toc.paragraph_format.page_break_before
    body = word.element.body
    instructions = [t.text.strip() for t in body.iter(qn("w:instrText"))]
    # The TOC reads the headings (\\o) and TC fields (\\f): a line that says what its heading does
    # not (a run-in heading, the 目录's own wording, a section of a part without a heading) is a
    # TC field at its heading; a line that is its heading's text and level is that heading.
    assert instructions[0] == 'TOC \\o "1-2" \\f \\h \\z'
    marks = [i for i in instructions if i.startswith("TC ")]
    assert marks[:3] == [
        'TC "一、收入预算" \\l 1',
        'TC "二、支出预算安排" \\l 1',
        'TC "第一部分 项目经费" \\l 1',
    ]
    entries = [e for top in built.document.contents for e in top.walk()]
    fielded = {(m.group(1), int(m.group(2))) for i in marks if (m := re.match(r'TC "(.*)" \\l (\d)$', i))}
    own_level = f"{qn('w:pPr')}/{qn('w:outlineLvl')}"
    headings = {
        (p.text, int(p.style.name[-1]))
        for p in word.paragraphs
        if p.style.name in ("Heading 1", "Heading 2") and p._p.find(own_level) is None
    }
    assert len(marks) < len(entries)
    assert all((e.text, e.level) in fielded | headings for e in entries), entries
    listed = [p.text.split("\t")[0] for p in word.paragraphs if p.style.name.startswith("toc ")]
    assert listed == [e.text for top in built.document.contents for e in top.walk()]


def test_docx_run_in_headings_repeated_sections_and_landscape_part(built: Built) -> None:
    word = built.word
    paragraphs = word.paragraphs
    lead = next(p for p in paragraphs if p.text.startswith("一、收入预算："))
    assert lead.style.name == "Body Text" and lead.runs[0].text == "一、收入预算：" and lead.runs[0].bold
    assert lead.paragraph_format.page_break_before  # the part without a heading still opens a page
    headings = [p for p in paragraphs if p.style.name == "Heading 2"][:-1]  # the last: 一、名词解释
    assert [h.text for h in headings] == [f"{n}、{t}" for n, t in zip("一二三四五六", PROJECTS, strict=True)]
    assert [bool(h.paragraph_format.page_break_before) for h in headings] == [False, *[True] * 5]
    assert [p.text for p in paragraphs if p.style.name == "Heading 3"][:4] == [
        "（一）项目概述",
        "（二）立项依据",
        "（五）年度预算安排",
        "（六）绩效目标",
    ]
    assert any(p.text == "（三）实施主体：警务保障室。" and p.runs[0].bold for p in paragraphs)
    assert not any(
        p.style.name == "Heading 1" and p.text.startswith("第") and "收入" in p.text for p in paragraphs
    )
    # The tables part and the landscape glossary: Word's page sections turn with them.
    turned = [(s.orientation == WD_ORIENT.LANDSCAPE, s.page_width > s.page_height) for s in word.sections]
    assert turned[-1] == (True, True) and turned[0] == (False, False)
    assert all(a == b for a, b in turned)


def test_libreoffice_lays_the_docx_out_the_same_way(built: Built, tmp_path: Path) -> None:
    source = tmp_path / "shape.docx"
    source.write_bytes(built.docx)
    assert libreoffice_pdf(source).returncode == 0
    pages = _pages(PdfReader(tmp_path / "shape.pdf"))
    assert pages[0].startswith(TITLE + "目录")
    assert pages[1].startswith("一、收入预算：2023年收入预算")
    assert any("（三）实施主体：警务保障室。" in page for page in pages)  # on one line with its heading
    assert (
        len(
            [
                p
                for p in pages
                if any(p.startswith(f"{n}、{t}") for n, t in zip("二三四五六", PROJECTS[1:], strict=True))
            ]
        )
        == 5
    )


# ------------------------------------------------------------------ XLSX


def test_xlsx_contents_use_the_toc_wording_and_the_part_orientation(built: Built) -> None:
    book = built.book
    assert book.sheetnames == ["目录", "“三公”经费表"]
    contents = [[c.value for c in row] for row in book["目录"].iter_rows()]
    # One column: the line in the 目录's wording, linked to its sheet (whose tab shows the name).
    assert contents == [[TITLE], ["一、“三公”经费支出表（附表）"]]
    assert book["目录"]["A2"].hyperlink.location == "'“三公”经费表'!A1"
    assert book["“三公”经费表"].page_setup.orientation == "landscape"


# ------------------------------------------------------------------ without a 目录


def test_without_toc_no_format_prints_one(untitled: Built) -> None:
    assert not untitled.document.contents and not untitled.document.show_toc
    assert not untitled.html.cssselect("nav.toc")
    for pdf in untitled.pdfs.values():
        pages = _pages(pdf)
        # The first part follows the title on the first page.
        assert pages[0].startswith(TITLE + "一、收入预算：") and "目录" not in pages[0]
        assert (0, "目录") not in _outline(pdf)
    instructions = [t.text.strip() for t in untitled.word.element.body.iter(qn("w:instrText"))]
    assert not any(i.startswith(("TOC", "TC ")) for i in instructions)
    lead = untitled.word.paragraphs[1]
    assert lead.text.startswith("一、收入预算：") and not lead.paragraph_format.page_break_before
    assert untitled.book.sheetnames == ["“三公”经费表"]


@pytest.mark.parametrize(("depth", "lines"), [(0, 5), (1, 13), (2, 49)])
def test_toc_depth_in_every_format(tmp_path: Path, jianghan: Checked, depth: int, lines: int) -> None:
    folder = write_profile(tmp_path, "shape", STRUCTURE.replace("toc_depth: 1", f"toc_depth: {depth}"))
    job = RenderJob(jianghan.computed, str(folder))
    entries = [e.text for top in job.document.contents for e in top.walk()]
    assert len(entries) == lines
    page = lxml.html.fromstring(HtmlRenderer().render(job))
    assert [a.text_content() for a in page.cssselect("nav.toc a")] == entries
    word = docx.Document(io.BytesIO(DocxRenderer().render(job)))
    assert [p.text.split("\t")[0] for p in word.paragraphs if p.style.name.startswith("toc ")] == entries
    instruction = next(t.text for t in word.element.body.iter(qn("w:instrText")))
    assert f'\\o "1-{depth + 1}"' in instruction
    for engine in ENGINES:
        pages = _pages(PdfReader(io.BytesIO(ChosenPdf().render(replace(job, pdf_engine=engine)))))
        # The 目录's pages: after the title, before the part without a heading opens its page.
        toc = "".join(pages[: next(i for i, p in enumerate(pages) if p.startswith("一、收入预算："))])
        at = 0
        for entry in entries:  # each line, in order, with its page number after it
            found = re.compile(re.escape(re.sub(r"\s+", "", entry)) + r"\.*\d+").search(toc, at)
            assert found, (engine, entry)
            at = found.end()
        assert "（一）项目概述" in toc if depth == 2 else "项目概述" not in toc


# ------------------------------------------------------------------ mistakes


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "{id: x, title: 说明, text: project_overview}",
            "block“project_overview”用到 item，只能用于逐项重复的节",
        ),
        ("{id: x, title: 表, table: summary, each: projects}", "逐项重复的节（each）只能有说明文字"),
        (
            "{id: x, title: 表, table: summary, run_in: true}",
            "标题接排（run_in）要有说明文字（text）且没有表格",
        ),
        ("{id: x, title: 项目, each: unitz}", "取值应为以下之一：projects、project_forms、units"),
        (
            "{id: x, title: 项目, each: projects, sections: [{id: y, title: 单位, each: units}]}",
            "逐项重复的节之下不能再逐项重复",
        ),
    ],
)
def test_a_shape_that_cannot_be_printed_is_refused_at_its_line(
    tmp_path: Path, section: str, message: str
) -> None:
    yaml = f"name: bad\nextends: national\n{PART}      - {section}\n"
    folder = write_profile(tmp_path, "bad", yaml)
    with pytest.raises(InputError) as failure:
        load_profile(str(folder))
    (finding,) = failure.value.findings
    assert message in finding.message
    assert finding.locations[0].file == "bad/profile.yaml" and finding.locations[0].line == 7


def test_a_repeated_section_over_an_unstated_list_names_it(tmp_path: Path) -> None:
    checked = check_input(JIANGHAN_2022)  # last year's published text: no project lines
    assert "projects" not in checked.computed.budget.model_fields_set
    section = "{id: x, title: '{{ item.name }}', each: projects, text: project_overview}"
    yaml = f"name: p\nextends: national\n{PART}      - {section}\n"
    folder = write_profile(tmp_path, "p", yaml)
    with pytest.raises(DocumentIncomplete) as failure:
        compose(checked.computed, load_profile(str(folder)))
    (gap,) = failure.value.gaps
    assert gap.missing is not None and gap.where.path == "parts[1].sections[1].each"


def test_a_project_without_its_content_is_named_with_the_field_to_fill(
    tmp_path: Path, jianghan: Checked
) -> None:
    # Every project, not only those with a 绩效目标申报表: the others have no 立项依据 to print.
    section = (
        "{id: x, title: '{{ item.name }}', each: projects,"
        " sections: [{id: b, title: 立项依据, text: project_basis}]}"
    )
    folder = write_profile(tmp_path, "p", f"name: p\nextends: national\n{PART}      - {section}\n")
    with pytest.raises(DocumentIncomplete) as failure:
        compose(jianghan.computed, load_profile(str(folder)))
    gaps = failure.value.gaps
    assert len(gaps) == 26 - 6
    assert gaps[0].section == "一、办案业务经费项目 › （一）立项依据"
    assert gaps[0].empty_fields == (("performance", "project_forms"),)


def test_a_part_opening_on_a_landscape_table_keeps_its_portrait_sections_portrait(
    tmp_path: Path, jianghan: Checked
) -> None:
    sections = (
        "      - {id: t_projects, title: 项目表, table: projects}\n"
        "      - {id: t_three, title: 三公, table: three_public}\n"
    )
    folder = write_profile(tmp_path, "mix", f"name: mix\nextends: national\n{PART}{sections}")
    job = RenderJob(jianghan.computed, str(folder))
    assert job.document.parts[0].orientation.value == "landscape"  # its heading sits on the table's page
    for engine in ENGINES:
        reader = PdfReader(io.BytesIO(ChosenPdf().render(replace(job, pdf_engine=engine))))
        turned = [
            (text, float(page.mediabox.width) > float(page.mediabox.height))
            for page, text in zip(reader.pages, _pages(reader), strict=True)
        ]
        assert [wide for text, wide in turned if text.startswith("第一部分部分一、项目表")] == [True], engine
        assert [wide for text, wide in turned if text.startswith("二、三公")] == [False], engine
    word = docx.Document(io.BytesIO(DocxRenderer().render(job)))
    assert [s.orientation for s in word.sections][-1] == WD_ORIENT.PORTRAIT


@pytest.mark.parametrize(("depth", "listed"), [(0, ["一、甲"]), (1, ["一、甲", "（一）乙"])])
def test_the_sections_of_a_part_without_heading_stand_where_the_part_would(
    depth: int, listed: list[str]
) -> None:
    from gen.compose import contents
    from gen.compose.document import Part, Section

    child = Section("b", "（一）", "乙", 2, anchor="p-b", entry="（一）乙")
    top = Section("a", "一、", "甲", 1, children=[child], anchor="p-a", entry="一、甲")
    part = Part("p", "", "部分", [top], show_heading=False, anchor="p", entry="部分")
    assert [e.text for top in contents([part], depth) for e in top.walk()] == listed
