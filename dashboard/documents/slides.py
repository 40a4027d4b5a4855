"""The briefing slides as drawing instructions: what each slide says, laid out once for every backend.

A slide is 960 × 540 points (16:9, 13,33 × 7,5 inch). ``draw`` lays a slide out on a
``Canvas`` (rectangles, lines, wrapped text), so the PowerPoint deck, the 1920 × 1080 PNG
files and the A4 PDF show the same text at the same places. Every figure is the metrics
layer's (``metrics.briefing.Briefing`` and ``metrics.api``), formatted by ``metrics.format``;
every status is written with its catalog label next to its colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from dashboard import theme
from dashboard.documents import fonts
from metrics import api, labels
from metrics import format as fmt
from metrics.briefing import LEAD_KPI, Briefing

WIDTH, HEIGHT = 960.0, 540.0
MARGIN = 36.0
HEADER = 72.0
FOOTER_Y = 506.0
BODY = 20.0  # body text; never under MIN_SIZE
MIN_SIZE = 18.0
SMALL = 17.0  # footer, legends: 17 pt still prints at 9,5 pt on a half A4 page
INK = "#1f2328"
MUTED = "#4a5259"
BLUE = theme.ON_TRACK
RED = theme.BAD
TRACK = "#e5e8eb"
# Task statuses that need the leadership's direction (the rest are done or on their way).
TASKS_TO_DIRECT = ("overdue", "behind", "not_reported")

TEXT = {
    "org": "ỦY BAN NHÂN DÂN QUẬN 1",
    "title": "BẢN TIN GIAO BAN THÁNG {month}",
    "theme": "Tình hình thực hiện Chủ đề năm {year}",
    "as_of": "Số liệu tính đến hết ngày {date}",
    "summary": "Tóm tắt tình hình tháng {month}",
    "groups": "Các nhóm giải pháp",
    "group": "Nhóm {code} – {name}",
    "tasks": "Nhiệm vụ: {total}",
    "kpis": "Chỉ số",
    "col_value": "Giá trị",
    "col_path": "Lộ trình",
    "col_target": "Chỉ tiêu năm",
    "col_status": "Đánh giá",
    "no_kpi": "Nhóm chưa có chỉ số được đánh giá.",
    "kpis_left": "Ngoài ra " + labels.KPIS_UNJUDGED + ".",
    "to_direct": "Nhiệm vụ cần chỉ đạo ({n})",
    "task_line": "Nhiệm vụ {id} ({leads}): {status}{percent} – {content}",
    "none": "Không có.",
    "more": "… và {n} mục khác.",
    "kpis_more": "… và {n} chỉ số khác (xem báo cáo tổng hợp).",
    "wards": "10 phường – {kpi}",
    "wards_chart": "{kpi}, lũy kế đến tháng {month}; vạch đen: lộ trình, vạch đỏ: chỉ tiêu",
    "wards_lagging": "Phường chưa đạt lộ trình ở các chỉ số chính ({n})",
    "problems": "Vấn đề cần chỉ đạo",
    "overdue": "Nhiệm vụ quá hạn",
    "missing": "Báo cáo chưa nộp",
    "lagging": "Phường chưa đạt lộ trình",
    "task": "Nhiệm vụ {id}: {content} – {leads} (hạn {deadline})",
    "report": "{unit} – kỳ {period} (hạn {due})",
    "ward": "{ward} – {kpis}",
    "ward_kpi": "{kpi} {value} (lộ trình {expected})",
    "footer": "Giao ban tháng {month}",
    "sample": labels.SAMPLE_WARNING,
}


class Canvas(Protocol):
    """What a backend draws with; coordinates in slide points, y downwards."""

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None: ...

    def line(
        self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1.0
    ) -> None: ...

    def text(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        size: float,
        bold: bool = False,
        color: str = INK,
        align: str = "left",
    ) -> None: ...


@dataclass
class Slide:
    """One slide: its kind (the layout), file-name topic and what it shows."""

    kind: str
    topic: str
    title: str
    data: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- content


def _short(text, limit: int = 90) -> str:
    text = " ".join(str(text if text is not None and not pd.isna(text) else "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def problem_items(b: Briefing) -> dict[str, list[str]]:
    """The three problem lists (overdue tasks, missing reports, lagging wards) as lines."""
    overdue = [
        TEXT["task"].format(
            id=t["task_id"],
            content=_short(t["content"]),
            leads=t["lead_names"],
            deadline=fmt.fmt_date(t["deadline_date"]),
        )
        for _, t in b.overdue_tasks.iterrows()
    ]
    missing = [
        TEXT["report"].format(
            unit=r["unit_name"], period=r["period_label"], due=fmt.fmt_date(r["due_date"])
        )
        for _, r in b.missing_reports.iterrows()
    ]
    formats = b.kpis.set_index("code")["format"].to_dict()
    by_ward: dict[str, list[str]] = {}  # worst ward first, its KPIs on one line
    for _, w in b.lagging_wards.iterrows():
        kpi_format = formats.get(w["code"], "decimal1")
        by_ward.setdefault(w["ward_name"], []).append(
            TEXT["ward_kpi"].format(
                kpi=w["label"],
                value=fmt.fmt_value(w["value"], kpi_format),
                expected=fmt.fmt_value(w["expected"], kpi_format),
            )
        )
    lagging = [TEXT["ward"].format(ward=k, kpis="; ".join(v)) for k, v in by_ward.items()]
    return {"overdue": overdue, "missing": missing, "lagging": lagging}


def value_text(row) -> str:
    """A KPI's value in its display format, with its unit unless it is a percentage."""
    text = fmt.fmt_value(row["value"], row["format"])
    if row["format"] == "percent" or text == fmt.EMPTY or row["format"] == "rank":
        return text
    return f"{text} {row['unit']}"


