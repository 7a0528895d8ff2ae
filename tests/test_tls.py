"""HTTPS: `--tls` with a generated local CA the client trusts, or the user's own certificate and key."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from tiktok_shop_api import TikTokShop

from mockserver import Settings
from mockserver.cli import main
from mockserver.testing import LiveServer, PartnerClient
from mockserver.tls import prepare


@pytest.fixture(scope="module")
def tls_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tls")


@pytest.fixture(scope="module")
def server(tls_dir: Path) -> Iterator[LiveServer]:
    with LiveServer(Settings(tls=True, tls_dir=str(tls_dir))) as s:
        yield s


def test_the_public_client_over_https_trusting_the_generated_ca(
    server: LiveServer, tls_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert server.base_url.startswith("https://127.0.0.1:")
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_dir / "ca.pem"))  # what a user does: trust the written-out CA
    token = PartnerClient(httpx.Client(), server.mock.settings.app_key, "").use_shop(server.mock, "migrated")
    s = server.mock.settings
    with TikTokShop(s.app_key, s.app_secret, access_token=token.access_token, base_url=server.base_url) as client:
        shops = client.authorization.get_authorized_shops()
    token.http.close()
    assert shops is not None and shops.to_dict()["data"]["shops"][0]["cipher"] == token.shop_cipher


def test_localhost_is_in_the_certificate_and_plain_trust_fails(server: LiveServer, tls_dir: Path) -> None:
    https = server.base_url.replace("127.0.0.1", "localhost")
    assert (
        httpx.get(f"{https}/_mock/health", verify=ssl.create_default_context(cafile=tls_dir / "ca.pem")).json()["code"]
        == 0
    )
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{server.base_url}/_mock/health")  # the system store does not know the local CA


def test_the_files_are_reused_on_the_next_start(server: LiveServer, tls_dir: Path) -> None:
    before = (tls_dir / "ca.pem").read_bytes()
    files = prepare(Settings(tls=True, tls_dir=str(tls_dir)))
    assert files is not None and files.ca is not None and files.ca.read_bytes() == before


def test_your_own_certificate_and_key(tmp_path: Path) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "c.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "k.pem"))
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    settings = Settings(tls_cert=str(tmp_path / "c.pem"), tls_key=str(tmp_path / "k.pem"))
    with LiveServer(settings) as s:
        assert (
            httpx.get(
                f"{s.base_url}/_mock/health", verify=ssl.create_default_context(cafile=tmp_path / "ca.pem")
            ).json()["code"]
            == 0
        )


def test_a_cert_without_its_key_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["serve", "--tls-cert", str(tmp_path / "c.pem")])
    assert e.value.code == 2 and "--tls-cert and --tls-key go together" in capsys.readouterr().err
