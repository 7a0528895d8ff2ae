"""Where the schemas and seed fixtures live: inside the installed package (wheel), or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"tokopedia-mock: cannot find the {name}/ folder (looked in the package and the checkout)")


def schemas_dir() -> Path:
    return _find("schemas")


def fixtures_dir() -> Path:
    return _find("fixtures")
