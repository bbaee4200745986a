"""Profiles: a folder of templates and a profile.yaml, resolved along its `extends:` chain.

Like mkdocs themes, a profile's files shadow its parent's; profile.yaml settings merge
(child keys win, lists are replaced whole), so a district states only what differs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gen.errors import InputError, UsageError
from gen.findings import Finding, Location, Severity, format_path
from gen.load.references import within
from gen.load.source import SourceDoc
from gen.load.yaml_source import load_yaml
from gen.validate.schema import parse_model

BUILTIN = Path(__file__).resolve().parents[2] / "templates"
PROFILE_FILE = "profile.yaml"


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


AmountUnit = Literal["万元", "元"]
CodeStyle = Literal["single", "split"]
RowChoice = Literal["all", "nonempty"]


class SectionSpec(Spec):
    id: str = Field(title="编号（英文，唯一）")
    title: str = Field(title="标题（可含 {{ year }} 等）")
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
    orientation: Literal["portrait", "landscape"] | None = Field(None, title="页面方向")
    columns: list[str] | None = Field(None, title="列及其顺序（默认该表的标准列）")
    code_style: CodeStyle | None = Field(None, title="科目编码一列（single）或分类、款、项列（split）")
    rows: RowChoice | None = Field(None, title="标准行全部列出（all）或只列有数的行（nonempty）")
    numbered: bool = Field(True, title="正文标题带序号")
    sections: list[SectionSpec] = Field(default_factory=list, title="下级标题")


class PartSpec(Spec):
    id: str = Field(title="编号（英文，唯一）")
    title: str = Field(title="标题")
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
    trim_zeros: bool = Field(False, title="正文金额省略末尾的 0（72,643 而非 72,643.00）")
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


class TitlePageSpec(Spec):
    show: bool = Field(True, title="是否印封面")
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
    summary_classes: list[str] = Field(default_factory=list, title="收支总表列示的功能分类（类）")
    income_labels: dict[str, str] = Field(default_factory=dict, title="收入来源在总表中的名称")
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

    def where(self, *path: str | int) -> str:
        """'wuhan/profile.yaml:40 parts[5].sections[2]': the file and line that set `path` (0-based)."""
        for source in self.sources:
            if isinstance(source.data, dict) and path and path[0] in source.data:
                location = source.locate(path)
                place = f"{location.file}:{location.line}" if location.line else location.file
                return f"{place} {location.path}"
        return f"{self.name}/{PROFILE_FILE} {format_path(path)}"

    def names(self) -> dict[str, Path]:
        return {folder.name: folder for folder in self.chain}

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


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and key != "parts":
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


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
        source = load_yaml(folder / PROFILE_FILE)
        source.display = f"{folder.name}/{PROFILE_FILE}"
        data = source.data
        # Validate each file alone first so that a mistake is reported at its own line.
        partial = {**data, "name": data.get("name", folder.name), "title": data.get("title", "")}
        parse_model(Profile, SourceDoc(source.path, partial, source.lines, source.display))
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
    return ResolvedProfile(spec, tuple(chain), tuple(sources))
