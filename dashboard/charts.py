"""Pure chart functions: a DataFrame in, a Plotly figure out; no I/O, no Streamlit.

Vietnamese number formats come from the template (``separators=",."``), months are shown
as ``mm/yyyy`` (no month names), statuses carry their colour and their written label.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import text, theme
from metrics.format import DECIMALS

_TASK_ORDER = ("done", "on_track", "continuous", "not_reported", "behind", "overdue")
_REPORT_ORDER = ("on_time", "late", "returned", "missing")


def _figure(
    title: str | None = None, height: int = 360, fmt: str = "decimal1", category: str = ""
) -> go.Figure:
    """An empty figure in our template; ``meta`` tells ``data_table`` how to read it back.

    Args:
        title: chart title.
        height: height in pixels.
        fmt: registry format of the values drawn.
        category: header of the categories (months, wards …) in the chart's data table.
    """
    fig = go.Figure()
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        meta={"value_format": fmt, "category": category or text.TABLE_CATEGORY},
    )
    if title:
        fig.update_layout(title_text=title)
    return fig


def short_ward(name: str) -> str:
    """``"Phường Bến Nghé"`` → ``"Bến Nghé"``: the chart says it shows wards."""
    return str(name).removeprefix("Phường ").removeprefix("P. ")


def wrap(line: str, width: int) -> str:
    """A title broken into lines of at most ``width`` characters (Plotly's ``<br>``).

    Plotly never wraps a title; on a phone a long one runs off the chart or under the toolbar.
    """
    lines: list[str] = []
    for word in str(line).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def data_table(fig: go.Figure) -> tuple[pd.DataFrame, str, str]:
    """The numbers a chart draws, as a table: one row per category, one column per series.

    Returns:
        The table (first column the categories, a column ``text.TABLE_STATUS`` when the
        bars carry a status), the registry format of its numbers and the header of the
        category column.
    """
    meta = fig.layout.meta or {}
    fmt = meta.get("value_format", "decimal1")
    category = meta.get("category", text.TABLE_CATEGORY)
    heat = [t for t in fig.data if t.type == "heatmap"]
    if heat:
        grid = pd.DataFrame(list(heat[0].z), columns=list(heat[0].x))
        grid.insert(0, category, list(heat[0].y))
        return grid, fmt, category
    rows: dict = {}
    statuses: dict = {}
    reading_order: list = []
    bottom_up = False  # a horizontal chart draws its first category at the bottom
    for trace in fig.data:
        horizontal = getattr(trace, "orientation", None) == "h"
        cats, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        if cats is None or values is None:
            continue
        # Bars split by status (each with its label) are one series of values.
        split = trace.type == "bar" and trace.customdata is not None
        name = text.AXIS_VALUE if split or not trace.name else trace.name
        for cat, value in zip(cats, values, strict=False):
            if cat not in rows:
                rows[cat] = {}
                reading_order.append(cat)
            rows[cat][name] = value
        if trace.type == "bar" and trace.customdata is not None:
            for cat, label in zip(cats, trace.customdata, strict=False):
                statuses[cat] = label
        bottom_up = bottom_up or (horizontal and fig.layout.yaxis.autorange != "reversed")
    if bottom_up:
        reading_order.reverse()
    frame = pd.DataFrame([{category: c, **rows[c]} for c in reading_order])
    if statuses:
        frame[text.TABLE_STATUS] = [statuses.get(c, "") for c in frame[category]]
    return frame, fmt, category


def _value_format(fmt: str) -> str:
    """d3 format of a registry format (the template turns , and . into Vietnamese)."""
    return f",.{DECIMALS.get(fmt, 1)}f"


def _suffix(fmt: str) -> str:
    return "%" if fmt == "percent" else ""


def _empty(fig: go.Figure) -> go.Figure:
    fig.add_annotation(
        text=text.NO_CHART_DATA, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def kpi_trend(series: pd.DataFrame, fmt: str, title: str | None = None) -> go.Figure:
    """A KPI month by month: year to date, the month itself, the year target and the glide path.

    Args:
        series: ``metrics.api.kpi_series`` rows (``period_key, value, value_ytd, target,
            expected``).
        fmt: registry format of the KPI (``percent``, ``integer`` …).
        title: chart title.
    """
    fig = _figure(title or text.CHART_TREND_TITLE, fmt=fmt, category=text.TABLE_MONTH)
    if series.empty or series["value_ytd"].isna().all():
        return _empty(fig)
    # "T1" … "T12" (tháng 1 … 12) fit a half-width chart; the year is in the page header.
    months = [f"T{int(k[5:7])}" for k in series["period_key"]]
    vf, suffix = _value_format(fmt), _suffix(fmt)
    fig.add_bar(
        x=months,
        y=series["value"],
        name=text.SERIES_MONTH,
        marker_color="#c6dbef",
        hovertemplate=f"%{{x}}: %{{y:{vf}}}{suffix}<extra>{text.SERIES_MONTH}</extra>",
    )
    fig.add_scatter(
        x=months,
        y=series["value_ytd"],
        name=text.SERIES_YTD,
        mode="lines+markers",
        line={"color": theme.ON_TRACK, "width": 3},
        hovertemplate=f"%{{x}}: %{{y:{vf}}}{suffix}<extra>{text.SERIES_YTD}</extra>",
    )
    if series["expected"].notna().any():
        fig.add_scatter(
            x=months,
            y=series["expected"],
            name=text.SERIES_PATH,
            mode="lines",
            line={"color": theme.PATH_COLOR, "dash": "dot", "width": 2},
            hovertemplate=f"%{{x}}: %{{y:{vf}}}{suffix}<extra>{text.SERIES_PATH}</extra>",
        )
    if series["target"].notna().any():
        fig.add_scatter(
            x=months,
            y=series["target"],
            name=text.SERIES_TARGET,
            mode="lines",
            line={"color": theme.TARGET_COLOR, "dash": "dash", "width": 2},
            hovertemplate=f"%{{y:{vf}}}{suffix}<extra>{text.SERIES_TARGET}</extra>",
        )
    fig.update_yaxes(tickformat=vf, ticksuffix=suffix, rangemode="tozero")
    fig.update_xaxes(type="category", tickangle=0)
    return fig


def ward_ranking(by_ward: pd.DataFrame, fmt: str, title: str | None = None) -> go.Figure:
    """The wards on one KPI, best at the top, each bar in its status colour, its value written.

    One bar series per status, named by its label, so the legend writes every status out
    (a label on each bar would not fit beside a long bar on a phone).

    Args:
        by_ward: ``metrics.api.kpi_by_ward`` rows, best first.
        fmt: registry format of the KPI.
        title: chart title.
    """
    fig = _figure(
        title or text.CHART_WARD_TITLE,
        height=130 + 30 * max(len(by_ward), 1),
        fmt=fmt,
        category=text.TABLE_WARD,
    )
    if by_ward.empty or by_ward["value"].isna().all():
        return _empty(fig)
    names = [short_ward(n) for n in by_ward["ward_name"]]
    vf, suffix = _value_format(fmt), _suffix(fmt)
    statuses = list(by_ward["status"])
    for status in dict.fromkeys(statuses):
        mine = [i for i, s in enumerate(statuses) if s == status]
        label = theme.status_label(status)
        fig.add_bar(
            x=by_ward["value"].iloc[mine],
            y=[names[i] for i in mine],
            orientation="h",
            name=label,
            marker_color=theme.status_color(status),
            customdata=[label] * len(mine),
            texttemplate=f"%{{x:{vf}}}{suffix}",
            textposition="inside",
            insidetextanchor="end",
            insidetextfont={"color": theme.text_color(status)},
            hovertemplate=f"%{{y}}: %{{x:{vf}}}{suffix} (%{{customdata}})<extra></extra>",
        )
    target = by_ward["target"].dropna()
    if len(target) and target.nunique() == 1 and len(target) == len(by_ward):
        # One target binds every ward alike: one line, named in the legend.
        fig.add_scatter(
            x=[float(target.iloc[0])] * len(names),
            y=names,
            orientation="h",  # read by ward in the chart's data table
            mode="lines",
            line={"color": theme.TARGET_COLOR, "dash": "dash", "width": 2},
            name=text.SERIES_TARGET,
            hovertemplate=f"{text.SERIES_TARGET}: %{{x:{vf}}}{suffix}<extra></extra>",
        )
    elif len(target):
        # Each ward's own target (from its own baseline): a mark on its own bar.
        fig.add_scatter(
            x=by_ward["target"],
            y=names,
            orientation="h",
            mode="markers",
            marker={
                "symbol": "line-ns",
                "size": 22,
                "line": {"width": 3, "color": theme.TARGET_COLOR},
            },
            name=text.SERIES_WARD_TARGET,
            hovertemplate=f"%{{y}}: {text.SERIES_WARD_TARGET.lower()} %{{x:{vf}}}{suffix}<extra></extra>",
        )
    # Best at the top, in the order of the rows.
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed")
    fig.update_xaxes(tickformat=vf, ticksuffix=suffix, rangemode="tozero")
    fig.update_layout(barmode="overlay", showlegend=True)
    return fig


def ward_heatmap(matrix: pd.DataFrame, fmt: str, lower_is_better: bool = False) -> go.Figure:
    """Month × ward heat map of one KPI's own monthly values, with the numbers written in.

    Args:
        matrix: ``metrics.api.ward_month_matrix`` rows (``ward_name, month_start, value``).
        fmt: registry format of the KPI.
        lower_is_better: darker means better either way.
    """
    fig = _figure(text.CHART_HEAT_TITLE, height=120 + 34 * 10, fmt=fmt, category=text.TABLE_WARD)
    if matrix.empty:
        return _empty(fig)
    # "T1" … "T12" and the ward without "Phường": the grid stays readable on a phone.
    grid = matrix.assign(
        month=[f"T{d.month}" for d in matrix["month_start"]],
        ward=[short_ward(n) for n in matrix["ward_name"]],
    ).pivot_table(index="ward", columns="month", values="value", sort=False, aggfunc="first")
    vf, suffix = _value_format(fmt), _suffix(fmt)
    fig.add_heatmap(
        z=grid.to_numpy(),
        x=list(grid.columns),
        y=list(grid.index),
        colorscale=theme.HEAT_SCALE_REVERSED if lower_is_better else theme.HEAT_SCALE,
        texttemplate=f"%{{z:{vf}}}",
        hovertemplate=f"%{{y}}, %{{x}}: %{{z:{vf}}}{suffix}<extra></extra>",
        colorbar={"tickformat": vf, "ticksuffix": suffix, "thickness": 10},
        xgap=2,
        ygap=2,
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category")
    return fig


def group_tasks(groups: pd.DataFrame) -> go.Figure:
    """Tasks of each solution group by status, stacked, with counts written on the bars.

    Args:
        groups: ``metrics.api.group_summary`` rows (``group, short_name, tasks_<status>``).
    """
    fig = _figure(text.CHART_TASKS_TITLE, height=320, fmt="integer", category=text.TABLE_GROUP)
    if groups.empty:
        return _empty(fig)
    names = [f"{g} · {n}" for g, n in zip(groups["group"], groups["short_name"], strict=True)]
    for status in _TASK_ORDER:
        col = f"tasks_{status}"
        if col not in groups.columns:
            continue
        label = theme.status_label(status, "task")
        fig.add_bar(
            y=names,
            x=groups[col],
            name=label,
            orientation="h",
            marker_color=theme.status_color(status),
            text=[str(int(v)) if v else "" for v in groups[col]],
            textposition="inside",
            insidetextfont={"color": theme.text_color(status)},
            hovertemplate=f"%{{y}}: %{{x}} ({label})<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(dtick=1 if groups["tasks_total"].max() < 15 else None)
    return fig


def compliance_periods(summary: pd.DataFrame) -> go.Figure:
    """Reports per period: on time, late, returned, missing, stacked and labelled.

    Args:
        summary: ``metrics.api.compliance_summary`` rows.
    """
    fig = _figure(
        text.CHART_COMPLIANCE_TITLE, height=320, fmt="integer", category=text.TABLE_PERIOD
    )
    if summary.empty:
        return _empty(fig)
    for status in _REPORT_ORDER:
        label = theme.status_label(status, "report")
        fig.add_bar(
            x=summary["period_label"],
            y=summary[status],
            name=label,
            marker_color=theme.status_color(status),
            text=[str(int(v)) if v else "" for v in summary[status]],
            textposition="inside",
            insidetextfont={"color": theme.text_color(status)},
            hovertemplate=f"%{{x}}: %{{y}} ({label})<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=text.SERIES_REPORTS)
    fig.update_xaxes(type="category")
    return fig


def yearly(series: pd.DataFrame, fmt: str, title: str, lower_is_better: bool = False) -> go.Figure:
    """A yearly indicator (PCI score, rank, DDCI) over the years, with the target of each year.

    Args:
        series: ``metrics.api.yearly_series`` rows (``year, value, target, status``).
        fmt: registry format.
        title: chart title.
        lower_is_better: ranks: the axis is reversed so better is up.
    """
    fig = _figure(title, height=320, fmt=fmt, category=text.TABLE_YEAR)
    if series.empty or series["value"].isna().all():
        return _empty(fig)
    years = [str(y) for y in series["year"]]
    vf = _value_format(fmt)
    labels = [theme.status_label(s) for s in series["status"]]
    fig.add_scatter(
        x=years,
        y=series["value"],
        mode="lines+markers+text",
        name=text.AXIS_VALUE,
        line={"color": theme.ON_TRACK, "width": 3},
        marker={"size": 12, "color": [theme.status_color(s) for s in series["status"]]},
        customdata=labels,
        texttemplate=f"%{{y:{vf}}}",
        textposition="top center",
        cliponaxis=False,
        hovertemplate=f"%{{x}}: %{{y:{vf}}} (%{{customdata}})<extra></extra>",
    )
    if series["target"].notna().any():
        fig.add_scatter(
            x=years,
            y=series["target"],
            mode="markers",
            name=text.SERIES_TARGET,
            marker={"symbol": "line-ew-open", "size": 26, "color": theme.TARGET_COLOR},
            hovertemplate=f"%{{x}}: %{{y:{vf}}}<extra>{text.SERIES_TARGET}</extra>",
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=vf, autorange="reversed" if lower_is_better else True)
    return fig


def pci_subindices(subs: pd.DataFrame, year: int) -> go.Figure:
    """The ten PCI sub-indices, this year against last year, weakest at the top.

    Args:
        subs: ``metrics.api.pci_subindices`` rows, weakest first.
        year: the plan year (labels of the two series).
    """
    fig = _figure(
        text.CHART_SUBINDEX_TITLE,
        height=110 + 46 * max(len(subs), 1),
        fmt="decimal2",
        category=text.TABLE_SUBINDEX,
    )
    if subs.empty or subs["value"].isna().all():
        return _empty(fig)
    fig.add_bar(
        y=subs["label"],
        x=subs["previous"],
        name=text.SERIES_THIS_YEAR.format(year=year - 1),
        orientation="h",
        marker_color="#aab2bb",
        texttemplate="%{x:,.2f}",
        textposition="outside",
        hovertemplate="%{y}: %{x:,.2f}<extra></extra>",
    )
    fig.add_bar(
        y=subs["label"],
        x=subs["value"],
        name=text.SERIES_THIS_YEAR.format(year=year),
        orientation="h",
        marker_color=theme.ON_TRACK,
        texttemplate="%{x:,.2f}",
        textposition="outside",
        hovertemplate="%{y}: %{x:,.2f}<extra></extra>",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 10.8], tickformat=",.0f")
    return fig
