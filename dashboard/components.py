"""Reusable page parts: header, status badge, KPI cards, formatted tables, downloads, guard.

The header shows data freshness and, on sample data, a visible note; the guard turns
errors into Vietnamese sentences.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import cache, charts, state, text, theme
from dashboard.nav import GLOSSARY_URL
from data import catalog
from metrics import api, labels
from metrics.format import fmt_change, fmt_date, fmt_month, fmt_number, fmt_signed, fmt_value

log = logging.getLogger(__name__)

# The chart toolbar keeps one button, the PNG download (a slide image, README): zoom and
# pan are of little use on ten wards or twelve months, and each extra button pushes the
# toolbar over the chart's title on a phone. Plotly's words are Vietnamese through the
# config's own locale, which needs no locale file from outside the server.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": [
        "zoom2d",
        "pan2d",
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "resetScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
    "toImageButtonOptions": theme.PNG_EXPORT,
    "locale": "vi",
    "locales": {
        "vi": {
            "dictionary": text.PLOTLY_WORDS,
            "format": {
                "days": text.PLOTLY_DAYS,
                "shortDays": text.PLOTLY_SHORT_DAYS,
                "months": text.PLOTLY_MONTHS,
                "shortMonths": text.PLOTLY_SHORT_MONTHS,
                "date": "%d/%m/%Y",
                "decimal": ",",
                "thousands": ".",
            },
        }
    },
}
# Characters per line of a chart's title and caption: Plotly never wraps them, and a
# phone's chart is about 360 px wide.
TITLE_WIDTH = 42
CAPTION_WIDTH = 52


# Wide enough for a month × ward grid with its numbers written in: narrower screens scroll
# the chart inside its own frame, never the page.
WIDE_CHART_PX = 640
# At most this wide the sidebar covers the page (Streamlit's mobile breakpoint).
PHONE_PX = 640


def page_style() -> None:
    """The app's CSS, once per run: Vietnamese uploader texts, tables and charts on a phone.

    Streamlit lets an app set the uploader's label but not its button or its limit line;
    CSS writes them in Vietnamese (the limit is the app's own). Element toolbars (English
    tooltips; the tables have their own .xlsx download) and Streamlit's fullscreen button
    in the chart toolbar (its title no locale reaches) are hidden. Tables and wide charts
    scroll inside their frame, so a phone never scrolls the page sideways.
    """
    limit = text.UPLOAD_LIMIT_LINE.format(mb=upload_limit_mb())
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
        "{font-size:0}"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after'
        f'{{content:"{text.UPLOAD_BUTTON}";font-size:1rem}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span{font-size:0}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after'
        f'{{content:"{limit}";font-size:0.875rem}}'
        '[data-testid="stElementToolbar"]{display:none!important}'
        # Streamlit adds a "Fullscreen" button to Plotly's toolbar whose title no locale
        # reaches; the chart keeps its (Vietnamese) PNG download.
        '.modebar-btn[data-title="Fullscreen"],.modebar-btn[data-title="Close fullscreen"]'
        "{display:none}"
        '[data-testid="stTable"]{overflow-x:auto;max-width:100%}'
        '[class*="st-key-wide_"]{overflow-x:auto}'
        f'[class*="st-key-wide_"] > [data-testid="stElementContainer"]{{min-width:{WIDE_CHART_PX}px}}'
        "</style>"
    )
    # Streamlit leaves the sidebar over the page after a navigation link is chosen on a
    # phone; one listener (installed once per browser tab) folds it away.
    st.html(
        "<script>"
        "if(!window.kpiFoldNav){window.kpiFoldNav=true;"
        "document.addEventListener('click',function(e){"
        "if(window.innerWidth>PHONE_PX||!e.target.closest('[data-testid=stSidebarNav] a'))return;"
        "setTimeout(function(){var b=document.querySelector("
        "'[data-testid=stSidebarCollapseButton] button');if(b)b.click();},50);},true);}"
        "</script>".replace("PHONE_PX", str(PHONE_PX)),
        unsafe_allow_javascript=True,
    )


def upload_limit_mb() -> int:
    """The upload limit people read, in whole MB: the app's own (``KPI_MAX_UPLOAD_MB``)."""
    import math

    from data import settings

    return max(1, math.ceil(settings.max_upload_mb()))


class StopPage(Exception):
    """Raised inside ``guard`` to end a page quietly after a message was shown."""


@contextmanager
def guard() -> Iterator[None]:
    """Show a Vietnamese sentence instead of a traceback for anything a page raises."""
    from data.store.db import DatabaseBusy

    try:
        yield
    except StopPage:
        pass
    except api.MetricsInputError as exc:
        st.error(str(exc))
    except DatabaseBusy:
        st.warning(text.DB_BUSY)
    except Exception:  # a bug: log it for the maintainer, tell the reader what to do
        log.exception("page failed")
        st.error(text.UNEXPECTED)


