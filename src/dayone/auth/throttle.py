"""The sign-in throttle: every attempt is counted *before* its password is checked.

An attempt reserves one count on each of its keys in one short transaction that
locks those rows (``SELECT … FOR UPDATE`` on PostgreSQL, the write lock on SQLite),
so parallel guesses queue on the counter instead of all reading "no failures yet".
Past a key's free attempts, each counted attempt delays the next one on that key
by a doubling wait (2 s, 4 s, … up to 15 minutes); an attempt that meets a delay
is refused without checking its password, and is not counted.

The keys of an attempt:

- ``address:<ip>`` — every attempt from one client address, whatever the email;
- ``account:<email>`` — attempts on the account from addresses other than the one
  it last signed in from successfully (a guesser elsewhere slows only these);
- ``account:<email> from <ip>`` — attempts from that last address, counted apart,
  so nobody elsewhere can lock the owner out of their usual browser.

A successful sign-in clears its account keys and takes back its own count on the
address key. Counts on an address are forgotten after an hour without attempts.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dayone.auth.models import SignInThrottle

MAX_DELAY_SECONDS = 15 * 60
ADDRESS_FORGET_AFTER = timedelta(hours=1)
_KEY_LENGTH = 320


@dataclass(frozen=True)
class ThrottleKey:
    """One counter an attempt is charged to, with its free attempts and how to name it."""

    key: str
    free: int
    label: str  # "for ada@example.com", "from your network address"

    @property
    def is_address(self) -> bool:
        return self.key.startswith("address:")


def _stored(key: str) -> str:
    """Keys fit the column: a very long one (a 320-character email plus an address) is hashed."""
    if len(key) <= _KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def keys_for(email: str, address: str, known_address: str | None, *, free_per_account: int,
             free_per_address: int) -> list[ThrottleKey]:
    """The counters one sign-in attempt is charged to."""
    account = f"account:{email}"
    if address and known_address == address:
        account += f" from {address}"
    keys = [ThrottleKey(_stored(account), free_per_account, f"for {email}")]
    if address:
        keys.append(ThrottleKey(_stored(f"address:{address}"), free_per_address,
                                "from your network address"))
    return keys


def delay_after(count: int, free: int) -> int:
    """Seconds before the next attempt after ``count`` counted ones: 0 while free, then doubling."""
    if count <= free:
        return 0
    return min(2 ** min(count - free, 20), MAX_DELAY_SECONDS)


def _insert_missing(session: Session, key: str) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(SignInThrottle).values(key=key, failures=0)
                    .on_conflict_do_nothing(index_elements=["key"]))


@dataclass(frozen=True)
class Refusal:
    """An attempt that met a delay: how long to wait, and on which key."""

    wait_seconds: int
    label: str


def reserve(session: Session, keys: list[ThrottleKey], now: datetime) -> Refusal | None:
    """Count one attempt on every key, or none when any key still delays (then say how long).

    Call in a write transaction of its own and commit at once: the rows stay locked until then.
    """
    rows: list[tuple[ThrottleKey, SignInThrottle]] = []
    for key in sorted(keys, key=lambda k: k.key):  # one order everywhere: no deadlocks
        _insert_missing(session, key.key)
        row = session.scalars(select(SignInThrottle).where(SignInThrottle.key == key.key)
                              .with_for_update().execution_options(populate_existing=True)).one()
        rows.append((key, row))
    locked = [(math.ceil((row.locked_until - now).total_seconds()), key.label)
              for key, row in rows if row.locked_until is not None and row.locked_until > now]
    if locked:
        wait, label = max(locked)
        return Refusal(wait, label)
    for key, row in rows:
        if key.is_address and row.updated_at is not None and now - row.updated_at > ADDRESS_FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        delay = delay_after(row.failures, key.free)
        row.locked_until = now + timedelta(seconds=delay) if delay else None
        row.updated_at = now
    session.flush()
    return None


def forgive(session: Session, keys: list[ThrottleKey]) -> None:
    """After a successful sign-in: clear the account's counts, and take back this attempt's
    count on the address (a guesser cannot wipe an address's failures by signing in)."""
    for key in keys:
        if key.is_address:
            row = session.scalars(select(SignInThrottle).where(SignInThrottle.key == key.key)
                                  .with_for_update()).one_or_none()
            if row is not None and row.failures > 0:
                row.failures -= 1
        else:
            session.execute(delete(SignInThrottle).where(SignInThrottle.key == key.key))
    session.flush()
