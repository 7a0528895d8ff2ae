"""Who may use the control plane (mockserver/control/access.py): open on loopback, its token anywhere else, and
off when turned off; /_mock/health and the consent callback stay open; the token file is made private."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.control.access import ControlConfigError

TOKEN = "a-control-token-for-tests"


def client(**settings: object) -> TestClient:
    return TestClient(create_app(Settings(**settings)))  # type: ignore[arg-type]


def test_on_loopback_the_control_plane_is_open() -> None:
    assert client(host="127.0.0.1").get("/_mock/apps").status_code == 200


def test_off_loopback_without_a_token_the_settings_are_refused() -> None:
    with pytest.raises(ControlConfigError, match="needs a token"):
        create_app(Settings(host="0.0.0.0"))


def test_off_loopback_a_request_without_the_token_is_refused() -> None:
    http = client(host="0.0.0.0", control_token=TOKEN)
    for path in ("/_mock/apps", "/_mock/reset", "/_mock/clock"):
        r = http.post(path, json={"advance": 60}) if path != "/_mock/apps" else http.get(path)
        assert r.status_code == 401 and r.json()["code"] == 40101, path
        assert TOKEN not in r.text and "www-authenticate" in r.headers
    wrong = http.get("/_mock/apps", headers={"x-mock-control-token": TOKEN + "x"})
    assert wrong.status_code == 401
    assert http.get("/_mock/clock").status_code == 401  # a read too: the clock's state is the control plane's


def test_the_token_opens_it_by_header_or_bearer() -> None:
    http = client(host="0.0.0.0", control_token=TOKEN)
    assert http.get("/_mock/apps", headers={"x-mock-control-token": TOKEN}).status_code == 200
    assert http.get("/_mock/apps", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_health_and_the_consent_callback_stay_open() -> None:
    http = client(host="0.0.0.0", control_token=TOKEN)
    assert http.get("/_mock/health").json()["code"] == 0
    assert http.get("/_mock/oauth/callback", params={"code": "x"}).status_code != 401


def test_turned_off_it_answers_403_whatever_the_token() -> None:
    http = client(control_plane="off", control_token=TOKEN)
    r = http.get("/_mock/apps", headers={"x-mock-control-token": TOKEN})
    assert r.status_code == 403 and r.json()["code"] == 40301
    assert http.get("/_mock/health").status_code == 200


def test_a_refused_request_changes_nothing() -> None:
    app = create_app(Settings(host="0.0.0.0", control_token=TOKEN))
    http = TestClient(app)
    before = app.state.mock.clock.now_s()
    assert http.post("/_mock/clock", json={"advance": 86400}).status_code == 401
    assert app.state.mock.clock.now_s() - before < 5  # not moved a day


def test_the_token_file_is_made_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "token"
    first = create_app(Settings(host="0.0.0.0", control_token_file=str(path)))
    token = path.read_text(encoding="utf-8").strip()
    assert len(token) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.state.control_access.token == token
    again = create_app(Settings(host="0.0.0.0", control_token_file=str(path)))
    assert again.state.control_access.token == token  # read back, not replaced
    http = TestClient(again)
    assert http.get("/_mock/apps", headers={"x-mock-control-token": token}).status_code == 200
