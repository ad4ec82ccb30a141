"""The pure core: models, rule sets, checks and counting. No files, no printing."""
