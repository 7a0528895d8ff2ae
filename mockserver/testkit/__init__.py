"""Test tooling on top of the mock: signing clients, a live server, error capture, the handle the pytest plugin
hands out. Nothing here is imported by the mock itself; `mockserver.testing` re-exports the public names."""
