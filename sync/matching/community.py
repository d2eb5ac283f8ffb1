"""A topic read against the community: the forum's index of members' skills, and what a topic is
about as the matching flow reads it.

Learning circles (sync.matching.suggestions), learning clinics (sync.clinics.clinic) and "circles
in my town" requests (sync.matching.in_my_town) all read their topics here, so a topic written in
prose ("Making sense of our survey answers") is understood in each of them alike: taxonomy terms,
skills outside the taxonomy that members here wrote, and, when `matching.semantic_model` is set,
the texts by meaning (`needs.read_circle`). The people come from the same index
(`index_cache.forum_index`), where a member's free skill counts as the taxonomy skill it means
("making sense of data" as Data analysis) and only eligible members are posted: never the bot,
nor anyone suspended, deleted or opted out.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from circleup.sync.matching.engine import CircleNeeds, SkillIndex
from circleup.sync.matching.index_cache import forum_index
from circleup.sync.matching.needs import read_circle
from circleup.sync.skills.areas import get_normalizer
from circleup.sync.skills.normalize import Normalizer
from circleup.sync.skills.semantic import SemanticSkills, semantic_skills

NO_AUTHOR = -1  # CircleNeeds wants an author id; a topic whose author is unknown excludes nobody extra


@dataclass(frozen=True, slots=True)
class Community:
    """The forum's index, current as of this transaction, and the readers that weigh a topic against it."""

    index: SkillIndex
    normalizer: Normalizer
    semantic: SemanticSkills | None

    def read(self, title: str, raw: str, tags: Sequence[str] = (), *, author_id: int | None,
             exclude_ids: Iterable[int] = ()) -> CircleNeeds:
        """What the topic (title, first post's raw Markdown, tags other than the flow's own) is about."""
        return read_circle(self.index, title, raw, tags, find_skills=self.normalizer.find_in_text,
                           find_free_skills=self.normalizer.find_free_in_text,
                           read_skills=self.semantic.read if self.semantic else None,
                           author_id=NO_AUTHOR if author_id is None else author_id, exclude_ids=exclude_ids)


@contextmanager
def forum_community(session: Session, settings) -> Iterator[Community]:
    """The community as the matching flow sees it; the index is held (see `forum_index`) until the block ends."""
    normalizer = get_normalizer(settings)
    model = settings.matching.semantic_model
    semantic = semantic_skills(normalizer, model, cache_dir=settings.instance_path) if model else None
    with forum_index(session, bot_username=settings.bot_username, semantic=semantic) as index:
        yield Community(index, normalizer, semantic)
