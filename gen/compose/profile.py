"""Profiles: a folder of templates and a profile.yaml, resolved along its `extends:` chain.

Like mkdocs themes, a profile's files shadow its parent's; profile.yaml settings merge
(child keys win, lists are replaced whole), so a district states only what differs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field

from gen.compose.formspec import FormKind
from gen.compose.tablespec import Measure, Spec, TableKind
from gen.errors import InputError, UsageError
from gen.findings import Finding, Location, Severity, format_path
from gen.load.cache import cached
from gen.load.references import within
from gen.load.source import SourceDoc
from gen.load.yaml_source import load_yaml
from gen.validate.schema import check_layer, parse_model

BUILTIN = Path(__file__).resolve().parents[2] / "templates"
PROFILE_FILE = "profile.yaml"


AmountUnit = Literal["万元", "元"]
Orientation = Literal["portrait", "landscape"]
EachList = Literal["projects", "project_forms", "units"]
"""The lists a section can be repeated over (one section per project, per unit)."""
CodeStyle = Literal["single", "split"]
RowChoice = Literal["all", "nonempty"]


class SectionSpec(Spec):
    id: str = Field(title="编号（英文，唯一；与上级模板同编号的标题合并其设置）")
    title: str = Field("", title="标题（可含 {{ year }} 等）")
    text: str | None = Field(None, title="说明文字（narrative.j2 中的 block 名）")
    table: str | None = Field(None, title="表格种类")
    unit: AmountUnit | None = Field(None, title="表格金额单位（万元或元，默认同 tables.unit）")
    decimals: int | None = Field(None, title="表格金额小数位数（默认同 tables.decimals）", ge=0, le=2)
    unit_label: str | None = Field(
        None, title="单位说明的写法（默认同 amount_unit_label）", pattern=r"^([^{}]|\{unit\})*$"
    )
    caption: str | None = Field(None, title="表题下的说明（左侧，与单位同行）")
    notes: list[str] = Field(default_factory=list, title="表下备注（可含 {{ year }} 等）")
    empty_note: str | None = Field(None, title="无数据时的说明")
    orientation: Orientation | None = Field(
        None, title="页面方向（portrait 纵向、landscape 横向；本节及其下级、其中的表格，默认按表格列数）"
    )
    columns: list[str] | None = Field(None, title="列及其顺序（默认该表的标准列）")
    code_style: CodeStyle | None = Field(None, title="科目编码一列（single）或分类、款、项列（split）")
    rows: RowChoice | None = Field(None, title="标准行全部列出（all）或只列有数的行（nonempty）")
    numbered: bool = Field(True, title="正文标题带序号")
    toc_text: str | None = Field(
        None, title="目录中的写法（默认同标题；可含 {{ year }}、{{ item.name }} 等）"
    )
    run_in: bool = Field(False, title="标题与说明文字的第一段接排在同一行（“（一）收入预算：2023年……”）")
    each: EachList | None = Field(
        None,
        title="逐项重复本节：projects 每个项目一节，project_forms 每个有绩效目标申报表的项目一节，"
        "units 每个单位一节（标题、文字中用 item）",
    )
    new_page: bool = Field(False, title="本节（逐项重复时每一项）另起一页")
    sections: list[SectionSpec] = Field(default_factory=list, title="下级标题")


class PartSpec(Spec):
    id: str = Field(title="编号（英文，唯一；与上级模板同编号的部分合并其设置）")
    title: str = Field("", title="标题")
    heading: bool = Field(True, title="印部分标题（false：不印、不编序号，目录中列其下各节）")
    toc_text: str | None = Field(None, title="目录中的写法（默认同标题）")
    orientation: Orientation | None = Field(None, title="页面方向（本部分各页，各节可另设）")
    text: str | None = Field(None, title="部分开头的说明文字（block 名）")
    sections: list[SectionSpec] = Field(default_factory=list, title="标题")


# Numbering patterns are filled with str.format: only these placeholders, so no attribute access.
NUMBER_PATTERN = r"^([^{}]|\{(n|nn|cn|cn_nian)\})*$"
UNIT_PATTERN = r"^([^{}]|\{unit\})*$"


def _numbering(default: str, label: str) -> Any:
    return Field(default, title=f"{label}（只能用 {{n}} {{nn}} {{cn}} {{cn_nian}}）", pattern=NUMBER_PATTERN)


class Numbering(Spec):
    part: str = _numbering("第{cn}部分", "部分序号")
    section: str = _numbering("{cn}、", "一级标题序号")
    subsection: str = _numbering("（{cn}）", "二级标题序号")
    item: str = _numbering("{n}、", "列举序号")
    table: str = _numbering("{cn}、", "表格序号")
    summary_row: str = _numbering("{cn_nian}、", "收支总表行序号")
    summary_subrow: str = _numbering("（{cn_nian}）", "财政拨款收支总表行序号")


class TextStyle(Spec):
    unit: AmountUnit | None = Field(
        None, title="正文金额单位（万元或元，默认同输入文件；与表格单位无关，由程序换算）"
    )
    decimals: int = Field(2, title="正文金额小数位数（0 为整数，如“3766万元”；四舍五入）", ge=0, le=2)
    trim_zeros: bool = Field(False, title="正文金额省略末尾的 0（72,643 而非 72,643.00）")
    thousands: bool = Field(True, title="正文金额用千分位逗号（false：3766万元 而非 3,766万元）")
    percent_trim_zeros: bool = Field(False, title="正文百分比省略末尾的 0（100% 而非 100.00%）")


class ChangeSpec(Spec):
    amount: Decimal = Field(Decimal(1), title="需说明原因的变动额（万元，含）", ge=0)
    percent: Decimal = Field(Decimal(10), title="需说明原因的变动幅度（%，含）", ge=0)


class TableDefaults(Spec):
    unit: AmountUnit | None = Field(None, title="表格金额单位（万元或元，默认同输入文件）")
    decimals: int = Field(2, title="表格金额小数位数", ge=0, le=2)
    code_style: CodeStyle = Field("single", title="科目编码一列（single）或分类、款、项列（split）")
    rows: RowChoice = Field("all", title="标准行全部列出（all）或只列有数的行（nonempty）")
    rounding_note: str = Field(
        "注：本表金额按四舍五入列示，合计数与各分项之和可能存在尾差。",
        title="换算单位后合计与分项之和有尾差时加在表下的说明",
    )


# A font name goes into CSS and Word XML: no quotes, braces or markup.
FONT_HELP = "（字体名称，不含引号、括号等符号）"
FONT_PATTERN = r"^[^\"'{};<>\\&\x00-\x1f\x7f]+$"


class Fonts(Spec):
    title: str | None = Field(None, title=f"封面标题字体{FONT_HELP}", pattern=FONT_PATTERN)
    heading: str | None = Field(None, title=f"标题字体{FONT_HELP}", pattern=FONT_PATTERN)
    body: str | None = Field(None, title=f"正文字体{FONT_HELP}", pattern=FONT_PATTERN)
    table: str | None = Field(None, title=f"表格字体{FONT_HELP}", pattern=FONT_PATTERN)
    body_size: float | None = Field(None, title="正文字号（磅）", ge=8, le=22)


class Margins(Spec):
    top: float = Field(title="上（毫米）", ge=5, le=60)
    bottom: float = Field(title="下（毫米）", ge=5, le=60)
    left: float = Field(title="左（毫米）", ge=5, le=60)
    right: float = Field(title="右（毫米）", ge=5, le=60)

    def turned(self) -> Margins:
        """The margins of the same sheet turned to landscape (its left edge becomes the top)."""
        return Margins(top=self.left, right=self.top, bottom=self.right, left=self.bottom)


# Paper sizes in millimetres (portrait); 16K is the Chinese 16开 (185 × 260).
PAPER = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "B5": (176.0, 250.0), "16K": (185.0, 260.0)}


class PageSpec(Spec):
    size: Literal["A4", "A3", "B5", "16K"] | None = Field(None, title="纸张（A4、A3、B5、16K）")
    margins: Margins | None = Field(None, title="纵向页边距（毫米）")
    landscape_margins: Margins | None = Field(None, title="横向页边距（毫米，默认由纵向旋转而来）")

    @property
    def paper(self) -> tuple[float, float] | None:
        """Portrait width and height in millimetres, when the profile sets the paper."""
        return PAPER[self.size] if self.size else None

    @property
    def landscape(self) -> Margins | None:
        return self.landscape_margins or (self.margins.turned() if self.margins else None)


PdfEngine = Literal["typst", "weasyprint"]
PdfStandard = Literal["a-2b", "a-2u", "a-2a"]
PDF_ENGINES: tuple[str, ...] = get_args(PdfEngine)
PDF_STANDARDS: tuple[str, ...] = get_args(PdfStandard)


class PdfSpec(Spec):
    engine: PdfEngine = Field(
        "typst",
        title="PDF 排版方式（typst：按本文件的设置排版，带无障碍标签；weasyprint：按 pdf/print.css 排版）",
    )
    standard: PdfStandard | None = Field(
        None, title="PDF/A 存档标准（a-2b、a-2u 或 a-2a；不写则为普通的无障碍 PDF）"
    )


class TitlePageSpec(Spec):
    show: bool = Field(True, title="是否印封面（false：标题印在第一页开头）")
    lines: list[str] = Field(
        default_factory=lambda: ["{{ dept.name }}"], title="标题下的各行（可含 {{ year }} 等）"
    )


class Profile(Spec):
    name: str = Field(title="模板名称")
    extends: str | None = Field(None, title="继承的模板")
    description: str = Field("", title="说明")
    language: str = Field("zh-CN", title="文档语言")
    title: str = Field(title="文档标题（可含 {{ year }} 等）")
    title_page: TitlePageSpec = Field(default_factory=TitlePageSpec, title="封面")
    toc: bool = Field(True, title="是否印目录（false：不印目录，Excel 版也不设目录表）")
    toc_title: str = Field("目录", title="目录标题")
    toc_depth: int = Field(2, title="目录层级（0–2：只列部分、列到节、列到小节）", ge=0, le=2)
    amount_unit_label: str = Field("单位：{unit}", title="表格单位说明", pattern=UNIT_PATTERN)
    numbering: Numbering = Field(default_factory=Numbering, title="序号样式")
    text: TextStyle = Field(default_factory=TextStyle, title="正文数字写法")
    landscape_columns: int = Field(9, title="列数达到多少时横向排版", ge=1)
    tables: TableDefaults = Field(default_factory=TableDefaults, title="各表格的默认设置")
    changes: ChangeSpec = Field(
        default_factory=ChangeSpec, title="与上年比较：达到这两个标准的变动需说明原因"
    )
    page: PageSpec = Field(
        default_factory=PageSpec, title="纸张和页边距（不写则用样式表和 reference.docx 的设置）"
    )
    fonts: Fonts = Field(default_factory=Fonts, title="字体（不写则用样式表和 reference.docx 的设置）")
    pdf: PdfSpec = Field(default_factory=PdfSpec, title="PDF 的排版方式和存档标准")
    income_labels: dict[str, str] = Field(default_factory=dict, title="收入来源在说明文字中的名称")
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict, title="各组键的名称（如 source 收入来源、project_group 项目级次），表格的行引用"
    )
    lists: dict[str, list[str]] = Field(
        default_factory=dict, title="命名的键列表（如收支总表列示的功能分类）"
    )
    measures: dict[str, Measure] = Field(default_factory=dict, title="命名的度量，表格的列和行引用")
    table_kinds: dict[str, TableKind] = Field(default_factory=dict, title="表格种类：每种表的行、列和表头")
    form_kinds: dict[str, FormKind] = Field(
        default_factory=dict, title="申报表种类：每种绩效目标申报表的各张分表、行和格"
    )
    glossary: dict[str, str | None] = Field(default_factory=dict, title="名词解释（写空值删去上级的某条）")
    parts: list[PartSpec] = Field(default_factory=list, title="文档结构")


@dataclass(frozen=True)
class ResolvedProfile:
    """A profile with its settings merged along the chain and its template search path."""

    spec: Profile
    chain: tuple[Path, ...]
    """Folders from the profile itself up to national: the template search path."""
    sources: tuple[SourceDoc, ...] = ()
    """Each folder's profile.yaml as read (with line numbers), in the same order."""

    @property
    def name(self) -> str:
        return self.spec.name

    def locate(self, *path: str | int) -> Location:
        """The file and line of the profile.yaml along the chain that set `path` (0-based): the one
        that holds most of the path, the district's own before its parent's."""
        best, depth = None, 0
        for source in self.sources:
            held = _held(source.data, path)
            if held > depth:
                best, depth = source, held
        if best is None:
            return Location(f"{self.name}/{PROFILE_FILE}", None, format_path(path))
        return best.locate(path)

    def where(self, *path: str | int) -> str:
        """'wuhan/profile.yaml:40 parts[5].sections[2]': the file and line that set `path` (0-based)."""
        location = self.locate(*path)
        place = f"{location.file}:{location.line}" if location.line else location.file
        return f"{place} {location.path}"

    def names(self) -> dict[str, Path]:
        return {folder.name: folder for folder in self.chain}

    def printed_forms(self) -> list[FormKind]:
        """The form kinds the document prints, in the order its sections name them."""
        found: list[FormKind] = []

        def visit(sections: list[SectionSpec]) -> None:
            for section in sections:
                kind = self.spec.form_kinds.get(section.table or "")
                if kind is not None and kind not in found:
                    found.append(kind)
                visit(section.sections)

        for part in self.spec.parts:
            visit(part.sections)
        return found

    def files(self, relative: str) -> list[Path]:
        """Every existing copy of `relative` along the chain, parent first (for stylesheets)."""
        found = []
        for folder in reversed(self.chain):
            path = folder / relative
            if not path.is_file():
                continue
            real = outside(path, self.chain)
            if real is not None:
                from gen.compose.templating import ProfileTemplateError

                raise ProfileTemplateError(link_refused(f"{folder.name}/{relative}", real))
            found.append(path)
        return found


