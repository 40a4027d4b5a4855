"""Every control that shapes a view, kept in the URL so a copied link reopens exactly that view.

The URL parameters are declared once, in ``PARAMS``: the shared controls (plan year,
as-of month, scope), drawn once per run in the sidebar by ``render_controls``, and each
page's own choices (indicator, ward, task filters, task, unit kind, tab), drawn through
``url_widget`` and ``url_tabs``. Each run reads a parameter when it is new or changed in
the URL (a link, the browser's back button), checks it against the widget's options (an
unknown value falls back to the default with a Vietnamese warning, never an exception),
and writes the widget's value back, so the address bar always names the view on screen.
Values are codes (``chi_so=hs_truc_tuyen``, ``phuong=BN``, ``nhom=I,II``), never labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard import cache, text
from metrics import api
from metrics.format import fmt_month


@dataclass(frozen=True)
class Param:
    """One URL parameter: its name in the address, the widget key it drives, list or one."""

    name: str
    key: str
    multi: bool = False


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("nam", "ctl_year"),
        Param("thang", "ctl_month"),
        Param("pham_vi", "ctl_scope"),
        Param("chi_so", "url_chi_so"),
        Param("phuong", "url_phuong"),
        Param("nhom", "url_nhom", multi=True),
        Param("chu_tri", "url_chu_tri", multi=True),
        Param("tinh_trang", "url_tinh_trang", multi=True),
        Param("nhiem_vu", "url_nhiem_vu"),
        Param("loai_don_vi", "url_loai_don_vi"),
        Param("the", "url_the"),
        Param("xin_loi", "url_xin_loi"),
    )
}
YEAR_KEY = PARAMS["nam"].key
MONTH_KEY = PARAMS["thang"].key
SCOPE_KEY = PARAMS["pham_vi"].key
_CONTROLS = "controls"
_SEEN = "url_seen"  # the URL value of each parameter as last read or written
_WARNINGS = "url_warnings"
LIST_SEPARATOR = ","


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


def parse_url_value(raw: str | None, options: Sequence, multi: bool = False):
    """The option(s) a URL value names, matched by their text; None when any is unknown.

    Args:
        raw: The parameter's text (``"I,II"`` for a list); None when it is absent.
        options: The widget's options (codes, years, slugs).
        multi: Whether the widget holds a list.

    Returns:
        The option (or list of options), or None when ``raw`` is absent or names an
        option that does not exist.
    """
    if raw is None:
        return None
    by_text = {str(o): o for o in options}
    if not multi:
        return by_text.get(raw)
    parts = [part for part in raw.split(LIST_SEPARATOR) if part]
    if any(part not in by_text for part in parts):
        return None
    return list(dict.fromkeys(by_text[part] for part in parts))


def url_text(value, multi: bool = False) -> str | None:
    """The URL text of a widget value (None: leave the parameter out)."""
    if multi:
        return LIST_SEPARATOR.join(str(v) for v in value or []) or None
    return None if value is None else str(value)


def _valid(value, options: Sequence, multi: bool) -> bool:
    if multi:
        return isinstance(value, list) and all(v in options for v in value)
    return value in options


def _sync_from_url(param: Param, options: Sequence, default) -> None:
    """Give a widget its value: the URL's when new or changed there, else keep or repair it."""
    raw = st.query_params.get(param.name)
    seen = st.session_state.setdefault(_SEEN, {})
    fresh = param.key not in st.session_state
    if raw is not None and (fresh or seen.get(param.name) != raw):
        seen[param.name] = raw
        value = parse_url_value(raw, options, param.multi)
        if value is not None:
            st.session_state[param.key] = value
            return
        st.session_state.setdefault(_WARNINGS, []).append(text.BAD_URL_VALUE.format(value=raw))
        st.session_state[param.key] = default
    elif fresh or not _valid(st.session_state[param.key], options, param.multi):
        st.session_state[param.key] = default


def _write_url(param: Param, value) -> None:
    """Mirror a widget's value into the URL (only when it differs, to avoid extra reruns)."""
    raw = url_text(value, param.multi)
    if raw is None:
        if param.name in st.query_params:
            del st.query_params[param.name]
    elif st.query_params.get(param.name) != raw:
        st.query_params[param.name] = raw
    st.session_state.setdefault(_SEEN, {})[param.name] = raw


def url_widget(
    widget: Callable,
    param: str,
    label: str,
    options: Sequence,
    default=None,
    **kwargs,
):
    """Draw a choice widget bound to the URL parameter ``param`` of ``PARAMS``; its value.

    Args:
        widget: ``st.selectbox``, ``st.multiselect``, ``st.segmented_control`` (or the same
            method of a column or the sidebar).
        param: The parameter's name in ``PARAMS`` (its key and list-ness come from there).
        label: The widget's Vietnamese label.
        options: The choices (codes); the URL names one (or several) of them.
        default: The value without a URL value (``[]`` for a list; default: the first option).
        **kwargs: Passed on to the widget (``format_func``, ``help``, ``placeholder`` …).
    """
    spec = PARAMS[param]
    options = list(options)
    if default is None:
        default = [] if spec.multi else (options[0] if options else None)
    _sync_from_url(spec, options, default)
    value = widget(label, options, key=spec.key, **kwargs)
    _write_url(spec, value)
    # A warning goes where the widget is (the sidebar for the shared controls).
    _show_warnings(getattr(widget, "__self__", st))
    return value


