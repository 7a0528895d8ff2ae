"""The pytest plugin, proven in fresh pytest sessions (pytester): what a user gets from `pip install tokopedia-mock`."""

from __future__ import annotations

import socket
from importlib.metadata import entry_points

import pytest

pytest_plugins = ["pytester"]

# What a careful user's project looks like: strict markers, warnings as errors.
INI = """
[pytest]
addopts = --strict-markers -p no:cacheprovider
filterwarnings = error
"""


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    return pytester


def test_registered_through_the_pytest11_entry_point() -> None:
    (plugin,) = [ep for ep in entry_points(group="pytest11") if ep.name == "tokopedia_mock"]
    assert plugin.value == "mockserver.pytest_plugin"


def test_in_process_client_needs_no_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_shops(tokopedia_mock_client):
            body = tokopedia_mock_client.get("/authorization/202309/shops", shop_cipher=None).json()
            assert body["code"] == 0
            assert body["data"]["shops"][0]["cipher"] == tokopedia_mock_client.shop_cipher
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_in_process_mock_has_no_socket(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_transport(tokopedia_mock):
            assert tokopedia_mock.base_url == "http://testserver"
            with httpx.Client(base_url=tokopedia_mock.base_url, transport=tokopedia_mock.transport) as http:
                assert http.get("/_mock/health").json()["data"]["status"] == "ok"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_each_test_starts_from_the_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture(params=["tokopedia_mock", "tokopedia_mock_server"])
        def mock(request):
            return request.getfixturevalue(request.param)

        def test_a_expires_every_token_and_refreshes_one(mock):
            shop = mock.shop()
            mock.advance_clock(8 * 24 * 3600)
            http = mock.http_client()
            query = {"app_key": mock.app_key, "app_secret": mock.app_secret,
                     "refresh_token": shop.refresh_token, "grant_type": "refresh_token"}
            assert http.get("/api/v2/token/refresh", params=query).json()["code"] == 0
            assert mock.shop().access_token != shop.access_token

        def test_b_sees_the_seeded_state(mock):
            assert mock.clock.offset == 0
            assert mock.shop().access_token == mock.mock.store.access_tokens[mock.shop().access_token].access_token
            assert len(mock.mock.store.access_tokens) == 3  # one per seeded authorization
            assert mock.client().get("/authorization/202309/shops", shop_cipher=None).json()["code"] == 0
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=4)


def test_marker_sets_the_seed_and_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.tokopedia_mock(seed=7)

        def test_module_marker(tokopedia_mock, tokopedia_mock_server):
            assert tokopedia_mock.settings.seed == tokopedia_mock_server.settings.seed == 7

        @pytest.mark.tokopedia_mock(seed=8, access_token_ttl=60)
        def test_closest_marker_wins(tokopedia_mock):
            assert tokopedia_mock.settings.seed == 8
            pair = tokopedia_mock.mock.store.access_tokens[tokopedia_mock.shop().access_token]
            assert pair.access_expires_at - pair.issued_at == 60

        def test_seed_shapes_the_data(tokopedia_mock, request):
            from mockserver import Settings, create_app
            seed_1 = create_app(Settings(seed=1)).state.mock
            assert tokopedia_mock.shop().cipher != seed_1.store.shops[seed_1.refs.shops["migrated"]].cipher

        def test_live_server_goes_back_to_the_default_seed(tokopedia_mock_server):
            pass
        """
    )
    pytester.makepyfile(
        test_z_default="""
        def test_default_seed(tokopedia_mock_server):
            assert tokopedia_mock_server.settings.seed == 1
        """
    )
    pytester.runpytest().assert_outcomes(passed=5)


def test_marker_rejects_unknown_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tokopedia_mock(sead=7)
        def test_typo(tokopedia_mock):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown option(s) sead; options are: *seed*"])


def test_live_server_is_started_once_and_stopped_at_the_end(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        URLS = set()

        def test_one(tokopedia_mock_server):
            URLS.add(tokopedia_mock_server.base_url)
            assert httpx.get(tokopedia_mock_server.base_url + "/_mock/health").json()["data"]["status"] == "ok"

        def test_two(tokopedia_mock_server, tokopedia_mock_session_server):
            URLS.add(tokopedia_mock_session_server.base_url)
            assert URLS == {tokopedia_mock_server.base_url}
            with open("port.txt", "w") as f:
                f.write(str(httpx.URL(tokopedia_mock_server.base_url).port))
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)
    port = int((pytester.path / "port.txt").read_text())
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


def test_credentials_work_with_the_tiktok_shop_api_sdk(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from tiktok_shop_api import TikTokShop

        def test_sdk_over_http(tokopedia_mock_server):
            m = tokopedia_mock_server
            with TikTokShop(m.app_key, m.app_secret, m.shop().access_token, base_url=m.base_url) as api:
                assert api.authorization.get_authorized_shops().data.shops[0].cipher == m.shop().cipher

        def test_sdk_in_process(tokopedia_mock):
            m = tokopedia_mock
            api = TikTokShop(m.app_key, m.app_secret, m.shop().access_token, base_url=m.base_url, transport=m.transport)
            assert api.authorization.get_authorized_shops().data.shops[0].cipher == m.shop().cipher
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


BOOM = """
import pytest
import mockserver.shops.backend

