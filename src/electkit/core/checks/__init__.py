"""Checks: each takes core models and yields findings."""
