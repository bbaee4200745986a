"""HTML: one standalone page (inline CSS, nothing fetched), laid out by the profile's templates."""

from __future__ import annotations

import re

from markupsafe import Markup

from gen.compose.profile import Profile
from gen.compose.templating import TEMPLATE_FAILURES, ProfileTemplateError, environment, located
from gen.render import RenderJob

TEMPLATE = "html/document.html.j2"
STYLESHEET = "html/style.css"
# Kept apart because WeasyPrint reads no media features; a <style media> it does not match is skipped.
NARROW_STYLESHEET = "html/narrow.css"
# A stylesheet must not end the <style> element or pull anything from elsewhere.
_UNSAFE_CSS = re.compile(r"</|@import|url\s*\(\s*['\"]?(?!data:)|expression\s*\(", re.IGNORECASE)


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


def render_html(job: RenderJob, *, css: str, media: str = "screen") -> str:
    env = environment(job.profile, autoescape=True)
    narrow = Markup(stylesheet(job, NARROW_STYLESHEET))
    try:
        template = env.get_template(TEMPLATE)
        return template.render(doc=job.document, css=Markup(css), narrow_css=narrow, media=media)
    except TEMPLATE_FAILURES as exc:
        raise located(exc, TEMPLATE) from None


class HtmlRenderer:
    extension = "html"

    def render(self, job: RenderJob) -> bytes:
        css = stylesheet(job) + "\n" + settings_css(job.profile.spec, paged=False)
        return render_html(job, css=css).encode("utf-8")
