"""The one declared settings object. Every setting reads ``DAYONE_<NAME>`` from
the environment and is validated when Day One starts; docs/settings.md lists them
all (a test fails when one is undocumented)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CONNECTION_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DAYONE_", extra="ignore", frozen=True)

    home: Path = Field(
        default_factory=lambda: Path.cwd() / "dayone-data",
        description="Folder holding the embedded SQLite database, the secret key and files.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of a PostgreSQL database "
        "(postgresql+psycopg://user:password@host/db); the embedded SQLite file when unset.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Key that signs session cookies; generated once into HOME/secret_key when unset.",
    )
    max_team_size: int = Field(
        default=10, ge=1, description="A team above this many people is not two-pizza sized."
    )
    max_team_dependencies: int = Field(
        default=3,
        ge=0,
        description="A team that depends on more than this many other teams is not separable.",
    )
    type2_stuck_days: int = Field(
        default=7, ge=1,
        description="A two-way-door decision still undecided after this many days is flagged.",
    )
    sign_in_free_failures: int = Field(
        default=5, ge=1,
        description="Sign-in attempts on one account allowed before each further one is delayed "
        "(counted apart for the address the account last signed in from).",
    )
    sign_in_free_failures_per_address: int = Field(
        default=20, ge=1,
        description="Failed sign-ins allowed from one client address, whatever the accounts, "
        "before each further attempt from it is delayed.",
    )
    session_max_age: int = Field(
        default=14 * 24 * 3600, ge=60, description="Seconds a browser session stays signed in."
    )
    secure_cookies: bool = Field(
        default=False, description="Mark cookies Secure (set true when served over HTTPS)."
    )

    max_request_bytes: int = Field(
        default=4 * 1024 * 1024, ge=64 * 1024,
        description="Largest request body accepted, in bytes; a larger one is refused with 413 before it is read.",
    )
    request_body_seconds: float = Field(
        default=30, gt=0, description="Seconds a client has to send a request's whole body (else 408).",
    )
    header_timeout_seconds: float = Field(
        default=10, gt=0,
        description="Seconds a client has to send a request's headers once it connects or starts a request.",
    )
    max_concurrent_requests: int = Field(
        default=16, ge=1, le=200,
        description="Requests a server process works on at once; the database pool holds this many "
        "connections (plus four) and later requests wait their turn.",
    )
    request_queue_seconds: float = Field(
        default=10, gt=0,
        description="Seconds a request waits for its turn before it is answered 503 with Retry-After.",
    )

    wbr_upload_max_bytes: int = Field(
        default=200 * 1024 * 1024, ge=1024,
        description="Largest data file (CSV or Parquet) accepted by an upload, in bytes; it is streamed to disk, "
        "never held in memory.",
    )
    upload_seconds: float = Field(
        default=600, gt=0, description="Seconds a client has to send a whole uploaded data file (else 408).",
    )

    wbr_data_dirs: Annotated[tuple[Path, ...], NoDecode] = Field(
        default=(),
        description="Folders (separated by ':') the workspace's metrics file may read besides HOME/data.",
    )
    wbr_connections: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description="The databases the workspace's metrics file may read, as JSON: "
        '{"name": "postgresql://user:password@host/db"}; the file names them only.',
    )

    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The address people open Day One at; links in email messages start with it.",
    )
    smtp_host: str | None = Field(
        default=None, description="SMTP server that sends notification email; no email is sent when unset.",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Port of the SMTP server (587 STARTTLS, 465 SSL).")
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="starttls (upgrade a plain connection, port 587), ssl (TLS from the start, port 465) or "
        "none (only for a relay on the same machine).",
    )
    smtp_user: str | None = Field(default=None, description="User name for SMTP authentication (none when unset).")
    smtp_password: str | None = Field(default=None, description="Password for SMTP authentication.")
    smtp_from: str = Field(
        default="Day One <dayone@localhost>", description="The From address of notification email.",
    )
    smtp_timeout_seconds: float = Field(
        default=20, gt=0, description="Seconds to wait for the SMTP server before the sending fails.",
    )

    goals_year_start_month: int = Field(
        default=1, ge=1, le=12,
        description="The month (1-12) a planning year starts in; a year is named by the calendar year it ends in.",
    )
    goals_op1_due: str = Field(
        default="10-01",
        description="OP1's due date as MM-DD: the last such day before the planning year starts.",
    )
    goals_op2_due: str = Field(
        default="02-01",
        description="OP2's due date as MM-DD: the first such day on or after the planning year starts.",
    )
    goals_yellow_margin: float = Field(
        default=0.05, gt=0, lt=1,
        description="A metric goal projected short of its target by at most this fraction of the target is "
        "yellow; further short is red.",
    )
    goals_status_days: int = Field(
        default=31, ge=1,
        description="A goal whose status has not been updated (computed or set) for this many days is a lapse.",
    )

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("give the address people open Day One at, such as https://dayone.example.com")
        return value.rstrip("/")

    @field_validator("goals_op1_due", "goals_op2_due")
    @classmethod
    def _month_day(cls, value: str) -> str:
        from datetime import date

        text = value.strip()
        try:
            month, day = (int(part) for part in text.split("-"))
            date(2000, month, day)  # a leap year: 02-29 is a day some years have
        except ValueError:
            raise ValueError(f"{value!r} is not a month and day; give MM-DD, such as 10-01") from None
        return f"{month:02d}-{day:02d}"

    @field_validator("wbr_data_dirs", mode="before")
    @classmethod
    def _data_dirs(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part for part in value.split(":") if part.strip()]
        for part in value or ():
            if not Path(part).expanduser().is_absolute():
                raise ValueError(f"{str(part)!r} is not an absolute path; give absolute folders separated by ':'")
        return tuple(Path(part).expanduser() for part in value or ())

    @field_validator("wbr_connections", mode="before")
    @classmethod
    def _connections(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else {}
            except json.JSONDecodeError as exc:
                raise ValueError(f"not JSON ({exc.msg} at character {exc.pos}); give "
                                 '{"name": "postgresql://user:password@host/db"}') from None
        if not isinstance(value, dict):
            raise ValueError('give a JSON object: {"name": "postgresql://user:password@host/db"}')
        for name, url in value.items():
            if not isinstance(name, str) or not CONNECTION_NAME.match(name):
                raise ValueError(f"{name!r} is not a connection name (a letter, then letters, digits, _ . -)")
            if not isinstance(url, str) or not url.startswith(("postgresql", "postgres://", "sqlite:///")):
                raise ValueError(f"connection {name!r}: give a postgresql://… or sqlite:///… URL")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("postgresql", "sqlite")):
            raise ValueError(
                "DAYONE_DATABASE_URL must start with postgresql+psycopg:// (or sqlite:///)"
            )
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'dayone.db'}"
