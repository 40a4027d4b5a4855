"""The one Plotly template and the one colour per status, shared by every chart and badge.

Colours come from a colour-blind-safe ramp (green, blue, orange, red, purple, greys); the
status is always written as text next to the colour, so greyscale prints still read.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from metrics import labels

TEMPLATE_NAME = "kpi_q1"
FONT_FAMILY = "Noto Sans, Arial, sans-serif"

GOOD = "#1b7837"  # met / done / on time
ON_TRACK = "#2166ac"  # on its way
BEHIND = "#e08214"  # slipping
BAD = "#b2182b"  # at risk / overdue / missing
NOT_REPORTED = "#762a83"  # nobody reported: bad, but a different kind of bad
CONTINUOUS = "#5d6d7e"  # judged on reporting only
NEUTRAL = "#aab2bb"  # nothing to judge

# One colour per status key, whichever table the key comes from (KPI, task, report).
STATUS_COLORS: dict[str, str] = {
    "met": GOOD,
    "done": GOOD,
    "on_time": GOOD,
    "on_track": ON_TRACK,
    "behind": BEHIND,
    "late": BEHIND,
    "returned": BEHIND,  # arrived but refused: needs correcting, not missing
    "not_met": BAD,
    "at_risk": BAD,
    "overdue": BAD,
    "missing": BAD,
    "not_reported": NOT_REPORTED,
    "continuous": CONTINUOUS,
    "waiting": CONTINUOUS,  # waiting on a higher level: not counted as behind
    "no_data": NEUTRAL,
    "no_target": NEUTRAL,
}
# Text on light backgrounds needs dark ink; every other badge uses white.
LIGHT_BACKGROUNDS = {NEUTRAL}

SERIES_COLORS = ["#2166ac", "#e08214", "#1b7837", "#762a83", "#b2182b", "#5d6d7e"]
TARGET_COLOR = "#b2182b"
PATH_COLOR = "#5d6d7e"
HEAT_SCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]
HEAT_SCALE_REVERSED = [[0.0, "#08306b"], [0.5, "#6baed6"], [1.0, "#f7fbff"]]

# The modebar's "download as PNG": a 1280 × 720 layout drawn at 1.5× gives a 1920 × 1080
# slide image with text one and a half times the screen size, whatever the window width.
# The browser draws it, so Vietnamese labels keep the page's fonts. Use it in every
# st.plotly_chart config ({"toImageButtonOptions": PNG_EXPORT}).
PNG_EXPORT = {"format": "png", "filename": "bieu-do", "width": 1280, "height": 720, "scale": 1.5}


def status_color(status: str | None) -> str:
    """Colour of a status key (grey for an unknown or missing one)."""
    return STATUS_COLORS.get(status or "", NEUTRAL)


def text_color(status: str | None) -> str:
    """Readable ink on the status colour."""
    return "#1f2328" if status_color(status) in LIGHT_BACKGROUNDS else "#ffffff"


def status_label(status: str | None, kind: str = "kpi", deadline_kind: str | None = None) -> str:
    """Vietnamese label of a KPI, task or report status key."""
    if status is None:
        return labels.KPI_STATUS["no_data"]
    if kind == "task":
        return labels.task_status_label(status, deadline_kind)
    if kind == "report":
        return labels.COMPLIANCE_STATUS.get(status, status)
    return labels.KPI_STATUS.get(status, status)


REPORT_LABELS = labels.REPORT_STATUS


def _template() -> go.layout.Template:
    return go.layout.Template(
        layout=go.Layout(
            separators=",.",
            font={"family": FONT_FAMILY, "size": 13, "color": "#1f2328"},
            colorway=SERIES_COLORS,
            paper_bgcolor="#ffffff",
            plot_bgcolor="#ffffff",
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            hoverlabel={"font": {"family": FONT_FAMILY}},
            # The legend sits under the plot so it never collides with the title above it.
            legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "xanchor": "left"},
            xaxis={"gridcolor": "#e5e8eb", "zerolinecolor": "#c9ced4", "automargin": True},
            yaxis={"gridcolor": "#e5e8eb", "zerolinecolor": "#c9ced4", "automargin": True},
            title={
                "font": {"size": 15},
                "x": 0,
                "xanchor": "left",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": 8},
                "automargin": True,
            },
        )
    )


pio.templates[TEMPLATE_NAME] = _template()
