"""`dayone user …` and `dayone token …`."""

from __future__ import annotations

import getpass
import os
import sys

import typer
from rich.console import Console
from rich.table import Column, Table

from dayone.auth import service
from dayone.auth.permissions import CLI_ACTOR
from dayone.cli.context import open_workspace
from dayone.cli.words import listing_header
from dayone.errors import InvalidInput

user_app = typer.Typer(help="Accounts: add people who sign in, set roles, reset passwords.",
                       no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts (Authorization: Bearer …).", no_args_is_help=True)
out = Console()


def _password(given: str | None, prompt: str) -> str:
    if given:
        return given
    if env := os.environ.get("DAYONE_PASSWORD"):
        return env
    if not sys.stdin.isatty():
        raise InvalidInput("password: pass --password or set DAYONE_PASSWORD (no terminal to ask on).",
                           field="password")
    first = getpass.getpass(f"{prompt}: ")
    if first != getpass.getpass("Again: "):
        raise InvalidInput("password: the two entries differ.", field="password")
    return first


@user_app.command("add")
def user_add(
    email: str = typer.Argument(..., help="Sign-in email; a new person is created if unknown."),
    name: str = typer.Option(..., "--name", help="Full name."),
    role: str = typer.Option("member", "--role", help="admin, member or viewer."),
    password: str | None = typer.Option(None, "--password",
                                        help="Initial password (else DAYONE_PASSWORD or a prompt)."),
    title: str = typer.Option("", "--title", help="Job title."),
) -> None:
    """Add an account."""
    with open_workspace() as ws:
        secret = _password(password, "Password")
        with ws.session() as session:
            user = service.add_user(session, CLI_ACTOR, email=email, name=name, role=role,
                                    password=secret, title=title)
            out.print(f"Added {user.person.name} <{user.person.email}> as {user.role}.")


@user_app.command("list")
def user_list() -> None:
    """List every account with its role."""
    with open_workspace() as ws, ws.session() as session:
        table = Table("id", "name", "email", "role", "active")
        found = service.list_users(session, CLI_ACTOR)
        print(listing_header(ws, len(found), "account"))
        for user in found:
            table.add_row(str(user.id), user.person.name, user.person.email, user.role,
                          "yes" if user.is_active else "no")
        out.print(table)


@user_app.command("set-role")
def user_set_role(email: str = typer.Argument(...),
                  role: str = typer.Argument(..., help="admin, member or viewer.")) -> None:
    """Change someone's role."""
    with open_workspace() as ws, ws.session() as session:
        user = service.set_role(session, CLI_ACTOR, email, role)
        out.print(f"{user.person.email} is now {user.role}.")


@user_app.command("reset-password")
def user_reset_password(
    email: str = typer.Argument(...),
    password: str | None = typer.Option(None, "--password", help="The new password; random if omitted."),
) -> None:
    """Set a new password and print it; the account's sessions and API tokens end."""
    with open_workspace() as ws:
        with ws.session() as session:
            new = service.reset_password(session, CLI_ACTOR, email, password)
        out.print(f"New password for {email}: {new}" if not password else f"Password for {email} changed.")


@user_app.command("deactivate")
def user_deactivate(email: str = typer.Argument(...)) -> None:
    """Stop an account from signing in; its browser sessions end at once and its tokens stop working."""
    with open_workspace() as ws, ws.session() as session:
        user = service.set_active(session, CLI_ACTOR, email, False)
        out.print(f"{user.person.email} is deactivated.")


@user_app.command("activate")
def user_activate(email: str = typer.Argument(...)) -> None:
    """Let a deactivated account sign in again."""
    with open_workspace() as ws, ws.session() as session:
        user = service.set_active(session, CLI_ACTOR, email, True)
        out.print(f"{user.person.email} is active.")


@token_app.command("create")
def token_create(user: str = typer.Option(..., "--user", help="Email of the account."),
                 name: str = typer.Option("", "--name", help="What the token is for."),
                 days: int = typer.Option(service.TOKEN_DAYS, "--days",
                                          help=f"Days the token works (1 to {service.TOKEN_MAX_DAYS}).")) -> None:
    """Create a token and print it once: only its hash is stored."""
    with open_workspace() as ws:
        with ws.session() as session:
            issued = service.create_token(session, CLI_ACTOR, user, name, days=days)
        print(issued.secret)


@token_app.command("list")
def token_list(user: str | None = typer.Option(None, "--user", help="Only this account's tokens.")) -> None:
    """List tokens (id, prefix, owner, last use); secrets are never shown again."""
    with open_workspace() as ws, ws.session() as session:
        # ids, prefixes (what `token revoke` takes) and dates are never cut, even in a narrow terminal
        table = Table(*(Column(c, no_wrap=True) for c in ("id", "prefix")), "user", "name",
                      *(Column(c, no_wrap=True) for c in ("created", "expires")), "last used", "revoked")
        found = service.list_tokens(session, CLI_ACTOR, user)
        print(listing_header(ws, len(found), "API token"))
        for t in found:
            table.add_row(str(t.id), t.prefix + "…", t.user.person.email, t.name,
                          f"{t.created_at:%Y-%m-%d}", f"{t.expires_at:%Y-%m-%d}",
                          f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
                          f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else "")
        out.print(table)


@token_app.command("revoke")
def token_revoke(token: str = typer.Argument(..., help="The token's id, prefix or whole secret.")) -> None:
    """Revoke a token: it stops working at once."""
    with open_workspace() as ws, ws.session() as session:
        revoked = service.revoke_token(session, CLI_ACTOR, token)
        out.print(f"Revoked token {revoked.id} ({revoked.prefix}…) of {revoked.user.person.email}.")
