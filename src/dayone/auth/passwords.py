"""Password hashing with argon2id, and the rules a new password must meet.

Strength is judged by zxcvbn (a port of Dropbox's estimator): it knows the most
common passwords of public breaches, dictionary words, names, keyboard walks,
dates and repeats, so ``Password123!`` fails although it is long and mixed.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from dayone.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 200
# zxcvbn scores 0-4; 3 means "about 10^8 guesses or more": safe against online guessing
# and a slow hash offline. 2 still admits "iloveyou12345"-style variations of common ones.
MIN_SCORE = 3
# zxcvbn's cost grows with length (0.6 s at 200 characters); a strong start is enough.
JUDGED_LENGTH = 72


class _Hashing:
    hasher = PasswordHasher()  # argon2-cffi's RFC 9106 low-memory profile
    dummy: str | None = None


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher: the test suite uses a cheap one; production never calls this."""
    _Hashing.hasher = hasher
    _Hashing.dummy = None


def check_strength(password: str, field: str = "password", *, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a new password that is too short, too long, common or easy to guess.

    ``user_inputs`` are words the account itself gives away (its email, its name).
    """
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"{field}: use at least {MIN_LENGTH} characters (got {len(password)}).", field=field
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"{field}: use at most {MAX_LENGTH} characters.", field=field)
    verdict = zxcvbn(password[:JUDGED_LENGTH], user_inputs=_known_words(user_inputs))
    if verdict["score"] < MIN_SCORE:
        feedback = verdict["feedback"]
        why = feedback.get("warning") or (
            "It contains your name or email" if any(m.get("dictionary_name") == "user_inputs"
                                                    for m in verdict["sequence"])
            else "It is easy to guess")
        hints = " ".join(feedback.get("suggestions") or []) or "Add another word or two."
        raise InvalidInput(
            f"{field}: this password is too easy to guess. {why.rstrip('.')}. {hints} "
            "A few unrelated words make a strong password.",
            field=field,
        )


def _known_words(texts: Iterable[str]) -> list[str]:
    """An email and a name as zxcvbn should know them: whole, in parts, and run together."""
    words: set[str] = set()
    for text in texts:
        lowered = text.strip().lower()
        parts = [p for p in re.split(r"[^0-9a-z]+", lowered) if p]
        words.update([lowered, "".join(parts), *parts])
    return sorted(w for w in words if w)


def generate_password() -> str:
    """A random password that passes ``check_strength`` (for resets and the demo)."""
    while True:
        candidate = secrets.token_urlsafe(12)  # 16 characters, 96 bits
        if zxcvbn(candidate)["score"] >= MIN_SCORE and candidate[0] not in "-_":
            return candidate


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
