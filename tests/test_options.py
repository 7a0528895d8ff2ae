"""Serve settings from every source: flags > environment > config file (TOML) > defaults, each value checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mockserver.cli import build_parser
from mockserver.options import OPTIONS, file_values, markdown_table, resolve
from mockserver.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def flags(*argv: str) -> dict[str, object]:
    return vars(build_parser().parse_args(["serve", *argv]))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_flags_beat_env_beat_file_beat_defaults(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", "[serve]\nport = 1111\nseed = 2\napp_key = 'fromfile'\nlog_format = 'json'\n")
    env = {"TOKOPEDIA_MOCK_PORT": "2222", "TOKOPEDIA_MOCK_SEED": "3"}
    settings, used = resolve(flags("--port", "3333"), str(config), env, tmp_path)
    assert (settings.port, settings.seed, settings.app_key, settings.log_format) == (3333, 3, "fromfile", "json")
    assert settings.catalog_size == Settings().catalog_size and used == config


def test_the_working_directory_file_is_read_when_present(tmp_path: Path) -> None:
    write(tmp_path / "tokopedia-mock.toml", "[serve]\norders_per_shop = 7\naccess_log = false\n")
    settings, used = resolve(flags(), None, {}, tmp_path)
    assert (settings.orders_per_shop, settings.access_log, used) == (7, False, tmp_path / "tokopedia-mock.toml")


def test_no_file_no_problem(tmp_path: Path) -> None:
    settings, used = resolve(flags(), None, {}, tmp_path)
    assert settings == Settings() and used is None


def test_the_config_variable_names_the_file(tmp_path: Path) -> None:
    config = write(tmp_path / "elsewhere.toml", "[serve]\nheader_timeout = 2\n")
    settings, _ = resolve(flags(), None, {"TOKOPEDIA_MOCK_CONFIG": str(config)}, tmp_path)
    assert settings.header_timeout == 2.0


def test_boolean_flags_turn_file_values_off(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", "[serve]\nsign_debug = true\naccess_log = true\n")
    settings, _ = resolve(flags("--no-sign-debug", "--no-access-log"), str(config), {}, tmp_path)
    assert (settings.sign_debug, settings.access_log) == (False, False)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("port = 1\n", "unknown key(s) ['port']: serve settings go under [serve]"),
        ("[serve]\nprot = 1\n", "unknown setting serve.prot"),
        ("[serve]\nport = 70000\n", "serve.port must be an integer from 0 to 65535, got 70000"),
        ("[serve]\naccess_log = 'yes'\n", "serve.access_log must be true or false"),
        ("[serve]\ncatalog_size = true\n", "serve.catalog_size must be an integer"),
        ("[serve]\nlog_level = 'loud'\n", "serve.log_level must be one of critical, error, warning, info, debug"),
        ("[serve\n", "not valid TOML"),
        ("[serve]\nwebhook_retry_seconds = [60, true]\n", "serve.webhook_retry_seconds must be comma-separated"),
        ("[serve]\nwebhook_retry_seconds = []\n", "serve.webhook_retry_seconds must be comma-separated"),
    ],
)
def test_bad_files_name_the_file_and_the_key(tmp_path: Path, text: str, says: str) -> None:
    config = write(tmp_path / "c.toml", text)
    with pytest.raises(ValueError, match=re.escape(says)):
        file_values(config)


def test_every_setting_a_user_can_set_is_an_option() -> None:
    settable = {name for name in Settings.__dataclass_fields__ if name != "clock"}
    assert settable == {o.name for o in OPTIONS}


def test_the_readme_shows_the_settings_table_as_generated() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme  # regenerate with: python -m mockserver.options
    assert all(o.env in readme for o in OPTIONS)


def test_every_option_has_a_working_flag() -> None:
    for option in OPTIONS:
        if option.kind is bool:
            value = not option.default
            argv = [option.flag if value else "--no-" + option.flag[2:]]
        else:
            value = {int: 1, float: 1.5, str: "x", tuple: (60, 600)}[option.kind]
            value = option.choices[-1] if option.choices else value
            if option.kind is not tuple and option.low is not None and value < option.low:
                value = option.kind(option.low)
            if option.name in ("legacy_rate_limit", "partner_rate_limit"):
                value = "7/7"
            if option.name == "faults":
                value = "latency=1"
            if option.name == "finance_fees":
                value = "platform_commission=0.05"
            if option.name == "analytics_usd_rate":
                value = "15000"
            argv = [option.flag, ",".join(map(str, value)) if isinstance(value, tuple) else str(value)]
        assert getattr(resolve(flags(*argv), None, {}, Path("/nonexistent"))[0], option.name) == value, option.name


def test_a_list_setting_reads_from_every_source(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", "[serve]\nwebhook_retry_seconds = [5, 50]\n")
    assert resolve({}, str(config), {}, tmp_path)[0].webhook_retry_seconds == (5, 50)
    env = {"TOKOPEDIA_MOCK_WEBHOOK_RETRY_SECONDS": "7, 70"}
    assert resolve({}, str(config), env, tmp_path)[0].webhook_retry_seconds == (7, 70)
    with pytest.raises(ValueError, match="must be comma-separated integers"):
        resolve({}, None, {"TOKOPEDIA_MOCK_WEBHOOK_RETRY_SECONDS": "7,0"}, tmp_path)