def _held(data: Any, path: tuple[str | int, ...]) -> int:
    """How many steps of `path` a profile.yaml's data holds."""
    held = 0
    for step in path:
        inside = isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        if not (inside or (isinstance(data, dict) and step in data)):
            break
        data = data[step]
        held += 1
    return held


def outside(path: Path, folders: tuple[Path, ...]) -> Path | None:
    """Where `path` really is when a link takes it out of every one of `folders`; None when inside."""
    real = path.resolve()
    return None if any(real.is_relative_to(folder.resolve()) for folder in folders) else real


def link_refused(shown: str, real: Path) -> str:
    """The message for a profile file that is a link to `real`, outside the profile folders."""
    return f"{shown}：是指向模板文件夹以外（{real}）的链接，已拒绝读取（模板只能使用模板文件夹中的文件）"


def template_root() -> Path:
    override = os.environ.get("BUDGETDOC_TEMPLATES")
    return Path(override) if override else BUILTIN


def builtin_profiles() -> list[str]:
    return sorted(p.parent.name for p in template_root().glob(f"*/{PROFILE_FILE}"))


def find_profile(name: str, near: Path | None = None, *, confined: bool = False) -> Path:
    """The folder of profile `name`: a folder next to `near`, a path, or a built-in profile.

    `confined` (a name written in an input, meta.profile): a folder inside `near` (or a folder named
    with --refs) or a built-in profile, never a path elsewhere.
    """
    # Next to `near` first (an extends: or meta.profile is written relative to its own file).
    candidates = [near / name] if near is not None else []
    if confined and near is not None:
        candidates = [c for c in candidates if within(c.resolve(), near)]
        candidates += [template_root() / name] if "/" not in name and "\\" not in name else []
    else:
        candidates += [Path(name), template_root() / name]
    for folder in candidates:
        if (folder / PROFILE_FILE).is_file():
            return folder.resolve()
    known = "、".join(builtin_profiles())
    raise UsageError(f"找不到模板“{name}”（可用：{known}；也可给出含 {PROFILE_FILE} 的文件夹路径）")