def _kpi_rows(kpis: pd.DataFrame) -> tuple[list[dict], int]:
    """The group's judged KPIs, worst first, and how many others have no data or target."""
    order = {s: i for i, s in enumerate(labels.KPI_STATUS_ORDER)}
    judged = kpis[~kpis["status"].isin(("no_data", "no_target"))].copy()
    judged["_order"] = judged["status"].map(order)
    judged = judged.sort_values("_order", kind="stable")
    rows = [
        {
            "code": k["code"],
            "label": k["label"],
            "format": k["format"],
            "value": None if pd.isna(k["value"]) else float(k["value"]),
            "expected": None if pd.isna(k["expected"]) else float(k["expected"]),
            "target": None if pd.isna(k["target"]) else float(k["target"]),
            "value_text": value_text(k),
            "expected_text": fmt.fmt_value(k["expected"], k["format"]),
            "target_text": k["target_text"] or labels.NO_TARGET,
            "status": k["status"],
            "status_label": theme.status_label(k["status"]),
        }
        for _, k in judged.iterrows()
    ]
    return rows, len(kpis) - len(judged)


def task_line(t) -> str:
    """A task that needs direction, as one line."""
    percent = "" if pd.isna(t["percent"]) else f", {fmt.fmt_percent(t['percent'], 0)}"
    return TEXT["task_line"].format(
        id=t["task_id"],
        leads=t["lead_names"],
        status=t["status_label"],
        percent=percent,
        content=_short(t["content"], 70),
    )


