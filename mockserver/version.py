"""The package version (one place; the package __init__ re-exports it)."""

__version__ = "0.1.0"