# Lists of entries with an `id` that a district merges into its parent's rather than replaces.
BY_ID = ("parts", "sections", "grids")


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Child settings over the parent's: mappings merged key by key, parts and sections by id
    (`_merge_by_id`), other lists replaced whole."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif key in BY_ID and isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = _merge_by_id(merged[key], value)
        else:
            merged[key] = value
    return merged


def _id(entry: Any) -> Any:
    return entry.get("id") if isinstance(entry, dict) else None


ELLIPSIS = "..."
"""An entry of a child's parts or sections standing for the parent's entries it does not name."""


def _merge_by_id(parent: list[Any], child: list[Any]) -> list[Any]:
    """The child's entries, in its order, each merged over the parent's entry of the same id.

    The child's list is the document's list: an entry it leaves out is not printed. An entry naming
    a parent's id inherits that entry's settings (its sections merged the same way), so `- {id:
    overall}` keeps national's section as it is; `- ...` puts there the parent's entries the child
    does not name, in their order, so a district can add one section without listing the rest.
    """
    named = {_id(entry) for entry in child if _id(entry) is not None}
    by_id = {_id(entry): entry for entry in parent if _id(entry) is not None}
    result: list[Any] = []
    for entry in child:
        if entry == ELLIPSIS:
            result += [p for p in parent if _id(p) not in named]
        elif _id(entry) in by_id:
            result.append(_merge(by_id[_id(entry)], entry))
        else:
            result.append(entry)
    return result


