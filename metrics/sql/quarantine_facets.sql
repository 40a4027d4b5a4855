-- What the quarantine filters offer and the total: (facet, value, rows). No parameters.
select 'file' as facet, l.original_name as value, count(*) as n_rows
from staging.quarantine as q
left join raw.load_log as l on q.load_id = l.load_id
where l.original_name is not null
group by l.original_name
union all
select 'column' as facet, column_name as value, count(*) as n_rows
from staging.quarantine
where column_name is not null
group by column_name
union all
select 'total' as facet, null as value, count(*) as n_rows
from staging.quarantine
