-- Self-reported values against the values derived from the dossier register, per
-- indicator, scope and month of the year up to the as-of date, where both exist.
-- difference = register - reported (percentage points for a rate, a count otherwise).
-- Parameters: year, as_of_end.
with params as (
    select
        ?::integer as year,
        ?::date as as_of_end
),

reported as (
    select v.indicator_code, v.scope_code, v.period_key, v.numerator, v.denominator, v.value
    from marts.indicator_current as v
    cross join params as p
    where v.period_type = 'month' and v.year = p.year and v.period_end <= p.as_of_end
),

register as (
    select r.*
    from marts.register_month as r
    cross join params as p
    where r.year = p.year and r.period_end <= p.as_of_end
),

final as (
    select
        g.indicator_code,
        g.scope_code,
        u.short_name as scope_name,
        g.period_key,
        strftime(g.period_start, '%m/%Y') as month_text,
        r.numerator as reported_numerator,
        r.denominator as reported_denominator,
        r.value as reported_value,
        g.numerator as register_numerator,
        g.denominator as register_denominator,
        g.value as register_value,
        g.value - r.value as difference,
        abs(g.value - r.value) as gap
    from register as g
    inner join reported as r using (indicator_code, scope_code, period_key)
    left join core.unit as u on g.scope_code = u.unit_code
)

select * from final
order by gap desc nulls last, indicator_code, scope_code, period_key
