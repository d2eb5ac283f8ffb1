"""Precision and recall of sync.citizens.reading on a labelled set of replies (bench and tests share it)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from circleup.sync.citizens.reading import APPLICATION, UNSURE, read_reply


@dataclass(frozen=True)
class Quality:
    replies: int
    applications: int
    thanked_right: int      # applications thanked as applications
    thanked_wrong: int      # non-applications told they applied
    recorded: int           # applications that reached the approvers (thanked or unsure)
    bothered: int           # non-applications sent to the approvers as "unsure"

    @property
    def precision(self) -> float:
        told = self.thanked_right + self.thanked_wrong
        return self.thanked_right / told if told else 1.0

    @property
    def recall(self) -> float:
        return self.thanked_right / self.applications if self.applications else 1.0

    @property
    def recorded_share(self) -> float:
        return self.recorded / self.applications if self.applications else 1.0


def load_labelled(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["replies"]


def measure(replies: list[dict], classify=None) -> Quality:
    """`classify(raw, reply_to) -> verdict`; by default sync.citizens.reading."""
    classify = classify or (lambda raw, reply_to: read_reply(raw, reply_to_post_number=reply_to).verdict)
    applications = thanked_right = thanked_wrong = recorded = bothered = 0
    for reply in replies:
        verdict = classify(reply["raw"], reply.get("reply_to"))
        is_application = reply["label"] == "application"
        applications += is_application
        if verdict == APPLICATION:
            thanked_right += is_application
            thanked_wrong += not is_application
        if is_application and verdict in (APPLICATION, UNSURE):
            recorded += 1
        if not is_application and verdict == UNSURE:
            bothered += 1
    return Quality(len(replies), applications, thanked_right, thanked_wrong, recorded, bothered)
