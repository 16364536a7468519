"""Select: the --since/--until window over article dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from brief.errors import InputError
from brief.schema import Article

_RELATIVE = re.compile(r"^(\d+)\s*([dwmy])$", re.I)
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_day(value: str, *, relative_to: date) -> date:
    """An ISO date ("2025-03-06") or a span back from `relative_to` ("7d", "2w", "3m", "1y").

    Raises InputError with the accepted forms when `value` is neither.
    """
    value = value.strip()
    m = _RELATIVE.match(value)
    if m:
        return relative_to - timedelta(days=int(m.group(1)) * _DAYS[m.group(2).lower()])
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{value!r} is not a date: use YYYY-MM-DD or a span like 7d, 2w, 3m, 1y"
        ) from None


@dataclass(frozen=True)
class Window:
    """An inclusive range of publication dates."""

    since: date
    until: date

    @classmethod
    def parse(cls, since: str, until: str | None, *, today: date) -> Window:
        """`until` defaults to today; a relative `since` counts back from `until`."""
        end = parse_day(until, relative_to=today) if until else today
        start = parse_day(since, relative_to=end)
        if start > end:
            raise InputError(f"--since {start} is after --until {end}")
        return cls(start, end)

    @property
    def label(self) -> str:
        return f"{self.since.isoformat()}_{self.until.isoformat()}"

    def select(self, articles: list[Article]) -> tuple[list[Article], list[Article]]:
        """Return (articles dated inside the window, articles with no known date)."""
        inside = [a for a in articles if a.published and self.since <= a.published <= self.until]
        undated = [a for a in articles if a.published is None]
        return inside, undated
