-- Plan years known to the warehouse (one plan_<year>.yaml each). No parameters.
select distinct year
from core.plan_group
order by year
