-- The rows of one dossier-register file with their lookups (data/store/register.py).
-- Input: reg_raw (a row number, every cell as text, typed dates and fee), reg_scope,
-- reg_channel, reg_flag (the file's distinct cells matched by the catalog). Read by the
-- checks (register_checks.sql) and by the load of a file loaded whole.

-- A view: each check reads the cells and at most one lookup it needs.
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
