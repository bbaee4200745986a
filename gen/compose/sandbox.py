"""The Jinja sandbox profile templates run in, with limits a real template never meets.

Jinja's own sandbox stops a template reading attributes or changing data; it does not stop one from
running for hours or filling memory: `{% for i in range(10**5) %}{% for j in range(10**5) %}`,
`'x'|center(999999999)`, a string doubled in a loop, ten thousand paragraphs of `lipsum`. Here:

- every loop is counted against one budget of iterations and one deadline per render (the parse
  tree is rewritten so each `for` iterates through a counter);
- a width, a repeat count or a padding a template asks for is refused above MAX_WIDTH, before the
  string is made;
- every string or list a template builds with `~`, `+`, `*`, `%`, `join`, `replace` or `sum` is
  refused above MAX_STRING, and every output it joins above MAX_OUTPUT.

Each refusal is an exception the caller turns into a message naming the template file and line.
"""

from __future__ import annotations

import string
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes, pass_environment
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

# A number a template makes may have this many bits ({{ 9**9**9 }} would take minutes to print).
MAX_INT_BITS = 100_000
# A repeated string or list ('x' * n): the result's length.
MAX_REPEATED = 1_000_000
# Any string or list a template builds (concatenation, join, replace, sum …), in characters or items.
MAX_STRING = 20_000_000
# What one render writes: a whole HTML page of a large department is a few tens of millions.
MAX_OUTPUT = 100_000_000
# A width, padding or indent: a page is a few hundred characters wide.
MAX_WIDTH = 10_000
# Loop iterations of one render, and its time: the largest document needs a few hundred thousand
# iterations and a few seconds.
MAX_ITERATIONS = 10_000_000
MAX_SECONDS = 60.0
# lipsum(): paragraphs and words per paragraph.
MAX_LIPSUM = 100

_COUNT_FILTER = "budgetdoc_counted"
_SIZE_FILTER = "budgetdoc_sized"


class TemplateLimitError(RuntimeError):
    """A template went past one of the limits above; the message says which, in Chinese."""


class _Budget:
    """What one render may still spend: loop iterations, and time."""

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self.left = MAX_ITERATIONS
        self.written = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def write(self, value: Any) -> Any:
        """Count what a {{ … }} prints (a macro's output, already counted inside it, is Markup)."""
        if isinstance(value, str) and not isinstance(value, Markup):
            self.written += len(value)
            if self.written > MAX_OUTPUT:
                raise TemplateLimitError(f"模板输出超过 {MAX_OUTPUT} 个字符，已停止")
        return value

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            message = f"循环总次数超过 {MAX_ITERATIONS} 次，已停止（可能是嵌套循环或循环范围过大）"
            raise TemplateLimitError(message)
        if self.left % 1024 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimitError(f"模板运行超过 {MAX_SECONDS:.0f} 秒，已停止")


