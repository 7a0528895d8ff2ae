"""The Event API (webhook subscriptions per shop) and the Partner API's webhook payloads."""
