"""The Partner API analytics operations."""
