"""KPI registry, yearly targets, status rules, tasks, reporting compliance and reports."""
