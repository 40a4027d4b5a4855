-- What the warehouse holds, in one pass (every page asks for all of it):
--   per year (the plan years of the catalog, and any year with data): whether it is a plan
--   year, and its latest date with data: the end of its latest month or quarter of
--   indicator values, and its latest progress report date (else load date);
--   the same on every row: the latest date of all current data, whether any current row
--   came from a sample file (named "mau_…"), and whether there is any current data at all.
-- With no year at all there is still one row (year null), so the totals are always there.
-- No parameters.
with plan_years as (
    select distinct year
    from core.plan_group
),

indicator_latest as (
    select
        year,
        max(period_end) as indicator_date
    from marts.indicator_current
    where period_type <> 'year'
    group by year
),

progress_latest as (
    select
        year,
        max(coalesce(report_date, cast(loaded_at as date))) as progress_date
    from marts.progress_current
    group by year
),

years as (
    select year from plan_years
    union
    select distinct year from marts.indicator_current
    union
    select year from progress_latest
),

current_loads as (
    select distinct load_id from marts.progress_current
    union
    select distinct load_id from marts.indicator_current
),

totals as (
    select
        greatest(
            (select max(period_end) from marts.indicator_current),
            (select max(coalesce(report_date, cast(loaded_at as date))) from marts.progress_current)
        ) as latest_date,
        (
            select coalesce(bool_or(lower(l.original_name) like 'mau\_%' escape '\'), false)
            from current_loads as c
            inner join raw.load_log as l on c.load_id = l.load_id
        ) as is_sample,
        exists (select 1 from marts.indicator_current)
        or exists (select 1 from marts.progress_current) as has_data
),

final as (
    select
        y.year,
        y.year in (select year from plan_years) as is_plan_year,
        i.indicator_date,
        p.progress_date,
        t.latest_date,
        t.is_sample,
        t.has_data
    from totals as t
    left join years as y on true
    left join indicator_latest as i on y.year = i.year
    left join progress_latest as p on y.year = p.year
)

select * from final
order by year
