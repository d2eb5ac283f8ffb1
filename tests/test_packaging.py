"""Installed, circleup is one import name: nothing of it lands on a generic top-level name such as
`config` or `sync`, where an unrelated package could shadow it or, uninstalled, delete it."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_installs_everything_under_circleup(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    if built.returncode != 0 and "Could not find a version" in built.stderr:
        pytest.skip("the build backend could not be fetched from the package index")
    assert built.returncode == 0, built.stderr
    # Every folder holding data is a declared package: setuptools has nothing to warn about.
    assert "BuildBackendWarning" not in built.stderr, built.stderr
    (wheel,) = tmp_path.glob("circleup-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert top == {"circleup", next(n for n in top if n.endswith(".dist-info"))}
    for layer in ("config", "integration", "sync", "webhooks", "cli", "simulator"):
        assert f"circleup/{layer}/__init__.py" in names
    # The data each layer reads from beside its code: templates, taxonomy, migrations, dashboard pages.
    for data in ("circleup/config/taxonomy.yaml", "circleup/sync/citizens/templates/thanks.md.j2",
                 "circleup/sync/citizens/pages/applications.html", "circleup/integration/store/migrations/env.py",
                 "circleup/webhooks/dashboard/templates/dashboard/base.html"):
        assert data in names, data
    # And every file of the source tree: each template, page, static file and migration.
    tracked = subprocess.run(["git", "ls-files", *LAYER_FOLDERS], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout: the source files cannot be listed")
    expected = {_installed_as(path) for path in tracked.stdout.split()}
    assert expected, "git listed no source files"
    assert sorted(expected - set(names)) == []


# Folder in the repository → where it lands in the wheel (setup.py maps the layers under circleup/).
LAYER_FOLDERS = ("circleup", "config", "integration", "sync", "webhooks")


def _installed_as(path: str) -> str:
    return path if path.startswith("circleup/") else f"circleup/{path}"
