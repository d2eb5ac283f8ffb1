"""When a clinic happens, read from its first post, and written back as Discourse markup.

Two ways to say it are understood:

* the calendar plugin's event markup (discourse-calendar's `[event start="…" end="…" timezone="…"]`,
  start and end as `YYYY-MM-DD HH:MM`, the zone an IANA name; attribute values quoted or not);
* a line `When: 2027-01-14 16:00 Africa/Lagos`, optionally with an end: `16:00-17:30` or
  `16:00 to 2027-01-15 09:00`.

Without an end a clinic lasts `default_minutes`. The answer is a `ClinicTime` in UTC with the zone
it was written in, or a `TimeProblem` saying what could not be read, for the reply that explains
how to write it. The reply shows the time with Discourse's local-dates markup
(`[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]`), which every reader sees in their own zone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_EVENT = re.compile(r"\[event\b(?P<attrs>[^\]]*)\]", re.IGNORECASE)
_ATTR = re.compile(r"""(?P<name>[a-z][a-z-]*)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s\]]+))""",
                   re.IGNORECASE)
_WHEN_LINE = re.compile(r"^[ \t>*_]*when[ \t]*[:：][ \t]*(?P<text>.+?)[ \t*_]*$", re.IGNORECASE | re.MULTILINE)
_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{1,2}:\d{2}"
_WHEN_TEXT = re.compile(
    rf"^(?P<date>{_DATE})[ T](?P<time>{_TIME})"
    rf"(?:\s*(?:-|–|—|to|until)\s*(?:(?P<end_date>{_DATE})[ T])?(?P<end_time>{_TIME}))?"
    r"\s+(?P<zone>[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*)\s*$",
    re.IGNORECASE,
)
_DATETIME = re.compile(rf"^(?P<date>{_DATE})[ T](?P<time>{_TIME})(?::\d{{2}})?$")
# Fenced and inline code is an example of the markup, not the clinic's time.
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


@dataclass(frozen=True)
class ClinicTime:
    starts_at: dt.datetime  # UTC
    ends_at: dt.datetime  # UTC
    timezone: str  # the IANA zone it was written in

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


@dataclass(frozen=True)
class TimeProblem:
    found: str | None  # the words that looked like a time, if any
    why: str


def read_time(raw: str, *, default_minutes: int = 60) -> ClinicTime | TimeProblem:
    """The clinic's time from a first post's raw (the event markup first, then a When: line)."""
    text = _CODE.sub("", raw or "")
    event = _EVENT.search(text)
    if event is not None:
        return _from_event(event.group(0), event.group("attrs"), default_minutes)
    line = _WHEN_LINE.search(text)
    if line is not None:
        return _from_when(line.group(0).strip(), line.group("text").strip(), default_minutes)
    return TimeProblem(None, "no [event …] markup and no “When:” line")


def _from_event(found: str, attrs_text: str, default_minutes: int) -> ClinicTime | TimeProblem:
    attrs = {m.group("name").lower(): next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
             for m in _ATTR.finditer(attrs_text)}
    if not attrs.get("start"):
        return TimeProblem(found, "the event has no start=\"YYYY-MM-DD HH:MM\"")
    zone = attrs.get("timezone") or "UTC"
    tz = _zone(zone)
    if tz is None:
        return TimeProblem(found, f"“{zone}” is not a time zone name such as Africa/Lagos or Europe/Paris")
    start = _local_datetime(attrs["start"], tz)
    if start is None:
        return TimeProblem(found, f"the start “{attrs['start']}” is not a date and time such as 2027-01-14 16:00")
    end = None
    if attrs.get("end"):
        end = _local_datetime(attrs["end"], tz)
        if end is None:
            return TimeProblem(found, f"the end “{attrs['end']}” is not a date and time such as 2027-01-14 17:00")
    return _clinic_time(found, start, end, zone, default_minutes)


def _from_when(found: str, text: str, default_minutes: int) -> ClinicTime | TimeProblem:
    match = _WHEN_TEXT.match(text)
    if match is None:
        return TimeProblem(found, "write the date, the time and the time zone, e.g. “When: 2027-01-14 16:00 Africa/Lagos”")
    zone = match.group("zone")
    tz = _zone(zone)
    if tz is None:
        return TimeProblem(found, f"“{zone}” is not a time zone name such as Africa/Lagos or Europe/Paris")
    start = _local_datetime(f"{match.group('date')} {match.group('time')}", tz)
    if start is None:
        return TimeProblem(found, f"{match.group('date')} {match.group('time')} is not a real date and time")
    end = None
    if match.group("end_time"):
        end = _local_datetime(f"{match.group('end_date') or match.group('date')} {match.group('end_time')}", tz)
        if end is None:
            return TimeProblem(found, f"the end {match.group('end_time')} is not a real time")
    return _clinic_time(found, start, end, zone, default_minutes)


def _clinic_time(found: str, start: dt.datetime, end: dt.datetime | None, zone: str,
                 default_minutes: int) -> ClinicTime | TimeProblem:
    if end is None:
        end = start + dt.timedelta(minutes=default_minutes)
    if end <= start:
        return TimeProblem(found, "the end is not after the start")
    utc = dt.timezone.utc
    return ClinicTime(start.astimezone(utc), end.astimezone(utc), _canonical_zone(zone))


def _zone(name: str) -> ZoneInfo | None:
    if name.upper() in ("UTC", "GMT", "Z"):
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _canonical_zone(name: str) -> str:
    return "UTC" if name.upper() in ("UTC", "GMT", "Z") else name


def _local_datetime(text: str, tz: ZoneInfo) -> dt.datetime | None:
    match = _DATETIME.match(text.strip())
    if match is None:
        return None
    try:
        naive = dt.datetime.fromisoformat(f"{match.group('date')} {int(match.group('time').split(':')[0]):02d}:"
                                          f"{match.group('time').split(':')[1]}")
    except ValueError:
        return None
    return naive.replace(tzinfo=tz)


# -- writing ---------------------------------------------------------------------------------------

def date_markup(moment: dt.datetime, timezone: str) -> str:
    """Discourse's local-dates markup for a moment, written in the zone the host used."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f'[date={local:%Y-%m-%d} time={local:%H:%M} timezone="{timezone}"]'


def plain(moment: dt.datetime, timezone: str) -> str:
    """A moment as text in the host's zone (the calendar's fallback for readers without local dates)."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%Y-%m-%d %H:%M} {timezone}"
