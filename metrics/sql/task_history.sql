-- Every report ever received for one task (and its sub-items), superseded ones included,
-- newest first. Parameters: year, task_id.
with params as (
    select
        ?::integer as year,
        ?::varchar as task_id
),

reports as (
    select r.*
    from core.progress_report as r
    cross join params as p
    left join core.task_sub_item as si
        on si.year = r.year and si.sub_item_id = r.task_id
    where r.year = p.year
        and coalesce(si.task_id, r.task_id) = p.task_id
),

final as (
    select
        r.unit_code,
        coalesce(u.name, r.unit_code) as unit_name,
        r.task_id as reported_task_id,
        r.period_code,
        coalesce(rp.label, r.period_code) as period_label,
        r.status,
        r.percent_complete,
        r.output_document,
        r.difficulties,
        r.report_date,
        r.loaded_at,
        ll.original_name as file_name,
        r.superseded_at is not null as superseded,
        rp.period_end
    from reports as r
    left join core.unit as u on r.unit_code = u.unit_code
    left join core.report_period as rp
        on r.year = rp.year and r.period_code = rp.period_code
    left join raw.load_log as ll on r.load_id = ll.load_id
)

select * exclude (period_end) from final
order by period_end desc, unit_code, reported_task_id, loaded_at desc
