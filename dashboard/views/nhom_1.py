"""Page of solution group I of the plan (tasks, KPIs, wards)."""

from dashboard.views.group import render

render("I")
