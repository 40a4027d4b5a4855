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

create or replace view marts.load_history as
select l.*, r.rolled_back_at, r.rolled_back_by, r.previous_status, r.cascade_of
from raw.load_log l
left join raw.load_rollback r using (load_id);
