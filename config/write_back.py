"""Writing the ids `circleup setup` found or made back into circleup.yaml.

The configuration names forum objects (a category, a topic title, a user field); the flows act on
their ids. Setup records the ids in the same file, next to the names, so the file stays the one
place that says what circleup works with, `circleup check` validates them like any other key, and
an admin can read (and override) them. The file is rewritten with its comments, order and quoting
kept (ruamel.yaml's round trip), after a copy of the previous version is saved beside it
(circleup.yaml.bak-YYYYmmdd-HHMMSS), and replaced atomically (a crash leaves the old or the new file,
never half of one).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_KEY_PART = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)(?:\[(\d+)\])?$")


class WriteBackError(Exception):
    """The ids could not be written (the message says why and what to do)."""


def set_value(data: Any, key: str, value: Any, *, new_map: Any = dict) -> None:
    """Set `value` at a dotted key with optional list indices ("skills.areas[1].category_id").

    Missing sections are created; a list index one past the end appends.
    """
    parts = key.split(".")
    node = data
    for position, part in enumerate(parts):
        match = _KEY_PART.match(part)
        if not match:
            raise ValueError(f"not a configuration key: {key!r}")
        name, index = match.group(1), match.group(2)
        last = position == len(parts) - 1
        if index is None:
            if last:
                node[name] = value
            else:
                if not isinstance(node.get(name), Mapping):
                    node[name] = new_map()
                node = node[name]
            continue
        if not isinstance(node.get(name), list):
            node[name] = []
        items = node[name]
        while len(items) <= int(index):
            items.append(new_map())
        if last:
            items[int(index)] = value
        else:
            node = items[int(index)]


def record_ids(path: Path, ids: Mapping[str, Any], *, now: dt.datetime | None = None) -> Path | None:
    """Write `ids` ({config key: id}) into the YAML file at `path`; return the backup's path.

    A file that does not exist yet is created (no backup: there was nothing to lose).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()  # round trip: comments, key order and quoting survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    path = Path(path)
    existed = path.exists()
    try:
        data = yaml.load(path.read_text(encoding="utf-8")) if existed else None
    except OSError as exc:
        raise WriteBackError(f"cannot read {path}: {exc.strerror or exc}") from None
    data = data if data is not None else CommentedMap()
    for key, value in ids.items():
        set_value(data, key, value, new_map=CommentedMap)
    backup = None
    try:
        if existed:
            stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.name}.bak-{stamp}")
            counter = 1
            while backup.exists():
                backup = path.with_name(f"{path.name}.bak-{stamp}-{counter}")
                counter += 1
            shutil.copy2(path, backup)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                yaml.dump(data, out)
            if existed:
                shutil.copymode(path, temporary)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WriteBackError(f"cannot write {path}: {exc.strerror or exc}") from None
    return backup
