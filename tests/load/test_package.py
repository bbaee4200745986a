"""A DOCTYPE is found wherever the prolog puts it, and nowhere else."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gen.load.package import declaring_part

DOCTYPE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("part", "found"),
    [
        (b'<?xml version="1.0"?>' + DOCTYPE + b"<x>&e;</x>", True),
        (b"<!--" + b"c" * 100_000 + b"-->\n" + DOCTYPE + b"<x/>", True),  # past any fixed-size peek
        (b'<?xml version="1.0"?><?mso-application progid="Word"?>\n  ' + DOCTYPE + b"<x/>", True),
        (
            '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16-le")
            + DOCTYPE.decode().encode("utf-16-le"),
            True,
        ),
        (b'<?xml version="1.0"?><x>&lt;!DOCTYPE in text is harmless</x>', False),
        (b'<?xml version="1.0"?><!-- <!DOCTYPE inside a comment --><x/>', False),
    ],
    ids=["declared", "after a long comment", "after instructions", "utf-16", "in text", "in a comment"],
)
def test_a_doctype_in_the_prolog_is_found(tmp_path: Path, part: bytes, found: bool) -> None:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", part)
    assert declaring_part(path) == ("xl/worksheets/sheet1.xml" if found else None)
