-- Checks of one dossier-register file, set-based over the whole file (data/store/register.py).
-- Input temp tables: reg_raw (register_read.sql: row number, every cell as text, typed
-- dates and fee), reg_scope, reg_channel, reg_flag (the file's distinct cells matched by
-- the catalog), reg_reason, reg_column, reg_channel_words. Output: reg_row (a view of the
-- rows with their lookups), reg_issue (one row per problem: row, column, value, check,
-- detail), reg_good (a view of the rows with no problem), reg_issue_text (the quarantine
-- rows: header, value, Vietnamese reason, raw row as JSON).

-- The rows with their lookups: a view, computed once for the good rows; each check below
-- reads the cells and at most one lookup it needs.
create or replace temp view reg_row as
select
    r.*,
    s.unit_code as scope_code,
    c.channel_key,
    c.is_online::boolean as is_online,
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
from reg_raw where dossier_code is null
union all
select row_number, 'procedure', null, 'missing', null from reg_raw where procedure is null
union all
select row_number, 'scope', null, 'missing', null from reg_raw where scope is null
union all
select row_number, 'received_at', null, 'missing', null from reg_raw where received_at is null
union all
select row_number, 'due_at', null, 'missing', null from reg_raw where due_at is null
union all
select row_number, 'channel', null, 'missing', null from reg_raw where channel is null
union all
select row_number, 'received_at', received_at, 'bad_date', null
from reg_raw where received_at is not null and received_ts is null
union all
select row_number, 'due_at', due_at, 'bad_date', null
from reg_raw where due_at is not null and due_ts is null
union all
select row_number, 'result_at', result_at, 'bad_date', null
from reg_raw where result_at is not null and result_ts is null
union all
select row_number, 'returned_on', returned_on, 'bad_date', null
from reg_raw where returned_on is not null and returned_date is null
union all
select row_number, 'due_at', due_at, 'due_before_received',
    strftime(received_ts, '%d/%m/%Y %H:%M')
from reg_raw where due_ts < received_ts
union all
select row_number, 'result_at', result_at, 'result_before_received',
    strftime(received_ts, '%d/%m/%Y %H:%M')
from reg_raw where result_ts < received_ts
union all
select row_number, 'returned_on', returned_on, 'returned_before_result',
    strftime(result_ts, '%d/%m/%Y')
from reg_raw where returned_date < result_ts::date
union all
select r.row_number, 'scope', r.scope, 'unknown_scope', null
from reg_raw as r inner join reg_scope as s on r.scope = s.raw
where s.unit_code is null
union all
select r.row_number, 'channel', r.channel, 'unknown_channel', (select words from reg_channel_words)
from reg_raw as r inner join reg_channel as c on r.channel = c.raw
where c.channel_key is null
union all
select r.row_number, 'paid_online', r.paid_online, 'bad_yes_no', null
from reg_raw as r inner join reg_flag as f on r.paid_online = f.raw
where f.flag is null
union all
select r.row_number, 'apology', r.apology, 'bad_yes_no', null
from reg_raw as r inner join reg_flag as f on r.apology = f.raw
where f.flag is null
union all
select row_number, 'fee', fee, 'bad_fee', null
from reg_raw where fee is not null and fee_amount is null
union all
-- Codes unique within the file: a later row repeating a code is refused, naming the first.
select r.row_number, 'dossier_code', r.dossier_code, 'duplicate_code', d.first_row::varchar
from reg_raw as r
inner join (
    select dossier_code, min(row_number) as first_row
    from reg_raw
    where dossier_code is not null
    group by dossier_code
    having count(*) > 1
) as d on r.dossier_code = d.dossier_code
where r.row_number > d.first_row;

create or replace temp view reg_good as
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
-- the row as the file gave it: its text cells, not the typed values read from them
inner join (
    select * exclude (received_ts, due_ts, result_ts, returned_date, fee_amount) from reg_raw
) as r on i.row_number = r.row_number;
