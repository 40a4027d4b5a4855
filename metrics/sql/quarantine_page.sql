-- One page of refused rows matching the filters, newest load first, with the match count.
-- Parameters: files (varchar[]; null: every file), columns (varchar[]; null: every column),
-- words (varchar; null: any reason; case-insensitive), page size, rows to skip.
with params as (
    select
        ?::varchar[] as files,
        ?::varchar[] as cols,
        lower(?::varchar) as words
),

matched as (
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
    where (p.files is null or list_contains(p.files, l.original_name))
        and (p.cols is null or list_contains(p.cols, q.column_name))
        and (p.words is null or contains(lower(q.reason), p.words))
)

select
    *,
    count(*) over () as matched_total
from matched
order by load_id desc, row_number nulls first, column_name
limit ? offset ?
