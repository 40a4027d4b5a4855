-- Warehouse schema, idempotent. A writer connection runs it (with the catalog rewrite)
-- only when this file or the catalog YAML files changed since the database last saw them
-- (a fingerprint kept in raw.meta); see data/store/db.py:_ensure_schema.
-- Layers: raw (files as received, load log) -> staging (quarantined rows) ->
-- core (catalog and facts with history) -> marts (current views read by metrics).

create schema if not exists raw;
create schema if not exists staging;
create schema if not exists core;
create schema if not exists marts;

create sequence if not exists raw.load_id_seq start 1;

-- The one definition of a rate: numerator ÷ denominator in percent (95.5, not 0.955).
-- NULL when either side is NULL or the denominator is not positive (0/0, x/0).
-- Loads use it for the stored value of a rate row, metrics for sums of months and scopes;
-- checks/suites.py mirrors it for files not yet loaded (tests/test_rate.py proves them equal).
create or replace macro rate_pct(numerator, denominator) as
    case when denominator > 0 then numerator::double * 100 / denominator end;

-- Every file ever received, by content hash; the bytes live in the archive folder.
create table if not exists raw.file (
    file_hash      varchar primary key,
    original_name  varchar not null,
    size_bytes     bigint not null,
    archive_path   varchar not null,
    received_at    timestamp not null
);

-- One row per load attempt, whatever its outcome.
-- status: loaded | partial | rejected | unchanged | failed
create table if not exists raw.load_log (
    load_id          bigint primary key,
    file_hash        varchar,
    original_name    varchar not null,
    kind             varchar,
    started_at       timestamp not null,
    finished_at      timestamp,
    status           varchar not null,
    strict           boolean not null default false,
    rows_total       integer not null default 0,
    rows_loaded      integer not null default 0,
    rows_unchanged   integer not null default 0,
    rows_superseded  integer not null default 0,
    rows_quarantined integer not null default 0,
    message          varchar,
    submitted_by     varchar
);
-- The arrival's receipt (data/store/archive.py): the commit that settles a pending marker.
alter table raw.load_log add column if not exists receipt varchar;
-- When the file reached the system (upload, load, or the time given for a paper report).
alter table raw.load_log add column if not exists received_at timestamp;

-- The unit reports a progress file stood for (unit, year, period of its rows, good or
-- refused), written with every attempt, whatever its outcome: a report that arrived but
-- was refused is "returned" (đã nộp nhưng bị trả lại), not missing (metrics/sql/compliance.sql).
-- Only units the submitter may report for are kept.
create table if not exists raw.load_report (
    load_id      bigint not null,
    unit_code    varchar not null,
    year         integer not null,
    period_code  varchar not null
);

-- Rows a check refused, with the reason; one row per problem (a row may have several).
create table if not exists staging.quarantine (
    load_id      bigint not null,
    file_hash    varchar,
    kind         varchar,
    row_number   integer,
    column_name  varchar,
    value        varchar,
    reason       varchar not null,
    raw_row      json
);

-- Refused rows with the name of the file they came from: what every quarantine list reads.
create or replace view marts.quarantine_rows as
select
    q.load_id,
    l.original_name,
    q.row_number,
    q.column_name,
    q.value,
    q.reason,
    q.kind
from staging.quarantine as q
left join raw.load_log as l on q.load_id = l.load_id;

