-- Projections of the event log (docs/ARCHITECTURE.md): rebuilt from `events` at any time by
-- POST /api/admin/projections/rebuild; written in the transaction of each append.

-- The current model of each application, for listing and for team scoping.
create table model_summaries (
    application_id   text        primary key,
    team             text,
    version          bigint      not null,
    entry_points     int         not null,
    open_threats     int         not null,
    last_reviewed_at timestamptz,
    updated_at       timestamptz not null
);

create index model_summaries_team_ix on model_summaries (team, application_id);
