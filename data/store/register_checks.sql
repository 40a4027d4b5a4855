-- Checks of one dossier-register file, set-based over the whole file (data/store/register.py).
-- Input temp tables: reg_raw (row_number + every column as text), reg_scope, reg_channel,
-- reg_flag (the file's distinct cells matched by the catalog), reg_reason, reg_column,
-- reg_channel_words. Output: reg_row (parsed), reg_issue (one row per problem: row,
-- column, value, check, detail), reg_good (rows with no problem), reg_issue_text (the
-- quarantine rows: header, value, Vietnamese reason, raw row as JSON).

create or replace temp macro reg_ts(v) as try_strptime(v, [
    '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y',
    '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d',
    '%Y-%m-%d %H:%M:%S.%f'
]);

create or replace temp table reg_row as
select
    r.*,
    s.unit_code as scope_code,
    c.channel_key,
    c.is_online::boolean as is_online,
    reg_ts(r.received_at) as received_ts,
    reg_ts(r.due_at) as due_ts,
    reg_ts(r.result_at) as result_ts,
    reg_ts(r.returned_on)::date as returned_date,
    case
        when regexp_full_match(r.fee, '\s*[0-9][0-9., ]*\s*(đ|đồng|d|vnd|VND|VNĐ)?\s*')
            then regexp_replace(r.fee, '[^0-9]', '', 'g')::double
    end as fee_amount,
    p.flag::boolean as paid_flag,
    a.flag::boolean as apology_flag
from reg_raw as r
left join reg_scope as s on r.scope = s.raw
left join reg_channel as c on r.channel = c.raw
left join reg_flag as p on r.paid_online = p.raw
left join reg_flag as a on r.apology = a.raw;

create or replace temp table reg_issue as
with dated as (
    select row_number, 'received_at' as column_key, received_at as value, received_ts as ts
    from reg_row
    union all
    select row_number, 'due_at', due_at, due_ts from reg_row
    union all
    select row_number, 'result_at', result_at, result_ts from reg_row
    union all
    select row_number, 'returned_on', returned_on, returned_date from reg_row
),

required as (
    select row_number, 'dossier_code' as column_key, dossier_code as value from reg_row
    union all
    select row_number, 'procedure', procedure from reg_row
    union all
    select row_number, 'scope', scope from reg_row
    union all
    select row_number, 'received_at', received_at from reg_row
    union all
    select row_number, 'due_at', due_at from reg_row
    union all
    select row_number, 'channel', channel from reg_row
),

flags as (
    select row_number, 'paid_online' as column_key, paid_online as value, paid_flag as flag
    from reg_row
    union all
    select row_number, 'apology', apology, apology_flag from reg_row
),

firsts as (
    select
        row_number,
        dossier_code,
        min(row_number) over (partition by dossier_code) as first_row
    from reg_row
    where dossier_code is not null
),

fmt as (
    select *, strftime(received_ts, '%d/%m/%Y %H:%M') as received_text from reg_row
)

select row_number, column_key, null::varchar as value, 'missing' as check_key,
    null::varchar as detail
from required where value is null
union all
select row_number, column_key, value, 'bad_date', null
from dated where value is not null and ts is null
union all
select row_number, 'due_at', due_at, 'due_before_received', received_text
from fmt where due_ts < received_ts
union all
select row_number, 'result_at', result_at, 'result_before_received', received_text
from fmt where result_ts < received_ts
union all
select row_number, 'returned_on', returned_on, 'returned_before_result',
    strftime(result_ts, '%d/%m/%Y')
from fmt where returned_date < result_ts::date
union all
select row_number, 'scope', scope, 'unknown_scope', null
from reg_row where scope is not null and scope_code is null
union all
select row_number, 'channel', channel, 'unknown_channel', (select words from reg_channel_words)
from reg_row where channel is not null and channel_key is null
union all
select row_number, column_key, value, 'bad_yes_no', null
from flags where value is not null and flag is null
union all
select row_number, 'fee', fee, 'bad_fee', null
from reg_row where fee is not null and fee_amount is null
union all
select row_number, 'dossier_code', dossier_code, 'duplicate_code', first_row::varchar
from firsts where row_number > first_row;

create or replace temp table reg_good as
select
    row_number,
    dossier_code,
    field,
    procedure,
    scope_code,
    received_ts as received_at,
    due_ts as due_at,
    result_ts as result_at,
    returned_date as returned_on,
    channel_key as channel,
    is_online,
    fee_amount as fee,
    paid_flag as paid_online,
    status,
    apology_flag as apology
from reg_row
where row_number not in (select row_number from reg_issue);

create or replace temp view reg_issue_text as
select
    i.row_number,
    c.header,
    i.value,
    replace(replace(replace(t.template, '{column}', c.header), '{value}', coalesce(i.value, '')),
        '{detail}', coalesce(i.detail, '')) as reason,
    to_json(r) as raw_row
from reg_issue as i
inner join reg_reason as t on i.check_key = t.check_key
inner join reg_column as c on i.column_key = c.column_key
inner join reg_raw as r on i.row_number = r.row_number;
