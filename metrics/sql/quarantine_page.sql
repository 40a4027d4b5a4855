-- One page of refused rows matching the filters, newest load first, with the match count.
-- Parameters: files (varchar[]; null: every file), columns (varchar[]; null: every column),
-- words (varchar; null: any reason; case-insensitive), page size, rows to skip.
with params as (
    select
        ?::varchar[] as files,
        ?::varchar[] as cols,
        lower(?::varchar) as words
)

select
    q.*,
    count(*) over () as matched_total
from marts.quarantine_rows as q
cross join params as p
where (p.files is null or list_contains(p.files, q.original_name))
    and (p.cols is null or list_contains(p.cols, q.column_name))
    and (p.words is null or contains(lower(q.reason), p.words))
order by q.load_id desc, q.row_number nulls first, q.column_name
limit ? offset ?