-- Catalog (rewritten from data/catalog/*.yaml whenever those files change).
create table if not exists core.unit (
    unit_code      varchar primary key,
    name           varchar not null,
    short_name     varchar not null,
    kind           varchar not null,
    name_original  varchar,
    correction     varchar,
    reports        boolean not null
);

create table if not exists core.plan_group (
    year        integer not null,
    group_code  varchar not null,
    name        varchar not null,
    short_name  varchar not null,
    primary key (year, group_code)
);

create table if not exists core.task (
    year           integer not null,
    task_id        varchar not null,
    stt            varchar,
    group_code     varchar not null,
    sort_order     integer not null,
    content        varchar not null,
    solution       varchar not null,
    deadline_text  varchar,
    deadline_kind  varchar not null,
    deadline_date  date,
    primary key (year, task_id)
);

create table if not exists core.task_sub_item (
    year          integer not null,
    task_id       varchar not null,
    sub_item_id   varchar not null,
    text          varchar not null,
    stt_original  varchar not null
);

-- role: lead | coordinator | supervisor; unit_code may be ALL_UNITS / ALL_WARDS.
create table if not exists core.task_unit (
    year       integer not null,
    task_id    varchar not null,
    role       varchar not null,
    unit_code  varchar not null
);

create table if not exists core.report_period (
    year         integer not null,
    period_code  varchar not null,
    label        varchar not null,
    period_start date not null,
    period_end   date not null,
    due_date     date not null,
    due_text     varchar not null,
    primary key (year, period_code)
);

create table if not exists core.indicator (
    indicator_code  varchar primary key,
    label_vi        varchar not null,
    group_code      varchar not null,
    kind            varchar not null,
    period_type     varchar not null
);

-- Facts with history: a resubmission for the same key closes the earlier row
-- (superseded_at, superseded_by_load) and inserts the new one; current rows have
-- superseded_at null.
create table if not exists core.progress_report (
    load_id             bigint not null,
    row_number          integer not null,
    unit_code           varchar not null,
    year                integer not null,
    period_code         varchar not null,
    task_id             varchar not null,
    status              varchar not null,
    percent_complete    double,
    output_document     varchar,
    difficulties        varchar,
    report_date         date,
    note                varchar,
    loaded_at           timestamp not null,
    superseded_at       timestamp,
    superseded_by_load  bigint
);

create table if not exists core.indicator_value (
    load_id             bigint not null,
    row_number          integer not null,
    indicator_code      varchar not null,
    scope_type          varchar not null,
    scope_code          varchar not null,
    period_type         varchar not null,
    period_key          varchar not null,
    period_start        date not null,
    period_end          date not null,
    year                integer not null,
    numerator           double,
    denominator         double,
    value               double,
    note                varchar,
    loaded_at           timestamp not null,
    superseded_at       timestamp,
    superseded_by_load  bigint
);

create or replace view marts.progress_current as
select * exclude (superseded_at, superseded_by_load)
from core.progress_report
where superseded_at is null;

create or replace view marts.indicator_current as
select * exclude (superseded_at, superseded_by_load)
from core.indicator_value
where superseded_at is null;

-- Audit and rollback (data/audit.py, data/rollback.py).
-- Who did what and when: loads, rollbacks, target and user changes, failed sign-ins.
-- action: load | rollback | target_change | user_change | sign_in | sign_in_failed
create sequence if not exists raw.audit_id_seq start 1;

create table if not exists raw.audit_log (
    audit_id     bigint primary key default nextval('raw.audit_id_seq'),
    recorded_at  timestamp not null,
    actor        varchar not null,
    role         varchar,
    action       varchar not null,
    load_id      bigint,
    file_hash    varchar,
    detail       json
);

-- One row per rolled-back load. raw.load_log keeps the receipt (its status becomes
-- 'rolled_back' so that the same file can be loaded again); the status it had before
-- is kept here.
create table if not exists raw.load_rollback (
    load_id          bigint primary key,
    rolled_back_at   timestamp not null,
    rolled_back_by   varchar not null,
    previous_status  varchar not null,
    cascade_of       bigint,
    reason           varchar,
    audit_id         bigint
);

-- The receipt of the rollback's manifest line (data/store/archive.py): the commit that
-- settles its pending marker, as raw.load_log.receipt does for a file.
alter table raw.load_rollback add column if not exists receipt varchar;

create or replace view marts.load_history as
select l.*, r.rolled_back_at, r.rolled_back_by, r.previous_status, r.cascade_of
from raw.load_log l
left join raw.load_rollback r using (load_id);

-- Dossier register (data/store/register.py): one row per dossier of the one-stop system.
-- core.dossier_history keeps every version a file brought (the current one has
-- superseded_at null); core.dossier (below) is the current state, one row per dossier_code.
-- channel: a key of inputs.yaml register channels; is_online follows that channel.
create table if not exists core.dossier_history (
    load_id             bigint not null,
    dossier_code        varchar not null,
    field               varchar,
    procedure           varchar not null,
    scope_code          varchar not null,
    received_at         timestamp not null,
    due_at              timestamp not null,
    result_at           timestamp,
    returned_on         date,
    channel             varchar not null,
    is_online           boolean not null,
    fee                 double,
    paid_online         boolean,
    status              varchar,
    apology             boolean,
    loaded_at           timestamp not null,
    superseded_at       timestamp,
    superseded_by_load  bigint
);
-- A version is found by its load and dossier code; the file's line of a loaded row was
-- never read, and a file loaded whole (data/store/register.py) is not numbered by line.
alter table core.dossier_history drop column if exists row_number;

-- The current state: the version of each dossier no later file replaced. A view, so a
-- load writes each version once (db.py drops the table this view replaced).
create or replace view core.dossier as
select * exclude (superseded_at, superseded_by_load)
from core.dossier_history
where superseded_at is null;

-- Monthly indicator values derived from the register, per scope (the district is a ratio
-- of sums of these, like reported values). The date that places a dossier in a month:
--   hs_truc_tuyen       received online ÷ received            by received_at
--   ttdt_tthc           fee paid online ÷ fee paid (fee > 0)   by received_at
--   hs_dung_han         result_at <= due_at ÷ resolved         by result_at
--   hs_tre_han          resolved with result_at > due_at       by result_at
--   hs_tre_han_xin_loi  late with an apology ÷ late            by result_at
--   hs_dang_qua_han     pending past due at the month's end: due_at before the month
--                       ends and no result by then (counted up to the scope's last month)
-- The macro is the definition: register_month_from(scopes, since) gives the rows of those
-- scopes (NULL: every scope) from the month of ``since`` on (NULL: every month). It reads
-- only the dossiers that can count from that month: received in it or later, resolved in
-- it or later, or still pending (a result is never before its receipt). The view
-- marts.register_month_live is every row; marts.register_month holds them, refreshed
-- from the first month a register load or rollback touched, in its transaction
-- (data/store/register.py), so pages never aggregate the dossiers.
create or replace macro marts.register_month_from(scopes, since) as table
with dossier as (
    select d.*, date_trunc('month', d.received_at)::date as received_month
    from core.dossier as d
    where (scopes is null or list_contains(scopes, d.scope_code))
        and (since is null or d.result_at is null or d.result_at >= since)
),

received as (
    select
        scope_code,
        received_month as month_start,
        count(*) as count_received,
        count(*) filter (where is_online) as count_received_online,
        count(*) filter (where fee > 0) as count_paid,
        count(*) filter (where fee > 0 and paid_online) as count_paid_online
    from dossier
    group by all
),

resolved as (
    select
        scope_code,
        date_trunc('month', result_at)::date as month_start,
        count(*) as count_resolved,
        count(*) filter (where result_at <= due_at) as count_on_time,
        count(*) filter (where result_at > due_at) as count_late,
        count(*) filter (where result_at > due_at and apology) as count_late_apology
    from dossier
    where result_at is not null
    group by all
),

last_month as (
    select scope_code, max(received_month) as month_start
    from dossier
    group by all
),

-- A late or pending dossier is pending past due at the end of each month from the month
-- of its due date to the month before its result (or the scope's last month).
pending_overdue as (
    select d.scope_code, m.month_start, count(*) as count_pending_overdue
    from dossier as d
    inner join last_month as l on d.scope_code = l.scope_code
    cross join lateral (
        select unnest(generate_series(
            date_trunc('month', d.due_at),
            coalesce(date_trunc('month', d.result_at) - interval 1 month, l.month_start),
            interval 1 month
        ))::date as month_start
    ) as m
    where d.result_at is null or d.result_at > d.due_at
    group by all
),

scope_month as (
    select scope_code, month_start from received
    union
    select scope_code, month_start from resolved
),

counts as (
    select
        s.scope_code,
        s.month_start,
        coalesce(r.count_received, 0) as count_received,
        coalesce(r.count_received_online, 0) as count_received_online,
        coalesce(r.count_paid, 0) as count_paid,
        coalesce(r.count_paid_online, 0) as count_paid_online,
        coalesce(v.count_resolved, 0) as count_resolved,
        coalesce(v.count_on_time, 0) as count_on_time,
        coalesce(v.count_late, 0) as count_late,
        coalesce(v.count_late_apology, 0) as count_late_apology,
        coalesce(p.count_pending_overdue, 0) as count_pending_overdue
    from scope_month as s
    left join received as r using (scope_code, month_start)
    left join resolved as v using (scope_code, month_start)
    left join pending_overdue as p using (scope_code, month_start)
),

measures as (
    select scope_code, month_start, m.*
    from counts
    cross join lateral (
        select unnest([
            {'code': 'hs_truc_tuyen', 'num': count_received_online, 'den': count_received,
             'val': null::double},
            {'code': 'ttdt_tthc', 'num': count_paid_online, 'den': count_paid, 'val': null},
            {'code': 'hs_dung_han', 'num': count_on_time, 'den': count_resolved, 'val': null},
            {'code': 'hs_tre_han', 'num': null, 'den': null, 'val': count_late},
            {'code': 'hs_tre_han_xin_loi', 'num': count_late_apology, 'den': count_late,
             'val': null},
            {'code': 'hs_dang_qua_han', 'num': null, 'den': null, 'val': count_pending_overdue}
        ], recursive := true)
    ) as m
),

final as (
    select
        m.code as indicator_code,
        case u.kind when 'district' then 'district' when 'ward' then 'ward' else 'unit' end
            as scope_type,
        m.scope_code,
        'month' as period_type,
        strftime(m.month_start, '%Y-%m') as period_key,
        m.month_start as period_start,
        last_day(m.month_start) as period_end,
        year(m.month_start)::integer as year,
        m.num::double as numerator,
        m.den::double as denominator,
        case when m.den is not null then rate_pct(m.num, m.den) else m.val::double end
            as value
    from measures as m
    inner join core.unit as u on m.scope_code = u.unit_code
    -- a rate with nothing to divide by (no late results: no apology rate) is not a value
    where m.den is null or m.den > 0
)

select * from final
where since is null or period_start >= since;

create or replace view marts.register_month_live as
select * from marts.register_month_from(null, null);

create table if not exists marts.register_month (
    indicator_code  varchar not null,
    scope_type      varchar not null,
    scope_code      varchar not null,
    period_type     varchar not null,
    period_key      varchar not null,
    period_start    date not null,
    period_end      date not null,
    year            integer not null,
    numerator       double,
    denominator     double,
    value           double
);

-- A unit's own column names mapped to the columns of an input kind (data/store/mappings.py),
-- applied to its next files. A change closes the earlier row (superseded_at) and adds a
-- new one; the audit log holds who and when (action mapping_change).
create table if not exists raw.column_mapping (
    unit_code      varchar not null,
    header_key     varchar not null,  -- the header folded (no case, diacritics, punctuation)
    header         varchar not null,  -- as the person wrote it
    kind           varchar not null,
    column_key     varchar not null,
    saved_by       varchar not null,
    saved_at       timestamp not null,
    superseded_at  timestamp
);
