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

-- Every check of a row in one pass: a list of the problems found, unnested.
create or replace temp table reg_issue as
with checked as (
    select
        row_number,
        [
            case when dossier_code is null then {'c': 'dossier_code', 'v': null::varchar,
                'k': 'missing', 'd': null::varchar} end,
            case when procedure is null then {'c': 'procedure', 'v': null, 'k': 'missing',
                'd': null} end,
            case when scope is null then {'c': 'scope', 'v': null, 'k': 'missing', 'd': null} end,
            case when received_at is null then {'c': 'received_at', 'v': null, 'k': 'missing',
                'd': null} end,
            case when due_at is null then {'c': 'due_at', 'v': null, 'k': 'missing', 'd': null} end,
            case when channel is null then {'c': 'channel', 'v': null, 'k': 'missing', 'd': null} end,
            case when received_at is not null and received_ts is null then {'c': 'received_at',
                'v': received_at, 'k': 'bad_date', 'd': null} end,
            case when due_at is not null and due_ts is null then {'c': 'due_at', 'v': due_at,
                'k': 'bad_date', 'd': null} end,
            case when result_at is not null and result_ts is null then {'c': 'result_at',
                'v': result_at, 'k': 'bad_date', 'd': null} end,
            case when returned_on is not null and returned_date is null then {'c': 'returned_on',
                'v': returned_on, 'k': 'bad_date', 'd': null} end,
            case when due_ts < received_ts then {'c': 'due_at', 'v': due_at,
                'k': 'due_before_received', 'd': strftime(received_ts, '%d/%m/%Y %H:%M')} end,
            case when result_ts < received_ts then {'c': 'result_at', 'v': result_at,
                'k': 'result_before_received', 'd': strftime(received_ts, '%d/%m/%Y %H:%M')} end,
            case when returned_date < result_ts::date then {'c': 'returned_on', 'v': returned_on,
                'k': 'returned_before_result', 'd': strftime(result_ts, '%d/%m/%Y')} end,
            case when scope is not null and scope_code is null then {'c': 'scope', 'v': scope,
                'k': 'unknown_scope', 'd': null} end,
            case when channel is not null and channel_key is null then {'c': 'channel',
                'v': channel, 'k': 'unknown_channel', 'd': (select words from reg_channel_words)}
                end,
            case when paid_online is not null and paid_flag is null then {'c': 'paid_online',
                'v': paid_online, 'k': 'bad_yes_no', 'd': null} end,
            case when apology is not null and apology_flag is null then {'c': 'apology',
                'v': apology, 'k': 'bad_yes_no', 'd': null} end,
            case when fee is not null and fee_amount is null then {'c': 'fee', 'v': fee,
                'k': 'bad_fee', 'd': null} end
        ] as found
    from reg_row
),

problems as (
    select row_number, unnest(list_filter(found, lambda x: x is not null)) as p
    from checked
),

-- Codes unique within the file: a later row repeating a code is refused, naming the first.
repeats as (
    select row_number, dossier_code, first_row
    from (
        select
            row_number,
            dossier_code,
            min(row_number) over (partition by dossier_code) as first_row
        from reg_row
        where dossier_code is not null
    )
    where row_number > first_row
)

select row_number, p.c as column_key, p.v as value, p.k as check_key, p.d as detail
from problems
union all
select row_number, 'dossier_code', dossier_code, 'duplicate_code', first_row::varchar
from repeats;

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
