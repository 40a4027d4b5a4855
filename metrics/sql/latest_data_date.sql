-- The latest date with data in a plan year: the end of the latest month of indicator
-- values, and the latest progress report date (else load date). Parameters: year.
with params as (
    select
        ?::integer as year
),

indicator_latest as (
    select max(v.period_end) as latest_date
    from marts.indicator_current as v
    cross join params as p
    where v.year = p.year
        and v.period_type <> 'year'
),

progress_latest as (
    select max(coalesce(r.report_date, cast(r.loaded_at as date))) as latest_date
    from marts.progress_current as r
    cross join params as p
    where r.year = p.year
)

select
    (select latest_date from indicator_latest) as indicator_date,
    (select latest_date from progress_latest) as progress_date
