"""Page of solution group II of the plan (tasks, KPIs, wards)."""

from dashboard.views.group import render

render("II")
