"""Webhook delivery: the engine that sends what the dialects render (over HTTP, off the request path), its log,
and the built-in receiver."""
