"""Webhook subscriptions of both dialects (and, later, their delivery). No HTTP here."""
