"""`python -m dayone` is the `dayone` command."""

from dayone.cli.main import run

run()
