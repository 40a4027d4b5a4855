-- Whether any current row came from a sample file (named "mau_…"). No parameters.
with current_loads as (
    select distinct load_id from marts.progress_current
    union
    select distinct load_id from marts.indicator_current
)

select coalesce(bool_or(lower(l.original_name) like 'mau\_%' escape '\'), false) as is_sample
from current_loads as c
inner join raw.load_log as l on c.load_id = l.load_id
