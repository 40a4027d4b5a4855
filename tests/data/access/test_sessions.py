"""Signed session tokens: signing, expiry, forgery, revocation and the key file."""

from __future__ import annotations

import datetime as dt

import pytest

from data.access import sessions

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
AT = dt.datetime(2026, 3, 2, 8, 0, 0)
HOURS_8 = dt.timedelta(hours=8)


def _tamper_payload(token: str) -> str:
    version, payload, signature = token.split(".")
    return f"{version}.{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{signature}"


def _tamper_signature(token: str) -> str:
    head, _, signature = token.rpartition(".")
    return f"{head}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


@pytest.mark.parametrize(
    ("change", "now", "key", "valid"),
    [
        (None, AT, KEY, True),
        (None, AT + dt.timedelta(hours=7, minutes=59), KEY, True),
        (None, AT + HOURS_8, KEY, True),
        (None, AT + HOURS_8 + dt.timedelta(seconds=1), KEY, False),  # expired
        (None, AT - dt.timedelta(minutes=5), KEY, False),  # issued in the future
        (None, AT - dt.timedelta(seconds=30), KEY, True),  # within the clock skew
        (None, AT, OTHER_KEY, False),  # another warehouse's key
        (_tamper_payload, AT, KEY, False),
        (_tamper_signature, AT, KEY, False),
        (lambda t: t.replace("v1.", "v2.", 1), AT, KEY, False),
        (lambda t: t + ".x", AT, KEY, False),
        (lambda t: "", AT, KEY, False),
        (lambda t: "không.phải.thẻ", AT, KEY, False),
    ],
    ids=[
        "fresh",
        "last-minute",
        "at-expiry",
        "expired",
        "future",
        "skew",
        "other-key",
        "payload-changed",
        "signature-changed",
        "version",
        "extra-part",
        "empty",
        "garbage",
    ],
)
def test_token_is_read_only_when_genuine_and_current(change, now, key, valid):
    """Test that a token reads back only unchanged, under its key, inside its lifetime."""
    token = sessions.sign(KEY, "bn.nop", AT, HOURS_8)
    if change:
        token = change(token)
    session = sessions.read(key, token, now)
    assert (session is not None) is valid
    if valid:
        assert session.username == "bn.nop"
        assert session.signed_in_at == AT
        assert session.expires_at == AT + HOURS_8


def test_each_sign_in_gets_its_own_token_id():
    """Test that two sign-ins of one user at one time still differ (revoking one keeps the other)."""
    one = sessions.read(KEY, sessions.sign(KEY, "a.b", AT, HOURS_8), AT)
    two = sessions.read(KEY, sessions.sign(KEY, "a.b", AT, HOURS_8), AT)
    assert one.token_id != two.token_id


def test_sign_out_revokes_only_that_token(tmp_path):
    """Test that a revoked token stops verifying, another one still does, and the key is private."""
    db_file = tmp_path / "kpi.duckdb"
    first = sessions.issue("lanhdao", HOURS_8, AT, db_file)
    second = sessions.issue("lanhdao", HOURS_8, AT, db_file)
    assert sessions.verify(first, AT, db_file).username == "lanhdao"
    assert sessions.revoke(first, AT, db_file)
    assert sessions.verify(first, AT, db_file) is None
    assert sessions.verify(second, AT, db_file) is not None
    assert not sessions.revoke("rác", AT, db_file)
    assert sessions.key_path(db_file).stat().st_mode & 0o777 == 0o600


def test_revocation_file_forgets_expired_tokens(tmp_path):
    """Test that ids of tokens that expired anyway are dropped at the next sign-out."""
    db_file = tmp_path / "kpi.duckdb"
    old = sessions.issue("a.b", HOURS_8, AT, db_file)
    sessions.revoke(old, AT, db_file)
    later = AT + dt.timedelta(days=1)
    new = sessions.issue("a.b", HOURS_8, later, db_file)
    sessions.revoke(new, later, db_file)
    lines = sessions.revoked_path(db_file).read_text(encoding="utf-8").splitlines()
    assert (
        len(lines) == 1
        and sessions.read(sessions.signing_key(db_file), new, later).token_id in (lines[0])
    )


def test_new_key_ends_every_session(tmp_path):
    """Test that removing the key file invalidates tokens signed with the old key."""
    db_file = tmp_path / "kpi.duckdb"
    token = sessions.issue("a.b", HOURS_8, AT, db_file)
    sessions.key_path(db_file).unlink()
    assert sessions.verify(token, AT, db_file) is None
