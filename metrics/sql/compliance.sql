-- Reporting compliance as DHIS2 computes it: every reporting unit and ward x every period
-- whose due date has passed by the as-of date is one expected report. A report for a
-- period is any progress row of that unit for that period (superseded rows included: a
-- correction does not move the day the first report arrived). It counts from its arrival:
-- the time the file reached the system (upload or load, or the time given with
-- `--received-at` / `--arrivals` for a paper report entered later), never the date the
-- unit typed in "Ngày báo cáo", which is shown beside it as the declared date. Only
-- arrivals by the as-of date count. Arrived by the due date: on_time; later: late.
-- A report that arrived (by the as-of date) but whose rows were all refused or undone is
-- returned (đã nộp nhưng bị trả lại: it needs correcting); nothing at all: missing.
-- Parameters: year, as_of.
with params as (
    select
        ?::integer as year,
        ?::date as as_of
),

units as (
    select unit_code, name as unit_name, kind as unit_kind
    from core.unit
    where reports
),

periods as (
    select rp.period_code, rp.label as period_label, rp.period_end, rp.due_date
    from core.report_period as rp
    cross join params as p
    where rp.year = p.year
        and rp.due_date <= p.as_of
),

received as (
    select
        r.unit_code,
        r.period_code,
        min(cast(r.loaded_at as date)) as received_date,
        min(r.report_date) as declared_date
    from core.progress_report as r
    cross join params as p
    where r.year = p.year
        and cast(r.loaded_at as date) <= p.as_of
    group by all
),

returned as (
    select
        lr.unit_code,
        lr.period_code,
        min(cast(coalesce(l.received_at, l.started_at) as date)) as returned_date
    from raw.load_report as lr
    inner join raw.load_log as l on lr.load_id = l.load_id
    cross join params as p
    where lr.year = p.year
        and cast(coalesce(l.received_at, l.started_at) as date) <= p.as_of
    group by all
),

final as (
    select
        u.unit_code,
        u.unit_name,
        u.unit_kind,
        pe.period_code,
        pe.period_label,
        pe.due_date,
        case
            when rc.received_date is not null and rc.received_date <= pe.due_date then 'on_time'
            when rc.received_date is not null then 'late'
            when rt.returned_date is not null then 'returned'
            else 'missing'
        end as status,
        coalesce(rc.received_date, rt.returned_date) as received_date,
        rc.declared_date,
        case
            when rc.received_date > pe.due_date then datediff('day', pe.due_date, rc.received_date)
        end as days_late,
        pe.period_end
    from units as u
    cross join periods as pe
    left join received as rc
        on u.unit_code = rc.unit_code and pe.period_code = rc.period_code
    left join returned as rt
        on u.unit_code = rt.unit_code and pe.period_code = rt.period_code
)

select * exclude (period_end) from final
order by period_end, unit_code
