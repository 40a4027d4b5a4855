"""Nộp số liệu: upload files, read their checks row by row in Vietnamese, load them, get templates.

Only submitters (their own unit's rows) and admins (any unit) reach this page; a viewer who
follows a link is told who the page is for.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from dashboard import auth, cache, state, text
from dashboard import components as ui
from data import access
from data.access import User
from data.store.archive import INPUT_SUFFIXES

PAGE_TITLE = "Nộp số liệu"


def _check(name: str, content: bytes, mapping=None):
    """Read and check one file without loading it: a ``CheckedFile`` or its ``FileRejected``.

    Great Expectations is imported only here, when a file is checked.
    """
    from checks.result import FileRejected
    from data.store.ingest import check_file

    try:
        return check_file(name, content, mapping=mapping)
    except FileRejected as exc:
        return exc


# Session key of the unit whose saved column mapping this session reads files with.
MAPPING_UNIT_KEY = "upload_mapping_unit"


def _mapping_unit(user: User) -> str | None:
    """The unit whose saved mapping applies: a submitter's own, or the one an admin chose."""
    units = access.allowed_units(user)
    if len(units) == 1:
        return next(iter(units))
    return st.session_state.get(MAPPING_UNIT_KEY)


def _mapping_for(user: User):
    """The saved column mapping files of this user are read with (None: none saved)."""
    from data.store import mappings

    unit = _mapping_unit(user)
    return mappings.saved_or_none(unit, cache.db_path()) if unit else None


def mapping_editor(user: User, name: str, content: bytes) -> None:
    """Map each header of a refused file to a column once; saved for the unit, audited."""
    from data import catalog
    from data.access import AccessDenied
    from data.catalog import columns
    from data.intake import mapping
    from data.store import mappings

    proposal = mapping.propose(name, content, _mapping_for(user))
    if proposal is None:
        return
    digest = hashlib.sha256(content).hexdigest()[:12]
    with st.expander(text.MAPPING_TITLE.format(name=Path(name).name), icon=":material/rule:"):
        st.caption(text.MAPPING_HELP)
        units = sorted(access.allowed_units(user))
        unit = units[0] if len(units) == 1 else None
        if unit is None:
            unit = st.selectbox(
                text.MAPPING_UNIT, units, format_func=access.unit_name, key=f"map_unit_{digest}"
            )
        kinds = list(columns.KINDS)
        kind = st.selectbox(
            text.MAPPING_KIND,
            kinds,
            index=kinds.index(proposal.kind),
            format_func=lambda k: catalog.load().label("input_kind", k),
            key=f"map_kind_{digest}",
        )
        options = mapping.choices(kind)
        keys = [None, *options]
        picks = {}
        for index, header in enumerate(proposal.headers):
            meant = proposal.suggested.get(header) if kind == proposal.kind else None
            picks[header] = st.selectbox(
                header,
                keys,
                index=keys.index(meant) if meant in keys else 0,
                format_func=lambda k, o=options: text.MAPPING_NONE if k is None else o[k],
                key=f"map_{digest}_{index}",
            )
        if st.button(text.MAPPING_SAVE, key=f"map_save_{digest}", icon=":material/save:"):
            try:
                chosen = mapping.build([(h, kind, c) for h, c in picks.items() if c])
                count = mappings.save(unit, chosen, user, cache.db_path())
            except (mapping.MappingError, AccessDenied) as exc:
                st.error(str(exc))
                return
            st.session_state[MAPPING_UNIT_KEY] = unit
            st.session_state.pop("upload_checks", None)  # read every file again with it
            st.toast(text.MAPPING_SAVED.format(count=count, unit=access.unit_name(unit)))
            st.rerun()


def _preview(name: str, checked, user: User, content: bytes):
    """What the checks found, with rows of units outside the user's scope as refusals.

    A file carrying another unit's rows is refused whole when loaded, so the preview says
    so before the button is pressed, row by row, naming the unit. A dossier register is
    read and checked by DuckDB here, in a private database, as its load will.
    """
    from checks.result import FileRejected
    from data.store.ingest import FileResult, preview_register
    from data.store.register import RegisterFile

    if isinstance(checked, RegisterFile):
        return preview_register(checked, content, access.allowed_units(user))
    result = FileResult(file=Path(name).name)
    if isinstance(checked, FileRejected):
        result.errors, result.message = checked.issues, checked.reason
        return result
    result.kind = checked.kind
    result.rows_total = checked.rows_total
    errors = checked.file_issues + [
        issue for row in sorted(checked.bad_rows) for issue in checked.bad_rows[row]
    ]
    outside = access.rows_outside_units(checked, access.allowed_units(user))
    if outside:
        result.status = "rejected"
        result.message = access.outside_units_message(outside)
        result.errors = outside + errors
        return result
    result.rows_quarantined = len(checked.bad_rows)
    result.errors = errors
    result.status = "partial" if checked.bad_rows else "loaded"
    return result