def build_slides(b: Briefing, db=None) -> list[Slide]:
    """The slides of the month, in meeting order."""
    month = b.month_label
    slides = [
        Slide(
            "cover",
            "bia",
            TEXT["title"].format(month=month),
            {
                "org": TEXT["org"],
                "theme": TEXT["theme"].format(year=b.year),
                "plan_title": f"“{b.plan_title}”",
                "plan": b.plan_name,
                "as_of": TEXT["as_of"].format(date=fmt.fmt_date(b.as_of)),
            },
        ),
        Slide(
            "summary",
            "tom-tat",
            TEXT["summary"].format(month=month),
            {
                "sentences": list(b.sentences),
                "groups": [
                    {
                        "name": f"{g['group']} · {g['short_name']}",
                        "status": g["status"],
                        "status_label": g["status_label"],
                        "tasks": f"{int(g['tasks_done'])}/{int(g['tasks_total'])}",
                    }
                    for _, g in b.groups.iterrows()
                ],
            },
        ),
    ]
    for _, g in b.groups.iterrows():
        kpis, others = _kpi_rows(b.kpis[b.kpis["group"] == g["group"]])
        tasks = b.tasks[b.tasks["group"] == g["group"]]
        direct = tasks[tasks["status"].isin(TASKS_TO_DIRECT)]
        counts = [
            (status, int(g[f"tasks_{status}"]))
            for status in ("done", "on_track", "continuous", "behind", "overdue", "not_reported")
            if f"tasks_{status}" in g.index
        ]
        slides.append(
            Slide(
                "group",
                f"nhom-{g['group']}",
                TEXT["group"].format(code=g["group"], name=g["short_name"]),
                {
                    "status": g["status"],
                    "status_label": g["status_label"],
                    "tasks_total": int(g["tasks_total"]),
                    "task_counts": [(s, theme.status_label(s, "task"), n) for s, n in counts if n],
                    "kpis": kpis,
                    "kpis_left": others,
                    "tasks": [task_line(t) for _, t in direct.iterrows()],
                },
            )
        )
    by_code = b.kpis.set_index("code", drop=False)
    if LEAD_KPI in by_code.index:
        lead = by_code.loc[LEAD_KPI]
        wards = api.kpi_by_ward(LEAD_KPI, b.year, b.as_of, db=db)
        items = problem_items(b)
        slides.append(
            Slide(
                "wards",
                "phuong",
                TEXT["wards"].format(kpi=lead["label"]),
                {
                    "caption": TEXT["wards_chart"].format(kpi=lead["label"], month=month),
                    "format": lead["format"],
                    "rows": [
                        {
                            "name": w["ward_name"].removeprefix("Phường "),
                            "value": None if pd.isna(w["value"]) else float(w["value"]),
                            "expected": None if pd.isna(w["expected"]) else float(w["expected"]),
                            "target": None if pd.isna(w["target"]) else float(w["target"]),
                            "text": f"{fmt.fmt_value(w['value'], lead['format'])} · "
                            f"{theme.status_label(w['status'])}",
                            "status": w["status"],
                        }
                        for _, w in wards.iterrows()
                    ],
                    "lagging": items["lagging"],
                },
            )
        )
    slides.append(Slide("problems", "van-de", TEXT["problems"], {"items": problem_items(b)}))
    return slides


# --------------------------------------------------------------------------- drawing


def text_height(text: str, size: float, w: float, bold: bool = False) -> float:
    return fonts.height(len(fonts.wrap(text, size, w, bold)), size)


def pill(c: Canvas, x: float, y: float, label: str, status: str, size: float = SMALL) -> float:
    """A status badge: its colour and its written label. Returns its width."""
    w = fonts.width(label, size, True) + size
    c.rect(x, y, w, size * 1.5, theme.status_color(status))
    c.text(x, y + size * 0.1, w, label, size, True, theme.text_color(status), "center")
    return w


def bullets(
    c: Canvas,
    x: float,
    y: float,
    w: float,
    bottom: float,
    items: list[str],
    size: float = BODY,
    gap: float = 6.0,
) -> float:
    """A bullet list that fits above ``bottom``: smaller type first, then "… và n mục khác"."""
    indent = size
    if not items:
        c.text(x, y, w, TEXT["none"], size, color=MUTED)
        return y + fonts.height(1, size)
    for trial in (size, size - 1, MIN_SIZE):
        total = sum(text_height(i, trial, w - indent) + gap for i in items)
        if y + total <= bottom:
            size = trial
            break
    else:
        size = MIN_SIZE
    for n, item in enumerate(items):
        h = text_height(item, size, w - indent)
        rest = len(items) - n
        more_h = fonts.height(1, size) if rest > 1 else 0
        if y + h + more_h > bottom and rest > 0:
            c.text(x + indent, y, w - indent, TEXT["more"].format(n=rest), size, color=MUTED)
            return y + fonts.height(1, size)
        c.text(x, y, indent, "•", size, color=BLUE)
        c.text(x + indent, y, w - indent, item, size)
        y += h + gap
    return y


