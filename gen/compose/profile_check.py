"""The whole profile checked when it is loaded: every table kind, measure, column, row and section
setting, every form kind (`form_check`), every narrative block a section names, the stylesheets and
a district's reference.docx.

Each problem is a located finding (the profile.yaml and line of the exact key), reported by `check`
next to the input's, so that a profile mistake never first appears while a document is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from jinja2 import TemplateError, meta, nodes

from gen.compose.form_check import check_forms
from gen.compose.numbers import numbered
from gen.compose.profile import Numbering, ResolvedProfile, SectionSpec, outside
from gen.compose.tablespec import ColumnSpec, MeasureRef, RowSpec, TableKind
from gen.compute.facts import FACT_SETS, HIERARCHIES
from gen.findings import Finding, Location, Severity

NARRATIVE = "narrative.j2"
STYLESHEETS = ("html/style.css", "html/narrow.css", "pdf/print.css")
# A stylesheet must not end the <style> element or pull anything from elsewhere.
UNSAFE_CSS = re.compile(r"</|@import|url\s*\(\s*['\"]?(?!data:)|expression\s*\(", re.IGNORECASE)
ROW_SHOWS = ("code", "name", "label")
# What each row dimension needs of a fact set (a listing's rows are its lines).
EACH_FACTS = {"project": ("projects",), "row": ("procurement", "purchased_services")}
FORM_OPTIONS = frozenset({"unit", "decimals", "unit_label", "notes", "orientation", "empty_note"})
SECTION_TABLE_OPTIONS = frozenset({"unit", "decimals", "unit_label", "caption", "notes", "empty_note",
                                   "orientation", "columns", "code_style", "rows"})  # fmt: skip

Path_ = tuple[str | int, ...]


class _Checker:
    def __init__(self, profile: ResolvedProfile) -> None:
        self.profile = profile
        self.spec = profile.spec
        self.forms = list(profile.spec.form_kinds)
        self.findings: list[Finding] = []

    def problem(self, rule: str, message: str, path: Path_, hint: str | None = None) -> None:
        self.findings.append(Finding(rule, Severity.ERROR, message, (self.profile.locate(*path),), hint=hint))

    # ------------------------------------------------------------------ measures and filters

    def filters(self, filters: Mapping[str, list[str]], facts: str | None, path: Path_) -> None:
        if facts is None or facts not in FACT_SETS:
            return
        dims = FACT_SETS[facts].dimensions
        for dim, keys in filters.items():
            if dim not in dims:
                known = "、".join(dims) or "无"
                self.problem("PRF-001", f"事实集 {facts} 没有维度“{dim}”（可用：{known}）", (*path, dim))
                continue
            vocabulary = dims[dim]
            wrong = [k for k in keys if vocabulary is not None and k not in vocabulary]
            if wrong:
                self.problem(
                    "PRF-001",
                    f"维度 {dim} 没有“{'、'.join(wrong)}”（可用：{'、'.join(vocabulary or ())}）",
                    (*path, dim),
                )

    def facts(self, name: str | None, path: Path_) -> None:
        if name is not None and name not in FACT_SETS:
            self.problem("PRF-001", f"没有事实集“{name}”（可用：{'、'.join(FACT_SETS)}）", path)

    def measure(self, ref: MeasureRef, facts: str | None, path: Path_, *, from_rows: bool = False) -> None:
        """`from_rows`: a two-sided table's column, whose facts are each row's."""
        if isinstance(ref, str):
            if ref not in self.spec.measures:
                known = "、".join(self.spec.measures) or "未定义任何度量"
                self.problem("PRF-001", f"没有名为“{ref}”的度量（measures 中：{known}）", path)
            return
        own = ref.facts or facts
        self.facts(ref.facts, (*path, "facts"))
        if ref.facts is None and facts is None and not ref.combined and not from_rows:
            self.problem("PRF-001", "度量没有事实集：写 facts，或在表、行上写", path)
        if own in FACT_SETS and ref.value not in FACT_SETS[own].values:
            values = "、".join(FACT_SETS[own].values)
            self.problem(
                "PRF-001", f"事实集 {own} 没有“{ref.value}”这一项数（可用：{values}）", (*path, "value")
            )
        self.filters(ref.filters, own, path)
        for key in ("sum", "minus"):
            for index, inner in enumerate(getattr(ref, key) or []):
                self.measure(inner, own, (*path, key, index))
        for key in ("change", "share", "of"):
            inner = getattr(ref, key)
            if inner is not None:
                self.measure(inner, own, (*path, key))

    # ------------------------------------------------------------------ table kinds

    def kind(self, name: str, kind: TableKind, path: Path_) -> None:
        self.facts(kind.facts, (*path, "facts"))
        self.filters(kind.filters, kind.facts, path)
        if kind.sides:
            if kind.columns or kind.rows:
                self.problem("PRF-001", "两栏式的表只写 sides，不写 columns 或 rows", path)
            for index, side in enumerate(kind.sides):
                where = (*path, "sides", index)
                self.columns(side.columns, kind.facts, (*where, "columns"), from_rows=True)
                self.rows([*side.rows, *side.totals], kind, where)
            return
        if not kind.columns:
            self.problem("PRF-001", f"表格种类 {name} 没有列（columns）", path)
        self.columns(kind.columns, kind.facts, (*path, "columns"))
        self.rows(kind.rows, kind, path)

    def columns(
        self, columns: Sequence[ColumnSpec], facts: str | None, path: Path_, *, from_rows: bool = False
    ) -> None:
        keys = [c.key or (c.header[-1] if isinstance(c.header, list) else c.header) for c in columns]
        for index, column in enumerate(columns):
            where = (*path, index)
            if keys.count(keys[index]) > 1:
                self.problem("PRF-001", f"列的编号“{keys[index]}”重复（用 key 区分）", where)
            if column.show is not None:
                texts = FACT_SETS[facts].texts if facts in FACT_SETS else ()
                if column.show not in (*ROW_SHOWS, *texts) and facts in FACT_SETS:
                    known = "、".join((*ROW_SHOWS, *texts))
                    self.problem(
                        "PRF-001", f"文字列不能显示“{column.show}”（可用：{known}）", (*where, "show")
                    )
                if column.value is not None:
                    self.problem("PRF-001", "一列不能既显示文字（show）又有度量（value）", where)
            elif column.value is not None:
                self.measure(column.value, facts, (*where, "value"), from_rows=from_rows)
            if column.part_of is not None and column.part_of not in keys:
                self.problem("PRF-001", f"part_of 指向不存在的列“{column.part_of}”", (*where, "part_of"))

    def rows(self, rows: Sequence[RowSpec], kind: TableKind, path: Path_) -> None:
        ids = {r.id for r in rows if r.id}
        for index, row in enumerate(rows):
            where = (*path, "rows", index)
            facts = row.facts or kind.facts
            self.facts(row.facts, (*where, "facts"))
            self.filters(row.filters, facts, where)
            if row.each is None and row.label is None and row.value is None and row.role != "total":
                self.problem("PRF-001", "行要写 label（固定行）或 each（按维度展开）", where)
            if row.each is not None:
                self.each(row, facts, where)
            if row.value is not None:
                self.measure(row.value, facts, (*where, "value"))
            if row.number is not None:
                self.number(row.number, (*where, "number"))
            if isinstance(row.labels, str) and row.labels not in self.spec.labels:
                known = "、".join(self.spec.labels) or "无"
                self.problem("PRF-001", f"labels 中没有“{row.labels}”（有：{known}）", (*where, "labels"))
            if isinstance(row.keys, str) and row.keys not in self.spec.lists:
                known = "、".join(self.spec.lists) or "无"
                self.problem("PRF-001", f"lists 中没有“{row.keys}”（有：{known}）", (*where, "keys"))
            wrong = [p for p in row.parts if p not in ids]
            if wrong:
                self.problem(
                    "PRF-001", f"parts 中的行“{'、'.join(wrong)}”不存在（写行的 id）", (*where, "parts")
                )

    def each(self, row: RowSpec, facts: str | None, path: Path_) -> None:
        if facts is None:
            self.problem("PRF-001", "按维度展开的行要有事实集（facts）", path)
            return
        if facts not in FACT_SETS:
            return
        need = EACH_FACTS.get(row.each or "")
        dims = FACT_SETS[facts].dimensions
        if (need and facts not in need) or (not need and row.each not in dims):
            self.problem(
                "PRF-001",
                f"事实集 {facts} 不能按“{row.each}”展开（可按：{'、'.join(dims)}）",
                (*path, "each"),
            )
        if row.levels is not None and row.each not in HIERARCHIES:
            self.problem(
                "PRF-001", "levels 只用于功能分类（function）和经济分类（economic）", (*path, "levels")
            )
        if row.department is not None and row.each not in ("unit", "project", "row"):
            self.problem("PRF-001", "department 只用于按单位、项目或逐条列示的表", (*path, "department"))
        if row.groups and row.each != "project":
            self.problem("PRF-001", "groups 只用于按项目（project）展开的行", (*path, "groups"))

    def number(self, pattern: str, path: Path_) -> None:
        if pattern in Numbering.model_fields:
            return
        try:
            numbered(pattern, 1)
        except (KeyError, IndexError, ValueError):
            names = "、".join(Numbering.model_fields)
            self.problem(
                "PRF-001",
                f"序号“{pattern}”不是 numbering 中的名称（{names}），"
                "也不是只含 {n} {nn} {cn} {cn_nian} 的样式",
                path,
            )

    # ------------------------------------------------------------------ sections

    def sections(
        self,
        sections: Sequence[SectionSpec],
        path: Path_,
        blocks: Mapping[str, bool] | None,
        repeated: bool = False,
    ) -> None:
        """`repeated`: the sections are inside a section repeated per item (each:), so `item` is there."""
        for index, section in enumerate(sections):
            where = (*path, "sections", index)
            if not section.title:
                self.problem("PRF-001", f"标题“{section.id}”没有写 title（上级模板中也没有这一节）", where)
            self.text(section.text, (*where, "text"), blocks, repeated or section.each is not None)
            if section.table is not None:
                self.section_table(section, where)
            self.layout(section, where, repeated)
            self.sections(section.sections, where, blocks, repeated or section.each is not None)

    def text(self, block: str | None, path: Path_, blocks: Mapping[str, bool] | None, repeated: bool) -> None:
        if block is None or blocks is None:
            return
        if block not in blocks:
            self.problem(
                "PRF-003",
                f"{NARRATIVE} 中没有名为“{block}”的 block",
                path,
                hint=f"可用：{'、'.join(sorted(blocks))}",
            )
        elif blocks[block] and not repeated:
            self.problem(
                "PRF-003",
                f"{NARRATIVE} 的 block“{block}”用到 item，只能用于逐项重复的节（each:）及其下级",
                path,
                hint="给这一节写 each: projects（或 units），或换一个不用 item 的 block",
            )

    def layout(self, section: SectionSpec, path: Path_, repeated: bool) -> None:
        """Settings of the section's own layout that cannot be honoured as written."""
        if section.each is not None and section.table is not None:
            self.problem(
                "PRF-002", "逐项重复的节（each）只能有说明文字，不能有表格（table）", (*path, "each")
            )
        if section.each is not None and repeated:
            self.problem("PRF-002", "逐项重复的节之下不能再逐项重复（each）", (*path, "each"))
        if section.run_in and (section.text is None or section.table is not None):
            self.problem(
                "PRF-002",
                "标题接排（run_in）要有说明文字（text）且没有表格：标题印在第一段的开头",
                (*path, "run_in"),
            )

    def section_table(self, section: SectionSpec, path: Path_) -> None:
        name = section.table or ""
        kind = self.spec.table_kinds.get(name)
        if kind is None and name not in self.forms:
            known = "、".join([*self.spec.table_kinds, *self.forms])
            self.problem("PRF-002", f"未知的表格种类“{name}”（可用：{known}）", (*path, "table"))
            return
        for option in sorted(section.model_fields_set & SECTION_TABLE_OPTIONS):
            reason = self.unhonoured(option, section, kind)
            if reason:
                self.problem("PRF-002", f"表格种类 {name} 不能设置 {option}（{reason}）", (*path, option))

    def unhonoured(self, option: str, section: SectionSpec, kind: TableKind | None) -> str | None:
        """Why a table kind cannot honour a section setting, or None when it can."""
        if kind is None:
            return None if option in FORM_OPTIONS else "申报表的栏目由表本身决定"
        each = [r.each for r in kind.rows if r.each]
        if option == "columns":
            if kind.sides:
                return "两栏式的表列固定"
            keys = {c.key or (c.header[-1] if isinstance(c.header, list) else c.header) for c in kind.columns}
            wrong = [k for k in section.columns or [] if k not in keys]
            return f"没有列 {'、'.join(wrong)}；可用：{'、'.join(keys)}" if wrong else None
        if option == "code_style":
            coded = any(c.show == "code" for c in kind.columns)
            return None if coded and any(e in HIERARCHIES for e in each) else "没有分类科目编码列"
        if option == "rows":
            listed = each or [r.each for side in kind.sides for r in side.rows if r.each]
            return None if listed else "没有按维度展开的行"
        if option == "empty_note" and kind.sides:
            return "两栏式的表总是列出全部行"
        return None

    # ------------------------------------------------------------------ files

    def stylesheets(self) -> None:
        for relative in STYLESHEETS:
            for folder in self.profile.chain:
                path = folder / relative
                if not path.is_file() or outside(path, self.profile.chain) is not None:
                    continue
                css = path.read_text(encoding="utf-8", errors="replace")
                found = UNSAFE_CSS.search(css)
                if found:
                    line = css.count("\n", 0, found.start()) + 1
                    self.findings.append(
                        Finding(
                            "PRF-004",
                            Severity.ERROR,
                            f"样式表不能包含“{found.group(0)}”（不允许引用外部资源）",
                            (_location(folder, relative, line),),
                        )
                    )


