"""Settings: defaults, strictness, and error messages that name the key, the file and the fix."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from circleup.config.schema import FileSchema
from circleup.config.settings import ConfigError
from circleup.sync import load_settings

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


def test_the_sweep_interval_divides_an_hour(tmp_path):
    assert load_settings(write(tmp_path, "worker:\n  sweep_every_minutes: 15\n")).worker.sweep_every_minutes == 15
    with pytest.raises(ConfigError, match=r"worker\.sweep_every_minutes: must divide an hour evenly: one of 1, 2, 3"):
        load_settings(write(tmp_path, "worker:\n  sweep_every_minutes: 45\n"))


def test_invalid_yaml_and_wrong_shape(tmp_path):
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(write(tmp_path, "worker: [unclosed\n"))
    with pytest.raises(ConfigError, match="must hold a mapping"):
        load_settings(write(tmp_path, "- just\n- a list\n"))


def test_a_key_given_twice_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"(?s)not valid YAML: the key 'citizens' is given twice in one section.*line 3"):
        load_settings(write(tmp_path, "citizens:\n  goal: 50\ncitizens:\n  group: citizens\n"))
    with pytest.raises(ConfigError, match="the key 'goal' is given twice"):
        load_settings(write(tmp_path, "citizens:\n  goal: 50\n  goal: 60\n"))


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


def test_a_section_that_is_not_a_mapping_is_named_plainly(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, "worker: 5\n"))
    assert "worker: must be a mapping of settings" in str(info.value) and "_schema" not in str(info.value)
    with pytest.raises(ConfigError, match=r"skills\.areas\.0: must be a mapping of settings"):
        load_settings(write(tmp_path, "skills:\n  areas: [5]\n"))


def test_a_section_left_empty_takes_its_defaults(tmp_path):
    settings = load_settings(write(tmp_path, "worker:\n  # max_attempts: 3\nlogging:\n"))
    assert settings.worker.max_attempts == 5 and settings.logging.format == "json"


def test_an_unknown_key_suggests_the_nearest_or_lists_the_allowed(tmp_path):
    with pytest.raises(ConfigError, match=r"worker\.max_atempts: Unknown field\. Did you mean max_attempts\?"):
        load_settings(write(tmp_path, "worker:\n  max_atempts: 3\n"))
    with pytest.raises(ConfigError, match=r"logging\.colour: Unknown field\. Allowed keys: format, level\."):
        load_settings(write(tmp_path, "logging:\n  colour: true\n"))
    with pytest.raises(ConfigError, match=r"skills\.areas\.0\.topic: Unknown field\. Allowed keys: category, category_id, "):
        load_settings(write(tmp_path, "skills:\n  areas:\n    - {name: Technology, category_id: 3, directory_topic_id: 4, topic: 9}\n"))


def test_a_config_file_that_cannot_be_read_is_named(tmp_path):
    path = tmp_path / "circleup.yaml"
    path.write_bytes(b"worker:\n  threads: \xff\n")
    with pytest.raises(ConfigError, match=f"{path} is not UTF-8 text"):
        load_settings({"CIRCLEUP_CONFIG": str(path)})
    with pytest.raises(ConfigError, match=f"cannot read the configuration file {tmp_path}: Is a directory"):
        load_settings({"CIRCLEUP_CONFIG": str(tmp_path)})


def test_a_mistyped_taxonomy_fails_at_start_even_without_areas(tmp_path):
    env = write(tmp_path, "skills:\n  taxonomy: config/taxonomi.yaml\n")
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    message = str(info.value)
    assert str(tmp_path / "circleup.yaml") in message and "skills.taxonomy: cannot read the taxonomy config/taxonomi.yaml" in message
    (tmp_path / "taxonomy.yaml").write_text("areas: [unclosed\n")
    with pytest.raises(ConfigError, match="skills.taxonomy: the taxonomy .* is not valid YAML"):
        load_settings(write(tmp_path, f"skills:\n  taxonomy: {tmp_path / 'taxonomy.yaml'}\n"))
    shipped = REPO / "config" / "taxonomy.yaml"
    assert load_settings(write(tmp_path, f"skills:\n  taxonomy: {shipped}\n")).skills.taxonomy == str(shipped)


def test_a_templates_dir_that_is_not_there_is_refused(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, f"templates_dir: {tmp_path / 'my-templates'}\n"))
    message = str(info.value)
    assert str(tmp_path / "circleup.yaml") in message and f"templates_dir: {tmp_path / 'my-templates'} is not a folder" in message
    (tmp_path / "my-templates").mkdir()
    assert load_settings(write(tmp_path, f"templates_dir: {tmp_path / 'my-templates'}\n")).templates_dir == str(tmp_path / "my-templates")


@pytest.mark.parametrize("queue_url", ["rediss://:pw@redis.example.org:6380/0", "unix:///run/redis/redis.sock?db=1", "memory://"])
def test_redis_over_tls_and_over_a_socket_are_queue_urls(tmp_path, queue_url):
    assert load_settings({**write(tmp_path, "{}\n"), "QUEUE_URL": queue_url}).queue_url == queue_url


def test_url_errors_never_show_a_password(tmp_path):
    base = write(tmp_path, "{}\n")
    for variable, value in (("QUEUE_URL", "amqp://:hunter2-pw@mq.example.org"), ("DATABASE_URL", "postgresql:/postgres:hunter2-pw@db"),
                            ("DATABASE_URL", "mysql://app:hunter2-pw@db/app"), ("DISCOURSE_URL", "ftp://me:hunter2-pw@forum")):
        with pytest.raises(ConfigError) as info:
            load_settings({**base, variable: value})
        assert variable in str(info.value) and "hunter2-pw" not in str(info.value), str(info.value)


def test_database_url_is_checked_and_postgres_means_psycopg_3(tmp_path):
    base = write(tmp_path, "{}\n")
    with pytest.raises(ConfigError, match=r"DATABASE_URL is not a database URL \(postgresql:… \(malformed URL, not shown\)\)"):
        load_settings({**base, "DATABASE_URL": "postgresql:/postgres:pw@db"})
    with pytest.raises(ConfigError, match=r"DATABASE_URL is not a database URL \(postgresql://app:\*\*\*@db:port/app\)"):
        load_settings({**base, "DATABASE_URL": "postgresql://app:pw@db:port/app"})
    with pytest.raises(ConfigError, match="names a database circleup does not support"):
        load_settings({**base, "DATABASE_URL": "mysql://app@db/app"})
    for given in ("postgres://app:p%40ss@db:5432/app", "postgresql://app:p%40ss@db:5432/app"):
        assert load_settings({**base, "DATABASE_URL": given}).database_url == "postgresql+psycopg://app:p%40ss@db:5432/app"
    sqlite = f"sqlite:///{tmp_path / 'c.db'}"
    assert load_settings({**base, "DATABASE_URL": sqlite}).database_url == sqlite
