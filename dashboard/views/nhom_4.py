"""Page of solution group IV of the plan (tasks, KPIs, wards)."""

from dashboard.views.group import render

render("IV")