def _load(name: str, content: bytes, strict: bool, user: User, checked):
    """Archive, check and load one file into the dashboard's database, as ``user``."""
    from data.store.ingest import ingest_bytes

    return ingest_bytes(
        name,
        content,
        db_file=cache.db_path(),
        strict=strict,
        actor=user,
        prechecked=checked,
        mapping=_mapping_for(user),
    )


def scope_line(user: User) -> str:
    """Whose data this account may send."""
    if user.role == "admin":
        return text.UPLOAD_SCOPE_ALL
    units = ", ".join(sorted(access.unit_name(c) for c in access.allowed_units(user)))
    return text.UPLOAD_SCOPE.format(units=units)


# Session keys of the upload area: the uploader's round (a new round is an empty
# uploader), the results of the last load, and the files already loaded this session.
ROUND_KEY = "upload_round"
RESULTS_KEY = "upload_results"
LOADED_KEY = "upload_loaded"


def uploader_key() -> str:
    """The uploader's widget key; a new key after every load clears the chosen files."""
    round_ = st.session_state.get(ROUND_KEY, 0)
    return "upload_files" if round_ == 0 else f"upload_files_{round_}"


def upload_limit_mb() -> int:
    """The limit shown on the uploader: the app's own limit (``KPI_MAX_UPLOAD_MB``)."""
    return ui.upload_limit_mb()


def _load_all(results: list, strict: bool, user: User) -> list:
    """Load each checked file once per session; a file already loaded is not sent again."""
    loaded = st.session_state.setdefault(LOADED_KEY, set())
    done = []
    for file, content, checked, _ in results:
        key = (hashlib.sha256(content).hexdigest(), user.username)
        if key in loaded:
            continue
        with st.spinner(text.UPLOAD_LOADING.format(name=file.name)):
            done.append(_load(file.name, content, strict, user, checked))
        loaded.add(key)
    return done


@st.fragment
def upload_area(user: User) -> None:
    """Uploader, per-file check results and the load button; reruns alone, not the page.

    After a load the results stay on screen and the uploader starts empty, so pressing
    the button again can never send the same files a second time.
    """
    for result in st.session_state.get(RESULTS_KEY, []):
        ui.load_result(result)
    if st.session_state.get(RESULTS_KEY):
        st.caption(text.UPLOAD_HELP_AFTER)
    files = st.file_uploader(
        text.UPLOAD_LABEL,
        type=sorted(suffix.lstrip(".") for suffix in INPUT_SUFFIXES),
        accept_multiple_files=True,
        key=uploader_key(),
        max_upload_size=upload_limit_mb(),
    )
    if not files:
        return
    # Keyed by account too: the same file can be fine for one unit and refused for another.
    from checks.result import FileRejected

    checks = st.session_state.setdefault("upload_checks", {})
    results = []
    mapping = _mapping_for(user)
    for file in files:
        content = file.getvalue()
        key = (hashlib.sha256(content).hexdigest(), user.username)
        if key not in checks:
            with st.spinner(text.UPLOAD_CHECKING.format(name=file.name)):
                checked = _check(file.name, content, mapping)
                checks[key] = (checked, _preview(file.name, checked, user, content))
        results.append((file, content, *checks[key]))
        ui.file_result(checks[key][1], expanded=len(files) == 1)
        if isinstance(checks[key][0], FileRejected):
            mapping_editor(user, file.name, content)

    strict = st.checkbox(text.UPLOAD_STRICT, key="upload_strict")
    if st.button(text.UPLOAD_LOAD, type="primary", key="upload_load", icon=":material/database:"):
        st.session_state[RESULTS_KEY] = _load_all(results, strict, user)
        st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
        cache.clear()
        st.rerun()


chosen = state.current()
with ui.guard():
    ui.page_header(PAGE_TITLE, chosen, show_scope=False, require_data=False)
    signed_in = auth.require_page("upload", PAGE_TITLE)
    st.markdown(text.UPLOAD_INTRO)
    st.caption(scope_line(signed_in))
    upload_area(signed_in)

    st.subheader(text.UPLOAD_TEMPLATES, anchor=False)
    ui.template_buttons(chosen.year if chosen else None)
