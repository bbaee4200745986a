"""Sandboxed Jinja for profile templates: a search path along the profile chain, strict undefined."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

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
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from gen.compose.numbers import (
    amount_text,
    count_text,
    date_text,
    number_text,
    numbered,
    percent_text,
    rounded_to,
)
from gen.compose.profile import PROFILE_FILE, ResolvedProfile, link_refused, outside
from gen.compose.sandbox import Sandbox, TemplateLimitError
from gen.compose.unknown import NO_PRIOR, Recorder, Unknown, Unknowns, is_none, recording
from gen.compute.revealed import Missing, Unrevealed
from gen.compute.yoy import Change
from gen.errors import BudgetDocError
from models.amount import converted


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


class EmptyValue(TypeError):
    """A template printed None: a field the input left empty, printed without asking whether it is there."""


def _finalize(value: Any) -> Any:
    if value is None:
        raise EmptyValue("输出了空值（输入中未填写的字段）；请先用 {% if … is not none %} 判断")
    if isinstance(value, Unknown):
        value.use()
        return ""
    return value


class AmountArithmetic(TypeError):
    """A template computed with an amount: a figure typed in a template is wrong the day the budget moves."""

    def __init__(self, operator: str) -> None:
        super().__init__(
            f"模板不能对金额做运算（{operator}）：合计、差额、换算都由程序算好，"
            "请使用已有的变量（见 docs/模板变量参考.md），单位和小数位数用 profile.yaml 的 text: 设置"
        )


ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})


class _Sandbox(Sandbox):
    """The limited sandbox (gen.compose.sandbox); no arithmetic on amounts (Decimals): every figure a
    sentence prints is computed in Python; and what the input does not reveal.

    What the input does not reveal reaches a template as an Unknown (see gen.compose.unknown).
    """

    intercepted_binops = Sandbox.intercepted_binops | ARITHMETIC
    intercepted_unops = frozenset({"-"})
    unknowns: Unknowns | None = None
    _safe: dict[tuple[type, str], bool] | None = None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's answer depends only on the object's type and the name (a private or internal
        # attribute, or one that changes a list, dict or set): worked out once, not ~30,000 times.
        if self._safe is None:
            self._safe = {}
        key = (type(obj), attr)
        if key not in self._safe:
            self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return self._safe[key]

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        return self.unknowns.wrap(obj, attribute, value) if self.unknowns else value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if self.unknowns and isinstance(argument, str):
            return self.unknowns.wrap(obj, argument, value)
        return value

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if _money(left) or _money(right):
            raise AmountArithmetic(operator)
        return super().call_binop(context, operator, left, right)

    def call_unop(self, context: Context, operator: str, arg: Any) -> Any:
        if _money(arg):
            raise AmountArithmetic(operator)
        return super().call_unop(context, operator, arg)


def _money(value: Any) -> bool:
    """An amount (or a change of one). An Unknown is let through: what it stands for is recorded."""
    return isinstance(value, (Decimal, Change))


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


def environment(
    profile: ResolvedProfile,
    *,
    autoescape: bool,
    unknowns: Unknowns | None = None,
    amount_unit: str | None = None,
) -> SandboxedEnvironment:
    """Templates resolve child first ('narrative.j2'); 'national:narrative.j2' names one profile's copy.

    With `unknowns`, what the input does not reveal reaches the templates as Unknowns. `amount_unit`
    is the unit of the input's amounts, which `|amount` writes in the profile's text unit.
    """
    chain = profile.chain
    loader = ChoiceLoader(
        [
            _ProfileLoader(list(chain), chain),
            PrefixLoader({name: _ProfileLoader([p], chain) for name, p in profile.names().items()}, ":"),
        ]
    )
    env = _Sandbox(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_finalize,
    )
    env.unknowns = unknowns
    env.filters.update({name: env.guarded(name, f) for name, f in filters(profile, amount_unit).items()})
    env.tests["none"] = is_none
    return env


def _known(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter given an Unknown records it and gives nothing; given None, it is a template mistake."""

    def checked(*args: Any) -> Any:
        for value in args:
            if isinstance(value, Unknown):
                value.use()
                return ""
        if args and args[0] is None:
            raise EmptyValue("把空值（输入中未填写的字段）交给了过滤器；请先用 {% if … is not none %} 判断")
        return function(*args)

    return checked


