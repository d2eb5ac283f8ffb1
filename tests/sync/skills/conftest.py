from __future__ import annotations

import pytest

from sync.skills.normalize import Normalizer
from sync.skills.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def normalizer(taxonomy: Taxonomy) -> Normalizer:
    return Normalizer(taxonomy)
