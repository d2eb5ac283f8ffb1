"""How far back a process cache looks for rows whose `updated_at` moved, and which of them it already read.

The worker's caches (`index_cache`, `fairness_cache`) stay current by reading the rows stamped since
their last look. A stamp can land in the past: another machine's clock runs a little behind, or a
long transaction stamps a row well before it commits. So a look reaches back before the last one:

* every look, a few seconds (`RECENT_OVERLAP`): what commits just after being stamped;
* the first look a minute or more after the last sweep (`SWEEP_EVERY`), the whole overlap
  (`LOOK_BACK_OVERLAP`) before that sweep: a change stamped up to five minutes before it commits
  is seen within a minute of committing.

Reaching back the whole overlap on every look would re-read a busy forum's last five minutes of
changes for every circle, however few are new; rows already read with the same stamp are skipped
either way, so a row is handled once per change. A cache looked at less often than once a minute
sweeps on every look.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field

LOOK_BACK_OVERLAP = dt.timedelta(minutes=5)
SWEEP_EVERY = dt.timedelta(minutes=1)
RECENT_OVERLAP = dt.timedelta(seconds=2)


@dataclass
class LookBack:
    """One cache's looks for stamped rows: where the next one starts, and the stamps already read."""

    checked_at: dt.datetime  # when changes were last looked for
    swept_at: dt.datetime  # when a look last reached back the whole overlap
    seen: dict[Hashable, object] = field(default_factory=dict)  # row → the stamp read, inside the overlap
    sweeping: bool = False  # the look under way reaches back the whole overlap
    _read: dict[Hashable, object] = field(default_factory=dict)

    @classmethod
    def starting(cls, now: dt.datetime) -> LookBack:
        return cls(now, now)

    def start(self, now: dt.datetime) -> dt.datetime:
        """Begin a look at `now`: the stamp from which rows must be read."""
        self.sweeping = now - self.swept_at >= SWEEP_EVERY
        self._read = {}
        return self.swept_at - LOOK_BACK_OVERLAP if self.sweeping else self.checked_at - RECENT_OVERLAP

    def changed(self, row: Hashable, stamp: object) -> bool:
        """Whether a row read in this look carries a stamp not read before."""
        self._read[row] = stamp
        return self.seen.get(row) != stamp

    def unread(self, row: Hashable) -> None:
        """Keep a row's stamp out of what was read, so the next look that meets it reads it again."""
        self._read.pop(row, None)
        self.seen.pop(row, None)

    def finish(self, now: dt.datetime) -> None:
        if self.sweeping:
            self.seen, self.swept_at = self._read, now  # rows that left the overlap are forgotten with it
        else:
            self.seen.update(self._read)
        self._read = {}
        self.checked_at = now
