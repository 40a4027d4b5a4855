"""Nộp số liệu: upload files, read their checks row by row in Vietnamese, load them, get templates."""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import cache, state, text
from dashboard import components as ui


def _preview(name: str, content: bytes):
    """Check one file without loading it (Great Expectations is imported only here)."""
    from data.ingest import preview_bytes

    return preview_bytes(name, content)


def _load(name: str, content: bytes, strict: bool):
    """Archive, check and load one file into the dashboard's database."""
    from data.ingest import ingest_bytes

    return ingest_bytes(name, content, db_file=cache.db_path(), strict=strict)


@st.fragment
def upload_area() -> None:
    """Uploader, per-file check results and the load button; reruns alone, not the page."""
    files = st.file_uploader(
        text.UPLOAD_LABEL,
        type=["xlsx", "xlsm", "csv", "txt"],
        accept_multiple_files=True,
        key="upload_files",
    )
    if not files:
        return
    previews = st.session_state.setdefault("upload_previews", {})
    for file in files:
        content = file.getvalue()
        digest = hashlib.sha256(content).hexdigest()
        if digest not in previews:
            with st.spinner(text.UPLOAD_CHECKING.format(name=file.name)):
                previews[digest] = _preview(file.name, content)
        ui.file_result(previews[digest], expanded=len(files) == 1)

    strict = st.checkbox(text.UPLOAD_STRICT, key="upload_strict")
    if st.button(text.UPLOAD_LOAD, type="primary", key="upload_load", icon=":material/database:"):
        for file in files:
            with st.spinner(text.UPLOAD_LOADING.format(name=file.name)):
                result = _load(file.name, file.getvalue(), strict)
            ui.load_result(result)
        cache.clear()
        st.caption(text.UPLOAD_HELP_AFTER)


chosen = state.current()
with ui.guard():
    ui.page_header("Nộp số liệu", chosen, show_scope=False, require_data=False)
    st.markdown(text.UPLOAD_INTRO)
    upload_area()

    st.subheader(text.UPLOAD_TEMPLATES, anchor=False)
    ui.template_buttons(chosen.year if chosen else None)