def filters(profile: ResolvedProfile, amount_unit: str | None = None) -> dict[str, Callable[..., Any]]:
    style = profile.spec.text
    source = amount_unit or style.unit or "万元"
    shown = style.unit or source

    # Prose states none and all as a reader says them (预算控制数为0万元, 占100%) even where it
    # writes other figures with their decimals; tables keep the decimals of every figure.
    def amount(value: Decimal) -> str:
        """An amount of the input (in `source`), written in the text's unit and places: the one place
        where a narrative figure is converted and rounded, so no template divides by 10000."""
        figure = abs(converted(value, source, shown))
        return amount_text(
            figure,
            trim=style.trim_zeros or rounded_to(figure, style.decimals) == 0,
            places=style.decimals,
            grouped=style.thousands,
        )

    def number(value: Decimal) -> str:
        """A count or measure that is not money (an area): as typed, thousands grouped, never rescaled."""
        return number_text(abs(value))

    def total(items: Any, attribute: str | None = None, start: int = 0) -> Any:
        """Jinja's sum, refused on amounts: every total is computed (and named) in Python."""
        values = [getattr(i, attribute) if attribute else i for i in items]
        if any(_money(v) for v in values):
            raise AmountArithmetic("sum")
        return sum(values, start)

    def pct(value: Decimal) -> str:
        return percent_text(abs(value), trim=style.percent_trim_zeros or abs(value) in (0, 100))

    def trend(change: Change) -> str:
        """增长 / 下降 / 持平, the word for a percentage change."""
        if change.direction is None:
            Unknown(NO_PRIOR).use()
            return ""
        return {"增加": "增长", "减少": "下降"}[change.direction] if change.delta else "持平"

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
    plain: dict[str, Callable[..., Any]] = {
        "amount": amount,
        "number": number,
        "lead": lead,
        "date_cn": date_text,
        "item": lambda n: numbered(numbering.item, n),
        "sub": lambda n: numbered(numbering.subsection, n),
        "pct": pct,
        "count": count_text,
        "trend": trend,
        "joined": joined,
    }
    return {"sum": total, **{name: _known(function) for name, function in plain.items()}}


class Rendered:
    """One block's text, or the facts it needed that the input does not reveal (then no text)."""

    def __init__(self, text: str, recorder: Recorder) -> None:
        self.missing: list[Missing] = list(recorder.missing.values())
        self.text = "" if self.missing else text
        self.empty_fields = tuple(dict.fromkeys(recorder.empty))
        """Input fields the block read and found empty: why an empty block is empty."""


class Narrative:
    """narrative.j2 (with its parents) run once to collect its blocks, then each block rendered alone:
    with the document's context, or with one item's (a section repeated per project or unit).

    Rendering blocks alone makes `{{ super() }}` work and gives a section exactly its block's text,
    with the facts it needed that the input does not reveal.
    """

    def __init__(
        self,
        env: SandboxedEnvironment,
        name: str,
        context: Mapping[str, Any],
        per_item: Collection[str] = (),
    ) -> None:
        self.env = env
        self.name = name
        template = _template(env, name)
        start(env)
        try:
            self.ctx = template.new_context(dict(context))
            with recording():  # this pass only collects the blocks: what it prints is thrown away
                env.concat(template.root_render_func(self.ctx))  # bounded like any output
        except TEMPLATE_FAILURES:
            self._failed()
        self.rendered = {
            block: self._render(block, self.ctx) for block in self.ctx.blocks if block not in per_item
        }

    def __contains__(self, block: str) -> bool:
        return block in self.ctx.blocks

    def block(self, block: str, item: Any = None) -> Rendered:
        """The block's text for the document, or for `item` (seen in the template as `item`)."""
        if item is None:
            return self.rendered[block]
        start(self.env)  # each item's text is a render of its own, with its own limits
        return self._render(block, self.ctx.derived({"item": item}))

    def _render(self, block: str, ctx: Context) -> Rendered:
        try:
            with recording() as recorder:
                text = self.env.concat(ctx.blocks[block][0](ctx))
        except TEMPLATE_FAILURES:
            self._failed()
        return Rendered(text, recorder)

    def _failed(self) -> NoReturn:
        try:
            self.env.handle_exception()  # re-raises with the traceback mapped to template lines
        except TEMPLATE_FAILURES as exc:
            raise located(exc, self.name) from None
        raise AssertionError("handle_exception returned")


def render_string(env: SandboxedEnvironment, source: str, context: Mapping[str, Any], where: str) -> str:
    """A short template written in profile.yaml (a title such as '{{ year }}年收支预算总表').

    Raises Unrevealed when it needs a fact the input does not reveal.
    """
    start(env)
    try:
        with recording() as recorder:
            text = env.from_string(source).render(dict(context))
    except TEMPLATE_FAILURES as exc:
        raise ProfileTemplateError(f"{where}：模板错误：{_describe(exc)}") from None
    if recorder.missing:
        raise Unrevealed(next(iter(recorder.missing.values())))
    return text


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
