"""Password hashing with argon2id, and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dayone.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 200


class _Hashing:
    hasher = PasswordHasher()  # argon2-cffi's RFC 9106 low-memory profile
    dummy: str | None = None


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher: the test suite uses a cheap one; production never calls this."""
    _Hashing.hasher = hasher
    _Hashing.dummy = None


def check_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"{field}: use at least {MIN_LENGTH} characters (got {len(password)}).", field=field
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"{field}: use at most {MAX_LENGTH} characters.", field=field)


def hash_password(password: str) -> str:
    return _Hashing.hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _Hashing.hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_hash() -> str:
    """Verified against when the email is unknown, so both paths cost the same time."""
    if _Hashing.dummy is None:
        _Hashing.dummy = hash_password("not-a-real-password-just-timing")
    return _Hashing.dummy
