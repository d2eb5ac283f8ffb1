"""The recognition flow runs with the matching flow's small community (tests.sync.matching.conftest)."""
from tests.sync.matching.conftest import (  # noqa: F401 - fixtures
    community,
    config_overrides,
    matching_config,
)


def pytest_configure(config):
    config.addinivalue_line("markers", "matching(**section): keys of the `matching:` config section for this test")
