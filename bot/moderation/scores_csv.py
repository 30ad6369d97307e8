"""``/config export``: a server's scores as CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

HEADER = ("season", "user_id", "display_name", "points", "answered", "correct", "best_streak", "fastest_ms")
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (CSV injection); a leading apostrophe makes it plain text there.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@dataclass(frozen=True, slots=True)
class ScoreRow:
    season: int
    user_id: int
    display_name: str | None
    points: int
    answered: int
    correct: int
    best_streak: int
    fastest_ms: int | None


def neutralise_formula(text: str) -> str:
    """``=HYPERLINK(...)`` as a display name must reach the spreadsheet as text, not as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def scores_csv(rows: Iterable[ScoreRow]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheets show names in any script correctly."""
    import csv  # on first use: an export is rare, and every module imported at start stays in memory

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            (
                row.season,
                row.user_id,
                neutralise_formula(row.display_name or ""),
                row.points,
                row.answered,
                row.correct,
                row.best_streak,
                "" if row.fastest_ms is None else row.fastest_ms,
            )
        )
    return buffer.getvalue().encode("utf-8-sig")