@pytest.fixture(autouse=True)
def broken_handler(monkeypatch):
    def authorized_shops(*args):
        raise RuntimeError("the handler broke")
    monkeypatch.setattr(mockserver.shops.backend, "authorized_shops", authorized_shops)
"""


@pytest.mark.parametrize("fixture", ["tokopedia_mock", "tokopedia_mock_server"])
def test_a_handler_exception_fails_the_test_with_the_mocks_traceback(pytester: pytest.Pytester, fixture: str) -> None:
    pytester.makeconftest(BOOM)
    pytester.makepyfile(
        f"""
        def test_ignores_the_status({fixture}):
            {fixture}.client().get("/authorization/202309/shops", shop_cipher=None)
        """
    )
    result = pytester.runpytest("--tb=short")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*in authorized_shops",
            "*RuntimeError: the handler broke",
            "*MockServerError: tokopedia-mock raised 1 unhandled exception(s) while handling "
            "GET /authorization/202309/shops",
        ]
    )


def test_a_test_that_fails_anyway_shows_the_mocks_traceback_too(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(BOOM)
    pytester.makepyfile(
        """
        def test_expects_success(tokopedia_mock_server):
            r = tokopedia_mock_server.client().get("/authorization/202309/shops", shop_cipher=None)
            assert r.status_code == 200
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*assert 500 == 200*", "*Captured tokopedia-mock server error call*", "*RuntimeError: the handler broke"]
    )


def test_a_session_scoped_client_of_the_users_is_watched_too(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(BOOM)
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture(scope="session")
        def api(tokopedia_mock_session_server):
            return tokopedia_mock_session_server.client()

        def test_through_a_session_fixture(api):
            api.get("/authorization/202309/shops", shop_cipher=None)
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*RuntimeError: the handler broke"])


def test_take_errors_lets_a_test_expect_them(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(BOOM)
    pytester.makepyfile(
        """
        def test_expects_the_500(tokopedia_mock):
            r = tokopedia_mock.client().get("/authorization/202309/shops", shop_cipher=None)
            assert r.status_code == 500 and r.json()["code"] == 36009003
            (error,) = tokopedia_mock.take_errors()
            assert str(error.exception) == "the handler broke"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_an_error_in_a_fixtures_setup_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(BOOM)
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture
        def warmed_up(tokopedia_mock):
            tokopedia_mock.client().get("/authorization/202309/shops", shop_cipher=None)

        def test_body_is_fine(warmed_up):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*RuntimeError: the handler broke", "*MockServerError*"])


def test_an_error_in_a_fixtures_teardown_fails_the_teardown(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(BOOM)
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture
        def cleaned_up(tokopedia_mock):
            yield
            tokopedia_mock.client().get("/authorization/202309/shops", shop_cipher=None)

        def test_body_is_fine(cleaned_up):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*tokopedia-mock raised outside the test body*", "*RuntimeError: the handler broke"])


def test_idle_unless_asked_for(pytester: pytest.Pytester) -> None:
    """A session that asks for no tokopedia fixture builds nothing and does not even import the mock."""
    pytester.makepyfile(
        """
        import sys, threading

        def test_plain():
            assert "mockserver.pytest_plugin" in sys.modules
            assert "mockserver.app" not in sys.modules and "mockserver.testkit.handle" not in sys.modules
            assert not [t for t in threading.enumerate() if t.name == "tokopedia-mock"]
        """
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


def test_the_webhooks_fixture_in_both_modes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def order(m):
            return m.http_client().post("/_mock/orders", json={"shop": "migrated", "paid": True}).json()["data"]

        def test_in_process(tokopedia_mock, tokopedia_mock_webhooks):
            placed = order(tokopedia_mock)["order"]
            hook = tokopedia_mock_webhooks.wait_for("ORDER_STATUS_CHANGE", order_status="AWAITING_SHIPMENT")
            assert hook.data["order_id"] == placed["id"] and hook.event.type_ == 1

        def test_live(tokopedia_mock_server, tokopedia_mock_webhooks):
            assert tokopedia_mock_webhooks.url().startswith(tokopedia_mock_server.base_url)
            placed = order(tokopedia_mock_server)["order"]
            assert tokopedia_mock_webhooks.wait_for("ORDER_STATUS_CHANGE", order_id=placed["id"]).data
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_a_tests_options_do_not_stay_on_the_session_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tokopedia_mock(access_token_ttl=60)
        def test_a_short_lived_token(tokopedia_mock_server):
            assert tokopedia_mock_server.settings.access_token_ttl == 60

        def test_b_the_session_server_is_back_to_the_defaults(tokopedia_mock_session_server):
            assert tokopedia_mock_session_server.settings.access_token_ttl == 7 * 24 * 3600
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
