"""Benchmark: learning clinics — the calendar and the feed for 2,000 clinics, Discourse calls per clinic.

    python bench/clinics.py            # 2,000 clinics rendered; 20 proposals one by one, a burst of 100
    python bench/clinics.py --quick    # 500 clinics; 10 proposals, a burst of 30

Figures:
  1. Rendering, on a SQLite database holding N clinics (most coming up, some past): the calendar
     post (`render_calendar`: the query, local-dates markup per row, the template, fitting the post
     under Discourse's max_post_length — only as many rows as could fit are read), the iCalendar
     feed rendered (`render_ics`, the icalendar library, every clinic) and served again with nothing
     changed (`feed`: one count/max query, then the bytes kept from the last rendering), each the
     median of 5 runs with its peak traced memory, against the baseline of a plain listing of the
     same rows (one query, one f-string line per clinic) measured in the same run.
  2. Discourse calls, through the simulator (the harness of bench/discourse_budget.py: real
     receiver, real worker and queue, the real client into the simulated forum, the forum made by
     `circleup setup`'s requirements): for proposals one at a time, the calls each proposal's own
     handling made (target ≤ 2) and the calls per calendar refresh (target ≤ 1); then a burst of
     clinics proposed within one calendar interval, and the calendar edits it cost (target 1).
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from sqlalchemy import insert, select  # noqa: E402

from circleup import sync  # noqa: E402
from circleup.integration.logs import configure_logging  # noqa: E402
from circleup.integration.services import Services  # noqa: E402
from circleup.integration.store import utcnow  # noqa: E402
from circleup.sync import load_settings  # noqa: E402
from circleup.sync.clinics.calendar import feed, render_calendar, render_ics  # noqa: E402
from circleup.sync.clinics.models import Clinic  # noqa: E402
from discourse_budget import FORUM, Harness, _route  # noqa: E402

TIMEZONES = ("Africa/Lagos", "Europe/Paris", "America/Sao_Paulo", "Asia/Kolkata", "UTC")
SKILLS = (["Wikidata"], ["Python", "data analysis"], ["facilitation"], ["SQL"], [])


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<46} {value:>14}  {note}")


# -- 1. rendering ------------------------------------------------------------------------------------

def synthetic_calendar(folder: Path, clinics: int) -> Services:
    env = {"DISCOURSE_URL": FORUM, "CIRCLEUP_INSTANCE_PATH": str(folder),
           "DATABASE_URL": f"sqlite:///{folder / 'clinics.db'}", "QUEUE_URL": f"sqlite:///{folder / 'queue.db'}",
           "CIRCLEUP_CONFIG": str(folder / "circleup.yaml")}
    (folder / "circleup.yaml").write_text("{}\n")
    settings = load_settings(env, {"logging": {"level": "ERROR", "format": "console"},
                                   "dashboard": {"public_url": "https://circleup.example.org"},
                                   "clinics": {"calendar_topic_id": 1}})
    services = Services(settings)
    services.store.create_all()
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    past = max(1, clinics // 20)
    rows = []
    for index in range(clinics):
        starts = now + dt.timedelta(hours=6 * (index - past) + 1)
        rows.append({
            "topic_id": 1000 + index, "topic_seen": True, "title": f"Learning clinic {index}: sharing what works",
            "slug": f"learning-clinic-{index}", "tags": ["learning-clinic"], "author_id": index % 300 + 2,
            "author_username": f"member{index % 300}", "closed": False, "raw": "", "post_version": 1,
            "active": True, "starts_at": starts, "ends_at": starts + dt.timedelta(minutes=60 + 30 * (index % 3)),
            "timezone": TIMEZONES[index % len(TIMEZONES)], "skills": SKILLS[index % len(SKILLS)], "suggested": [],
            "reply_key": f"clinics:reply:{1000 + index}", "revision": 1 + index % 4,
            "created_at": now, "updated_at": now,
        })
    with services.store.session() as session:
        session.execute(insert(Clinic), rows)
    return services


def plain_listing(session) -> str:
    """The baseline: the same rows, one plain line each (what any listing of them must at least do)."""
    lines = []
    for title, author, starts_at, skills in session.execute(
            select(Clinic.title, Clinic.author_username, Clinic.starts_at, Clinic.skills)
            .where(Clinic.active.is_(True)).order_by(Clinic.starts_at)):
        lines.append(f"{starts_at:%Y-%m-%d %H:%M} {author} {title} {', '.join(skills)}")
    return "\n".join(lines)


def measure(services: Services, render, runs: int = 5) -> tuple[float, int, int]:
    """(median seconds, peak traced bytes, output length) of render(session)."""
    times = []
    for _ in range(runs):
        with services.store.session() as session:
            start = time.perf_counter()
            out = render(session)
            times.append(time.perf_counter() - start)
    with services.store.session() as session:
        tracemalloc.start()
        out = render(session)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return statistics.median(times), peak, len(out)


def rendering(folder: Path, clinics: int) -> None:
    print(f"Rendering {clinics:,} clinics (SQLite; median of 5 runs; peak traced memory)")
    services = synthetic_calendar(folder, clinics)
    try:
        settings, templates = services.settings, services.templates
        base_s, base_mem, base_len = measure(services, plain_listing)
        cal_s, cal_mem, cal_len = measure(services, lambda s: render_calendar(s, settings, templates))
        ics_s, ics_mem, ics_len = measure(services, lambda s: render_ics(s, settings))
        row("baseline: plain listing of the rows", f"{base_s * 1000:.1f} ms", f"{base_mem / 1e6:.1f} MB, {base_len:,} chars")
        row("calendar post (fitted to max_post_length)", f"{cal_s * 1000:.1f} ms",
            f"{cal_mem / 1e6:.1f} MB, {cal_len:,} chars; {cal_s / base_s:.1f}× the baseline")
        row("iCalendar feed (every clinic), rendered", f"{ics_s * 1000:.1f} ms",
            f"{ics_mem / 1e6:.1f} MB, {ics_len:,} bytes; {ics_s / base_s:.1f}× the baseline")
        with services.store.session() as session:
            feed(session, settings)  # what the first subscriber's request leaves behind
        hit_s, hit_mem, _ = measure(services, lambda s: feed(s, settings))
        row("iCalendar feed, nothing changed since", f"{hit_s * 1000:.2f} ms",
            f"{hit_mem / 1e3:.0f} KB; {hit_s / base_s:.2f}× the baseline (one count/max query)")
    finally:
        services.close()


# -- 2. Discourse calls --------------------------------------------------------------------------------

WHEN = "When: 2027-03-{day:02d} 16:00 Africa/Lagos"


def propose(harness: Harness, index: int) -> None:
    harness.sim.create_topic("amara", f"Clinic {index}: Python for data analysis",
                             f"Let us share how we clean survey data with Python, clinic {index}.\n\n"
                             + WHEN.format(day=1 + index % 28), tags=["learning-clinic"])


def calls(folder: Path, one_by_one: int, burst: int) -> bool:
    print("\nDiscourse calls per clinic (through the simulator: receiver, worker, client, settled)")
    harness = Harness(folder, sync.flows(), limited=False)
    ok = True
    try:
        harness.connect()
        for username in ("osioke", "lena", "tomi"):
            harness.sim.update_user(username, user_fields={"1": "", "2": "Python, data analysis"})
        harness.settle()
        calendar_id = harness.config["clinics"]["calendar_topic_id"]
        calendar_post = harness.sim.first_post(calendar_id).id
        at_proposal, per_refresh = [], []
        for index in range(one_by_one):
            before = len(harness.sim.requests)
            propose(harness, index)
            harness.settle()
            made = harness.sim.requests[before:]
            calendar = [r for r in made if r.path in (f"/posts/{calendar_post}.json", f"/t/{calendar_id}/1.json",
                                                      f"/posts/by_number/{calendar_id}/1.json")]
            at_proposal.append(len(made) - len(calendar))
            per_refresh.append(len(calendar))
        kinds = Counter(f"{r.method} {_route(r.path)}" for r in harness.sim.requests)
        row(f"{one_by_one} proposals, one per interval: at proposal", f"max {max(at_proposal)}",
            f"mean {statistics.mean(at_proposal):.2f} (target ≤ 2)")
        row("calendar refresh after each", f"max {max(per_refresh[1:] or per_refresh)}",
            f"first refresh {per_refresh[0]} (reads the calendar's post id once); target ≤ 1")
        ok &= max(at_proposal) <= 2 and max(per_refresh[1:] or [0]) <= 1
        before = len(harness.sim.requests)
        for index in range(one_by_one, one_by_one + burst):
            propose(harness, index)
        harness.settle()
        made = harness.sim.requests[before:]
        edits = sum(1 for r in made if r.method == "PUT" and r.path == f"/posts/{calendar_post}.json")
        replies = sum(1 for r in made if r.method == "POST" and r.path == "/posts.json")
        row(f"{burst} proposals within one interval", f"{edits} edit(s)",
            f"of the calendar (target 1); {replies} replies; {len(made)} calls in all")
        ok &= edits == 1 and replies == burst
        print("  calls by route: " + ", ".join(f"{n}× {k}" for k, n in kinds.most_common(6)))
    finally:
        harness.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    configure_logging("ERROR", "console")
    with tempfile.TemporaryDirectory(prefix="circleup-bench-") as tmp:
        (Path(tmp) / "render").mkdir()
        rendering(Path(tmp) / "render", 500 if args.quick else 2000)
        ok = calls(Path(tmp) / "calls", 10 if args.quick else 20, 30 if args.quick else 100)
    print("\nOK: within the targets" if ok else "\nNOT OK: see the figures above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
