-- Indicator codes present in the data (current and superseded rows). No parameters.
select distinct indicator_code
from core.indicator_value
order by indicator_code
