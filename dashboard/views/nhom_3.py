"""Page of solution group III of the plan (tasks, KPIs, wards)."""

from dashboard.views.group import render

render("III")
