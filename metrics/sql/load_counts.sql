-- The four figures over every load: loads, rows loaded, rows held back, files refused.
-- No parameters.
select
    count(*) as loads,
    coalesce(sum(rows_loaded), 0) as rows_loaded,
    coalesce(sum(rows_quarantined), 0) as rows_quarantined,
    count(*) filter (where status in ('rejected', 'failed')) as files_rejected
from raw.load_log
