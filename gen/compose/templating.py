"""Sandboxed Jinja for profile templates: a search path along the profile chain, strict undefined."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from gen.compose.numbers import amount_text, count_text, date_text, numbered, percent_text
from gen.compose.profile import PROFILE_FILE, ResolvedProfile, link_refused, outside
from gen.compose.sandbox import Sandbox, TemplateLimitError
from gen.compute.yoy import Change
from gen.errors import BudgetDocError


class ProfileTemplateError(BudgetDocError):
    """A profile template failed: names the template file and line."""


# What a failing template can raise; each becomes a message naming the template file and line.
TEMPLATE_FAILURES = (
    TemplateError,
    SecurityError,
    ArithmeticError,
    TypeError,
    ValueError,
    AttributeError,
    LookupError,
    RecursionError,
    TemplateLimitError,
    MemoryError,
)


class _ProfileLoader(FileSystemLoader):
    """A FileSystemLoader that will not follow a link out of the profile folders."""

    def __init__(self, searchpath: list[Path], folders: tuple[Path, ...]) -> None:
        super().__init__([str(p) for p in searchpath])
        self.folders = folders

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for root in self.searchpath:
            path = Path(root, *pieces)
            if path.is_file():
                real = outside(path, self.folders)
                if real is not None:
                    raise ProfileTemplateError(link_refused(_short(str(path)), real))
                break
        return super().get_source(environment, template)


def environment(profile: ResolvedProfile, *, autoescape: bool) -> SandboxedEnvironment:
    """Templates resolve child first ('narrative.j2'); 'national:narrative.j2' names one profile's copy."""
    chain = profile.chain
    loader = ChoiceLoader(
        [
            _ProfileLoader(list(chain), chain),
            PrefixLoader({name: _ProfileLoader([p], chain) for name, p in profile.names().items()}, ":"),
        ]
    )
    env = Sandbox(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(filters(profile))
    return env


def filters(profile: ResolvedProfile) -> dict[str, Callable[..., Any]]:
    style = profile.spec.text

    def amount(value: Decimal | None) -> str:
        return amount_text(abs(value) if value is not None else None, trim=style.trim_zeros)

    def pct(value: Decimal | None) -> str:
        return percent_text(abs(value) if value is not None else None, trim=style.percent_trim_zeros)

    def trend(change: Change) -> str:
        """增长 / 下降 / 持平, the word for a percentage change."""
        return {"增加": "增长", "减少": "下降"}.get(change.direction or "", "持平")

    def joined(items: Any, separator: str = "、", last: str | None = None) -> str:
        texts = [str(i) for i in items]
        if last is not None and len(texts) > 1:
            return separator.join(texts[:-1]) + last + texts[-1]
        return separator.join(texts)

    def lead(value: Any, before: str, after: str = "") -> str:
        """Wrap text only when there is some: 'x'|lead('，') → '，x', ''|lead('，') → ''."""
        text = str(value)
        return f"{before}{text}{after}" if text.strip() else ""

    numbering = profile.spec.numbering
    return {
        "amount": amount,
        "lead": lead,
        "date_cn": date_text,
        "item": lambda n: numbered(numbering.item, n),
        "sub": lambda n: numbered(numbering.subsection, n),
        "pct": pct,
        "count": count_text,
        "trend": trend,
        "joined": joined,
    }


def render_blocks(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> dict[str, str]:
    """Render every block of template `name` (with its parents) separately, keyed by block name.

    The whole template is run once so that `{% extends %}` collects each block's chain; then each
    block renders alone, so `{{ super() }}` works and a section gets exactly its block's text.
    """
    template = _template(env, name)
    start(env)
    try:
        ctx = template.new_context(dict(context))
        env.concat(template.root_render_func(ctx))  # bounded like any output; the text is not kept
        return {block: env.concat(chain[0](ctx)) for block, chain in ctx.blocks.items()}
    except TEMPLATE_FAILURES:
        try:
            env.handle_exception()  # re-raises with the traceback mapped to template lines
        except TEMPLATE_FAILURES as exc:
            raise located(exc, name) from None


def render_string(env: SandboxedEnvironment, source: str, context: Mapping[str, Any], where: str) -> str:
    """A short template written in profile.yaml (a title such as '{{ year }}年收支预算总表')."""
    start(env)
    try:
        return env.from_string(source).render(dict(context))
    except TEMPLATE_FAILURES as exc:
        raise ProfileTemplateError(f"{where}：模板错误：{_describe(exc)}") from None


def start(env: SandboxedEnvironment) -> None:
    """Give a render its own budget of loop iterations and time."""
    if isinstance(env, Sandbox):
        env.budget.start()


def _template(env: SandboxedEnvironment, name: str) -> Any:
    try:
        return env.get_template(name)
    except TemplateSyntaxError as exc:
        raise located(exc, name) from None
    except TemplateError as exc:
        raise ProfileTemplateError(f"{name}：找不到模板或模板有误：{exc}") from None


def located(exc: Exception, name: str) -> ProfileTemplateError:
    """Name the template file and line from the traceback of a failed render."""
    if isinstance(exc, TemplateSyntaxError):
        return ProfileTemplateError(
            f"{_short(exc.filename or name)}:{exc.lineno}：模板语法错误：{exc.message}"
        )
    file, line = name, None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2") or code.co_filename.startswith("<template"):
            file, line = _short(code.co_filename), tb.tb_lineno
        tb = tb.tb_next
    where = f"{file}:{line}" if line else file
    return ProfileTemplateError(f"{where}：模板错误：{_describe(exc)}")


def _short(filename: str) -> str:
    """'/…/templates/wuhan/html/macros.html.j2' → 'wuhan/html/macros.html.j2': from the profile folder."""
    path = Path(filename)
    for folder in path.parents:
        if (folder / PROFILE_FILE).is_file():
            return path.relative_to(folder.parent).as_posix()
    return path.name


def _describe(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        # Jinja's words are English; the attribute it names is what the author needs.
        attribute = re.search(r"attribute '([^']+)'", str(exc))
        return f"模板试图访问不允许的内容{f'（{attribute.group(1)}）' if attribute else ''}，已拒绝"
    if isinstance(exc, TemplateNotFound):
        return f"找不到模板“{exc.name}”（只能引用模板文件夹中的文件，不能用绝对路径或 ..）"
    if isinstance(exc, OverflowError):
        ours = "" if str(exc).isascii() else f"（{exc}）"
        return f"数值、列表或 range 过大，已拒绝{ours}"
    if isinstance(exc, RecursionError):
        return "宏或模板无限递归，已拒绝"
    if isinstance(exc, TemplateLimitError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "模板运行占用的内存过多，已停止"
    message = str(getattr(exc, "message", None) or exc)
    attribute = re.search(r"has no attribute '([^']+)'", message)
    if attribute:
        return f"使用了不存在的字段“{attribute.group(1)}”（{message}）"
    variable = re.search(r"'([^']+)' is undefined", message)
    if variable:
        return f"使用了不存在的变量“{variable.group(1)}”"
    return message
