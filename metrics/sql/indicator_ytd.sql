-- Indicator values aggregated per indicator, scope key, year and month:
-- the month on its own and the year to date (January .. month), following the registry:
--   scopes: sums of numerators, denominators and values;
--   time:   ratio_of_sums / sum add the months up; latest (stocks, cumulative rates and
--           yearly values) takes each scope's latest row up to the month, then adds scopes.
-- value_ytd and value_month are the values a KPI shows: a rate is the ratio of the summed
-- numerator and denominator (rate_pct, data/store/schema.sql), anything else the summed value.
-- Only rows whose period has ended by the as-of date are visible.
-- Values of the indicators in register_codes (registry values_from: register) come from
-- the dossier register (marts.register_month) for every scope and month it covers; a
-- reported row of such an indicator is used only where the register has no month of
-- that scope inside the row's period.
-- Parameters: year_from, year_to, as_of_end, scope_code (null: any), scope_type (null: any),
--             by_scope (true: one row per scope; false: scopes combined under '*'),
--             latest_codes (indicators aggregated with latest), district_value_codes,
--             rate_codes (indicators that are rates), register_codes.
with params as (
    select
        ?::integer as year_from,
        ?::integer as year_to,
        ?::date as as_of_end,
        ?::varchar as scope_code,
        ?::varchar as scope_type,
        ?::boolean as by_scope,
        ?::varchar[] as latest_codes,
        ?::varchar[] as district_value_codes,
        ?::varchar[] as rate_codes,
        ?::varchar[] as register_codes
),

values_in_force as (
    select
        v.indicator_code, v.scope_type, v.scope_code, v.year, v.period_start, v.period_end,
        v.numerator, v.denominator, v.value
    from marts.indicator_current as v
    cross join params as p
    where not (
        list_contains(p.register_codes, v.indicator_code)
        and exists (
            select 1
            from marts.register_month as r
            where r.indicator_code = v.indicator_code
                and r.scope_code = v.scope_code
                and r.period_start between v.period_start and v.period_end
        )
    )
    union all
    select
        r.indicator_code, r.scope_type, r.scope_code, r.year, r.period_start, r.period_end,
        r.numerator, r.denominator, r.value
    from marts.register_month as r
    cross join params as p
    where list_contains(p.register_codes, r.indicator_code)
),

source as (
    select
        v.indicator_code,
        case when p.by_scope then v.scope_code else '*' end as scope_key,
        v.scope_code,
        v.year,
        month(v.period_end) as month,
        v.period_end,
        v.numerator,
        v.denominator,
        v.value,
        list_contains(p.latest_codes, v.indicator_code) as is_latest
    from values_in_force as v
    cross join params as p
    where v.year between p.year_from and p.year_to
        and v.period_end <= p.as_of_end
        and (p.scope_code is null or v.scope_code = p.scope_code)
        and (p.scope_type is null or v.scope_type = p.scope_type)
        and (
            not list_contains(p.district_value_codes, v.indicator_code)
            or v.scope_type = 'district'
        )
),

months as (
    select unnest(range(1, 13)) as month
),

-- Each scope's running totals and latest row for every cut-off month.
scope_to_date as (
    select
        s.indicator_code,
        s.scope_key,
        s.scope_code,
        s.year,
        m.month,
        any_value(s.is_latest) as is_latest,
        sum(s.numerator) as sum_numerator,
        sum(s.denominator) as sum_denominator,
        sum(s.value) as sum_value,
        arg_max(
            {'numerator': s.numerator, 'denominator': s.denominator, 'value': s.value},
            s.period_end
        ) as latest_row
    from source as s
    inner join months as m on s.month <= m.month
    group by all
),

year_to_date as (
    select
        indicator_code,
        scope_key,
        year,
        month,
        sum(case when is_latest then latest_row.numerator else sum_numerator end)
            as ytd_numerator,
        sum(case when is_latest then latest_row.denominator else sum_denominator end)
            as ytd_denominator,
        sum(case when is_latest then latest_row.value else sum_value end) as ytd_value,
        count(*) as ytd_scopes
    from scope_to_date
    group by all
),

month_only as (
    select
        indicator_code,
        scope_key,
        year,
        month,
        sum(numerator) as month_numerator,
        sum(denominator) as month_denominator,
        sum(value) as month_value,
        count(*) as month_scopes
    from source
    group by all
),

final as (
    select
        y.indicator_code,
        y.scope_key,
        y.year,
        y.month,
        y.ytd_numerator,
        y.ytd_denominator,
        y.ytd_value,
        y.ytd_scopes,
        mo.month_numerator,
        mo.month_denominator,
        mo.month_value,
        coalesce(mo.month_scopes, 0) as month_scopes,
        case
            when list_contains(p.rate_codes, y.indicator_code)
                then rate_pct(y.ytd_numerator, y.ytd_denominator)
            else y.ytd_value
        end as value_ytd,
        case
            when list_contains(p.rate_codes, y.indicator_code)
                then rate_pct(mo.month_numerator, mo.month_denominator)
            else mo.month_value
        end as value_month
    from year_to_date as y
    cross join params as p
    left join month_only as mo
        on y.indicator_code = mo.indicator_code
        and y.scope_key = mo.scope_key
        and y.year = mo.year
        and y.month = mo.month
)

select * from final
order by indicator_code, scope_key, year, month
