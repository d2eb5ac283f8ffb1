"""Benchmark: the skills flow on a 100,000-member forum with 20 skill areas (SQLite).

    python bench/skills.py           # 100,000 members (under 3 minutes)
    python bench/skills.py --quick   # 10,000 members (under 30 seconds)

Figures:
  1. rebuilding every directory from the database — the refresh job's real path (indexed read of the
     area's rows + render), all 20 areas, with time and peak memory; and the per-member reconcile that
     recomputes those rows from profiles, as throughput;
  2. Discourse edits per 1,000 profile updates, driven through the real handlers and jobs (a recording
     fake Discourse counts calls) once every directory is published, against the baseline of one edit
     per update and affected area: at a burst's pace (200 updates per refresh interval) and at an
     ordinary one (1 per interval), where the edits of one member's change show;
  3. normalisation throughput: bench/skills_normalize.py, run in the same process.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from circleup.sync import load_settings  # noqa: E402
from circleup.integration.inbox import Inbox, NewEvent  # noqa: E402
from circleup.integration.logs import configure_logging  # noqa: E402
from circleup.integration.services import Services  # noqa: E402
from circleup.integration.store import Member, MemberSkill, utcnow  # noqa: E402
from circleup.sync.skills.models import SkillsDirectoryEntry, SkillsProfileText  # noqa: E402
from circleup.sync.skills import directory  # noqa: E402
from circleup.sync.skills.areas import skills_config  # noqa: E402
from circleup.sync.skills.profiles import reconcile_member  # noqa: E402
from circleup.sync.skills.publish import render_area  # noqa: E402

SEED = 20260302
AREAS = 20
SKILLS_PER_AREA = 12


class CountingDiscourse:
    """Just enough of DiscourseClient for the skills flow; counts what circleup asks of it."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self._ids = iter(range(10_000_000, 20_000_000))

    def _count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    def get_topic(self, topic_id):
        self._count("get_topic")
        return {"id": topic_id, "post_stream": {"posts": [{"id": 5_000_000 + topic_id, "post_number": 1}]}}

    def edit_post(self, post_id, raw, edit_reason=None):
        self._count("edit_post")
        return {"id": post_id, "topic_id": 0, "post_number": 1}

    def create_post(self, topic_id, raw, reply_to_post_number=None):
        self._count("create_post")
        return {"id": next(self._ids), "topic_id": topic_id, "post_number": 2}

    def set_category_notification_level(self, category_id, level, username):
        self._count("category_notification")
        return {}


def synthetic_forum(tmp: Path, members: int) -> tuple[Services, list[str]]:
    """A taxonomy of 20 areas, settings naming them, and a SQLite database of `members` profiles."""
    areas = [f"Area {i + 1:02d}" for i in range(AREAS)]
    skills = [{"name": f"Skill {a + 1:02d}-{s + 1:02d}", "area": areas[a]}
              for a in range(AREAS) for s in range(SKILLS_PER_AREA)]
    taxonomy = tmp / "taxonomy.yaml"
    taxonomy.write_text(yaml.safe_dump({"areas": [{"name": a} for a in areas], "skills": skills}))
    section = {
        "share_field": "1", "learn_field": "2", "taxonomy": str(taxonomy), "directory_interval_s": 10,
        "areas": [{"name": a, "category_id": 100 + i, "directory_topic_id": 1000 + i} for i, a in enumerate(areas)],
    }
    env = {"DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}", "QUEUE_URL": "memory://",
           "CIRCLEUP_INSTANCE_PATH": str(tmp), "DISCOURSE_URL": "https://forum.example.org",
           "DISCOURSE_API_USERNAME": "circleup"}
    settings = load_settings(env, {"skills": section, "logging": {"level": "ERROR", "format": "console"}})
    services = Services(settings, client=CountingDiscourse())
    services.store.create_all()
    _fill(services, members, skills)
    return services, [s["name"] for s in skills]


