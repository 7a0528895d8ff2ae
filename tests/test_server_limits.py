"""What one connection may cost the server: header count and size, the time a request's head and body may take,
and keep-alive. Over real sockets against the CLI's server (`LiveServer` uses the same uvicorn configuration).

No timing asserts: each test waits generously for the server's answer and checks what it answered.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import orjson
import pytest

from mockserver.settings import Settings
from mockserver.testing import LiveServer

WAIT = 10.0  # seconds a test waits for the server (the limits under test are much shorter)


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    settings = Settings(
        max_header_count=20, max_header_bytes=4096, header_timeout=0.3, body_timeout=0.3, keep_alive_timeout=1
    )
    with LiveServer(settings) as live:
        yield live


def connect(server: LiveServer) -> socket.socket:
    sock = socket.create_connection((server.settings.host, server.settings.port), timeout=WAIT)
    sock.settimeout(WAIT)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything until the server closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def exchange(server: LiveServer, raw: bytes) -> bytes:
    """Send `raw` on a new connection; everything the server answers until it hangs up."""
    with connect(server) as sock:
        if raw:
            sock.sendall(raw)
        return read_all(sock)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def body_of(answer: bytes) -> dict[str, object]:
    body: dict[str, object] = orjson.loads(answer.split(b"\r\n\r\n", 1)[1])
    return body


def test_too_many_headers_are_refused(server: LiveServer) -> None:
    headers = "".join(f"x-h{i}: v\r\n" for i in range(21))
    answer = exchange(server, f"GET /_mock/health HTTP/1.1\r\nhost: x\r\n{headers}\r\n".encode())
    assert status_of(answer) == 431 and b"header lines" in answer


def test_headers_over_the_byte_budget_are_refused(server: LiveServer) -> None:
    answer = exchange(server, b"GET /_mock/health HTTP/1.1\r\nhost: x\r\nx-big: " + b"a" * 5000 + b"\r\n\r\n")
    assert status_of(answer) == 431


def test_a_long_url_counts_against_the_budget(server: LiveServer) -> None:
    assert status_of(exchange(server, b"GET /_mock/health?q=" + b"a" * 5000 + b" HTTP/1.1\r\nhost: x\r\n\r\n")) == 431


def test_half_a_header_held_is_answered_408_and_closed(server: LiveServer) -> None:
    answer = exchange(server, b"GET /_mock/health HTTP/1.1\r\nhost: x\r\nx-slow: ")  # the server hangs up by itself
    assert status_of(answer) == 408


def test_a_silent_connection_is_closed(server: LiveServer) -> None:
    assert status_of(exchange(server, b"")) == 408


def test_a_complete_request_is_answered_within_the_limits(server: LiveServer) -> None:
    answer = exchange(server, b"GET /_mock/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
    assert status_of(answer) == 200 and body_of(answer)["code"] == 0


def test_an_idle_keep_alive_connection_is_closed(server: LiveServer) -> None:
    answer = exchange(
        server, b"GET /_mock/health HTTP/1.1\r\nhost: x\r\n\r\n"
    )  # one answer, then the server closes the idle connection
    assert answer.count(b"HTTP/1.1 200") == 1


def test_heads_in_time_on_one_connection_are_never_refused(server: LiveServer) -> None:
    """The head deadline restarts after each answer: requests 0.2 s apart outlive the first deadline (0.3 s)."""
    with connect(server) as sock:
        for _ in range(4):
            time.sleep(0.2)
            sock.sendall(b"GET /_mock/health HTTP/1.1\r\nhost: x\r\n\r\n")
            assert status_of(sock.recv(65536)) == 200


def test_a_late_head_after_an_answer_is_answered_408(server: LiveServer) -> None:
    with connect(server) as sock:
        time.sleep(0.2)
        sock.sendall(b"GET /_mock/health HTTP/1.1\r\nhost: x\r\n\r\n")
        assert status_of(sock.recv(65536)) == 200
        sock.sendall(b"GET /_mock/health HTTP/1.1\r\nhost: x\r\nx-slow: ")  # and nothing more
        answer = read_all(sock)  # the server hangs up by itself
    assert status_of(answer) == 408


def test_an_unfinished_partner_body_gets_408_in_the_envelope(server: LiveServer) -> None:
    answer = exchange(
        server,
        b"POST /product/202309/products HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        b'content-length: 100\r\n\r\n{"title":',
    )
    body = body_of(answer)
    assert status_of(answer) == 408 and body["code"] == 36009022 and body["request_id"]
    assert b"connection: close" in answer.lower()


def test_an_unfinished_legacy_body_gets_408_in_its_envelope(server: LiveServer) -> None:
    answer = exchange(
        server, b"POST /token?grant_type=client_credentials HTTP/1.1\r\nhost: x\r\ncontent-length: 50\r\n\r\nab"
    )
    body = body_of(answer)
    assert status_of(answer) == 408 and body["header"]["error_code"] == "MOCK_TIMEOUT_408"  # type: ignore[index]


def test_an_unfinished_control_plane_body_gets_408(server: LiveServer) -> None:
    answer = exchange(server, b"POST /_mock/clock HTTP/1.1\r\nhost: x\r\ncontent-length: 50\r\n\r\n{")
    assert status_of(answer) == 408 and body_of(answer)["code"] == 36009022


def test_a_body_answered_unread_does_not_hold_the_connection(server: LiveServer) -> None:
    # GET /_mock/health never reads its body: the answer comes at once, and the connection is not kept waiting
    # for the rest of the declared body.
    answer = exchange(server, b"GET /_mock/health HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\nabc")
    assert status_of(answer) == 200 and answer.count(b"HTTP/1.1") == 1


def test_the_server_stays_healthy_after_refusals(server: LiveServer) -> None:
    test_too_many_headers_are_refused(server)
    test_half_a_header_held_is_answered_408_and_closed(server)
    test_a_complete_request_is_answered_within_the_limits(server)
    assert server.capture.take() == []  # no exception inside the app


def test_a_connection_handle_makes_no_reference_cycle() -> None:
    """The scope holds the request's Connection and the request cycle holds the scope: the Connection holds its
    protocol and cycle weakly, or every request would be cyclic garbage left to the collector (the p99 of a busy
    server)."""
    import gc
    import weakref

    from mockserver.server import Connection

    class Cycle:
        disconnected = False

    class Protocol:
        pass

    protocol, cycle = Protocol(), Cycle()
    scope = {"extensions": {}}
    cycle.scope = scope  # type: ignore[attr-defined]
    scope["extensions"]["connection"] = Connection(protocol, cycle)  # type: ignore[arg-type]
    gone = weakref.ref(cycle)
    gc.disable()
    try:
        del cycle, scope
        assert gone() is None  # freed by reference counting alone
    finally:
        gc.enable()


def test_headers_reach_the_app_as_sent_and_expect_continue_is_honoured(server: LiveServer) -> None:
    """The protocol's own header callbacks (server.py) keep uvicorn's behaviour: names lower-cased, values as sent,
    and `Expect: 100-continue` answered with a 100 when the app reads the body."""
    body = b'{"a": 1}'
    path = b"/product/202309/products/search"  # the dispatcher reads the body before the gate refuses it
    raw = (
        b"POST %s HTTP/1.1\r\nHost: x\r\nX-Mixed-Case: VaLuE\r\nExpect: 100-continue\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (path, len(body))
    )
    with connect(server) as sock:
        sock.sendall(raw)
        interim = sock.recv(65536)
        assert interim.startswith(b"HTTP/1.1 100 Continue"), interim
        sock.sendall(body)
        answer = interim + read_all(sock)
    assert b"HTTP/1.1 400" in answer and b"app_key" in answer  # the gate's refusal, in the envelope
    journal = exchange(server, b"GET /_mock/requests?limit=500 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
    entry = [e for e in body_of(journal)["data"]["requests"] if e["path"] == path.decode()][-1]  # type: ignore[index]
    assert ["x-mixed-case", "VaLuE"] in entry["request"]["headers"]
    assert entry["request"]["body"] == body.decode()
