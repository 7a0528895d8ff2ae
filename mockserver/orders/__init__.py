"""Orders: the order lifecycle shared by both dialects, its indexes and the Partner API order endpoints."""
