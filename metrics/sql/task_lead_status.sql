-- One row per plan task and lead unit (ALL_WARDS / ALL_UNITS expanded) with that lead's
-- latest visible report, whether it reported for the latest period that fell due, and
-- for how many of the periods that fell due it reported.
-- A report is visible when its report date (else its load date) is on or before the as-of
-- date and its period has started. Reports on sub-items (22.1, 22.2 …) count for the task.
-- Parameters: year, as_of.
with params as (
    select
        ?::integer as year,
        ?::date as as_of
),

tasks as (
    select t.*
    from core.task as t
    cross join params as p
    where t.year = p.year
),

expanded_leads as (
    select distinct
        tu.task_id,
        coalesce(u.unit_code, tu.unit_code) as unit_code
    from core.task_unit as tu
    cross join params as p
    left join core.unit as u
        on (tu.unit_code = 'ALL_WARDS' and u.kind = 'ward')
        or (tu.unit_code = 'ALL_UNITS' and u.kind in ('office', 'collective'))
    where tu.year = p.year
        and tu.role = 'lead'
),

-- A lead that does not submit reports itself (e.g. the schools, reported for by their
-- office) cannot be waited for.
leads as (
    select
        l.task_id,
        l.unit_code,
        coalesce(u.reports, false) as lead_reports
    from expanded_leads as l
    left join core.unit as u on l.unit_code = u.unit_code
),

periods as (
    select rp.*
    from core.report_period as rp
    cross join params as p
    where rp.year = p.year
),

latest_due as (
    select arg_max(period_code, due_date) as period_code
    from periods
    cross join params as p
    where due_date <= p.as_of
),

due_periods as (
    select period_code
    from periods
    cross join params as p
    where due_date <= p.as_of
),

visible as (
    select
        coalesce(si.task_id, r.task_id) as task_id,
        r.task_id as reported_task_id,
        r.unit_code,
        r.period_code,
        pe.period_end,
        r.status,
        r.percent_complete,
        r.difficulties,
        r.note,
        coalesce(r.report_date, cast(r.loaded_at as date)) as report_date
    from marts.progress_current as r
    cross join params as p
    inner join periods as pe on r.period_code = pe.period_code
    left join core.task_sub_item as si
        on si.year = r.year and si.sub_item_id = r.task_id
    where r.year = p.year
        and coalesce(r.report_date, cast(r.loaded_at as date)) <= p.as_of
        and pe.period_start <= p.as_of
),

-- A lead's report of one period: the task row and its sub-item rows together.
lead_period as (
    select
        task_id,
        unit_code,
        period_code,
        any_value(period_end) as period_end,
        list(status order by reported_task_id) as statuses,
        avg(percent_complete) as percent_complete,
        max(report_date) as report_date,
        string_agg(nullif(trim(note), ''), '; ' order by reported_task_id) as note,
        string_agg(nullif(trim(difficulties), ''), '; ' order by reported_task_id)
            as difficulties
    from visible
    group by all
),

lead_latest as (
    select
        task_id,
        unit_code,
        arg_max(
            {
                'period_code': period_code,
                'statuses': statuses,
                'percent_complete': percent_complete,
                'report_date': report_date,
                'note': note,
                'difficulties': difficulties
            },
            period_end
        ) as latest,
        max(report_date) as last_report_date,
        bool_or(period_code = (select period_code from latest_due)) as reported_latest_due,
        count(distinct period_code) filter (
            where period_code in (select period_code from due_periods)
        ) as due_periods_reported
    from lead_period
    group by all
),

final as (
    select
        t.task_id,
        t.stt,
        t.group_code,
        t.sort_order,
        t.content,
        t.solution,
        t.deadline_text,
        t.deadline_kind,
        t.deadline_date,
        l.unit_code,
        l.lead_reports,
        ll.latest.period_code as period_code,
        ll.latest.statuses as statuses,
        ll.latest.percent_complete as percent_complete,
        ll.latest.note as note,
        ll.latest.difficulties as difficulties,
        ll.last_report_date,
        coalesce(ll.reported_latest_due, false) as reported_latest_due,
        coalesce(ll.due_periods_reported, 0) as due_periods_reported,
        (select count(*) from due_periods) as due_periods,
        (select period_code from latest_due) as latest_due_period
    from tasks as t
    left join leads as l on t.task_id = l.task_id
    left join lead_latest as ll
        on l.task_id = ll.task_id and l.unit_code = ll.unit_code
)

select * from final
order by sort_order, unit_code
