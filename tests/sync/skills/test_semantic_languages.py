from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from circleup.sync.skills.normalize import Normalizer
from circleup.sync.skills.semantic import SemanticSkills
from circleup.sync.skills.taxonomy import parse_taxonomy

TAXONOMY = {"areas": [{"name": "Making"}], "skills": [
    {"name": "Gardening", "area": "Making", "synonyms": ["horticulture"], "ambiguous": ["bustani"],
     "translations": {"es": ["jardinería"], "sw": ["kilimo cha bustani", "horticulture"], "pt-BR": ["jardinagem"]}},
    {"name": "Cooking", "area": "Making", "translations": {"sw": ["upishi"], "fr": ["cuisine"]}},
]}


class RecordingEncoder:
    """Deterministic vectors, and a record of every text the semantic layer asked to embed."""

    name = "recording"
    dimensions = 16

    def __init__(self, languages: frozenset[str] | None) -> None:
        self.languages = languages
        self.embedded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        rows = [np.random.default_rng(zlib.crc32(text.encode())).normal(size=self.dimensions) for text in texts]
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dimensions)
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def test_phrases_in_languages_the_model_was_not_trained_on_are_left_to_exact_matching():
    encoder = RecordingEncoder(frozenset({"en", "es", "fr", "pt"}))
    SemanticSkills(Normalizer(parse_taxonomy(TAXONOMY)), encoder)
    assert {"jardinería", "jardinagem", "cuisine", "Cooking", "horticulture", "bustani"} <= set(encoder.embedded)
    assert "kilimo cha bustani" not in encoder.embedded
    # A single word stays: text using that very word shares its pieces.
    assert "upishi" in encoder.embedded


def test_a_model_that_names_no_languages_embeds_every_translation():
    encoder = RecordingEncoder(None)
    SemanticSkills(Normalizer(parse_taxonomy(TAXONOMY)), encoder)
    assert {"kilimo cha bustani", "upishi", "jardinería"} <= set(encoder.embedded)
