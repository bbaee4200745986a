"""HTML: one standalone page (inline CSS, nothing fetched), laid out by the profile's templates."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote

from markupsafe import Markup

from gen.compose.document import Table
from gen.compose.profile import Profile, outside
from gen.compose.profile_check import UNSAFE_CSS
from gen.compose.templating import TEMPLATE_FAILURES, ProfileTemplateError, environment, located, start
from gen.render import RenderJob

TEMPLATE = "html/document.html.j2"
STYLESHEET = "html/style.css"
# Kept apart because WeasyPrint reads no media features; a <style media> it does not match is skipped.
NARROW_STYLESHEET = "html/narrow.css"
# The PDF's stylesheet, which the HTML also carries for printing from a browser.
PRINT_STYLESHEET = "pdf/print.css"
BROWSER_PRINT_CSS = "table.data { table-layout: auto; }"
# A stylesheet must not end the <style> element or pull anything from elsewhere (checked when the
# profile is loaded, and again here on what is actually put in the page).
_UNSAFE_CSS = UNSAFE_CSS


# A page refers to nothing outside its profile folder and runs nothing: inline CSS, data: images, or a
# file of the profile by a plain relative path (which the PDF fetches from that folder alone). Links
# (<a href>) may lead to a web page or an address; they are followed, never fetched.
_FETCHING_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "portal",
}  # fmt: skip
_URL_ATTRIBUTES = {
    "src", "href", "srcset", "imagesrcset", "data", "poster", "background", "action", "formaction",
    "xlink:href", "cite", "longdesc", "ping", "manifest", "codebase", "archive", "lowsrc", "dynsrc", "icon",
}  # fmt: skip
_LINK_TARGET = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _allowed(tag: str, name: str, value: str) -> bool:
    if tag == "a" and name == "href" and _LINK_TARGET.match(value):
        return True
    urls = [c.split()[0] for c in value.split(",") if c.strip()] if name.endswith("srcset") else [value]
    return all(_own(url) for url in urls)


def _own(url: str) -> bool:
    """A fragment, a data: URI, or a path inside the profile folder ('emblem.png', not '../x' or '/x')."""
    if url.startswith("#") or url.lower().startswith("data:"):
        return True
    path = unquote(url)
    return not (_SCHEME.match(path) or path.startswith("/") or "\\" in path or ".." in path.split("/"))


class _References(HTMLParser):
    """Collects what in a page would fetch something or run a script: (what, text to find it by)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        if tag in _FETCHING_TAGS:
            self.found.append((f"<{tag}>", f"<{tag}"))
        for name, raw in attrs:
            value = (raw or "").strip()
            if name.startswith("on"):
                self.found.append((f"<{tag} {name}>", name))
            elif tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.found.append(("<meta http-equiv=refresh>", "refresh"))
            elif name in _URL_ATTRIBUTES and not _allowed(tag, name, value):
                self.found.append((f'<{tag} {name}="{value}">', value))
            elif name == "style" and (css := _UNSAFE_CSS.search(value)):
                self.found.append((f'<{tag} style="{value}">', css.group(0)))

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        css = _UNSAFE_CSS.search(data) if self.in_style else None
        if css:
            self.found.append((f"<style>…{css.group(0)}…", css.group(0)))


def refuse_references(job: RenderJob, page: str) -> None:
    """Refuse a page whose templates would make a browser or the PDF fetch something, or run a script."""
    parser = _References()
    parser.feed(page)
    parser.close()
    if parser.found:
        shown, needle = parser.found[0]
        raise ProfileTemplateError(
            f"{_written_at(job, needle)}：网页引用了模板文件夹以外的资源或含有脚本（{shown}），已拒绝"
            "（只能用模板文件夹中的文件，写相对路径；样式写在 html/style.css 中）"
        )