def _location(folder: Path, relative: str, line: int) -> Location:
    return Location(f"{folder.name}/{relative}", line)


def narrative_blocks(profile: ResolvedProfile) -> dict[str, bool] | None:
    """The block names narrative.j2 defines along its {% extends %} chain, each with whether it reads
    `item` (so only a section repeated per item can print it); None if the template cannot be read."""
    from gen.compose.templating import environment

    env = environment(profile, autoescape=False)
    blocks: dict[str, bool] = {}
    name: str | None = NARRATIVE
    seen = set()
    try:
        while name and name not in seen:
            seen.add(name)
            source = env.loader.get_source(env, name)[0] if env.loader else ""
            tree = env.parse(source)
            for block in tree.find_all(nodes.Block):
                # `item` the block looks up from the context, not a loop variable of its own.
                body = nodes.Template(block.body, lineno=block.lineno)
                body.set_environment(env)
                reads = "item" in meta.find_undeclared_variables(body)
                blocks[block.name] = blocks.get(block.name, False) or reads
            parent = next(iter(tree.find_all(nodes.Extends)), None)
            name = parent.template.value if parent and isinstance(parent.template, nodes.Const) else None
    except TemplateError:
        return None  # the template's own error is reported, with its line, when it is rendered
    return blocks


def _known_keys() -> dict[tuple[str, ...], tuple[str, ...]]:
    """The keys the narrative looks up in these mappings: any other is a misspelling, never printed."""
    from gen.compose.context import SPENDING_KINDS
    from models.budget import APPROPRIATIONS, PROJECT_SOURCE_FIELDS, FundSource

    return {
        ("income_labels",): (
            *(s.value for s in FundSource),
            *(f"{s.value}-财政拨款" for s in APPROPRIATIONS),
        ),
        ("labels", "spending_type"): SPENDING_KINDS,
        ("labels", "project_source"): PROJECT_SOURCE_FIELDS,
        ("labels", "project_group"): ("own", "transfer"),
    }


