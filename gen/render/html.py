"""HTML: one standalone page (inline CSS, nothing fetched), laid out by the profile's templates."""

from __future__ import annotations

import re

from markupsafe import Markup

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
        return render_html(job, css=stylesheet(job)).encode("utf-8")
