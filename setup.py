"""Packaging: circleup installs under one import name, `circleup`, while the repository keeps its
layers as top-level folders (config/, integration/, sync/, webhooks/). Each folder is mapped to
`circleup.<folder>`, so nothing of circleup claims a generic top-level name such as `config`, and
a flow package added under sync/ is found without listing it here.

Packages are found as namespace packages: the folders that hold only data read from beside the code
(a flow's templates/ and pages/, the dashboard's static/ and templates/, Alembic's migrations/) are
packages of their own, so setuptools ships their files (pyproject.toml's package-data) instead of
warning that an importable folder is missing from the packages it was told about."""
from setuptools import find_namespace_packages, setup

LAYERS = ("config", "integration", "sync", "webhooks")

package_dir = {"circleup": "circleup"}
packages = ["circleup", *(f"circleup.{name}" for name in find_namespace_packages("circleup"))]
for layer in LAYERS:
    package_dir[f"circleup.{layer}"] = layer
    packages += [f"circleup.{layer}", *(f"circleup.{layer}.{name}" for name in find_namespace_packages(layer))]

setup(package_dir=package_dir, packages=packages)