def _without_ellipses(data: Any) -> Any:
    """A layer as validated alone: its `...` entries stand for what its parent has."""
    if isinstance(data, dict):
        return {k: _without_ellipses(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_ellipses(v) for v in data if v != ELLIPSIS]
    return data


def load_profile(name: str, near: Path | None = None) -> ResolvedProfile:
    """Resolve `name` (a built-in profile or a folder) and every profile it extends."""
    chain: list[Path] = []
    layers: list[dict[str, Any]] = []
    sources: list[SourceDoc] = []
    folder = find_profile(name, near, confined=near is not None)
    while True:
        if folder in chain:
            cycle = " → ".join(p.name for p in [*chain, folder])
            raise UsageError(f"模板继承关系成环：{cycle}")
        real = outside(folder / PROFILE_FILE, (folder,))
        if real is not None:
            raise UsageError(link_refused(f"{folder.name}/{PROFILE_FILE}", real))
        source = cached(folder / PROFILE_FILE, load_yaml)
        source.display = f"{folder.name}/{PROFILE_FILE}"
        data = source.data
        # Validate each file alone first so that a mistake is reported at its own line.
        partial = {
            **_without_ellipses(data),
            "name": data.get("name", folder.name),
            "title": data.get("title", ""),
        }
        layer = SourceDoc(source.path, partial, source.lines, source.display)
        if data.get("extends"):  # settings it leaves out come from its parent
            check_layer(Profile, layer)
        else:
            parse_model(Profile, layer)
        chain.append(folder)
        layers.append(data)
        sources.append(source)
        parent = data.get("extends")
        if not parent:
            break
        folder = find_profile(str(parent), folder.parent)
    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged = _merge(merged, layer)
    merged["name"] = layers[0].get("name", chain[0].name)
    spec = parse_model(
        Profile, SourceDoc(chain[0] / PROFILE_FILE, merged, {}, f"{chain[0].name}/{PROFILE_FILE}")
    )
    if not spec.parts:
        where = Location(f"{chain[0].name}/{PROFILE_FILE}", None, "parts")
        raise InputError([Finding("PROFILE", Severity.ERROR, "模板没有定义文档结构（parts）", (where,))])
    resolved = ResolvedProfile(spec, tuple(chain), tuple(sources))
    from gen.compose.profile_check import check_profile

    problems = check_profile(resolved)
    if problems:
        raise InputError(problems)
    return resolved
