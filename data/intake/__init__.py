"""Intake: reading submitted files the way offices make them (guard, readers, layouts, normalise, templates)."""
