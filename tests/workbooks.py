"""Workbooks read back as text: what a golden file of an XLSX output compares."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def dump(data: bytes) -> str:
    """Each sheet's set-up, merged ranges and every non-empty cell with its type and number format."""
    book = load_workbook(io.BytesIO(data))
    out: list[str] = []
    for sheet in book.worksheets:
        setup = sheet.page_setup
        out += [
            f"== {sheet.title}",
            f"freeze={sheet.freeze_panes} print_titles={sheet.print_title_rows} "
            f"orientation={setup.orientation} paper={setup.paperSize} filter={sheet.auto_filter.ref}",
            "merged=" + " ".join(sorted(str(r) for r in sheet.merged_cells.ranges)),
        ]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                style = f" [{cell.number_format}]" if cell.data_type == "n" else ""
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
                shown = f"{cell.coordinate} {cell.data_type} {cell.value!r}{style}"
                out.append(shown + (f" fill={fill}" if fill else ""))
    return "\n".join(out) + "\n"
