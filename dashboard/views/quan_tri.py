"""Quản trị: audit log, load history with rollback, yearly targets and accounts (admins only).

Every change goes through the data and metrics functions that audit it (``rollback``,
``target_edit``, ``users``); this page only collects the admin's choice and shows their
Vietnamese answer.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import auth, cache, state, text
from dashboard import components as ui
from data import access, catalog
from data.access import AccessDenied, User, UsersFileError, users
from data.access.users import UserChangeRefused
from data.catalog import load_registry
from data.store import audit, rollback
from data.store.rollback import RollbackRefused
from metrics import yearly_targets
from metrics.format import fmt_date, fmt_number
from metrics.target_edit import TargetEditRefused, set_target

AUDIT_PAGE = 200  # entries one page of the audit log shows (paged in the database)
LOADS_SHOWN = 20
PENDING_KEY = "qt_rb_pending"


def _when(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    stamp = pd.Timestamp(value)
    return f"{fmt_date(stamp)} {stamp:%H:%M}"


def _short(value, limit: int = 140) -> str:
    value = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --------------------------------------------------------------------------- audit log


def audit_section() -> None:
    """The audit log, filtered by action, actor and dates, with a CSV download."""
    actors = audit.actors(cache.db_path())
    cols = st.columns(4)
    action = cols[0].selectbox(
        text.ADMIN_AUDIT_ACTION,
        [None, *audit.ACTIONS],
        format_func=lambda a: audit.ACTION_LABELS.get(a, a) if a else text.ADMIN_ALL,
        key="qt_audit_action",
    )
    actor = cols[1].selectbox(
        text.ADMIN_AUDIT_ACTOR,
        [None, *actors],
        format_func=lambda a: a or text.ADMIN_ALL,
        key="qt_audit_actor",
    )
    since = cols[2].date_input(
        text.ADMIN_AUDIT_FROM, value=None, format="DD/MM/YYYY", key="qt_audit_from"
    )
    until = cols[3].date_input(
        text.ADMIN_AUDIT_TO, value=None, format="DD/MM/YYYY", key="qt_audit_to"
    )
    filters = {"action": action, "actor": actor, "since": since, "until": until}
    total = audit.count(cache.db_path(), **filters)
    if not total:
        st.info(text.ADMIN_AUDIT_EMPTY)
        return
    st.caption(text.ADMIN_AUDIT_COUNT.format(n=fmt_number(total, 0)))
    page = ui.pager(total, AUDIT_PAGE, key="qt_audit_page")
    frame = audit.read(cache.db_path(), **filters, limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    ui.table(audit.readable(frame), ui.columns("audit"), key="qt_audit_table")
    st.download_button(
        text.ADMIN_AUDIT_DOWNLOAD,
        # Built only when clicked: every entry matching the filters.
        data=lambda: audit.export_csv(audit.read(cache.db_path(), **filters, limit=None)),
        file_name=text.ADMIN_AUDIT_FILE,
        mime="text/csv",
        key="qt_audit_csv",
        icon=":material/download:",
    )


# --------------------------------------------------------------------------- loads, rollback


def _ask_rollback(load_id: int) -> None:
    st.session_state[PENDING_KEY] = load_id


def _cancel_rollback() -> None:
    st.session_state.pop(PENDING_KEY, None)


def rollback_panel(load_id: int, user: User) -> None:
    """What rolling back ``load_id`` would do, then the confirmation that does it."""
    try:
        info = rollback.plan(load_id, cache.db_path())
    except RollbackRefused as exc:
        st.error(str(exc))
        _cancel_rollback()
        return
    load = info["load"]
    with st.container(border=True):
        st.markdown(
            text.ADMIN_ROLLBACK_PLAN.format(
                load_id=load_id,
                name=load["original_name"],
                when=_when(load["started_at"]),
                delete=info["rows_to_delete"],
                restore=info["rows_to_restore"],
            )
        )
        cascade = False
        if info["dependents"]:
            named = "; ".join(
                f"#{d['load_id']} ({d['original_name']}, {_when(d['started_at'])})"
                for d in info["dependents"]
            )
            st.warning(text.ADMIN_ROLLBACK_DEPENDANTS.format(loads=named))
            cascade = st.checkbox(text.ADMIN_ROLLBACK_CASCADE, key="qt_rb_cascade")
        reason = st.text_input(text.ADMIN_ROLLBACK_REASON, key="qt_rb_reason")
        cols = st.columns([2, 1, 3])
        confirm = cols[0].button(
            text.ADMIN_ROLLBACK_CONFIRM, type="primary", key="qt_rb_confirm", icon=":material/undo:"
        )
        cols[1].button(text.ADMIN_CANCEL, key="qt_rb_cancel", on_click=_cancel_rollback)
        if not confirm:
            return
        try:
            result = rollback.rollback_load(
                load_id,
                user,
                cascade=cascade,
                reason=reason.strip() or None,
                db_file=cache.db_path(),
            )
        except (RollbackRefused, AccessDenied) as exc:
            st.error(str(exc))
            return
    _cancel_rollback()
    cache.clear()
    st.success(result.message)


def loads_section(user: User) -> None:
    """Recent loads, newest first, each with a rollback button while it can be undone."""
    st.caption(text.ADMIN_LOADS_INTRO)
    pending = st.session_state.get(PENDING_KEY)
    if pending is not None:
        rollback_panel(int(pending), user)
    history = rollback.load_history(cache.db_path(), limit=LOADS_SHOWN + 1)
    if history.empty:
        st.info(text.ADMIN_LOADS_EMPTY)
        return
    total = len(cache.load_log())
    st.caption(text.ADMIN_LOADS_SHOWN.format(shown=min(len(history), LOADS_SHOWN), total=total))
    if total > LOADS_SHOWN:
        # Older loads are rolled back by number: a button each would make the page endless.
        pick, go = st.columns([2, 1], vertical_alignment="bottom")
        older = pick.number_input(
            text.ADMIN_LOAD_PICK, min_value=1, step=1, value=None, key="qt_rb_number"
        )
        go.button(
            text.ADMIN_ROLLBACK,
            key="qt_rb_by_number",
            disabled=older is None,
            on_click=_ask_rollback,
            args=(int(older or 0),),
        )
    for row in history.head(LOADS_SHOWN).to_dict("records"):
        line, action = st.columns([6, 1], vertical_alignment="center")
        line.markdown(
            text.ADMIN_LOAD_LINE.format(
                load_id=row["load_id"],
                when=_when(row["started_at"]),
                name=ui.plain(row["original_name"]),
                kind=catalog.load().label("input_kind", row["kind"]) if row["kind"] else "—",
                status=catalog.load().label("load_status", row["status"]),
                rows=fmt_number(row["rows_loaded"] or 0, 0),
            )
        )
        if row["rolled_back_at"] is not None and not pd.isna(row["rolled_back_at"]):
            action.caption(
                text.ADMIN_LOAD_ROLLED_BACK.format(
                    when=_when(row["rolled_back_at"]), who=row["rolled_back_by"]
                )
            )
        elif row["status"] in rollback.ROLLBACKABLE:
            action.button(
                text.ADMIN_ROLLBACK,
                key=f"qt_rb_{row['load_id']}",
                on_click=_ask_rollback,
                args=(int(row["load_id"]),),
            )


# --------------------------------------------------------------------------- targets


def _number_text(value) -> str:
    if value is None:
        return ""
    return fmt_number(value, 0) if float(value).is_integer() else str(value).replace(".", ",")


def targets_section(year: int, user: User) -> None:
    """Pick an indicator, read its current target for ``year``, write a new one."""
    # Read at call time: the folder is a setting of the metrics layer, not of this page.
    folder = yearly_targets.targets_dir()
    registry = load_registry()
    targets = yearly_targets.load_targets(year, folder)
    path = folder / f"{year}.yaml"
    st.caption(text.ADMIN_TARGET_YEAR.format(year=year, path=path.name))
    if targets.path is None:
        st.info(text.ADMIN_TARGET_NONE_FILE.format(year=year))
    labels = {i.code: f"{i.label_vi} ({i.code})" for i in registry.indicators}
    code = st.selectbox(
        text.ADMIN_TARGET_PICK, list(labels), format_func=labels.get, key="qt_tg_code"
    )
    ind = registry.get(code)
    target = targets.get(code)
    resolved = target.value if target.type in ("absolute", "count_per_year") else None
    current = yearly_targets.target_text(target, ind, year, resolved)
    st.markdown(text.ADMIN_TARGET_CURRENT.format(text=current))

    old = {
        "type": target.type,
        "value": _number_text(target.value),
        "percent": _number_text(target.percent),
        "source": target.source or "",
        "note": target.note or "",
    }
    types = list(yearly_targets.TYPES)
    cols = st.columns(2)
    new = {
        "type": cols[0].selectbox(
            text.ADMIN_TARGET_TYPE,
            types,
            index=types.index(target.type) if target.type in types else types.index("none"),
            format_func=lambda t: catalog.load().label("target_type", t),
            key=f"qt_tg_type_{code}",
        ),
        "value": cols[1].text_input(
            text.ADMIN_TARGET_VALUE, value=old["value"], key=f"qt_tg_value_{code}"
        ),
    }
    if new["type"] == "reduction" or old["percent"]:
        new["percent"] = st.text_input(
            text.ADMIN_TARGET_PERCENT, value=old["percent"], key=f"qt_tg_percent_{code}"
        )
    new["source"] = st.text_input(
        text.ADMIN_TARGET_SOURCE, value=old["source"], key=f"qt_tg_source_{code}"
    )
    new["note"] = st.text_input(text.ADMIN_TARGET_NOTE, value=old["note"], key=f"qt_tg_note_{code}")
    if not st.button(text.ADMIN_TARGET_SAVE, type="primary", key="qt_tg_save"):
        return
    # Only what the admin changed is written: the rest of the entry stays as the file has it.
    changes = {k: v for k, v in new.items() if str(v).strip() != old[k]}
    if not changes:
        st.info(text.ADMIN_TARGET_UNCHANGED)
        return
    try:
        change = set_target(year, code, changes, user, folder=folder, db_file=cache.db_path())
    except TargetEditRefused as exc:
        for problem in exc.problems:
            st.error(problem)
        return
    except AccessDenied as exc:
        st.error(str(exc))
        return
    if not change.changed:
        st.info(text.ADMIN_TARGET_UNCHANGED)
        return
    cache.clear()
    st.success(
        text.ADMIN_TARGET_SAVED.format(
            code=code, year=year, old=_entry_text(change.old), new=_entry_text(change.new)
        )
    )


def _entry_text(entry: dict) -> str:
    keep = ("type", "value", "percent")
    parts = [
        f"{k}: {_number_text(entry[k]) if k != 'type' else entry[k]}" for k in keep if k in entry
    ]
    return ", ".join(parts) or "—"


# --------------------------------------------------------------------------- users


def _unit_options() -> dict[str, str]:
    units = {"": text.ADMIN_USER_NO_UNIT}
    units.update({u.code: u.name for u in catalog.load_units() if u.kind in access.BINDABLE_KINDS})
    return units


def users_table() -> None:
    """The accounts of the users file as they are now."""
    frame = pd.DataFrame(
        [
            {
                "username": u.username,
                "name": u.name,
                "role": access.ROLE_LABELS.get(u.role, u.role),
                "unit": access.unit_name(u.unit) if u.unit else "",
                "demo": text.ADMIN_YES if u.demo else "",
            }
            for u in users.list_users()
        ],
    )
    ui.table(frame, ui.columns("users"), key="qt_users_table")


def users_section(user: User) -> None:
    """Accounts of the users file: list, add, remove, reset a password."""
    st.markdown(f"**{text.ADMIN_USERS_LIST.format(path=access.users_path().name)}**")
    # Filled last, so the list already shows an account added or removed in this run.
    listing = st.container()
    try:
        account_forms(user)
    finally:
        with listing:
            users_table()


def account_forms(user: User) -> None:
    """Add an account; pick one to reset its password or remove it."""
    units = _unit_options()
    left, right = st.columns(2)
    with left, st.form("qt_user_add"):
        st.markdown(f"**{text.ADMIN_USER_ADD}**")
        username = st.text_input(text.AUTH_USERNAME, key="qt_user_new_name")
        name = st.text_input(text.ADMIN_USER_NAME, key="qt_user_new_label")
        role = st.selectbox(
            text.ADMIN_USER_ROLE,
            list(access.ROLES),
            format_func=lambda r: access.ROLE_LABELS.get(r, r),
            key="qt_user_new_role",
        )
        unit = st.selectbox(
            text.ADMIN_USER_UNIT, list(units), format_func=units.get, key="qt_user_new_unit"
        )
        password = st.text_input(
            text.ADMIN_USER_PASSWORD, type="password", key="qt_user_new_password"
        )
        again = st.text_input(
            text.ADMIN_USER_PASSWORD_AGAIN, type="password", key="qt_user_new_again"
        )
        add = st.form_submit_button(text.ADMIN_USER_ADD, key="qt_user_add_submit")
    if add:
        if password != again:
            left.error(text.ADMIN_USER_PASSWORD_MISMATCH)
        else:
            _user_change(
                left,
                lambda: users.add_user(
                    username,
                    password,
                    role,
                    unit or None,
                    name.strip() or None,
                    actor=user,
                    db_file=cache.db_path(),
                ),
                text.ADMIN_USER_ADDED.format(username=username.strip().lower()),
            )

    with right, st.container(border=True):
        names = [u.username for u in users.list_users()]
        if not names:
            return
        picked = st.selectbox(text.ADMIN_USER_PICK, names, key="qt_user_pick")
        st.markdown(f"**{text.ADMIN_USER_RESET}**")
        new_password = st.text_input(
            text.ADMIN_USER_NEW_PASSWORD, type="password", key="qt_user_reset_password"
        )
        if st.button(text.ADMIN_USER_RESET, key="qt_user_reset"):
            _user_change(
                st,
                lambda: users.set_password(
                    picked, new_password, actor=user, db_file=cache.db_path()
                ),
                text.ADMIN_USER_RESET_DONE.format(username=picked),
            )
        st.markdown(f"**{text.ADMIN_USER_REMOVE}**")
        sure = st.checkbox(text.ADMIN_USER_REMOVE_CONFIRM, key="qt_user_remove_sure")
        if st.button(text.ADMIN_USER_REMOVE, key="qt_user_remove", disabled=not sure):
            if picked == user.username:
                st.error(text.ADMIN_USER_REMOVE_SELF)
            else:
                _user_change(
                    st,
                    lambda: users.remove_user(picked, actor=user, db_file=cache.db_path()),
                    text.ADMIN_USER_REMOVED.format(username=picked),
                )


def _user_change(where, change, done: str) -> None:
    """Run one audited change of the users file; its refusal is shown as its sentence."""
    try:
        change()
    except (UserChangeRefused, AccessDenied, UsersFileError) as exc:
        where.error(str(exc))
        return
    where.success(done)


# --------------------------------------------------------------------------- page

chosen = state.current()
with ui.guard():
    ui.page_header(text.ADMIN_TITLE, chosen, show_scope=False, require_data=False)
    admin = auth.require_page("view_audit", text.ADMIN_TITLE)
    plan_year = chosen.year if chosen else dt.date.today().year
    tab_audit, tab_loads, tab_targets, tab_users = state.url_tabs(
        "the",
        {
            "nhat-ky": text.ADMIN_TAB_AUDIT,
            "lan-nap": text.ADMIN_TAB_LOADS,
            "chi-tieu": text.ADMIN_TAB_TARGETS,
            "tai-khoan": text.ADMIN_TAB_USERS,
        },
    )
    with tab_loads:
        loads_section(admin)
    with tab_targets:
        if access.can(admin, "edit_targets"):
            targets_section(plan_year, admin)
    with tab_users:
        if access.can(admin, "manage_users"):
            users_section(admin)
    # Last, so that the log already holds what this run changed.
    with tab_audit:
        audit_section()
