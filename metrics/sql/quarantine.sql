-- Refused rows with their reasons, newest load first; one load or all.
-- Parameters: load_id (null: all loads).
with params as (
    select
        ?::bigint as load_id
)

select q.*
from marts.quarantine_rows as q
cross join params as p
where p.load_id is null or q.load_id = p.load_id
order by q.load_id desc, q.row_number nulls first, q.column_name
