-- Reporting compliance as DHIS2 computes it: every reporting unit and ward x every period
-- whose due date has passed by the as-of date is one expected report. A report for a
-- period is any progress row of that unit for that period (superseded rows included: a
-- correction does not move the day the first report arrived); it was received on the
-- earliest report date of those rows (else the load date), counting only rows received
-- by the as-of date. Received by the due date: on_time; later: late; nothing: missing.
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
        min(coalesce(r.report_date, cast(r.loaded_at as date))) as received_date
    from core.progress_report as r
    cross join params as p
    where r.year = p.year
        and coalesce(r.report_date, cast(r.loaded_at as date)) <= p.as_of
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
            when rc.received_date is null then 'missing'
            when rc.received_date <= pe.due_date then 'on_time'
            else 'late'
        end as status,
        rc.received_date,
        case
            when rc.received_date > pe.due_date then datediff('day', pe.due_date, rc.received_date)
        end as days_late,
        pe.period_end
    from units as u
    cross join periods as pe
    left join received as rc
        on u.unit_code = rc.unit_code and pe.period_code = rc.period_code
)

select * exclude (period_end) from final
order by period_end, unit_code