def frame(c: Canvas, slide: Slide, number: int, total: int, month: str, sample: bool) -> None:
    """The title band and the footer every slide but the cover carries."""
    c.rect(0, 0, WIDTH, HEADER, BLUE)
    c.text(MARGIN, 17, WIDTH - 2 * MARGIN - 220, slide.title, 28, True, "#ffffff")
    status = slide.data.get("status")
    if status:
        label = slide.data["status_label"]
        w = fonts.width(label, BODY, True) + BODY
        c.rect(WIDTH - MARGIN - w - 4, 18, w + 8, BODY * 1.5 + 8, "#ffffff")
        pill(c, WIDTH - MARGIN - w, 22, label, status, BODY)
    c.line(MARGIN, FOOTER_Y - 6, WIDTH - MARGIN, FOOTER_Y - 6, TRACK)
    c.text(MARGIN, FOOTER_Y, 300, TEXT["footer"].format(month=month), SMALL, color=MUTED)
    c.text(
        WIDTH - MARGIN - 80, FOOTER_Y, 80, f"{number}/{total}", SMALL, color=MUTED, align="right"
    )
    if sample:
        c.text(330, FOOTER_Y, 500, TEXT["sample"], SMALL, True, RED, "center")


def draw_cover(c: Canvas, s: Slide, sample: bool) -> None:
    d = s.data
    c.rect(0, 0, WIDTH, 14, BLUE)
    c.rect(0, HEIGHT - 14, WIDTH, 14, BLUE)
    w = WIDTH - 2 * 80
    y = 64.0
    c.text(80, y, w, d["org"], 24, True, INK, "center")
    y += 70
    c.text(80, y, w, s.title, 44, True, BLUE, "center")
    y += text_height(s.title, 44, w, True) + 14
    c.text(80, y, w, d["theme"], 24, False, INK, "center")
    y += text_height(d["theme"], 24, w) + 8
    c.text(110, y, w - 60, d["plan_title"], 19, False, MUTED, "center")
    y += text_height(d["plan_title"], 19, w - 60) + 8
    c.text(80, y, w, d["plan"], 19, False, MUTED, "center")
    y += text_height(d["plan"], 19, w) + 26
    c.text(80, y, w, d["as_of"], 26, True, INK, "center")
    y += text_height(d["as_of"], 26, w, True) + 20
    if sample:
        label = TEXT["sample"]
        bw = fonts.width(label, 20, True) + 40
        c.rect((WIDTH - bw) / 2 - 2, y - 2, bw + 4, 40, RED)
        c.rect((WIDTH - bw) / 2, y, bw, 36, "#ffffff")
        c.text((WIDTH - bw) / 2, y + 5, bw, label, 20, True, RED, "center")


def draw_summary(c: Canvas, s: Slide) -> None:
    d = s.data
    left_w = 590.0
    bullets(c, MARGIN, HEADER + 22, left_w, FOOTER_Y - 14, d["sentences"], BODY, 10)
    x = MARGIN + left_w + 26
    w = WIDTH - MARGIN - x
    c.text(x, HEADER + 22, w, TEXT["groups"], BODY, True, BLUE)
    y = HEADER + 22 + fonts.height(1, BODY) + 8
    for g in d["groups"]:
        c.text(x, y, w, g["name"], MIN_SIZE, True)
        y += fonts.height(1, MIN_SIZE) + 2
        pill(c, x, y, g["status_label"], g["status"], SMALL)
        y += SMALL * 1.5 + 14


def _bar(c: Canvas, x: float, y: float, w: float, row: dict) -> None:
    """A percentage as a bar on 0–100 %, with ticks at the path (black) and target (red)."""
    h = 9.0
    c.rect(x, y, w, h, TRACK)
    if row["value"] is not None:
        c.rect(
            x, y, w * max(0.0, min(row["value"], 100.0)) / 100, h, theme.status_color(row["status"])
        )
    for mark, color in ((row["expected"], INK), (row["target"], RED)):
        if mark is not None:
            mx = x + w * max(0.0, min(mark, 100.0)) / 100
            c.line(mx, y - 4, mx, y + h + 4, color, 2.5)


