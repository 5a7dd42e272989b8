"""Password hashing with argon2id, and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dayone.errors import InvalidInput

_hasher = PasswordHasher()
MIN_LENGTH = 10
MAX_LENGTH = 200


def check_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"{field}: use at least {MIN_LENGTH} characters (got {len(password)}).", field=field
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"{field}: use at most {MAX_LENGTH} characters.", field=field)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the email is unknown, so both paths cost the same time.
DUMMY_HASH = _hasher.hash("not-a-real-password-just-timing")
