"""The shared fixtures skip, saying why, what they cannot reach, and the SQLite case runs regardless."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run_pytest(tmp_path: Path, env_overrides: dict[str, str]) -> str:
    test = tmp_path / "test_probe.py"
    test.write_text(textwrap.dedent("""
        def test_backend(backend):
            assert backend.name in ("sqlite", "postgres")
    """))
    import os

    env = {**os.environ, **env_overrides}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-p", "tests.conftest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path), str(test)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    return done.stdout + done.stderr


def test_a_refused_postgres_login_skips_postgres_and_sqlite_still_runs(tmp_path):
    # A user PostgreSQL does not know: the login is refused (or the port is closed) either way.
    out = _run_pytest(tmp_path, {"CIRCLEUP_TEST_POSTGRES": "postgresql+psycopg://no_such_user_x@127.0.0.1:5432/no_such_db"})
    assert "1 passed, 1 skipped" in out, out
    assert "SKIPPED" in out and "PostgreSQL" in out, out
    assert "error" not in out.split("short test summary info")[-1].lower().replace("errors", ""), out
