"""circleup's configuration: the settings loader and schema of the core sections, shared validators,
the example file and the skills taxonomy every installation starts from."""
from pathlib import Path

DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parent / "taxonomy.yaml"
