"""`dayone notify`: mail new items (`send`, from a timer every few minutes), the daily digest
(`digest`, once a day) and a test message (`test`)."""

from __future__ import annotations

import typer

from dayone.cli.context import open_workspace

notify_app = typer.Typer(help="Email notifications: mail new items, the daily digest, a test message.",
                         no_args_is_help=True)


@notify_app.command("send")
def send() -> None:
    """Mail each person's new items of the kinds they want immediately, and calendar updates of
    moved or cancelled reviews. Each item is mailed once; run it every few minutes."""
    from dayone.notify import service

    with open_workspace() as ws:
        print(service.send(ws).words())


@notify_app.command("digest")
def digest() -> None:
    """Mail each person the daily digest of the kinds they want in it (once per day of theirs)."""
    from dayone.notify import service

    with open_workspace() as ws:
        print(service.digest(ws).words())


@notify_app.command("test")
def test(to: str = typer.Argument(..., help="The address to send the test message to.")) -> None:
    """Send a test message through the SMTP settings, to check them."""
    from dayone.notify import mailer, service

    with open_workspace() as ws:
        service.send_test(ws.settings, to)
        print(f"A test message went to {to} through {mailer.describe(ws.settings)}.")
