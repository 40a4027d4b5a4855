"""Page of solution group V of the plan (tasks, KPIs, wards)."""

from dashboard.views.group import render

render("V")