def _fill(services: Services, count: int, skills: list[dict]) -> None:
    rng = random.Random(SEED)
    names = [s["name"] for s in skills]
    area_of = {s["name"]: s["area"] for s in skills}
    members, texts, rows, entries = [], [], [], []
    for member_id in range(1, count + 1):
        username = f"member{member_id}"
        members.append({"id": member_id, "username": username, "username_lower": username,
                        "name": f"Member {member_id}", "trust_level": 1, "admin": False, "moderator": False,
                        "suspended": False, "deleted": False, "opted_out": rng.random() < 0.02,
                        "follows_areas": False, "languages": [], "created_at": utcnow(), "updated_at": utcnow()})
        shares = rng.sample(names, rng.randint(0, 4))
        learns = [s for s in rng.sample(names, rng.randint(0, 3)) if s not in shares]
        texts.append({"member_id": member_id, "source": "user_field", "share_text": ", ".join(shares),
                      "learn_text": ", ".join(learns), "updated_at": utcnow()})
        for kind, listed in (("share", shares), ("learn", learns)):
            rows.extend({"member_id": member_id, "kind": kind, "raw": s, "skill": s, "area": area_of[s],
                         "method": "exact", "source": "user_field"} for s in listed)
        if not members[-1]["opted_out"]:
            # What reconcile_member stores (skills sorted per area), computed directly: the ORM path
            # would make building the forum slower than everything measured on it.
            per_area: dict[str, tuple[list[str], list[str]]] = {}
            for kind, listed in ((0, shares), (1, learns)):
                for skill in listed:
                    per_area.setdefault(area_of[skill], ([], []))[kind].append(skill)
            entries.extend({"area": area, "member_id": member_id, "username": username, "name": f"Member {member_id}",
                            "shares": sorted(sh, key=str.casefold), "learns": sorted(le, key=str.casefold)}
                           for area, (sh, le) in per_area.items())
    with services.store.session() as session:
        for table, data in ((Member, members), (SkillsProfileText, texts), (MemberSkill, rows),
                            (SkillsDirectoryEntry, entries)):
            for start in range(0, len(data), 20_000):
                session.execute(insert(table), data[start:start + 20_000])


def bench_rebuild(services: Services) -> None:
    cfg = skills_config(services.settings)
    directory._escape_skill.cache_clear()
    started = time.perf_counter()
    posts = rows = chars = 0
    largest = (0, cfg.areas[0])
    for area in cfg.areas:
        with services.store.session() as session:  # one session per area, as the refresh job does
            bodies, listed = render_area(session, area, cfg)
        posts, rows, chars = posts + len(bodies), rows + listed, chars + sum(map(len, bodies))
        largest = max(largest, (listed, area), key=lambda item: item[0])
    elapsed = time.perf_counter() - started
    # Memory in a second pass (tracemalloc slows Python several times over): the job holds one area.
    tracemalloc.start()
    with services.store.session() as session:
        render_area(session, largest[1], cfg)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n1. rebuild every directory from the database ({len(cfg.areas)} areas, {rows:,} rows)")
    print(f"   time          {elapsed:.2f} s  ({elapsed / len(cfg.areas) * 1000:.0f} ms per area, DB read + render; "
          f"{rows / elapsed:,.0f} rows/s)")
    print(f"   output        {posts} posts, {chars / 1e6:.1f} M characters")
    print(f"   memory peak   {peak / 2**20:.1f} MiB for the largest area ({largest[0]:,} rows: DB rows + bodies; "
          f"the job holds one area at a time)")


def bench_reconcile(services: Services, sample: int) -> None:
    """Recomputing directory rows from profiles (what `circleup skills rebuild` does per member)."""
    cfg = skills_config(services.settings)
    with services.store.session() as session:
        ids = session.scalars(select(Member.id).order_by(Member.id).limit(sample)).all()
    started = time.perf_counter()
    uow = services.unit_of_work(source="bench")
    try:
        for member in uow.session.scalars(select(Member).where(Member.id.in_(ids))):
            reconcile_member(uow, member, cfg)
    finally:
        uow.rollback()  # measure, do not change the data the other figures use (nothing is enqueued)
        uow.session.close()
    elapsed = time.perf_counter() - started
    print(f"   reconcile     {len(ids) / elapsed:,.0f} members/s recomputing rows from profiles "
          f"({len(ids):,} sampled; unchanged rows mark nothing dirty)")


# Two paces of profile updates: a burst (a backfill, an announcement everyone answers) where every
# directory post is touched within an interval anyway and batching does the work, and an ordinary day
# (an update now and then) where what counts is how many posts one member's change edits.
BUSY = ("busy forum", 200)  # updates per refresh interval
QUIET = ("quiet forum", 1)


def bench_batching(services: Services, skill_names: list[str], paces: list[tuple[tuple[str, int], int]]) -> None:
    """Profile updates through the real handlers; the interval is simulated by running due refreshes per tick."""
    from circleup.sync.wiring import build_worker

    worker = build_worker(services)
    client: CountingDiscourse = services.client
    cfg = skills_config(services.settings)
    _publish_all(services, worker, cfg)
    print(f"\n2. Discourse edits per 1,000 profile updates (through the handlers and refresh jobs; intervals of "
          f"{cfg.interval_s:.0f} s, {len(cfg.areas)} areas, {len(_edited_posts(services))} directory posts published "
          f"before counting)")
    rng = random.Random(SEED + 1)
    for (label, per_interval), updates in paces:
        client.calls.clear()
        started = time.perf_counter()
        naive = _drive(services, worker, skill_names, rng, updates, per_interval)
        elapsed = time.perf_counter() - started
        edits = client.calls.get("edit_post", 0) + client.calls.get("create_post", 0)
        rate = updates / elapsed
        print(f"   {label:<13} {per_interval} update{'s' if per_interval > 1 else ''} per interval, "
              f"{updates:,} updates ({rate:,.{0 if rate >= 10 else 1}f} updates/s end to end: "
              f"event → profile → rows → refresh → edits)")
        print(f"     baseline    {naive * 1000 / updates:8,.0f}  (one edit per update and affected area)")
        ratio = f"{naive / edits:.1f}x fewer" if edits <= naive else f"{edits / max(naive, 1):.1f}x more"
        appended = client.calls.get("create_post", 0)
        print(f"     circleup    {edits * 1000 / updates:8,.0f}  ({ratio}; {edits / max(naive, 1):.2f} per affected "
              f"area; {appended} post{'' if appended == 1 else 's'} appended)")


