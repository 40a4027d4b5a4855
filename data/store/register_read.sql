-- Reading one dossier-register file (data/store/register.py): reg_typed, a view over
-- reg_text (the file's cells as text, trimmed where register.py says), adds the typed
-- value of every date and fee beside its text. A file loaded whole reads it once,
-- straight into the history; a file staged stores it once as reg_rows, so no check
-- parses a cell again.

-- The usual export forms first; the others are tried only for the cells they miss (a
-- format that fails costs far more than one that matches, so a date-only cell never
-- tries the date-and-time forms first).
create or replace temp macro reg_ts(v) as case
    when length(v) <= 10 then try_strptime(v, ['%d/%m/%Y', '%Y-%m-%d'])
    else coalesce(try_strptime(v, '%d/%m/%Y %H:%M'), try_strptime(v, [
        '%d/%m/%Y %H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M',
        '%Y-%m-%d %H:%M:%S.%f', '%d/%m/%Y', '%Y-%m-%d'
    ]))
end;

-- A fee as the usual export writes it ("50.000": digits grouped by dots) is read at once;
-- the wider pattern (spaces, commas, a currency word) costs more and is tried after it.
create or replace temp macro reg_fee(v) as case
    when regexp_full_match(v, '[0-9][0-9.]*') then replace(v, '.', '')::double
    when regexp_full_match(v, '\s*[0-9][0-9., ]*\s*(đ|đồng|d|vnd|VND|VNĐ)?\s*')
        then regexp_replace(v, '[^0-9]', '', 'g')::double
end;

create or replace temp view reg_typed as
select
    *,
    reg_ts(received_at) as received_ts,
    reg_ts(due_at) as due_ts,
    reg_ts(result_at) as result_ts,
    reg_ts(returned_on)::date as returned_date,
    reg_fee(fee) as fee_amount
from reg_text;
