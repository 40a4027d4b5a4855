-- One page of the dossiers behind a register overdue count: resolved after their due
-- date with the result in the month (the same rule as hs_tre_han in
-- marts.register_month_live), most days late first, with the match count.
-- days_late: started days between due and result (a few hours late is 1 day).
-- Parameters: month_start, scope_code (null: every scope), words (null: any; searched in
-- code, field and procedure, case-insensitive), apology (null: either), page size, skip.
with params as (
    select
        ?::date as month_start,
        ?::varchar as scope_code,
        lower(?::varchar) as words,
        ?::boolean as apology
),

matched as (
    select
        d.dossier_code,
        d.scope_code,
        u.short_name as scope_name,
        d.field,
        d.procedure,
        d.received_at,
        d.due_at,
        d.result_at,
        ceil(epoch(d.result_at - d.due_at) / 86400)::integer as days_late,
        case when coalesce(d.apology, false) then 'sent' else 'not_sent' end as apology_status
    from core.dossier as d
    cross join params as p
    left join core.unit as u on d.scope_code = u.unit_code
    where d.result_at >= p.month_start
        and d.result_at < p.month_start + interval 1 month
        and d.result_at > d.due_at
        and (p.scope_code is null or d.scope_code = p.scope_code)
        and (
            p.words is null
            or contains(lower(concat_ws(' ', d.dossier_code, d.field, d.procedure)), p.words)
        )
        and (p.apology is null or coalesce(d.apology, false) = p.apology)
)

select
    *,
    count(*) over () as matched_total
from matched
order by days_late desc, dossier_code
limit ? offset ?
