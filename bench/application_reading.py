"""How well circleup tells applications from other replies in the application topic.

Measures sync/citizens/reading.py on the labelled replies in bench/data/application_replies.yaml
against the baseline it replaced (every reply in the topic is an application), in the same run:
precision (of those thanked as applicants, how many applied), recall (of those who applied, how
many were thanked as applicants), and how many applications reached the approvers at all.

    python bench/application_reading.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from circleup.sync.citizens.reading import APPLICATION, read_reply  # noqa: E402
from circleup.sync.citizens.reading_quality import load_labelled, measure  # noqa: E402

LABELLED = ROOT / "bench" / "data" / "application_replies.yaml"


def main() -> None:
    replies = load_labelled(LABELLED)
    baseline = measure(replies, lambda raw, reply_to: APPLICATION)
    reading = measure(replies)
    print(f"{reading.replies} labelled replies ({reading.applications} applications, "
          f"{reading.replies - reading.applications} other replies) from {LABELLED.relative_to(ROOT)}")
    print(f"{'':34}{'precision':>10}{'recall':>8}{'reach approvers':>17}{'wrongly thanked':>17}")
    for name, q in (("baseline: every reply applies", baseline), ("sync/citizens/reading.py", reading)):
        print(f"{name:34}{q.precision:>10.3f}{q.recall:>8.3f}{q.recorded_share:>17.3f}{q.thanked_wrong:>17}")
    print(f"unsure (recorded for approvers, answered without saying they applied): "
          f"{reading.recorded - reading.thanked_right} applications, {reading.bothered} other replies")
    missed = [r for r in replies if r["label"] == "application"
              and read_reply(r["raw"], reply_to_post_number=r.get("reply_to")).verdict != APPLICATION]
    for reply in missed:
        verdict = read_reply(reply["raw"], reply_to_post_number=reply.get("reply_to"))
        print(f"  not thanked as an application ({verdict.verdict}: {verdict.why}): {reply['raw'].strip()[:70]}…")


if __name__ == "__main__":
    main()