def url_tabs(param: str, tabs: dict[str, str]) -> list:
    """``st.tabs`` whose open tab is the URL parameter ``param`` (a slug of ``tabs``).

    Args:
        param: The parameter's name in ``PARAMS``.
        tabs: Slug in the URL → Vietnamese tab label, in display order.

    Returns:
        The tab containers, in the order of ``tabs``.
    """
    spec = PARAMS[param]
    label_key = f"{spec.key}_label"  # the tabs widget holds the open tab's label
    slugs = list(tabs)
    by_label = {label: slug for slug, label in tabs.items()}
    if st.session_state.get(label_key) in by_label:  # a click on a tab
        st.session_state[spec.key] = by_label[st.session_state[label_key]]
    _sync_from_url(spec, slugs, slugs[0])
    slug = st.session_state[spec.key]
    st.session_state[label_key] = tabs[slug]
    containers = st.tabs(list(tabs.values()), key=label_key, on_change="rerun")
    _write_url(spec, slug)
    _show_warnings(st)
    return containers


def _show_warnings(where) -> None:
    for warning in st.session_state.pop(_WARNINGS, []):
        where.warning(warning)


def requested_year() -> int | None:
    """The plan year this run will show, known before the controls are drawn.

    A year new or changed in the URL, else the year widget's value from the previous
    run; None (the latest plan) when neither names a plan year of the catalog. ``app.py``
    builds the navigation and the app title from it, before ``render_controls`` runs.
    """
    years = api.plan_years()
    param = PARAMS["nam"]
    raw = st.query_params.get(param.name)
    changed = raw is not None and st.session_state.get(_SEEN, {}).get(param.name) != raw
    candidates = (
        (raw, st.session_state.get(YEAR_KEY))
        if changed
        else (
            st.session_state.get(YEAR_KEY),
            raw,
        )
    )
    for value in candidates:
        try:
            year = int(value)
        except (TypeError, ValueError):
            continue
        if year in years:
            return year
    return None


def app_title(year: int | None) -> str:
    """The app's full name, with the number of the plan of ``year`` (default: the latest)."""
    return text.APP_TITLE.format(number=api.plan(year).number)


def home_scope(user, codes: Sequence[str]) -> str:
    """The scope a person starts on: a submitter's own unit or ward, else the district.

    Args:
        user: The signed-in ``data.access.User`` (None on a bare run).
        codes: The scope codes the controls offer.
    """
    unit = getattr(user, "unit", None)
    if getattr(user, "role", None) == "submitter" and unit in codes:
        return unit
    return api.DISTRICT


def render_controls(user=None) -> Controls | None:
    """Draw the shared controls in the sidebar; None when the warehouse has no data yet.

    Args:
        user: The signed-in account: a submitter's scope starts on its own unit
            (``home_scope``) unless the link names another.
    """
    years = cache.available_years()
    if not years:
        st.session_state.pop(_CONTROLS, None)
        return None
    side = st.sidebar
    year = url_widget(side.selectbox, "nam", text.CONTROL_YEAR, years[::-1], years[-1])
    months = month_options(year, cache.latest_month(year))
    as_of = url_widget(side.selectbox, "thang", text.CONTROL_MONTH, months, format_func=fmt_month)

    scopes = cache.scope_options()
    codes = scopes["code"].tolist()
    names = dict(zip(scopes["code"], scopes["label"], strict=True))
    names[api.DISTRICT] = text.SCOPE_ALL_SHORT  # the long label does not fit the sidebar
    scope = url_widget(
        side.selectbox,
        "pham_vi",
        text.CONTROL_SCOPE,
        codes,
        home_scope(user, codes),
        format_func=lambda code: names.get(code, code),
        help=text.CONTROL_SCOPE_HELP,
    )
    chosen = Controls(year=int(year), as_of=str(as_of), scope=str(scope))
    st.session_state[_CONTROLS] = chosen
    return chosen


def view_params(**extra) -> dict[str, str]:
    """The URL parameters of this view's shared controls plus ``extra``, for a link.

    Args:
        **extra: Values of parameters of ``PARAMS`` (``chi_so="hs_truc_tuyen"``).
    """
    chosen = current()
    params = {}
    if chosen is not None:
        params = {"nam": str(chosen.year), "thang": chosen.as_of, "pham_vi": chosen.scope}
    for name, value in extra.items():
        raw = url_text(value, PARAMS[name].multi)
        if raw is not None:
            params[name] = raw
    return params


def current() -> Controls | None:
    """The controls chosen in this run (None when there is no data to choose from)."""
    return st.session_state.get(_CONTROLS)


def scope_label(code: str) -> str:
    """Vietnamese name of a scope code (from the catalog: no cached frame to copy)."""
    return api.scope_name(code)


def as_of_date(chosen: Controls) -> dt.date:
    """Last day of the as-of month."""
    year, month = int(chosen.as_of[:4]), chosen.month
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)
