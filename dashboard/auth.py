"""The sign-in gate: who uses the dashboard, checked on every run before the navigation is built.

``gate`` is called at the top of ``app.py``. On a wall display (``KPI_READ_ONLY=1``) nobody
signs in and everyone is a viewer. Otherwise the users file is checked first (a broken file
or a demo account outside demo mode stops the app with a Vietnamese sentence), then the
session's sign-in is checked on every rerun: too old (``access.session_valid``) or an
account removed from the file (``access.current_user``) signs the person out, and
``app.py`` shows ``sign_in_page`` in place of the requested page. Only the user name and
the sign-in time are kept in ``st.session_state``; the role and unit are read from the users
file each run, so a change there applies at once.

A sign-in also leaves a signed token (``data.access.sessions``) in the cookie ``COOKIE``,
so a reload or a new tab (a new Streamlit session) is signed in again from it, without a
second audit entry, until ``KPI_SESSION_HOURS`` after the sign-in. The cookie is written and
cleared by a line of JavaScript in the page itself (``st.html``), and read from the
request that opened the session (``st.context.cookies``). Signing out revokes the token on
the server as well, so a copy of the cookie is worthless afterwards.
"""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from dashboard import cache, state, text
from dashboard.components import StopPage
from data import access
from data.access import User, UsersFileError, sessions

USER_KEY = "auth_username"
SIGNED_IN_AT_KEY = "auth_signed_in_at"
CURRENT_KEY = "auth_user"
NOTICE_KEY = "auth_notice"
TOKEN_KEY = "auth_token"
COOKIE_KEY = "auth_cookie"  # the cookie value to write on the next run ("" clears it)
COOKIE = "kpi_phien"
# Published in data/access/users.demo.yaml and the README: the demo is meant to be tried.
DEMO_PASSWORD = "demo1234"


def remember(user: User, at: dt.datetime | None = None, token: str | None = None) -> None:
    """Keep ``user`` signed in for this browser session, from ``at`` (now by default).

    ``token`` is the signed token of the sign-in when it came from the cookie; without
    one a new token is issued and written to the cookie on the next run.
    """
    at = (at or dt.datetime.now()).replace(microsecond=0)
    st.session_state[USER_KEY] = user.username
    st.session_state[SIGNED_IN_AT_KEY] = at
    if token is None:
        token = sessions.issue(user.username, access.session_max_age(), at, cache.db_path())
        st.session_state[COOKIE_KEY] = token
    st.session_state[TOKEN_KEY] = token


def sign_out(notice: str | None = None) -> None:
    """End the sign-in: token revoked, cookie cleared; ``notice`` is shown above the form."""
    token = st.session_state.pop(TOKEN_KEY, None)
    if token:
        sessions.revoke(token, db_file=cache.db_path())
    for key in (USER_KEY, SIGNED_IN_AT_KEY, CURRENT_KEY):
        st.session_state.pop(key, None)
    st.session_state[COOKIE_KEY] = ""
    if notice:
        st.session_state[NOTICE_KEY] = notice


def cookie_script(token: str, max_age: dt.timedelta) -> str:
    """The script that stores ``token`` in the session cookie ("" deletes the cookie).

    The cookie is sent to this server only (``SameSite=Strict``, ``Secure`` over HTTPS)
    and lives as long as the sign-in may.
    """
    seconds = int(max_age.total_seconds()) if token else 0
    return (
        "<script>(() => {"
        "const secure = location.protocol === 'https:' ? '; Secure' : '';"
        f"document.cookie = {json.dumps(COOKIE)} + '=' + {json.dumps(token)}"
        f" + '; Path=/; Max-Age={seconds}; SameSite=Strict' + secure;"
        "})();</script>"
    )


def _write_cookie() -> None:
    """Write or clear the cookie when the last run signed in or out."""
    token = st.session_state.pop(COOKIE_KEY, None)
    if token is None:
        return
    st.html(cookie_script(token, access.session_max_age()), unsafe_allow_javascript=True)


def _cookie_user() -> User | None:
    """The account of a valid token in this browser's cookie (a reload, a new tab)."""
    try:
        token = st.context.cookies.get(COOKIE)
    except (AttributeError, RuntimeError):  # no browser request (bare runs)
        return None
    session = sessions.verify(token, db_file=cache.db_path())
    if session is None or not access.session_valid(session.signed_in_at):
        return None
    user = access.current_user(session.username)
    if user is None:
        return None
    remember(user, session.signed_in_at, token)
    return user


