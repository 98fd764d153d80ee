"""The one way the platform writes CSV: every cell made safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, or their full-width
forms) is run as a formula by spreadsheet programs: ``+cmd|'/C calc'!A0`` in a candidate's name
would run a program on the returning officer's computer. Such a cell is written with a leading
apostrophe, which spreadsheets show as text. Plain numbers (``-12.5``) are left alone: a
spreadsheet reads them as the numbers they are, never as a formula. Empty cells stay empty.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def safe_cell(value):
    """The value as a spreadsheet may safely read it; non-text values are returned unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def write_rows(out, rows: Iterable[Iterable], lineterminator: str = "\r\n") -> None:
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])


def csv_text(rows: Iterable[Iterable], lineterminator: str = "\r\n") -> str:
    out = io.StringIO()
    write_rows(out, rows, lineterminator)
    return out.getvalue()


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A download of ``rows`` (the header first) as ``filename``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_rows(response, rows)
    return response


class _Line:
    """A file that hands back what is written to it, so rows can be streamed one at a time."""

    def write(self, value: str) -> str:
        return value


def csv_stream_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """Like ``csv_response`` but written as it is sent, for downloads too big to hold (130,000 rows)."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    response = StreamingHttpResponse(
        (writer.writerow([safe_cell(v) for v in row]) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def rewrite_safely(text: str) -> str:
    """A CSV written elsewhere (the counting engine's result sheet, which knows nothing of
    spreadsheets) read back and written again through ``safe_cell``, keeping its line endings,
    so a sheet with nothing to neutralise is unchanged byte for byte."""
    lineterminator = "\r\n" if "\r\n" in text else "\n"
    return csv_text(csv.reader(io.StringIO(text, newline="")), lineterminator)
