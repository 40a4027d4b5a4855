-- Load attempts, newest first. Parameters: page size (null: every load), rows to skip.
select
    load_id,
    original_name,
    kind,
    status,
    started_at,
    rows_total,
    rows_loaded,
    rows_unchanged,
    rows_quarantined,
    message,
    rows_superseded,
    finished_at,
    submitted_by
from raw.load_log
order by load_id desc
limit ? offset ?
