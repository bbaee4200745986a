"""What every table builder works with: the section's context (unit, rounding, wording) and cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gen.compose.document import Align, Cell, Orientation, Table, TableRow
from gen.compose.numbers import amount_format, amount_text, number_format, number_text
from gen.compose.profile import CodeStyle, Profile, RowChoice, SectionSpec
from gen.compute.budget import ComputedBudget
from models.amount import converted


@dataclass(frozen=True)
class TableContext:
    computed: ComputedBudget
    profile: Profile
    spec: SectionSpec
    title: str
    where: str = ""
    """The section's place in the profile (…profile.yaml parts[1].sections[2]), for messages."""
    notes: tuple[str, ...] = ()
    caption: str = ""
    empty_note: str | None = None
    """The profile's wording for an empty table; None leaves the builder's own."""
    kind_orientation: str | None = None
    """The table kind's own page orientation, which the section's overrides."""
    page: str | None = None
    """The orientation the profile sets for the section (its own, its parent's or its part's)."""

    @property
    def amount_unit(self) -> str:
        """The input's unit of amounts."""
        return self.computed.budget.meta.amount_unit

    @property
    def unit(self) -> str:
        """The unit this table prints amounts in (万元 or 元)."""
        return self.spec.unit or self.profile.tables.unit or self.amount_unit

    @property
    def decimals(self) -> int:
        return self.spec.decimals if self.spec.decimals is not None else self.profile.tables.decimals

    @property
    def unit_label(self) -> str:
        return (self.spec.unit_label or self.profile.amount_unit_label).format(unit=self.unit)

    @property
    def code_style(self) -> CodeStyle:
        return self.spec.code_style or self.profile.tables.code_style

    @property
    def rows(self) -> RowChoice:
        return self.spec.rows or self.profile.tables.rows

    def scaled(self, value: Decimal | None) -> Decimal | None:
        """An input amount in this table's unit (exact; rounding happens when it is printed)."""
        return None if value is None else converted(value, self.amount_unit, self.unit)

    def money(self, value: Decimal | None) -> Cell:
        shown = self.scaled(value)
        printed = amount_text(shown, blank_zero=True, places=self.decimals)
        return blank_or(printed, shown, amount_format(self.decimals))

    def price(self, value: Decimal | None) -> Cell:
        """A unit price: in the table's unit, always printed (a zero price is a price)."""
        shown = self.scaled(value)
        fmt = amount_format(self.decimals) if shown is not None else None
        return Cell(amount_text(shown, places=self.decimals), Align.RIGHT, value=shown, number_format=fmt)


Builder = Callable[[TableContext], list[Table]]
# Section settings every table honours; each builder module lists what its kinds add.
BASE_OPTIONS = frozenset({"unit", "decimals", "unit_label", "caption", "notes", "orientation"})


def blank_or(printed: str, value: Decimal | None, number_format: str) -> Cell:
    """A figure's cell; one the document leaves blank (a zero amount) holds no number either, so that
    a spreadsheet leaves it empty as the document does, and sums and copies find nothing there."""
    if not printed or value is None:
        return Cell(printed, Align.RIGHT)
    return Cell(printed, Align.RIGHT, value=value, number_format=number_format)


def count(value: Decimal | None) -> Cell:
    """A count, quantity or weight as entered (14,100; 0.60)."""
    fmt = number_format(value) if value is not None else None
    return Cell(number_text(value), Align.RIGHT, value=value, number_format=fmt)


def head(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, Align.CENTER, colspan, rowspan, is_label=True)


def spaced(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    """A heading set wide (收 入, 收 入 总 计) by letter spacing, so its text is still the words."""
    return Cell(text, Align.CENTER, colspan, rowspan, is_label=True, spaced=True)


def text(value: str, indent: int = 0, colspan: int = 1) -> Cell:
    return Cell(value, Align.LEFT, colspan=colspan, indent=indent)


def make_table(
    ctx: TableContext, header: list[list[Cell]], rows: list[TableRow], widths: Sequence[float] = ()
) -> Table:
    table = Table(
        id=ctx.spec.id,
        title=ctx.title,
        header=header,
        rows=rows,
        unit_label=ctx.unit_label,
        notes=list(ctx.notes),
        widths=list(widths),
        subtitle=ctx.caption,
    )
    wide = table.column_count >= ctx.profile.landscape_columns
    chosen = ctx.page or ctx.spec.orientation or ctx.kind_orientation
    table.orientation = Orientation(chosen or ("landscape" if wide else "portrait"))
    return table


def emptied(ctx: TableContext, table: Table, default_note: str) -> Table:
    """The table printed without rows, with the profile's wording or the builder's."""
    table.rows = []
    table.empty_note = ctx.empty_note or default_note
    return table
