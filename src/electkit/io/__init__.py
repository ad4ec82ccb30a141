"""Everything that touches bytes: encodings, tables, rule-set and profile files."""
