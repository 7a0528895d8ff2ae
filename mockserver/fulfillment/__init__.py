"""Fulfillment: packages, shipping, shipping documents and tracking, over the orders domain."""
