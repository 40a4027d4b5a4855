-- Checks of one dossier-register file, set-based over the whole file (data/store/register.py).
-- Input temp tables: reg_raw (row_number + every column as text), reg_scope, reg_channel,
-- reg_flag (the file's distinct cells matched by the catalog), reg_reason, reg_column,
-- reg_channel_words. Output: reg_row (parsed), reg_issue (one row per problem: row,
-- column, value, check, detail), reg_good (rows with no problem), reg_issue_text (the
-- quarantine rows: header, value, Vietnamese reason, raw row as JSON).

-- The usual export form first; the other forms are tried only for the cells it misses.
create or replace temp macro reg_ts(v) as coalesce(
    try_strptime(v, '%d/%m/%Y %H:%M'),
    try_strptime(v, [
        '%d/%m/%Y %H:%M:%S', '%d/%m/%Y',
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d',
        '%Y-%m-%d %H:%M:%S.%f'
    ])
);

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

-- One simple filtered scan per check (columnar and cheap; most files have no bad row),
-- so no per-row list of problems is ever built.
create or replace temp table reg_issue as
select row_number, 'dossier_code' as column_key, null::varchar as value,
    'missing' as check_key, null::varchar as detail
from reg_row where dossier_code is null
union all
select row_number, 'procedure', null, 'missing', null from reg_row where procedure is null
union all
select row_number, 'scope', null, 'missing', null from reg_row where scope is null
union all
select row_number, 'received_at', null, 'missing', null from reg_row where received_at is null
union all
select row_number, 'due_at', null, 'missing', null from reg_row where due_at is null
union all
select row_number, 'channel', null, 'missing', null from reg_row where channel is null
union all
select row_number, 'received_at', received_at, 'bad_date', null
from reg_row where received_at is not null and received_ts is null
union all
select row_number, 'due_at', due_at, 'bad_date', null
from reg_row where due_at is not null and due_ts is null
union all
select row_number, 'result_at', result_at, 'bad_date', null
from reg_row where result_at is not null and result_ts is null
union all
select row_number, 'returned_on', returned_on, 'bad_date', null
from reg_row where returned_on is not null and returned_date is null
union all
select row_number, 'due_at', due_at, 'due_before_received',
    strftime(received_ts, '%d/%m/%Y %H:%M')
from reg_row where due_ts < received_ts
union all
select row_number, 'result_at', result_at, 'result_before_received',
    strftime(received_ts, '%d/%m/%Y %H:%M')
from reg_row where result_ts < received_ts
union all
select row_number, 'returned_on', returned_on, 'returned_before_result',
    strftime(result_ts, '%d/%m/%Y')
from reg_row where returned_date < result_ts::date
union all
select row_number, 'scope', scope, 'unknown_scope', null
from reg_row where scope is not null and scope_code is null
union all
select row_number, 'channel', channel, 'unknown_channel', (select words from reg_channel_words)
from reg_row where channel is not null and channel_key is null
union all
select row_number, 'paid_online', paid_online, 'bad_yes_no', null
from reg_row where paid_online is not null and paid_flag is null
union all
select row_number, 'apology', apology, 'bad_yes_no', null
from reg_row where apology is not null and apology_flag is null
union all
select row_number, 'fee', fee, 'bad_fee', null
from reg_row where fee is not null and fee_amount is null
union all
-- Codes unique within the file: a later row repeating a code is refused, naming the first.
select r.row_number, 'dossier_code', r.dossier_code, 'duplicate_code', d.first_row::varchar
from reg_row as r
inner join (
    select dossier_code, min(row_number) as first_row
    from reg_row
    where dossier_code is not null
    group by dossier_code
    having count(*) > 1
) as d on r.dossier_code = d.dossier_code
where r.row_number > d.first_row;

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
anti join reg_issue using (row_number);

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
