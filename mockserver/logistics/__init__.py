"""Logistics: warehouses (seeded by the catalog), delivery options and shipping providers (couriers)."""
