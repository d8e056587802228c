"""The one gate of every Excel writer: values are made safe for openpyxl before they reach a
cell. Text stored before input was checked (or brought in by an import) may hold control
characters that Excel's XML cannot carry; openpyxl refuses them with ``IllegalCharacterError``
and the whole export would fail, so they are dropped here instead."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Lone surrogates cannot be written as UTF-8 either.
_SURROGATES = str.maketrans({code: None for code in range(0xD800, 0xE000)})


def clean(value: Any) -> Any:
    """``value`` with the characters Excel cannot hold removed (other values unchanged)."""
    if isinstance(value, Promise):  # a lazy label: plain text in the cell
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value).translate(_SURROGATES)
    return value


def row(values: Iterable[Any]) -> list[Any]:
    """A row for ``worksheet.append``: plain values cleaned, ready-made cells kept."""
    return [clean(v) for v in values]


def cell(sheet, value: Any) -> WriteOnlyCell:
    """A write-only cell holding the cleaned ``value``."""
    return WriteOnlyCell(sheet, value=clean(value))
