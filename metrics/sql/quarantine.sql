-- Refused rows with their reasons, newest load first; one load or all.
-- Parameters: load_id (null: all loads).
with params as (
    select
        ?::bigint as load_id
)

select
    q.load_id,
    l.original_name,
    q.row_number,
    q.column_name,
    q.value,
    q.reason,
    q.kind
from staging.quarantine as q
cross join params as p
left join raw.load_log as l on q.load_id = l.load_id
where p.load_id is null or q.load_id = p.load_id
order by q.load_id desc, q.row_number nulls first, q.column_name
