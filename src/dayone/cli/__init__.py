"""The command line: `dayone …`, one Typer sub-app per mechanism."""
