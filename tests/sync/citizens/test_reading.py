"""Which replies in the application topic are applications (sync.citizens.reading), and how well."""
from __future__ import annotations

from pathlib import Path

import pytest

from circleup.sync.citizens.reading import APPLICATION, NOT_AN_APPLICATION, UNSURE, read_reply
from circleup.sync.citizens.reading_quality import load_labelled, measure

LABELLED = Path(__file__).resolve().parents[3] / "bench" / "data" / "application_replies.yaml"


@pytest.mark.parametrize("raw, reply_to, verdict", [
    ("How long does approval take?", None, NOT_AN_APPLICATION),
    ("good luck!", None, NOT_AN_APPLICATION),
    ("Thanks for organising this, Sal!", None, NOT_AN_APPLICATION),
    ("Sure! Contact away :slightly_smiling_face:", 4, NOT_AN_APPLICATION),
    ("Count me in. I run a Python study group at the library on Saturdays, and we take turns facilitating.",
     None, APPLICATION),
    # Someone answering another member while saying they want in: recorded, not thanked as an applicant.
    ("Same here! I facilitate one in Ibadan too and I'd love to join the Citizens.", 2, UNSURE),
    # A question from someone who runs a group: maybe an application, maybe not.
    ("How do I join? I run a reading group for nurses every second Monday, and I would like to be part of this.",
     None, APPLICATION),
])
def test_replies_read_as_people_would(raw, reply_to, verdict):
    assert read_reply(raw, reply_to_post_number=reply_to).verdict == verdict


def test_quotes_of_other_posts_do_not_count_as_the_authors_words():
    quoted = "[quote=\"amara, post:6, topic:1\"]\nCount me in. I run a Python study group every Saturday.\n[/quote]\nNice!"
    assert read_reply(quoted).verdict == NOT_AN_APPLICATION


def test_precision_and_recall_on_the_labelled_replies(capsys):
    replies = load_labelled(LABELLED)
    quality = measure(replies)
    with capsys.disabled():
        print(f"\napplication reading on {quality.replies} labelled replies ({quality.applications} applications): "
              f"precision {quality.precision:.3f}, recall {quality.recall:.3f}, "
              f"{quality.recorded_share:.3f} of applications reach the approvers, "
              f"{quality.thanked_wrong} non-applications told they applied")
    assert quality.replies >= 60
    assert quality.precision >= 0.95
    assert quality.recall >= 0.85
    assert quality.recorded == quality.applications  # nobody who applied is lost
    baseline = measure(replies, lambda raw, reply_to: APPLICATION)
    assert baseline.thanked_wrong == quality.replies - quality.applications  # what it replaced