def _counted(budget: _Budget, iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        budget.spend()
        yield item


def _sized(value: Any) -> Any:
    """`value`, if a string or list no longer than MAX_STRING."""
    if isinstance(value, (str, list, tuple)):
        _length(len(value))
    return value


def _length(length: int) -> None:
    """Refuse a string or list of `length` (about to be made, or made) above MAX_STRING."""
    if length > MAX_STRING:
        raise TemplateLimitError(f"模板生成的文字或列表超过 {MAX_STRING} 个字符（项），已停止")


def _width(value: Any, what: str = "宽度") -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_WIDTH:
        raise TemplateLimitError(f"{what} {value} 过大（不应超过 {MAX_WIDTH}）")
    if isinstance(value, str) and len(value) > MAX_WIDTH:
        raise TemplateLimitError(f"{what}过长（不应超过 {MAX_WIDTH} 个字符）")
    return value


def _format_widths(pattern: str, values: Iterable[Any] = ()) -> None:
    """Refuse a str.format pattern with a width or precision above MAX_WIDTH ('{:>999999999}'), also
    one given as an argument ('{:{}}'.format(1, 999999999))."""
    pending = [pattern]
    while pending:
        try:
            fields = list(string.Formatter().parse(pending.pop()))
        except ValueError:
            return  # str.format itself reports a malformed pattern
        for _, _, spec, _ in fields:
            if spec:
                _spec_widths(spec)
                pending.append(spec)
                if "{" in spec:
                    for value in values:
                        _width(value)


def _spec_widths(spec: str) -> None:
    number = ""
    for char in spec + " ":
        if char.isdigit():
            number += char
            continue
        if number:
            _width(int(number) if len(number) < 12 else MAX_WIDTH + 1)
        number = ""


def _percent_widths(pattern: str) -> None:
    """The same for a printf pattern ('%999999999d' % 1, '%(name)999999999s' % …)."""
    index = pattern.find("%")
    while index >= 0:
        end = index + 1
        if pattern.startswith("(", end):
            close = pattern.find(")", end)
            if close < 0:
                return
            end = close + 1
        start = end
        while end < len(pattern) and pattern[end] in "0123456789.-+ #*":
            end += 1
        _spec_widths(pattern[start:end])
        index = pattern.find("%", end + 1)


def _join_size(items: Any, separator: str = "") -> None:
    """Refuse a join whose result would pass MAX_STRING, counting before joining."""
    if not isinstance(items, (list, tuple)):
        return
    total = len(separator) * max(len(items) - 1, 0)
    for item in items:
        total += len(item) if isinstance(item, str) else 20
        _length(total)


# str (and Markup) methods whose arguments decide how big the result is.
def _check_method(obj: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return
    values = [*args, *kwargs.values()]
    if name in ("center", "ljust", "rjust", "zfill"):
        _width(values[0] if values else 0)
    elif name == "expandtabs":
        _width(values[0] if values else 8, "制表符宽度")
    elif name in ("format", "format_map"):
        _format_widths(owner)
    elif name == "join" and values:
        _join_size(values[0], owner)
    elif name == "replace" and len(values) >= 2 and isinstance(values[0], str) and isinstance(values[1], str):
        _length(len(owner) + owner.count(values[0]) * max(len(values[1]) - len(values[0]), 0))


class _Rewriter(NodeTransformer):
    """Routes every `for` loop through the iteration counter and every `~` through the size check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _COUNT_FILTER, [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(node, _SIZE_FILTER, [], [], None, None, lineno=node.lineno)


class Sandbox(ImmutableSandboxedEnvironment):
    """No attribute starting with _, no changing the data the template is given, and the limits above.

    Call `budget.start()` before each render: its loop iterations and time are counted from there.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = _Budget()
        budget = self.budget
        # Called on every {{ … }} from the template's own code, so a refusal names its line; after
        # the caller's own finalize, whose result is what is written.
        given = self.finalize
        self.finalize = budget.write if given is None else lambda value: budget.write(given(value))

        @pass_environment
        def counted(environment: Any, iterable: Iterable[Any]) -> Iterator[Any]:
            return _counted(budget, iterable)

        self.filters.update({_COUNT_FILTER: counted, _SIZE_FILTER: _sized})
        for name, check in _FILTER_CHECKS.items():
            self.filters[name] = _guarded_filter(self.filters[name], check)
        self.globals["lipsum"] = _lipsum

    def guarded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function` installed as filter `name` (replacing Jinja's), with the limits put on Jinja's."""
        check = _FILTER_CHECKS.get(name)
        return function if check is None else _guarded_filter(function, check)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        rewritten = _Rewriter().visit(tree)
        assert isinstance(rewritten, nodes.Template)
        return rewritten

    def concat(self, pieces: Iterable[str]) -> str:
        """Join the output of a template, a macro or a {% set %} block, up to MAX_OUTPUT characters."""
        kept, total = [], 0
        for piece in pieces:
            total += len(piece)
            if total > MAX_OUTPUT:
                raise TemplateLimitError(f"模板输出超过 {MAX_OUTPUT} 个字符，已停止")
            kept.append(piece)
        return "".join(kept)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map, as the sandbox runs them, with their widths checked first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        pattern = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            if value.__name__ == "format_map" and args and isinstance(args[0], dict):
                values = list(args[0].values())
            _format_widths(pattern, values)
            return str(_sized(wrapped(*args, **kwargs)))

        return checked

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        ints = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and ints and right > 0 and abs(left) > 1:
            if (abs(left).bit_length() - 1) * right > MAX_INT_BITS:
                raise OverflowError(f"{left} ** {right} 的结果过大")
        elif operator == "*" and ints:
            if abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
                raise OverflowError("乘积过大")
        elif operator == "*":
            sequence, times = (left, right) if isinstance(right, int) else (right, left)
            repeated = isinstance(times, int) and isinstance(sequence, (str, list, tuple))
            if repeated and len(sequence) * times > MAX_REPEATED:
                raise OverflowError(f"重复 {times} 次的结果过长")
        elif operator == "%" and isinstance(left, str):
            _percent_widths(left)
        return _sized(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, LoopContext) and args:
            # loop(children) in a recursive loop: its items count like any other loop's.
            args = (_counted(__self.budget, args[0]), *args[1:])
        _check_method(__obj, getattr(__obj, "__name__", ""), args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _guarded_filter(original: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    """`original` with `check` run on its value and arguments first, and its result's size checked."""
    passes = hasattr(original, "jinja_pass_arg")  # called with the context or environment first

    def guarded(*args: Any, **kwargs: Any) -> Any:
        check(*(args[1:] if passes else args), **kwargs)
        return _sized(original(*args, **kwargs))

    if passes:
        guarded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return guarded


def _check_center(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    _width(width)


def _check_indent(value: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    _width(width, "缩进")
    lines = str(value).count("\n") + 1
    room = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    _length(len(str(value)) + lines * room)


def _check_format(value: Any, *_: Any, **__: Any) -> None:
    _percent_widths(str(value))


def _check_join(value: Any, d: Any = "", *_: Any, **kwargs: Any) -> None:
    _join_size(list(value) if isinstance(value, (list, tuple)) else value, str(kwargs.get("d", d)))


def _check_replace(s: Any, old: Any = "", new: Any = "", *_: Any, **__: Any) -> None:
    if isinstance(s, str) and isinstance(old, str) and isinstance(new, str) and old:
        _length(len(s) + s.count(old) * max(len(new) - len(old), 0))


def _check_sum(iterable: Any = (), *_: Any, **__: Any) -> None:
    """Lists summed make one long list: counted before they are."""
    if isinstance(iterable, (list, tuple)):
        total = 0
        for item in iterable:
            total += len(item) if isinstance(item, (list, tuple, str)) else 0
            _length(total)


def _check_batch(value: Any, linecount: Any = 1, *_: Any, **__: Any) -> None:
    _width(linecount, "每组项数")


def _check_slice(value: Any, slices: Any = 1, *_: Any, **__: Any) -> None:
    _width(slices, "分组数")


def _check_tojson(value: Any, indent: Any = None, *_: Any, **__: Any) -> None:
    if indent is not None:
        _width(indent, "缩进")


def _check_wordwrap(value: Any, width: Any = 79, *_: Any, **__: Any) -> None:
    _width(width)


# Filters whose arguments decide how big their result is, and the check run before each.
_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _check_center,
    "indent": _check_indent,
    "format": _check_format,
    "join": _check_join,
    "replace": _check_replace,
    "sum": _check_sum,
    "batch": _check_batch,
    "slice": _check_slice,
    "tojson": _check_tojson,
    "wordwrap": _check_wordwrap,
}


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    for value in (n, min, max):
        if isinstance(value, int) and value > MAX_LIPSUM:
            raise TemplateLimitError(f"lipsum 的段数或词数 {value} 过大（不应超过 {MAX_LIPSUM}）")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))
