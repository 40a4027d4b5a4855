"""Signed session tokens: a sign-in that survives a reload or a new tab, and ends at sign-out.

The dashboard keeps a token in a browser cookie. A token is ``v1.<payload>.<signature>``:
the payload (user name, sign-in time, expiry, token id) in base64url JSON, signed with
HMAC-SHA256 under a key generated once per warehouse (``<database>.session-key`` beside
the database, readable by its owner only). A token is accepted while its signature holds,
it has not expired (``KPI_SESSION_HOURS`` from the sign-in) and its id is not revoked:
signing out writes the id to ``<database>.sessions-revoked.jsonl``, so a copy of the
cookie is worthless afterwards. Deleting the key file ends every session at once.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from data.store import db
from data.store.files import locked, write_atomic

VERSION = "v1"
KEY_BYTES = 32
# A clock a little ahead on another server still accepts the token.
CLOCK_SKEW = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Session:
    """What a valid token says: who signed in, when, until when, and the token's id."""

    username: str
    signed_in_at: dt.datetime
    expires_at: dt.datetime
    token_id: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(key: bytes, body: str) -> str:
    return _b64(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest())


def sign(key: bytes, username: str, signed_in_at: dt.datetime, max_age: dt.timedelta) -> str:
    """A new token for ``username`` signed in at ``signed_in_at``, valid for ``max_age``."""
    at = signed_in_at.replace(microsecond=0)
    payload = {
        "u": username,
        "iat": at.isoformat(),
        "exp": (at + max_age).isoformat(),
        "jti": secrets.token_hex(16),
    }
    body = f"{VERSION}.{_b64(json.dumps(payload, separators=(',', ':')).encode('utf-8'))}"
    return f"{body}.{_signature(key, body)}"


def read(key: bytes, token: str | None, now: dt.datetime) -> Session | None:
    """The session a token carries, or None when it is malformed, forged, expired or early.

    Revocation is not checked here (see ``verify``).
    """
    if not token or token.count(".") != 2:
        return None
    version, payload, signature = token.split(".")
    if version != VERSION:
        return None
    if not hmac.compare_digest(_signature(key, f"{version}.{payload}"), signature):
        return None
    try:
        data = json.loads(_unb64(payload))
        session = Session(
            username=str(data["u"]),
            signed_in_at=dt.datetime.fromisoformat(data["iat"]),
            expires_at=dt.datetime.fromisoformat(data["exp"]),
            token_id=str(data["jti"]),
        )
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if session.signed_in_at - CLOCK_SKEW > now or now > session.expires_at:
        return None
    return session


# --------------------------------------------------------------------------- files


def key_path(db_file: str | os.PathLike | None = None) -> Path:
    """The signing key of the warehouse, beside the database file."""
    p = db.db_path(db_file)
    return p.with_name(p.name + ".session-key")


def revoked_path(db_file: str | os.PathLike | None = None) -> Path:
    """The list of token ids ended by a sign-out, beside the database file."""
    p = db.db_path(db_file)
    return p.with_name(p.name + ".sessions-revoked.jsonl")


def signing_key(db_file: str | os.PathLike | None = None) -> bytes:
    """The warehouse's signing key, generated (owner-only file) on first use."""
    path = key_path(db_file)
    with locked(path):
        if not path.exists():
            write_atomic(path, secrets.token_hex(KEY_BYTES) + "\n", mode=0o600)
        return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _revoked(path: Path) -> dict[str, str]:
    """Revoked token ids and their expiry, from the revocation file."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            out[str(entry["jti"])] = str(entry["exp"])
        except (ValueError, KeyError, TypeError):
            continue  # a line cut by a crash
    return out


def issue(
    username: str,
    max_age: dt.timedelta,
    now: dt.datetime | None = None,
    db_file: str | os.PathLike | None = None,
) -> str:
    """A signed token for ``username`` who has just signed in (at ``now``)."""
    return sign(signing_key(db_file), username, now or dt.datetime.now(), max_age)


def verify(
    token: str | None,
    now: dt.datetime | None = None,
    db_file: str | os.PathLike | None = None,
) -> Session | None:
    """The session of a token that is genuine, unexpired and not signed out; else None."""
    if not token:
        return None
    session = read(signing_key(db_file), token, now or dt.datetime.now())
    if session is None or session.token_id in _revoked(revoked_path(db_file)):
        return None
    return session


def revoke(
    token: str | None,
    now: dt.datetime | None = None,
    db_file: str | os.PathLike | None = None,
) -> bool:
    """End a token's session for good (sign-out); True when it was a valid token.

    Ids whose token has expired anyway are dropped from the file at the same time.
    """
    now = now or dt.datetime.now()
    session = read(signing_key(db_file), token, now) if token else None
    if session is None:
        return False
    path = revoked_path(db_file)
    with locked(path):
        kept = {
            jti: exp for jti, exp in _revoked(path).items() if dt.datetime.fromisoformat(exp) >= now
        }
        kept[session.token_id] = session.expires_at.isoformat()
        write_atomic(
            path, "".join(json.dumps({"jti": j, "exp": e}) + "\n" for j, e in kept.items())
        )
    return True
