"""Matching at forum scale: index build, per-topic suggestion latency against brute force, pairing.

    python bench/matching.py                 # 100,000 members, 200 topics, pairing 10,000
    python bench/matching.py --quick         # 20,000 members, 60 topics, pairing 2,000

Every topic's top-N from the index is checked against brute-force scoring of every member.
Targets: p95 ≤ 25 ms per topic and ≥ 20× faster than brute force.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sync.matching.engine import SkillIndex, rank, rank_brute_force  # noqa: E402
from sync.matching.pairing import greedy_pairs, pair_members  # noqa: E402
from tests.sync.matching.synthetic import generate_circles, generate_members  # noqa: E402

P95_TARGET_MS = 25.0
SPEEDUP_TARGET = 20.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<38} {value:>14}  {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=None)
    parser.add_argument("--topics", type=int, default=None)
    parser.add_argument("--pairing-members", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    members_count = args.members or (20_000 if args.quick else 100_000)
    topics = args.topics or (60 if args.quick else 200)
    pairing_count = args.pairing_members or (2_000 if args.quick else 10_000)

    print(f"circleup matching benchmark — {members_count:,} members, {topics} topics, pairing {pairing_count:,}")
    members = generate_members(members_count, seed=2024)

    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    index = SkillIndex(members)
    build_s = time.perf_counter() - started
    index_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    circles = generate_circles(members[:2000], topics, seed=2025)  # judgements unused: speed only
    fast_ms, slow_ms = [], []
    for circle in circles:
        started = time.perf_counter()
        fast = rank(index, circle.needs)
        fast_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        slow = rank_brute_force(index, circle.needs)
        slow_ms.append((time.perf_counter() - started) * 1000)
        same = [(s.member_id, s.role, s.score) for s in fast] == [(s.member_id, s.role, s.score) for s in slow]
        if not same:
            print(f"MISMATCH for {circle.needs}", file=sys.stderr)
            return 1

    pairing_members = members[:pairing_count]
    started = time.perf_counter()
    pairs = pair_members(pairing_members)
    pairing_s = time.perf_counter() - started
    started = time.perf_counter()
    greedy = greedy_pairs(pairing_members)
    greedy_s = time.perf_counter() - started
    weight, greedy_weight = sum(p.score for p in pairs), sum(p.score for p in greedy)

    p50, p95 = percentile(fast_ms, 0.5), percentile(fast_ms, 0.95)
    brute_p50, brute_p95 = percentile(slow_ms, 0.5), percentile(slow_ms, 0.95)
    speedup = sum(slow_ms) / sum(fast_ms)
    print()
    print("  index")
    row("build time", f"{build_s:.2f} s")
    row("memory (tracemalloc, index only)", f"{index_bytes / 2**20:.1f} MiB", f"{index_bytes / members_count:.0f} B/member")
    print("  suggestions per topic (top 5, identical to brute force on every topic)")
    row("index p50 / p95", f"{p50:.2f} / {p95:.2f} ms", f"target p95 ≤ {P95_TARGET_MS:.0f} ms")
    row("brute force p50 / p95", f"{brute_p50:.1f} / {brute_p95:.1f} ms")
    row("speed-up (total time)", f"{speedup:.0f}×", f"target ≥ {SPEEDUP_TARGET:.0f}×")
    print("  one-to-one pairing")
    row("time, max-weight (grouped blossom)", f"{pairing_s:.1f} s")
    row("pairs made / total weight", f"{len(pairs):,} / {weight:,.0f}")
    row("greedy baseline: time, pairs, weight", f"{greedy_s:.1f} s", f"{len(greedy):,} pairs, {greedy_weight:,.0f}")
    row("max-weight vs greedy", f"{(weight / greedy_weight - 1) * 100:+.1f} %")

    ok = p95 <= P95_TARGET_MS and speedup >= SPEEDUP_TARGET
    print("\n  targets met" if ok else "\n  TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
