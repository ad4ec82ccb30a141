"""Allow ``python -m electkit``."""

from electkit.cli.main import main

main()
