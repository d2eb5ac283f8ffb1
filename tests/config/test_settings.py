"""Settings: defaults, strictness, and error messages that name the key, the file and the fix."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from config.schema import FileSchema
from config.settings import ConfigError, load_settings

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "config" / "circleup.example.yaml"


def write(tmp_path, text: str) -> dict[str, str]:
    path = tmp_path / "circleup.yaml"
    path.write_text(text)
    return {"CIRCLEUP_CONFIG": str(path), "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance")}


def test_no_file_means_every_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({"CIRCLEUP_INSTANCE_PATH": str(tmp_path / "i")})
    assert settings.config_path is None
    assert settings.webhook.max_body_bytes == 2_097_152
    assert settings.discourse.requests_per_minute == 50
    assert settings.discourse_api_username == "system"
    assert settings.database_url == f"sqlite:///{tmp_path / 'i' / 'circleup.db'}"
    assert settings.queue_url == f"sqlite:///{tmp_path / 'i' / 'queue.db'}"


def test_unknown_key_is_refused_with_key_and_file(tmp_path):
    env = write(tmp_path, "worker:\n  max_atempts: 3\n")
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    message = str(info.value)
    assert "worker.max_atempts" in message and "Unknown field" in message and str(tmp_path / "circleup.yaml") in message


def test_bad_value_names_key_file_and_expectation(tmp_path):
    env = write(tmp_path, "worker:\n  max_attempts: many\n")
    with pytest.raises(ConfigError, match=r"circleup\.yaml: worker\.max_attempts: Not a valid integer"):
        load_settings(env)


def test_out_of_range_value(tmp_path):
    env = write(tmp_path, "webhook:\n  max_body_bytes: 10\n")
    with pytest.raises(ConfigError, match=r"webhook\.max_body_bytes: Must be greater than or equal to 1024"):
        load_settings(env)


def test_invalid_yaml_and_wrong_shape(tmp_path):
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(write(tmp_path, "worker: [unclosed\n"))
    with pytest.raises(ConfigError, match="must hold a mapping"):
        load_settings(write(tmp_path, "- just\n- a list\n"))


def test_named_config_file_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({"CIRCLEUP_CONFIG": str(tmp_path / "missing.yaml")})


def test_environment_values_are_checked(tmp_path):
    base = write(tmp_path, "{}\n")
    with pytest.raises(ConfigError, match="DISCOURSE_URL must be an http"):
        load_settings({**base, "DISCOURSE_URL": "forum.example.org"})
    with pytest.raises(ConfigError, match="at least 12 characters"):
        load_settings({**base, "DISCOURSE_WEBHOOK_SECRET": "short"})
    with pytest.raises(ConfigError, match="QUEUE_URL must start with"):
        load_settings({**base, "QUEUE_URL": "amqp://x"})


def test_serving_without_a_secret_fails_closed_unless_insecure_dev(tmp_path):
    base = {**write(tmp_path, "{}\n"), "DISCOURSE_URL": "https://forum.example.org"}
    with pytest.raises(ConfigError, match="DISCOURSE_WEBHOOK_SECRET is not set"):
        load_settings(base).check_serving()
    load_settings({**base, "CIRCLEUP_INSECURE_DEV": "1"}).check_serving()


def test_secrets_stay_out_of_repr(tmp_path):
    settings = load_settings({**write(tmp_path, "{}\n"), "DISCOURSE_API_KEY": "very-secret-key", "DISCOURSE_WEBHOOK_SECRET": "hook-secret-123"})
    assert "very-secret-key" not in repr(settings) and "hook-secret-123" not in repr(settings)


def _keys(value, prefix=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield f"{prefix}{key}"
            yield from _keys(inner, f"{prefix}{key}.")


def test_example_config_is_valid_and_documents_every_key(tmp_path):
    load_settings({"CIRCLEUP_CONFIG": str(EXAMPLE), "CIRCLEUP_INSTANCE_PATH": str(tmp_path)})
    documented = set(_keys(yaml.safe_load(EXAMPLE.read_text())))
    defaults = set(_keys(FileSchema().load({})))
    missing = sorted(k for k in defaults if k not in documented and not any(k.startswith(d + ".") and _is_list_section(d) for d in documented))
    assert not missing, f"config/circleup.example.yaml does not document: {missing}"


def _is_list_section(key: str) -> bool:
    return key.endswith("areas")