def page_header(
    title: str,
    chosen: state.Controls | None,
    show_scope: bool = True,
    require_data: bool = True,
) -> None:
    """Title, "Số liệu đến ngày …", the chosen view and, on sample data, a visible note.

    Without data a page that needs it says so and stops (``StopPage``).
    """
    st.header(title, anchor=False)
    freshness = cache.data_freshness()
    parts = [text.FRESHNESS.format(date=fmt_date(freshness)) if freshness else text.NO_FRESHNESS]
    if chosen is not None:
        scope = state.scope_label(chosen.scope) if show_scope else ""
        line = text.VIEW_LINE.format(
            year=chosen.year, month=fmt_month(chosen.as_of), scope=scope
        ).rstrip(" ·")
        parts.append(line)
    st.caption(" · ".join(parts))
    if cache.is_sample_data():
        st.warning(text.SAMPLE_NOTE, icon=":material/science:")
    if chosen is None and require_data:
        st.info(text.NO_DATA_YET)
        raise StopPage


def badge_html(status: str | None, kind: str = "kpi", deadline_kind: str | None = None) -> str:
    """A coloured pill that also spells the status out; it opens "Cách đánh giá"."""
    label = html.escape(theme.status_label(status, kind, deadline_kind))
    return (
        f'<a href="./{GLOSSARY_URL}#{kind}" target="_self" title="{text.GLOSSARY_LINK}" '
        'style="text-decoration:none">'
        f'<span class="kpi-badge" style="background:{theme.status_color(status)};'
        f"color:{theme.text_color(status)};padding:2px 10px;border-radius:10px;"
        f'font-size:0.85rem;font-weight:600;white-space:nowrap">{label}</span></a>'
    )


def status_badge(status: str | None, kind: str = "kpi", deadline_kind: str | None = None) -> None:
    """Draw one status badge."""
    st.markdown(badge_html(status, kind, deadline_kind), unsafe_allow_html=True)


