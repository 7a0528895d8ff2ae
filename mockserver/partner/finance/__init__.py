"""The Partner API finance operations."""