def check_profile(profile: ResolvedProfile) -> list[Finding]:
    """Every problem of a loaded profile, each at the line of its key."""
    checker = _Checker(profile)
    for path, keys in _known_keys().items():
        mapping = (
            profile.spec.income_labels if path == ("income_labels",) else profile.spec.labels.get(path[1], {})
        )
        for key in mapping:
            if key not in keys:
                checker.problem("PRF-001", f"没有“{key}”这一项（可用：{'、'.join(keys)}）", (*path, key))
    for name, measure in profile.spec.measures.items():
        checker.measure(measure, None, ("measures", name))
    for name, kind in profile.spec.table_kinds.items():
        checker.kind(name, kind, ("table_kinds", name))
    check_forms(profile, lambda message, path: checker.problem("PRF-005", message, path))
    for name in set(profile.spec.table_kinds) & set(profile.spec.form_kinds):
        checker.problem(
            "PRF-005", f"“{name}”既是表格种类又是申报表种类，请改用不同的名称", ("form_kinds", name)
        )
    blocks = narrative_blocks(profile)
    for index, part in enumerate(profile.spec.parts):
        where: Path_ = ("parts", index)
        if not part.title:
            checker.problem("PRF-001", f"部分“{part.id}”没有写 title（上级模板中也没有这一部分）", where)
        checker.text(part.text, (*where, "text"), blocks, repeated=False)
        if not part.heading and part.toc_text is not None:
            checker.problem(
                "PRF-002", "不印标题的部分（heading: false）不进目录，不能写 toc_text", (*where, "toc_text")
            )
        checker.sections(part.sections, where, blocks)
    checker.stylesheets()
    return checker.findings