def file_slug(text_: str) -> str:
    """``"Tỷ lệ hồ sơ – Toàn quận"`` → ``"ty-le-ho-so-toan-quan"``: a file name without diacritics."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", text_.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def export_labels(fig: go.Figure, scope: str | None = None) -> dict:
    """Caption the chart with its scope, month and sample mark; the PNG config named after them.

    The caption is the figure's subtitle, so the downloaded PNG carries it too; the file
    name is made of the title, scope, month and sample mark.
    """
    chosen = state.current()
    if chosen is None:
        return PLOTLY_CONFIG
    scope_name = state.scope_label(scope or chosen.scope)
    month = fmt_month(chosen.as_of)
    sample = cache.is_sample_data()
    parts = [scope_name, f"tháng {month}"] + ([text.CHART_SAMPLE] if sample else [])
    title = fig.layout.title.text or text.CHART_FILE
    fig.update_layout(
        title_text=charts.wrap(title, TITLE_WIDTH) if fig.layout.title.text else None,
        title_subtitle_text=charts.wrap(" · ".join(parts), CAPTION_WIDTH),
    )
    name = "-".join([title, scope_name, chosen.as_of] + (["du-lieu-mau"] if sample else []))
    return {
        **PLOTLY_CONFIG,
        "toImageButtonOptions": {**theme.PNG_EXPORT, "filename": file_slug(name)},
    }


def plot(
    fig: go.Figure,
    key: str | None = None,
    scope: str | None = None,
    wide: bool = False,
    pick: bool = False,
):
    """Draw a Plotly figure with our template (Streamlit's own theme would override it).

    Args:
        fig: The figure.
        key: Streamlit element key.
        scope: The scope the chart shows when it is not the one chosen (the briefing page).
        wide: the chart needs ``WIDE_CHART_PX`` to stay readable (a heat map): on a
            narrower screen it scrolls sideways inside its own frame.
        pick: Whether a click on a bar reruns the page with that point selected.

    Returns:
        The selection event when ``pick`` (its ``selection.points``), else None.
    """
    config = export_labels(fig, scope)
    options = {"on_select": "rerun", "selection_mode": "points"} if pick else {}
    if wide:
        with st.container(key=f"wide_{key}"):
            event = st.plotly_chart(
                fig, theme=None, config=config, key=key, width="stretch", **options
            )
    else:
        event = st.plotly_chart(fig, theme=None, config=config, key=key, width="stretch", **options)
    chart_table(fig, key)
    return event if pick else None


def chart_table(fig: go.Figure, key: str | None = None) -> None:
    """The chart's numbers as a table, folded under it: the chart's text alternative."""
    frame, fmt, category = charts.data_table(fig)
    if frame.empty:
        return
    cols = [Col(category, category, width="medium")]
    for header in frame.columns[1:]:
        if header == text.TABLE_STATUS:
            cols.append(Col(header, header, width="small"))
        else:
            cols.append(Col(header, header, fmt_kpi(fmt), width="small", kind="number"))
    with st.expander(text.CHART_TABLE, icon=":material/table:"):
        table(frame, cols, key=f"{key}_data" if key else None)


def picked(event, key: str, field: str = "y") -> str | None:
    """The ``field`` of the point just clicked on chart ``key``; None when nothing new.

    A chart keeps its selection over reruns: a click counts once, so a control changed
    after it is not set back to the clicked point.
    """
    points = getattr(getattr(event, "selection", None), "points", None) or []
    value = str(points[0][field]) if points and field in points[0] else None
    memory = f"picked_{key}"
    if value == st.session_state.get(memory):
        return None
    st.session_state[memory] = value
    return value


def picked_ward(event, key: str, names: dict[str, str]) -> str | None:
    """The code of the ward whose bar was just clicked on the ward chart ``key``.

    Args:
        event: What ``plot(..., pick=True)`` returned.
        key: The chart's key.
        names: Ward code → name; the chart writes names short (``charts.short_ward``).
    """
    clicked = picked(event, key)
    by_label = {charts.short_ward(name): code for code, name in names.items()}
    return by_label.get(clicked) if clicked else None


def indicator_meaning(code: str) -> None:
    """A "Ý nghĩa" popover: what the indicator measures, its formula, source and basis."""
    from metrics import api

    chosen = state.current()
    meaning = api.indicator_meaning(code, chosen.year if chosen else None)
    with st.popover(text.MEANING_BUTTON, icon=":material/info:", help=text.MEANING_HELP):
        st.markdown(f"**{meaning['label']}**")
        for field, line in text.MEANING_LINES:
            if meaning.get(field):
                st.markdown(line.format(meaning[field]))


def kpi_card(row: pd.Series, trend: list[float] | None = None, link=None) -> None:
    """One KPI: value, change since last month, target, status badge, small trend.

    ``link`` is ``(page, query_params)`` of the indicator's own view: the card ends with a
    link to it and the indicator's meaning on demand.
    """
    lower = row.get("direction") == "lower"
    change = row.get("change")
    delta = None
    if change is not None and not pd.isna(change):
        delta = fmt_change(change, row.get("format"))
    with st.container(border=True):
        # The label is written out in full: st.metric would cut a long KPI name short.
        st.markdown(
            f'<div style="font-size:0.9rem;line-height:1.25;min-height:2.5em">'
            f"{html.escape(str(row['label']))}</div>",
            unsafe_allow_html=True,
        )
        st.metric(
            label=str(row["label"]),
            label_visibility="collapsed",
            value=fmt_value(row.get("value"), row.get("format", "decimal1")),
            delta=delta,
            delta_color="inverse" if lower else "normal",
            help=text.CARD_CHANGE_HELP,
            chart_data=[v for v in (trend or []) if v is not None and not pd.isna(v)] or None,
            chart_type="line",
        )
        status_and_target(row.get("status"), row.get("target_text"))
        st.caption(" · ".join(kpi_basis_lines(row)))
        units = units_line(row)
        if units:
            st.caption(units[0], help=units[1])
        if not _missing(row.get("completeness")):
            short = row.get("scopes_missing")
            st.caption(
                labels.COMPLETENESS.format(share=row["completeness"]),
                help=None if _missing(short) else text.CARD_COMPLETE_MISSING.format(names=short),
            )
        if link is not None:
            page, params = link
            # A row that wraps: two fixed halves of a narrow card cut both labels short.
            with st.container(horizontal=True, vertical_alignment="center"):
                st.page_link(
                    page,
                    label=text.CARD_DRILL,
                    icon=":material/arrow_forward:",
                    help=text.CARD_DRILL_HELP,
                    query_params=params,
                )
                indicator_meaning(str(row["code"]))


def status_and_target(status: str | None, target: str | None) -> None:
    """A card's status badge and the target beside it; a missing target is said once.

    ``target``: the target as written ("≥ 80%"), or None (or the words for none). The
    badge of a KPI judged without a target already says so; the words are not repeated.
    """
    if target and not _missing(target) and target != labels.NO_TARGET:
        words = text.CARD_TARGET.format(target=target)
    else:
        words = "" if status == "no_target" else labels.NO_TARGET
    st.markdown(
        f'{badge_html(status)}&nbsp; <span style="font-size:0.85rem">{html.escape(words)}</span>',
        unsafe_allow_html=True,
    )


def units_line(row) -> tuple[str, str | None] | None:
    """The line "3/11 đơn vị đạt" and the names of the others (a target binding each scope)."""
    if _missing(row.get("units_total")):
        return None
    line = labels.UNITS_MET.format(met=int(row["units_met"]), total=int(row["units_total"]))
    short = row.get("units_short")
    return line, None if _missing(short) else labels.UNITS_SHORT.format(names=short)


def kpi_basis_lines(row) -> list[str]:
    """This month, year to date (or the year), which one the status judges, the projection."""
    fmt = row.get("format", "decimal1")
    period = row.get("period")
    if row.get("status_basis") == "year":
        year = str(period or "")[:4]
        return [
            text.CARD_YEAR.format(year=year, value=fmt_value(row.get("value"), fmt))
            + text.CARD_BASIS
        ]
    lines = []
    if period and not _missing(row.get("value_month")):
        month = f"{period[5:7]}/{period[:4]}"
        lines.append(text.CARD_MONTH.format(month=month, value=fmt_value(row["value_month"], fmt)))
    lines.append(text.CARD_YTD.format(value=fmt_value(row.get("value"), fmt)) + text.CARD_BASIS)
    if not _missing(row.get("projection")):
        lines.append(text.CARD_PROJECTION.format(value=fmt_value(row["projection"], fmt)))
    return lines


def kpi_cards(
    kpis: pd.DataFrame, trends: dict[str, list[float]], per_row: int = 4, links=None
) -> None:
    """A grid of KPI cards, ``per_row`` to a row; ``links`` maps a code to its card's link."""
    rows = kpis.to_dict("records")
    for start in range(0, len(rows), per_row):
        cols = st.columns(per_row)
        for col, row in zip(cols, rows[start : start + per_row], strict=False):
            with col:
                kpi_card(pd.Series(row), trends.get(row["code"]), (links or {}).get(row["code"]))


@dataclass(frozen=True)
class Col:
    """One displayed column: source name, Vietnamese header, formatter (None: as is).

    A ``kind`` of ``number`` or ``date`` keeps the cell's value (the formatter only writes
    it), so the column sorts by value, not by its text.
    """

    name: str
    header: str
    fmt: Callable | None = None
    width: str | None = None
    status: str | None = None  # column holding the status key: the cell gets its colour
    # A formatter of (value, registry format) for values written in each row's own format.
    row_fmt: Callable | None = None
    kind: str = "text"  # text | number | date


# Display formats whose cells stay numbers or dates in a table (display.yaml ``format``).
NUMBER_FORMATS = frozenset(
    {"integer", "percent", "decimal2", "percent0", "signed", "row", "signed_row"}
)
DATE_FORMATS = frozenset({"date", "datetime"})


def formatted(frame: pd.DataFrame, columns: list[Col], fmt: str | None = None) -> pd.DataFrame:
    """Columns picked, formatted as Vietnamese text and renamed (the browser locale never decides).

    ``fmt`` is the registry format of row-formatted columns when the frame has no
    ``format`` column of its own (a table of one indicator).
    """
    out = {}
    formats = _row_formats(frame, fmt)
    for col in columns:
        values = _source(frame, col)
        if col.row_fmt:
            out[col.header] = [col.row_fmt(v, f) for v, f in zip(values, formats, strict=True)]
        else:
            out[col.header] = [col.fmt(v) if col.fmt else _plain(v) for v in values]
    return pd.DataFrame(out, index=range(len(frame)))


def cell_values(frame: pd.DataFrame, columns: list[Col]) -> pd.DataFrame:
    """Columns picked and renamed; number and date columns keep their values, the rest is text.

    The text columns are written as ``formatted`` writes them; the others are written by
    ``styled``'s display formats, so sorting a column of percentages sorts the numbers.
    """
    out = {}
    for col in columns:
        values = _source(frame, col)
        if col.kind == "number":
            out[col.header] = pd.to_numeric(values, errors="coerce").to_numpy()
        elif col.kind == "date":
            out[col.header] = pd.to_datetime(values, errors="coerce").to_numpy()
        else:
            out[col.header] = [col.fmt(v) if col.fmt else _plain(v) for v in values]
    return pd.DataFrame(out, index=range(len(frame)))


def _source(frame: pd.DataFrame, col: Col) -> pd.Series:
    if col.name in frame.columns:
        return frame[col.name].reset_index(drop=True)
    return pd.Series([None] * len(frame))


def _row_formats(frame: pd.DataFrame, fmt: str | None) -> list:
    return list(frame["format"]) if "format" in frame.columns else [fmt] * len(frame)


def styled(frame: pd.DataFrame, columns: list[Col], fmt: str | None = None, markdown: bool = False):
    """The table as a Styler: values kept, written the Vietnamese way, status cells coloured.

    Number and date cells keep their values (a grid sorts them as numbers) and show the
    display format's text; each status cell is in its status colour (text stays written).
    ``markdown``: the table is drawn by a component that renders Markdown in its cells
    (``st.table``), so every text cell is escaped with ``plain``.
    """
    shown = cell_values(frame, columns)
    if markdown:
        shown = _markdown_safe(shown)
    styler = shown.style
    formats = _row_formats(frame, fmt)
    for col in columns:
        if col.kind == "text":
            continue
        if col.row_fmt:
            for f in dict.fromkeys(formats):
                rows = [i for i, g in enumerate(formats) if g == f]
                styler = styler.format(
                    lambda v, f=f, c=col: c.row_fmt(_none(v), f),
                    subset=pd.IndexSlice[rows, [col.header]],
                )
        else:
            write = col.fmt or _plain
            styler = styler.format(lambda v, w=write: w(_none(v)), subset=[col.header])
    wide = [c.header for c in columns if c.width == "large"]
    if wide:
        # Plain tables size columns by content; long wording needs room to stay readable.
        styler = styler.set_properties(subset=wide, **{"min-width": "14em"})
    for col in (c for c in columns if c.status):
        keys = list(_source(frame, Col(col.status, "")))
        css = [
            f"background-color:{theme.status_color(k)};color:{theme.text_color(k)}" if k else ""
            for k in keys
        ]
        styler = styler.apply(lambda _s, css=css: css, subset=[col.header], axis=0)
    return styler


def _none(value):
    """NaN and NaT as None, so every formatter sees one kind of missing value."""
    return None if _missing(value) else value


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value


# Characters Streamlit's Markdown gives a meaning to (links, images, HTML, emphasis, code,
# tables, headings, LaTeX): a backslash before each makes them print as themselves. An
# underscore inside a word (``nop_thu.csv``) means nothing and is left as typed.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>!|~#$]|(?<![^\W_])_|_(?![^\W_]))")
# A list marker at the start of a line ("- ", "+ ", "1. ").
_LIST_MARKER = re.compile(r"(?m)^(\s*)([-+]|\d+[.)])(?=\s)")
# What becomes a link or an icon with no special character at all (``https://``, ``www.``,
# ``name@host``, ``:material/…:``): escapes do not stop Streamlit's link detection, an
# invisible word joiner (U+2060) after the ``:`` or before the ``.`` or ``@`` does.
_LINK_LIKE = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=[a-z/])|(?<=\w)(?=@\w)")
WORD_JOINER = "\u2060"


