-- Checks of one dossier-register file, set-based over the whole file (data/store/register.py).
-- Input: reg_raw and reg_row (register_row.sql), reg_reason, reg_column,
-- reg_channel_words. Output: reg_issue (one row per problem: row, column, value, check,
-- detail), reg_good (a view of the rows with no problem, as the versions they become),
-- reg_issue_text (the quarantine rows: header, value, Vietnamese reason, raw row as JSON).
-- The checks and the version a good row becomes are filled in from register.CHECKS and
-- register.VERSION, which a file loaded whole reads too: each check is declared once.

-- One simple filtered scan per check (columnar and cheap; most files have no bad row),
-- so no per-row list of problems is ever built.
create or replace temp table reg_issue as
$checks
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
select row_number, $version
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
