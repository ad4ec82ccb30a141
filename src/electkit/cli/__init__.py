"""The command line: thin typer commands over the core (parse → call → render → exit code)."""
