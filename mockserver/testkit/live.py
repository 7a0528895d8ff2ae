"""A real uvicorn server in a background thread, for tests that need a socket (and for users' tests)."""

from __future__ import annotations

import time
from typing import Any


class LiveServer:
    """A real uvicorn server in a background thread on a free port; `with LiveServer(settings) as s: s.base_url`.

    Exceptions raised by the app are recorded in `capture` (`capture.take()`), not only logged by the server thread;
    `swap(settings)` serves a fresh mock on the same port (the pytest plugin does so before each test).
    """

    def __init__(self, settings: Any = None, host: str = "127.0.0.1", registry: Any = None) -> None:
        from mockserver.settings import Settings

        self.settings = (settings or Settings()).with_overrides(host=host, port=0)
        self.registry = registry
        self.app: Any = None
        self.capture: Any = None
        self._server: Any = None
        self._thread: Any = None
        self._socket: Any = None

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def mock(self) -> Any:
        return self.app.state.mock

    def start(self, timeout: float = 10.0) -> LiveServer:
        import socket
        import threading

        from mockserver.app import create_app
        from mockserver.server import Server, uvicorn_config
        from mockserver.testkit.capture import ErrorCapture

        sock = self._socket = socket.socket()
        sock.bind((self.settings.host, 0))
        self.settings = self.settings.with_overrides(port=sock.getsockname()[1])
        self.app = create_app(self.settings, self.registry)
        self.capture = ErrorCapture(self.app)
        # The CLI's server, with its limits; logging stays the host process's (log_config=None).
        tick = (lambda: self.app.catch_up()) if self.settings.realtime else None  # --realtime, as the CLI does
        config = uvicorn_config(self.capture, self.settings, log_level="warning")
        self._server = Server(config, lambda: None, tick, self.settings.realtime_tick)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="tokopedia-mock", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("tokopedia-mock live server did not start")
            time.sleep(0.005)
        return self

    def swap(self, settings: Any) -> None:
        """Serve a fresh mock built from `settings` (host and port stay); requests in flight finish on the old one."""
        from mockserver.app import create_app

        self.settings = settings.with_overrides(host=self.settings.host, port=self.settings.port)
        old = self.app
        self.app = create_app(self.settings, self.registry or old.state.mock.registry)
        self.capture.app = self.app
        old.state.webhooks.close()  # the previous mock's webhook worker, if it started

    def stop(self) -> None:
        if self.app is not None:
            self.app.state.webhooks.close()
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
