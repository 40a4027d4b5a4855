"""Shared controls (plan year, as-of month, scope), kept in the URL so a copied link reopens them.

``render_controls`` draws the controls once per run in the sidebar (from ``app.py``) and
writes the chosen values to ``st.query_params``; pages read them with ``current()``.
Values from a URL are checked: an unknown year, month or scope falls back to the default
with a Vietnamese warning, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from dashboard import cache, text
from metrics import api
from metrics.format import fmt_month

YEAR_KEY = "ctl_year"
MONTH_KEY = "ctl_month"
SCOPE_KEY = "ctl_scope"
_CONTROLS = "controls"
_PARAM = {YEAR_KEY: "nam", MONTH_KEY: "thang", SCOPE_KEY: "pham_vi"}


@dataclass(frozen=True)
class Controls:
    """The view every page shows: plan year, as-of month ``YYYY-MM`` and scope code."""

    year: int
    as_of: str
    scope: str

    @property
    def month(self) -> int:
        return int(self.as_of[5:7])


def month_options(year: int, latest: str | None) -> list[str]:
    """``YYYY-MM`` of every month of ``year`` up to the latest one with data, newest first."""
    last = int(latest[5:7]) if latest and latest.startswith(str(year)) else 12
    return [f"{year}-{m:02d}" for m in range(last, 0, -1)]


def _from_url(key: str, allowed: list, cast=str):
    """The URL value of a control if it is one of ``allowed``; warn and return None if not."""
    raw = st.query_params.get(_PARAM[key])
    if raw is None:
        return None
    try:
        value = cast(raw)
    except ValueError:
        value = None
    if value in allowed:
        return value
    st.session_state.setdefault("url_warnings", []).append(text.BAD_URL_VALUE.format(value=raw))
    return None


def _init(key: str, allowed: list, default, cast=str) -> None:
    """Give a widget its first value (URL, else default), or repair one no longer allowed."""
    if key not in st.session_state:
        from_url = _from_url(key, allowed, cast)
        st.session_state[key] = default if from_url is None else from_url
    elif st.session_state[key] not in allowed:
        st.session_state[key] = default


def requested_year() -> int | None:
    """The plan year this run will show, known before the controls are drawn.

    The year widget's value from the previous run, else the URL's year; None (the latest
    plan) when neither names a plan year of the catalog. ``app.py`` builds the navigation
    and the app title from it, before ``render_controls`` runs.
    """
    years = api.plan_years()
    for raw in (st.session_state.get(YEAR_KEY), st.query_params.get(_PARAM[YEAR_KEY])):
        try:
            year = int(raw)
        except (TypeError, ValueError):
            continue
        if year in years:
            return year
    return None


def app_title(year: int | None) -> str:
    """The app's full name, with the number of the plan of ``year`` (default: the latest)."""
    return text.APP_TITLE.format(number=api.plan(year).number)


def render_controls() -> Controls | None:
    """Draw the shared controls in the sidebar; None when the warehouse has no data yet."""
    years = cache.available_years()
    if not years:
        st.session_state.pop(_CONTROLS, None)
        return None
    _init(YEAR_KEY, years, years[-1], int)
    year = st.sidebar.selectbox(text.CONTROL_YEAR, years[::-1], key=YEAR_KEY)

    months = month_options(year, cache.latest_month(year))
    _init(MONTH_KEY, months, months[0])
    as_of = st.sidebar.selectbox(text.CONTROL_MONTH, months, key=MONTH_KEY, format_func=fmt_month)

    scopes = cache.scope_options()
    codes = scopes["code"].tolist()
    names = dict(zip(scopes["code"], scopes["label"], strict=True))
    names[api.DISTRICT] = text.SCOPE_ALL_SHORT  # the long label does not fit the sidebar
    _init(SCOPE_KEY, codes, api.DISTRICT)
    scope = st.sidebar.selectbox(
        text.CONTROL_SCOPE,
        codes,
        key=SCOPE_KEY,
        format_func=lambda code: names.get(code, code),
        help=text.CONTROL_SCOPE_HELP,
    )
    for warning in st.session_state.pop("url_warnings", []):
        st.sidebar.warning(warning)

    chosen = Controls(year=int(year), as_of=str(as_of), scope=str(scope))
    st.session_state[_CONTROLS] = chosen
    _write_url(chosen)
    return chosen


def _write_url(chosen: Controls) -> None:
    """Mirror the controls into the URL (only when they differ, to avoid extra reruns)."""
    wanted = {
        _PARAM[YEAR_KEY]: str(chosen.year),
        _PARAM[MONTH_KEY]: chosen.as_of,
        _PARAM[SCOPE_KEY]: chosen.scope,
    }
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def current() -> Controls | None:
    """The controls chosen in this run (None when there is no data to choose from)."""
    return st.session_state.get(_CONTROLS)


def scope_label(code: str) -> str:
    """Vietnamese name of a scope code."""
    scopes = cache.scope_options()
    match = scopes.loc[scopes["code"] == code, "label"]
    return str(match.iloc[0]) if len(match) else code


def as_of_date(chosen: Controls) -> dt.date:
    """Last day of the as-of month."""
    year, month = int(chosen.as_of[:4]), chosen.month
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)
