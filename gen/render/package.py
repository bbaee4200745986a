"""Office packages (DOCX, XLSX) as repeatable bytes: fixed zip timestamps and entry order."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """A zip with fixed timestamps and order, so the same content gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def repacked(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """python-docx and openpyxl stamp each zip entry with the current time; fixed times repeat.

    `replace` swaps whole parts, e.g. openpyxl's docProps/core.xml, which records the time of saving.
    """
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return zip_parts({name: replace.get(name) or archive.read(name) for name in archive.namelist()})