def _publish_all(services: Services, worker, cfg) -> None:
    """Every directory posted once, so the counts below are what updates cost, not the first publication."""
    from circleup.sync.skills.publish import mark_dirty

    with services.unit_of_work(source="bench") as uow:  # enqueues the refreshes through `worker`
        mark_dirty(uow, [area.name for area in cfg.areas], delay=0)
    _run_due(services.huey)


def _drive(services: Services, worker, skill_names: list[str], rng: random.Random, updates: int,
           per_interval: int) -> int:
    """`updates` profile saves, letting the refresh interval pass after every `per_interval` of them.

    Returns the baseline: how many edits one edit per update and affected area would have made.
    """
    with services.store.session() as session:
        population = session.scalar(select(Member.id).order_by(Member.id.desc()).limit(1))
    inbox = Inbox(services.store)  # the bench runs each event itself, below
    naive = 0
    for done in range(1, updates + 1):
        member_id = rng.randint(1, population)
        shares = rng.sample(skill_names, rng.randint(1, 4))
        body = {"user": {"id": member_id, "username": f"member{member_id}", "name": f"Member {member_id}",
                         "user_fields": {"1": ", ".join(shares), "2": rng.choice(skill_names)}}}
        with services.store.session() as session:
            before = {row.area for row in session.scalars(
                select(SkillsDirectoryEntry).where(SkillsDirectoryEntry.member_id == member_id))}
        pk = inbox.add(NewEvent(instance="https://forum.example.org", event_id=uuid.uuid4().hex, event_type="user",
                                event_name="user_updated", body=json.dumps(body), body_sha256=uuid.uuid4().hex,
                                fingerprint=uuid.uuid4().hex, status="received"))
        worker.process_event(pk)
        with services.store.session() as session:
            after = {row.area for row in session.scalars(
                select(SkillsDirectoryEntry).where(SkillsDirectoryEntry.member_id == member_id))}
        naive += len(before | after)
        if done % per_interval == 0 or done == updates:
            _run_due(services.huey)  # the interval has passed: the scheduled refreshes run, then their edits
    return naive


def _edited_posts(services: Services) -> set[int]:
    from circleup.sync.skills.models import SkillsDirectoryPost

    with services.store.session() as session:
        return set(session.scalars(select(SkillsDirectoryPost.post_id).where(SkillsDirectoryPost.post_id.is_not(None))))


def _run_due(huey) -> None:
    import datetime as dt

    far = dt.datetime(2999, 1, 1)
    while True:
        task = huey.dequeue()
        if task is not None:
            huey.execute(task)
            continue
        due = huey.read_schedule(far)
        if not due:
            return
        for task in due:
            huey.execute(task, timestamp=far)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 members, for CI (< 30 s)")
    parser.add_argument("--skip-normalize", action="store_true", help="leave out bench/skills_normalize.py")
    args = parser.parse_args(argv)
    configure_logging("WARNING", "console")
    members = 10_000 if args.quick else 100_000
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        setup = time.perf_counter()
        services, skill_names = synthetic_forum(Path(tmp), members)
        print(f"synthetic forum: {members:,} members, {AREAS} areas, {AREAS * SKILLS_PER_AREA} skills "
              f"(seed {SEED}); built in {time.perf_counter() - setup:.1f} s")
        bench_rebuild(services)
        bench_reconcile(services, 1_000 if args.quick else 2_000)
        # Each refresh renders a whole area (~0.4 s at 100,000 members) and the quiet pace refreshes about
        # six areas per update, so the full run takes 25 quiet updates (~150 area changes: the figure is
        # stable to a few per cent) to stay under three minutes.
        bench_batching(services, skill_names, [(BUSY, 400 if args.quick else 600), (QUIET, 40 if args.quick else 25)])
        services.close()
    if not args.skip_normalize:
        print("\n3. normalisation (bench/skills_normalize.py)")
        from bench import skills_normalize

        skills_normalize.main(["--quick"] if args.quick else [])
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
