"""Validate stage: the schema (types, required fields) and the rule catalogue (cross-checks)."""