def _target_width(k: dict, cols: list[tuple[str, float]]) -> float:
    """A KPI's target text takes the bar's room too when it has no bar (not a percentage)."""
    return cols[4][1] - 10 + (0 if k["format"] == "percent" else cols[3][1] - 6)


def draw_group(c: Canvas, s: Slide) -> None:
    d = s.data
    y = HEADER + 16
    # tasks: a stacked bar with the counts written in, and its legend
    c.text(MARGIN, y, 170, TEXT["tasks"].format(total=d["tasks_total"]), BODY, True)
    bar_x, bar_w = MARGIN + 170, WIDTH - 2 * MARGIN - 170
    total = max(d["tasks_total"], 1)
    x = bar_x
    for status, _label, n in d["task_counts"]:
        w = bar_w * n / total
        c.rect(x, y, w, 26, theme.status_color(status))
        c.text(x, y + 2, w, str(n), MIN_SIZE, True, theme.text_color(status), "center")
        x += w
    y += 32
    lx = bar_x
    for status, label, n in d["task_counts"]:
        item = f"{label} {n}"
        iw = fonts.width(item, SMALL) + 30
        if lx + iw > WIDTH - MARGIN:
            y += fonts.height(1, SMALL)
            lx = bar_x
        c.rect(lx, y + 5, 12, 12, theme.status_color(status))
        c.text(lx + 16, y, iw - 16, item, SMALL)
        lx += iw
    y += fonts.height(1, SMALL) + 14
    # KPIs: label, value, path, a bar with the path and target ticks, target, status
    cols = [
        ("kpis", 300.0),
        ("col_value", 85.0),
        ("col_path", 85.0),
        ("bar", 100.0),
        ("col_target", 125.0),
    ]
    status_x = MARGIN + sum(w for _, w in cols)
    x = MARGIN
    for key, w in cols:
        if key != "bar":
            align = "right" if key in ("col_value", "col_path") else "left"
            c.text(x, y, w - 10, TEXT[key], SMALL, True, MUTED, align)
        x += w
    c.text(status_x, y, WIDTH - MARGIN - status_x, TEXT["col_status"], SMALL, True, MUTED)
    y += fonts.height(1, SMALL) + 2
    c.line(MARGIN, y, WIDTH - MARGIN, y, TRACK, 1.5)
    y += 5
    reserve = 0.0
    if d["tasks"]:
        first = fonts.height(
            len(fonts.wrap(d["tasks"][0], MIN_SIZE, WIDTH - 2 * MARGIN - MIN_SIZE)), MIN_SIZE
        )
        reserve = fonts.height(1, BODY) + 14 + first + fonts.height(1, MIN_SIZE)
    tasks_top = FOOTER_Y - 12 - reserve
    kpis = d["kpis"]
    if not kpis:
        c.text(MARGIN, y, 700, TEXT["no_kpi"], MIN_SIZE, color=MUTED)
        y += fonts.height(1, MIN_SIZE)
    for n, k in enumerate(kpis):
        h = (
            max(
                text_height(k["label"], MIN_SIZE, cols[0][1] - 10),
                text_height(k["target_text"], SMALL, _target_width(k, cols)),
                SMALL * 1.5,
            )
            + 6
        )
        rest = len(kpis) - n
        if y + h + (fonts.height(1, SMALL) if rest > 1 else 0) > tasks_top:
            c.text(MARGIN, y, 800, TEXT["kpis_more"].format(n=rest), SMALL, color=MUTED)
            y += fonts.height(1, SMALL)
            break
        c.text(MARGIN, y, cols[0][1] - 10, k["label"], MIN_SIZE)
        x = MARGIN + cols[0][1]
        c.text(x, y, cols[1][1] - 10, k["value_text"], MIN_SIZE, True, INK, "right")
        x += cols[1][1]
        c.text(x, y, cols[2][1] - 10, k["expected_text"], MIN_SIZE, False, INK, "right")
        x += cols[2][1]
        if k["format"] == "percent":
            _bar(c, x, y + 8, cols[3][1] - 16, k)
        target_x = x + cols[3][1] if k["format"] == "percent" else x + 6
        c.text(target_x, y, _target_width(k, cols), k["target_text"], SMALL)
        x += cols[3][1]
        pill(c, status_x, y, k["status_label"], k["status"], SMALL)
        y += h
        c.line(MARGIN, y - 3, WIDTH - MARGIN, y - 3, TRACK)
    if d["kpis_left"] and y + fonts.height(1, SMALL) <= tasks_top:
        c.text(MARGIN, y, 800, TEXT["kpis_left"].format(n=d["kpis_left"]), SMALL, color=MUTED)
        y += fonts.height(1, SMALL)
    if d["tasks"]:
        y += 10
        c.text(MARGIN, y, 800, TEXT["to_direct"].format(n=len(d["tasks"])), BODY, True, BLUE)
        y += fonts.height(1, BODY) + 4
        bullets(c, MARGIN, y, WIDTH - 2 * MARGIN, FOOTER_Y - 12, d["tasks"], MIN_SIZE, 4)


