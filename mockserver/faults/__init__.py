"""Faults, seeded and scoped: rules (rules.py), the documented errors they may answer (codes.py) and the ASGI
middleware that applies them to requests (middleware.py)."""
