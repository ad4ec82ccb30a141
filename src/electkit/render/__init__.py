"""Render core results as text, tables, JSON, Markdown."""