def plain(value) -> str:
    """Submitted text as it was typed, safe in any Streamlit text that renders Markdown.

    Notes, difficulties, outputs, file names and cell values are data, never markup: no
    link, image, HTML, list or formatting in them takes effect, and no bare address
    becomes a link a reader's browser would follow or fetch. The text reads the same.
    """
    text_ = "" if value is None else str(value)
    text_ = _MARKDOWN_SPECIAL.sub(r"\\\1", text_)
    text_ = _LIST_MARKER.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text_)
    return _LINK_LIKE.sub(WORD_JOINER, text_)


def _markdown_safe(shown: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of a formatted table passed through ``plain``."""
    out = shown.copy()
    for header in out.columns:
        if out[header].dtype.kind not in "biufmM":  # numbers and dates stay values
            out[header] = [plain(v) if isinstance(v, str) else v for v in out[header]]
    return out


def table(
    frame: pd.DataFrame,
    columns: list[Col],
    height: int | str = "auto",
    key: str | None = None,
    static: bool = False,
    fmt: str | None = None,
) -> None:
    """A read-only table with Vietnamese formats; an empty one says so instead.

    ``static`` draws a plain table whose long texts wrap (task contents, notes); the
    default is the interactive grid (sortable, scrollable) for long lists. ``fmt`` is the
    registry format of row-formatted columns for a table of one indicator.
    """
    if frame.empty:
        st.info(text.NO_ROWS)
        return
    if static:
        st.table(styled(frame, columns, fmt, markdown=True), hide_index=True, border="horizontal")
        return
    config = {c.header: st.column_config.Column(width=c.width) for c in columns if c.width}
    st.dataframe(
        styled(frame, columns, fmt),
        hide_index=True,
        width="stretch",
        height=height,
        column_config=config,
        key=key,
        placeholder="",  # a missing value is an empty cell, never the word "None"
    )


def export_heading(what: str, scope: str | None = None) -> tuple[str, bool]:
    """The line under an export's title: scope and month; and whether the data are a sample.

    ``scope`` is the scope the table shows when it is not the one chosen (a district-wide
    block on a ward's view).
    """
    chosen = state.current()
    sample = cache.is_sample_data()
    if chosen is None:
        return what, sample
    scope_name = state.scope_label(scope or chosen.scope)
    return text.EXPORT_SUBTITLE.format(scope=scope_name, month=fmt_month(chosen.as_of)), sample


def download(
    frame: pd.DataFrame,
    table_name: str,
    file_name: str | None = None,
    sheet: str = "",
    key: str = "",
    drop: tuple[str, ...] = (),
    fetch: Callable[[], pd.DataFrame] | None = None,
    scope: str | None = None,
    fmt: str | None = None,
    export_columns: tuple | None = None,
    **fill,
) -> None:
    """A button that downloads a table as a workbook with real numbers and dates.

    The workbook has the display table's export columns under a title (``sheet``), the
    scope and month, and the sample mark on sample data; it prints on A4. ``fetch`` gives
    the rows to write when they are more than ``frame`` shows (a paged list): it runs only
    when the button is clicked. Without ``file_name`` the file is named after the title,
    the scope and the month. ``fmt`` is the registry format of a one-indicator table;
    ``fill`` fills header placeholders ({year}); ``export_columns`` replaces the catalog's
    columns for a table made in code.
    """
    from metrics import export

    subtitle, sample = export_heading(sheet, scope)
    chosen = state.current()
    if file_name is None:
        parts = [sheet, state.scope_label(scope or chosen.scope) if chosen else ""]
        parts += [chosen.as_of if chosen else "", "du-lieu-mau" if sample else ""]
        file_name = f"{file_slug(' '.join(parts))}.xlsx"
    columns = export_columns or export.export_columns(table_name, drop, **fill)
    st.download_button(
        text.DOWNLOAD_XLSX,
        # Built only when clicked: a large log would otherwise cost every rerun.
        data=lambda: export.table_workbook(
            fetch() if fetch else frame,
            columns,
            sheet,
            title=sheet,
            row_format=fmt,
            subtitle=subtitle,
            sample=sample,
        ),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key or f"dl_{file_name}",
        icon=":material/download:",
        disabled=frame.empty,
    )


def fmt_status(kind: str = "kpi") -> Callable:
    """Formatter that writes a status key as its Vietnamese label."""
    return lambda value: theme.status_label(value, kind) if isinstance(value, str) else ""


def fmt_kpi(fmt: str) -> Callable:
    """Formatter for KPI values in one registry format."""
    return lambda value: fmt_value(value, fmt)


# --------------------------------------------------------------------------- column sets


def _percent0(value) -> str:
    return fmt_value(value, "integer") + "%" if value is not None and not pd.isna(value) else "—"


def shorten(value, limit: int = 160) -> str:
    """Long plan wording cut at a word boundary (the full text is on the task's page)."""
    # Plan cells may hold line breaks and "- " bullets from the source; one line reads better.
    value = " ".join(str(_plain(value)).replace("\n- ", "; ").split()).removeprefix("- ")
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0] + " …"


def _signed_row(value, fmt: str | None) -> str:
    return fmt_change(value, fmt or "")


def _vocabulary_label(vocabulary: str) -> Callable:
    if vocabulary == "report_status":
        return lambda v: theme.REPORT_LABELS.get(v, v or "")
    vocab = catalog.load().labels[vocabulary]
    return lambda v: vocab.label(v) if isinstance(v, str) else ""


def _superseded(value) -> str:
    return catalog.load().label("history_state", "superseded" if value else "current")


def _hash(value) -> str:
    value = _plain(value)
    return value if len(value) <= 13 else value[:12] + "…"


_FORMATTERS: dict[str, Callable] = {
    "long_text": shorten,
    "integer": lambda v: fmt_value(v, "integer") if not _missing(v) else "",
    "percent": lambda v: fmt_value(v, "percent"),
    "decimal2": lambda v: fmt_value(v, "decimal2"),
    "percent0": _percent0,
    "signed": lambda v: fmt_signed(v, 2),
    "date": fmt_date,
    "datetime": lambda v: _datetime(v),
    "hash": _hash,
    "superseded": _superseded,
}
_ROW_FORMATTERS: dict[str, Callable] = {"row": fmt_value, "signed_row": _signed_row}
# Vocabularies whose keys are statuses with a colour, and the theme's name for them.
_STATUS_KINDS = {"kpi_status": "kpi", "task_status": "task", "compliance_status": "report"}


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _with_empty(fmt: Callable | None, empty: str | None) -> Callable | None:
    if empty is None:
        return fmt
    return lambda v: empty if _missing(v) or v == "" else (fmt(v) if fmt else v)


def _col(spec) -> Col:
    kind, _, vocabulary = spec.format.partition(":")
    status = spec.status
    if kind == "status":
        fmt = fmt_status(_STATUS_KINDS.get(vocabulary, "kpi"))
        status = spec.field
    elif kind == "label":
        fmt = _vocabulary_label(vocabulary)
    else:
        fmt = _FORMATTERS.get(kind)
    return Col(
        spec.field,
        spec.header,
        _with_empty(fmt, spec.empty),
        width=spec.width,
        status=status,
        row_fmt=_ROW_FORMATTERS.get(kind),
        kind="number" if kind in NUMBER_FORMATS else "date" if kind in DATE_FORMATS else "text",
    )


def columns(table_name: str, drop: tuple[str, ...] = (), **fill) -> list[Col]:
    """How a table reads on screen: the catalog's display columns of ``table_name``.

    ``drop`` leaves columns out; ``fill`` fills header placeholders such as ``{year}``.
    """
    specs = catalog.load().display.table(table_name).for_target("screen", drop)
    cols = [_col(s) for s in specs]
    if fill:
        cols = [replace(c, header=c.header.format(**fill)) for c in cols]
    return cols


def filter_in(frame: pd.DataFrame, column: str, chosen: list) -> pd.DataFrame:
    """Rows whose ``column`` is one of ``chosen`` (all rows when nothing is chosen)."""
    if not chosen:
        return frame
    return frame[frame[column].isin(chosen)]


def filter_contains(frame: pd.DataFrame, column: str, words: str) -> pd.DataFrame:
    """Rows whose ``column`` contains ``words`` (case-insensitive); all rows for empty words."""
    words = (words or "").strip()
    if not words:
        return frame
    return frame[frame[column].fillna("").str.contains(words, case=False, regex=False)]


def group_cards(groups: pd.DataFrame, year: int) -> None:
    """The plan's solution groups side by side: status badge, task and KPI counts, a link."""
    from dashboard import nav

    cols = st.columns(max(len(groups), 1))
    for col, row in zip(cols, groups.to_dict("records"), strict=False):
        with col, st.container(border=True):
            st.markdown(f"**{row['group']} · {html.escape(row['short_name'])}**")
            status_badge(row["status"])
            tasks, kpis = group_lines(row)
            st.caption(tasks)
            st.caption(kpis)
            spec = nav.group_page(row["group"], year)
            if spec is not None:
                st.page_link(nav.st_page(spec), label=text.GROUP_OPEN.format(group=row["group"]))


def task_counts(tasks: pd.DataFrame) -> None:
    """Four figures: tasks in all, done, overdue, behind."""
    counts = tasks["status"].value_counts()
    cols = st.columns(4)
    cols[0].metric(text.TASKS_ALL, fmt_value(len(tasks), "integer"))
    cols[1].metric(text.TASKS_DONE, fmt_value(counts.get("done", 0), "integer"))
    cols[2].metric(text.TASKS_LATE, fmt_value(counts.get("overdue", 0), "integer"))
    cols[3].metric(text.TASKS_BEHIND, fmt_value(counts.get("behind", 0), "integer"))


def compliance_counts(view, scope_name: str = "") -> None:
    """Every period that fell due: missing reports, share received, share on time.

    Args:
        view: a ``metrics.api.compliance_view``; the missing count is the length of
            ``view.missing``, the list a page shows beside it.
        scope_name: the scope's name, said when it submits no reports itself.
    """
    if not view.scope_reports:
        st.info(text.REPORTS_NONE_OF_SCOPE.format(scope=scope_name))
        return
    if view.rows.empty:
        st.info(text.NO_PERIOD_DUE)
        return
    counts = view.counts
    st.caption(text.PERIODS_DUE.format(periods=", ".join(view.periods)))
    cols = st.columns(4)
    cols[0].metric(text.REPORTS_MISSING, fmt_value(counts["missing"], "integer"))
    cols[3].metric(
        text.REPORTS_RETURNED,
        fmt_value(counts["returned"], "integer"),
        help=catalog.load().labels["compliance_status"].helps()["returned"],
    )
    cols[1].metric(
        text.RATE_RECEIVED,
        fmt_value(counts["rate_received"], "percent"),
        help=text.RATE_RECEIVED_HELP.format(
            received=counts["received"], expected=counts["expected"]
        ),
    )
    cols[2].metric(text.RATE_ON_TIME, fmt_value(counts["rate_on_time"], "percent"))


def group_status_line(group: pd.Series) -> None:
    """A group's full name, overall status and the two parts it is made of."""
    st.markdown(
        f"**{html.escape(str(group['name']))}** &nbsp; {badge_html(group['status'])}",
        unsafe_allow_html=True,
    )
    st.caption(" · ".join(group_lines(group)))


def group_lines(group) -> tuple[str, str]:
    """A group's task line and KPI line, as its card and its page say them.

    The KPI line counts the KPIs the group's status judges; those without a target or
    without data are said apart ("1/3 chỉ số đạt …; 14 chỉ số chưa có số liệu …").
    """
    late = group["tasks_overdue"] + group["tasks_behind"] + group["tasks_not_reported"]
    tasks = text.GROUP_TASKS_LINE.format(
        done=group["tasks_done"], total=group["tasks_total"], late=late
    )
    judged = int(group["kpis_judged"])
    unjudged = int(group["kpis_total"]) - judged
    kpis = (
        text.GROUP_KPIS_LINE.format(
            met=group["kpis_met"], judged=judged, on_track=group["kpis_on_track"]
        )
        if judged
        else text.GROUP_KPIS_NONE
    )
    if unjudged:
        kpis += "; " + labels.KPIS_UNJUDGED.format(n=unjudged)
    return tasks, kpis


# Task statuses worst first, as the catalog declares them.
TASK_STATUS_KEYS = list(catalog.load().labels["task_status"].keys())


def lead_options(tasks: pd.DataFrame) -> dict[str, str]:
    """Lead unit code → name, over every task (a task may have several leads)."""
    from metrics.common import unit_name

    codes = sorted({code for leads in tasks["leads"] for code in leads})
    return {code: unit_name(code) for code in codes}


def filter_tasks(tasks: pd.DataFrame, groups: list, leads: list, statuses: list) -> pd.DataFrame:
    """Tasks in the chosen groups, with one of the chosen leads, in the chosen statuses."""
    out = filter_in(filter_in(tasks, "group", groups), "status", statuses)
    if leads:
        wanted = set(leads)
        out = out[[bool(wanted.intersection(x)) for x in out["leads"]]]
    return out


def task_names(tasks: pd.DataFrame, width: int = 90) -> dict[str, str]:
    """Task id → "STT 12 — content" shortened for a select box."""
    out = {}
    for task_id, content in zip(tasks["task_id"], tasks["content"], strict=True):
        label = f"{task_id} — {content}"
        out[str(task_id)] = label if len(label) <= width else label[: width - 1] + "…"
    return out


def task_unit_columns() -> list[Col]:
    """How the per-lead-unit task counts read."""
    cols = [Col("unit_name", text.TASKS_FILTER_LEAD, width="medium")]
    count = _FORMATTERS["integer"]
    cols.append(Col("tasks_total", text.TASKS_TOTAL, count, width="small", kind="number"))
    for key in TASK_STATUS_KEYS:
        label = theme.status_label(key, "task")
        cols.append(Col(f"tasks_{key}", label, count, width="small", kind="number"))
    return cols


def task_unit_export() -> tuple:
    """The per-lead-unit task counts as export columns (made from ``task_unit_columns``)."""
    from data.catalog.display import DisplayColumn

    return tuple(
        DisplayColumn(c.name, c.header, "integer" if c.kind == "number" else "text", c.width)
        for c in task_unit_columns()
    )


def ward_compliance_line(by_unit: pd.DataFrame, ward: str) -> None:
    """One sentence on a ward's reporting: received, expected, rate, on time."""
    row = by_unit[by_unit["unit_code"] == ward]
    if row.empty:
        st.caption(text.NO_PERIOD_DUE)
        return
    r = row.iloc[0]
    st.markdown(
        text.WARD_COMPLIANCE.format(
            received=int(r["expected"] - r["missing"]),
            expected=int(r["expected"]),
            rate=fmt_value(r["rate_received"], "percent"),
            on_time=fmt_value(r["rate_on_time"], "percent"),
        )
    )


def yearly_cards(items: list[tuple[str, pd.DataFrame, str]], year: int) -> None:
    """One card per yearly indicator: the latest year up to ``year``, its change and status."""
    cols = st.columns(len(items))
    for col, (label, series, fmt) in zip(cols, items, strict=True):
        known = series[(series["year"] <= year) & series["value"].notna()]
        with col, st.container(border=True):
            if known.empty:
                st.metric(label, fmt_value(None, fmt))
                status_badge("no_data")
                continue
            last = known.iloc[-1]
            change = last["value"] - known.iloc[-2]["value"] if len(known) > 1 else None
            st.metric(
                f"{label} {int(last['year'])}",
                fmt_value(last["value"], fmt),
                delta=None if change is None else fmt_change(change, fmt),
                delta_color="inverse" if fmt == "rank" else "normal",
                chart_data=known["value"].tolist(),
            )
            target = None if pd.isna(last["target"]) else fmt_value(last["target"], fmt)
            status_and_target(last["status"], target)


def unit_kind_options(table: pd.DataFrame) -> dict[str, str]:
    """``all`` plus every unit kind present, with Vietnamese names."""
    kinds = {"all": text.COMPLIANCE_KIND_ALL}
    for kind in dict.fromkeys(table["unit_kind"]):
        kinds[kind] = catalog.load().label("unit_kind", kind)
    return kinds


def _datetime(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    stamp = pd.Timestamp(value)
    return f"{fmt_date(stamp)} {stamp:%H:%M}"


def load_counts(counts: dict[str, int]) -> None:
    """Four figures over every load: loads, rows loaded, rows held back, files rejected."""
    cols = st.columns(4)
    cols[0].metric(text.DQ_LOADS_COUNT, fmt_value(counts["loads"], "integer"))
    cols[1].metric(text.DQ_ROWS_LOADED, fmt_value(counts["rows_loaded"], "integer"))
    cols[2].metric(text.DQ_ROWS_QUARANTINED, fmt_value(counts["rows_quarantined"], "integer"))
    cols[3].metric(text.DQ_FILES_REJECTED, fmt_value(counts["files_rejected"], "integer"))


def pager(total: int, size: int, key: str) -> int:
    """A page picker under a long list (only when it needs more than one page); the page."""
    pages = max((total + size - 1) // size, 1)
    if pages == 1:
        return 1
    page = st.number_input(text.DQ_PAGE, min_value=1, max_value=pages, value=1, step=1, key=key)
    st.caption(text.DQ_PAGE_OF.format(page=int(page), pages=pages, size=size))
    return int(page)


def issues_table(issues: list) -> None:
    """Check results row by row: row, column, value, Vietnamese reason."""
    frame = pd.DataFrame(
        [i.as_dict() for i in issues], columns=["row", "column", "value", "reason"]
    )
    table(frame, columns("row_issues"))


def file_result(result, expanded: bool = True) -> None:
    """What the checks found in one uploaded file, before loading."""
    kind = catalog.load().label("input_kind", result.kind) if result.kind else ""
    name = plain(result.file)
    if result.status == "rejected":
        st.error(text.UPLOAD_RESULT_REJECTED.format(name=name, reason=plain(result.message)))
    elif result.rows_quarantined:
        st.warning(
            text.UPLOAD_RESULT_PARTIAL.format(
                name=name,
                good=fmt_number(result.rows_total - result.rows_quarantined),
                rows=fmt_number(result.rows_total),
                bad=fmt_number(result.rows_quarantined),
                kind=kind,
            )
        )
    else:
        st.success(
            text.UPLOAD_RESULT_OK.format(name=name, rows=fmt_number(result.rows_total), kind=kind)
        )
    if result.errors:
        with st.expander(f"{text.UPLOAD_ERRORS} — {name}", expanded=expanded):
            issues_table(result.errors)


def load_result(result) -> None:
    """What happened when one file was loaded."""
    name = plain(result.file)
    message = plain(result.message)
    if result.status in ("loaded", "partial"):
        show = st.success if result.status == "loaded" else st.warning
        show(
            text.UPLOAD_LOADED.format(
                name=name,
                loaded=fmt_number(result.rows_loaded),
                unchanged=fmt_number(result.rows_unchanged),
                quarantined=fmt_number(result.rows_quarantined),
            )
        )
        if result.message:  # what the reader noticed, e.g. hidden rows that were loaded
            st.info(message)
    elif result.status == "unchanged":
        st.info(text.UPLOAD_UNCHANGED.format(name=name))
    elif result.status == "busy":
        st.warning(text.UPLOAD_BUSY.format(name=name, message=message))
    elif result.status == "rejected":
        st.error(text.UPLOAD_RESULT_REJECTED.format(name=name, reason=message))
    else:
        st.error(text.UPLOAD_FAILED.format(name=name, message=message))
    if result.errors:
        with st.expander(f"{text.UPLOAD_ERRORS} — {name}"):
            issues_table(result.errors)


def template_buttons(year: int | None) -> None:
    """One download button per input template (.xlsx from ``data/templates.py``)."""
    from data.intake import templates

    labels = catalog.load().labels["input_kind"].labels()
    kinds = {k: v for k, v in labels.items() if k in templates.FILE_NAMES}  # no register one
    cols = st.columns(len(kinds))
    for col, (kind, label) in zip(cols, kinds.items(), strict=True):
        with col:
            st.download_button(
                text.UPLOAD_TEMPLATE_BUTTON.format(label=label),
                data=cache.template_bytes(kind, year),
                file_name=templates.FILE_NAMES[kind],
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key=f"template_{kind}",
                icon=":material/download:",
            )