def _written_at(job: RenderJob, needle: str) -> str:
    """The HTML template file and line where `needle` is written, nearest profile first."""
    chain = job.profile.chain
    for folder in chain:
        for path in sorted(folder.glob("html/**/*.j2")):
            text = path.read_text(encoding="utf-8") if outside(path, chain) is None else ""
            at = text.lower().find(needle.lower())
            if at >= 0:
                return f"{folder.name}/{path.relative_to(folder).as_posix()}:{text.count(chr(10), 0, at) + 1}"
    return "HTML 模板"


def stylesheet(job: RenderJob, name: str = STYLESHEET) -> str:
    """Every copy of the stylesheet along the profile chain, parent first, so a district adds rules."""
    parts = []
    for path in job.profile.files(name):
        css = path.read_text(encoding="utf-8")
        found = _UNSAFE_CSS.search(css)
        if found:
            line = css.count("\n", 0, found.start()) + 1
            raise ProfileTemplateError(
                f"{path.parent.parent.name}/{name}:{line}：样式表不能包含“{found.group(0)}”（不允许引用外部资源）"
            )
        parts.append(css)
    return "\n".join(parts)


FONT_ROLES = (("body", "serif"), ("heading", "sans"), ("title", "sans"), ("table", "serif"))


def settings_css(spec: Profile, *, paged: bool) -> str:
    """profile.yaml's fonts (and, on paper, its page) as CSS, placed after the stylesheets so they win."""
    fonts = spec.fonts
    chosen = [(role, getattr(fonts, role), fallback) for role, fallback in FONT_ROLES]
    # A named font the machine lacks falls back to the stylesheet's, which the PDF embeds.
    variables = [f'--{role}-font: "{name}", var(--{fallback});' for role, name, fallback in chosen if name]
    rules = [f":root {{ {' '.join(variables)} }}"] if variables else []
    if not paged:
        return "\n".join(rules)
    if fonts.body_size:
        rules.append(f"html, body {{ font-size: {fonts.body_size}pt; }}")
    page = spec.page
    for name, margins, turn in (("", page.margins, False), (" landscape", page.landscape, True)):
        declarations = []
        if page.paper:
            width, height = reversed(page.paper) if turn else page.paper
            declarations.append(f"size: {width}mm {height}mm;")
        if margins:
            declarations.append(
                f"margin: {margins.top}mm {margins.right}mm {margins.bottom}mm {margins.left}mm;"
            )
        if declarations:
            rules.append(f"@page{name} {{ {' '.join(declarations)} }}")
    return "\n".join(rules)


def render_html(
    job: RenderJob,
    *,
    css: str,
    media: str = "screen",
    print_css: str = "",
    column_widths: Callable[[Table], list[float]] | None = None,
) -> str:
    """The page with `css`, the narrow-screen stylesheet, and `print_css` for a browser's printing;
    for the PDF, `column_widths` gives each table's measured column widths."""
    env = environment(job.profile, autoescape=True)
    narrow = Markup(stylesheet(job, NARROW_STYLESHEET))
    start(env)
    try:
        template = env.get_template(TEMPLATE)
        extra = {"column_widths": column_widths} if column_widths else {}
        page = template.render(
            doc=job.document,
            css=Markup(css),
            narrow_css=narrow,
            print_css=Markup(print_css),
            media=media,
            **extra,
        )
    except TEMPLATE_FAILURES as exc:
        raise located(exc, TEMPLATE) from None
    refuse_references(job, page)
    return page


class HtmlRenderer:
    extension = "html"

    def render(self, job: RenderJob) -> bytes:
        css = stylesheet(job) + "\n" + settings_css(job.profile.spec, paged=False)
        # Printed from a browser, the page is laid out as the PDF is: the same print stylesheet, but
        # with the browser's own table layout, which shares the room by content (the PDF's fixed
        # layout goes with column widths measured for it, which the web page does not carry).
        paper = "\n".join(
            [
                stylesheet(job, PRINT_STYLESHEET),
                settings_css(job.profile.spec, paged=True),
                BROWSER_PRINT_CSS,
            ]
        )
        return render_html(job, css=css, print_css=paper).encode("utf-8")
