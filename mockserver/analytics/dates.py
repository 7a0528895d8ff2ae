"""Dates as the analytics operations take them: ISO `YYYY-MM-DD` in the shop's registered time zone, [ge, lt).

A day number is days since 1970-01-01 in the shop's zone (Indonesia: WIB, UTC+7), so day `d` covers the Unix
seconds [d * 86400 - offset, (d + 1) * 86400 - offset).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mockserver.analytics.models import InvalidDates, InvalidParameter

DAY = 86400
#: Seconds east of UTC of each region's registered time zone (Indonesia: WIB; the mock's shops are Indonesian).
OFFSETS = {"ID": 7 * 3600, "TH": 7 * 3600, "VN": 7 * 3600, "MY": 8 * 3600, "SG": 8 * 3600, "PH": 8 * 3600}
GRANULARITIES = ("ALL", "1D")


def offset(region: str) -> int:
    return OFFSETS.get(region, 0)


def day_of(t: int, region: str) -> int:
    return (t + offset(region)) // DAY


def day_start(day: int, region: str) -> int:
    return day * DAY - offset(region)


def iso(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


def parse_day(text: str) -> int:
    """`YYYY-MM-DD` as a day number; InvalidDates otherwise."""
    if len(text) != 10:
        raise InvalidDates("start time or end time is invalid.")
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidDates("start time or end time is invalid.") from None
    return (date - dt.date(1970, 1, 1)).days


@dataclass(frozen=True)
class Range:
    """Days [start, end) and how to cut them: one interval (ALL) or one per day (1D)."""

    start: int
    end: int
    granularity: str = "ALL"

    @property
    def days(self) -> int:
        return self.end - self.start

    def intervals(self) -> list[tuple[int, int]]:
        if self.granularity == "1D":
            return [(d, d + 1) for d in range(self.start, self.end)]
        return [(self.start, self.end)]

    def previous(self) -> Range:
        """The comparison period: as long, ending where this one starts (official docs)."""
        return Range(self.start - self.days, self.start, self.granularity)


def parse_range(start: str, end: str, max_days: int, granularity: str | None = None) -> Range:
    """The requested range; InvalidDates (28001022 in the Partner API) when malformed, empty, or longer than
    `max_days` (the bound a request can make the mock spend; GUESS for the real limit)."""
    s, e = parse_day(start), parse_day(end)
    if s >= e or e - s > max_days:
        raise InvalidDates("start time or end time is invalid.")
    g = granularity or "ALL"
    if g not in GRANULARITIES:
        raise InvalidParameter("granularity is invalid.", name="granularity")
    return Range(s, e, g)
