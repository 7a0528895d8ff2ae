"""Before a run: is the contract extra installed, and can the target be reached at all?

"Connection refused", "unknown host" and "no answer" are told apart from a server that answers but is not a
tokopedia-mock (which is how the real API looks: the run then needs credentials).
"""

from __future__ import annotations

import importlib
import socket
from urllib.parse import urlsplit

#: What `tokopedia-mock contract` imports, all in the `contract` extra.
EXTRA_MODULES = ("pytest", "hypothesis", "schemathesis")
INSTALL_HINT = "pip install 'tokopedia-mock[contract]' (from a clone: pip install -e '.[contract]')"


def missing_modules() -> list[str]:
    missing = []
    for name in EXTRA_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def unreachable(base_url: str, timeout: float) -> str | None:
    """Why nothing can be sent to `base_url` (a sentence), or None if a TCP connection opens."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{base_url!r} is not an http(s) URL (or 'mock' for an in-process mock)"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return f"{base_url!r} has an invalid port"
    where = f"{parts.hostname}:{port}"
    try:
        with socket.create_connection((parts.hostname, port), timeout=min(timeout, 10.0)):
            return None
    except ConnectionRefusedError:
        return f"cannot reach {base_url}: connection refused (nothing listens on {where}; is the mock running?)"
    except socket.gaierror:
        return f"cannot reach {base_url}: unknown host {parts.hostname!r}"
    except TimeoutError:
        return f"cannot reach {base_url}: no answer from {where} within {min(timeout, 10.0):g} s"
    except OSError as e:
        return f"cannot reach {base_url}: {e.strerror or e}"