def draw_wards(c: Canvas, s: Slide) -> None:
    d = s.data
    y = HEADER + 14
    left_w = 540.0
    c.text(MARGIN, y, left_w, d["caption"], SMALL, color=MUTED)
    y += text_height(d["caption"], SMALL, left_w) + 8
    name_w, bar_w = 190.0, left_w - 190.0
    rows = d["rows"]
    row_h = min(34.0, (FOOTER_Y - 14 - y) / max(len(rows), 1))
    top = max([r["target"] or 0 for r in rows] + [r["value"] or 0 for r in rows] + [1.0])
    scale = 100.0 if d["format"] == "percent" else top * 1.1
    for r in rows:
        c.text(
            MARGIN,
            y + (row_h - fonts.height(1, MIN_SIZE)) / 2,
            name_w - 8,
            r["name"],
            MIN_SIZE,
            align="right",
        )
        bx = MARGIN + name_w
        if r["value"] is not None:
            bw = bar_w * min(r["value"], scale) / scale
            c.rect(bx, y + 4, bw, row_h - 8, theme.status_color(r["status"]))
            inside = fonts.width(r["text"], SMALL, True) + 12 < bw
            tx = bx + 6 if inside else bx + bw + 6
            color = theme.text_color(r["status"]) if inside else INK
            c.text(
                tx, y + (row_h - fonts.height(1, SMALL)) / 2, bar_w, r["text"], SMALL, True, color
            )
        for mark, color in ((r["expected"], INK), (r["target"], RED)):
            if mark is not None:
                mx = bx + bar_w * min(mark, scale) / scale
                c.line(mx, y + 1, mx, y + row_h - 1, color, 2.5)
        y += row_h
    x = MARGIN + left_w + 30
    w = WIDTH - MARGIN - x
    c.text(x, HEADER + 14, w, TEXT["wards_lagging"].format(n=len(d["lagging"])), BODY, True, BLUE)
    bullets(
        c, x, HEADER + 14 + fonts.height(1, BODY) + 6, w, FOOTER_Y - 12, d["lagging"], MIN_SIZE, 6
    )


def draw_problems(c: Canvas, s: Slide) -> None:
    items = s.data["items"]
    y = HEADER + 14
    keys = ("overdue", "missing", "lagging")
    for n, key in enumerate(keys):
        c.text(MARGIN, y, 800, f"{TEXT[key]} ({len(items[key])})", BODY, True, BLUE)
        y += fonts.height(1, BODY) + 4
        # room for the sections still to come: their heading and one line each
        later = (len(keys) - n - 1) * (fonts.height(1, BODY) + fonts.height(1, MIN_SIZE) + 18)
        bottom = FOOTER_Y - 12 - later
        y = bullets(c, MARGIN, y, WIDTH - 2 * MARGIN, bottom, items[key], MIN_SIZE, 4) + 10


def draw(c: Canvas, slide: Slide, number: int, total: int, month: str, sample: bool) -> None:
    """Lay ``slide`` out on ``c`` (white background assumed)."""
    if slide.kind == "cover":
        draw_cover(c, slide, sample)
        return
    frame(c, slide, number, total, month, sample)
    {
        "summary": draw_summary,
        "group": draw_group,
        "wards": draw_wards,
        "problems": draw_problems,
    }[slide.kind](c, slide)
