-- Projections of the event log across models (docs/ARCHITECTURE.md), written in the transaction of
-- each append and rebuilt with model_summaries by POST /api/admin/projections/rebuild.

-- Endpoint inventory: every entry point of every model, with its protection and exposure.
create table entry_points (
    application_id text    not null,
    entry_point_id text    not null,
    method         text    not null,
    path           text    not null,
    spec_path      text    not null,
    authenticated  boolean not null,
    deprecated     boolean not null,
    exposure       text,
    primary key (application_id, entry_point_id)
);

create index entry_points_exposure_ix on entry_points (exposure, application_id);

-- Threat register: every open threat of every model, with its standing.
create table threat_register (
    threat_id        text        primary key,
    application_id   text        not null,
    rule_id          text        not null,
    title            text        not null,
    owasp_category   text,
    target           text        not null,
    standing         text        not null default 'open',
    standing_until   timestamptz,
    identified_at    timestamptz not null
);

create index threat_register_app_ix on threat_register (application_id, threat_id);
