"""The officer's prose: nothing left unfinished in what will be published."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gen.findings import Severity
from gen.validate.rules.catalogue import Context, Issue, rule
from gen.validate.rules.walk import walk

PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:XX+|xx+|ＸＸ+)(?![A-Za-z])|×{2,}|＊{2,}|\*{3,}|待填写|待补充|待完善|此处填写|请填写"
    r"|TODO|TBD|FIXME|[?？]{2,}"
)
# Not placeholders: 【】 brackets document numbers (武政办【2019】2号), and braces are the
# officer's literal text, printed as typed (templates never evaluate input).


@rule("TXT-001", Severity.ERROR, "文字中有未完成的占位内容")
def placeholders(ctx: Context) -> Iterator[Issue]:
    for path, value in walk(ctx.budget):
        if isinstance(value, str):
            match = PLACEHOLDER.search(value)
            if match:
                start = max(0, match.start() - 8)
                excerpt = value[start : match.end() + 8]
                yield Issue(
                    f"“…{excerpt}…”中的“{match.group(0)}”像是未填写的占位符",
                    [path],
                    hint="公开前请替换为实际内容",
                )


# HTML tags and entities pasted from a web page or a rich-text editor: printed as typed in every format.
MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


@rule("TXT-002", Severity.WARNING, "文字中有网页标记")
def markup(ctx: Context) -> Iterator[Issue]:
    for path, value in walk(ctx.budget):
        if isinstance(value, str):
            found = MARKUP.search(value)
            if found:
                yield Issue(
                    f"“{found.group(0)}”会按原样印在公开文本中",
                    [path],
                    hint="删去网页标记（如 <p>、<br>、&nbsp;）；分段请写成列表的各项",
                )
