-- The latest date the current data speaks about: the latest period end of an indicator
-- value or the latest progress report date. No parameters.
select greatest(
    (select max(period_end) from marts.indicator_current),
    (select max(coalesce(report_date, cast(loaded_at as date))) from marts.progress_current)
) as latest_date