def current() -> User | None:
    """The user of this run, as decided by ``gate`` (None before it ran)."""
    return st.session_state.get(CURRENT_KEY)


def _session_user() -> User | None:
    """The signed-in account if the sign-in is still valid; otherwise sign out and say why."""
    username = st.session_state.get(USER_KEY)
    if not username:
        return _cookie_user()
    if not access.session_valid(st.session_state.get(SIGNED_IN_AT_KEY)):
        sign_out(access.SESSION_EXPIRED)
        return None
    user = access.current_user(username)
    if user is None:
        sign_out(text.AUTH_REMOVED.format(username=username))
        return None
    return user


def _demo_note() -> None:
    """The demo accounts and their published password, so a visitor can try each role.

    Read from the users file in use (``make run`` works on a copy of the demo file), and
    shown only for accounts marked ``demo: true``.
    """
    try:
        accounts = [u for u in access.load_users().values() if u.demo]
    except UsersFileError:
        return
    if not accounts:
        return
    lines = [text.AUTH_DEMO_NOTE.format(password=DEMO_PASSWORD)]
    for u in accounts:
        role = access.ROLE_LABELS.get(u.role, u.role)
        if u.unit:
            role += f" ({access.unit_name(u.unit)})"
        lines.append(text.AUTH_DEMO_ACCOUNT.format(username=u.username, role=role))
    st.info("\n".join(lines), icon=":material/science:")


def _sign_in_form() -> None:
    """The Vietnamese sign-in form; a right password signs in and reruns the app."""
    st.header(text.AUTH_TITLE, anchor=False)
    st.caption(state.app_title(state.requested_year()))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice, icon=":material/lock_clock:")
    st.markdown(text.AUTH_INTRO)
    if access.demo_mode():
        _demo_note()
    with st.form("auth_form"):
        username = st.text_input(text.AUTH_USERNAME, key="auth_form_username")
        password = st.text_input(text.AUTH_PASSWORD, type="password", key="auth_form_password")
        submitted = st.form_submit_button(
            text.AUTH_SUBMIT, type="primary", key="auth_form_submit", icon=":material/login:"
        )
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(text.AUTH_EMPTY)
        return
    try:
        result = access.authenticate(username, password, db_file=cache.db_path())
    except UsersFileError as exc:
        st.error(str(exc))
        return
    if not result.ok:
        st.error(result.message)
        return
    remember(result.user)
    st.rerun()


def gate() -> User | None:
    """The user of this run, or None when nobody is signed in (show ``sign_in_page``).

    A users file that cannot be used stops the script here, with what to fix.
    """
    st.session_state.pop(CURRENT_KEY, None)
    if access.read_only_mode():
        user = access.wall_display_user()
    else:
        problems = access.check_users_file(None, access.demo_mode())
        if problems:
            st.error("\n".join([text.AUTH_USERS_FILE_BAD, *(f"- {p}" for p in problems)]))
            st.stop()
        user = _session_user()
        _write_cookie()
        if user is None:
            return None
    st.session_state[CURRENT_KEY] = user
    return user


def sign_in_page() -> None:
    """The sign-in form in place of the requested page; the script ends after it."""
    _sign_in_form()
    st.stop()


def render_account(user: User) -> None:
    """The signed-in account and the sign-out button, at the bottom of the sidebar."""
    if access.read_only_mode():
        st.sidebar.caption(text.AUTH_WALL_DISPLAY)
        return
    st.sidebar.markdown(text.AUTH_SIGNED_IN_AS.format(label=user.label))
    st.sidebar.button(
        text.AUTH_SIGN_OUT,
        key="auth_sign_out",
        on_click=sign_out,
        args=(text.AUTH_SIGNED_OUT,),
        icon=":material/logout:",
    )


def require_page(action: str, page_title: str) -> User:
    """The user when allowed ``action``; otherwise say why on the page and end it.

    The navigation hides pages a role may not use, but a copied link still reaches them:
    the page itself refuses, naming who it is for.
    """
    user = current()
    if access.can(user, action):
        return user
    label = user.label if user else text.AUTH_TITLE
    st.warning(
        text.AUTH_PAGE_FORBIDDEN.format(
            label=label, page=page_title, who=text.AUTH_PAGE_FOR.get(action, action)
        ),
        icon=":material/block:",
    )
    raise StopPage
