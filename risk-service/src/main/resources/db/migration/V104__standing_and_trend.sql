-- A threat the owner accepted or marked a false positive keeps its rating but does not count
-- towards its model's severity until the standing expires (RiskAccepted, ThreatMarkedFalsePositive).
alter table threat_risks
    add column standing       text,
    add column standing_until timestamptz,
    add column standing_by    text,
    add column justification  text;

-- What caused the last change of each rating (the model event, the observation, the commit):
-- the register's drill-down shows it next to the factors.
alter table threat_risks add column causes text; -- a JSON array, shown, never queried

-- Each model's counts by severity after every change of its ratings: the trend over time.
create table risk_trend (
    position       bigserial   primary key,
    application_id text        not null,
    recorded_at    timestamptz not null,
    highest        text,
    critical       integer     not null,
    high           integer     not null,
    medium         integer     not null,
    low            integer     not null,
    note           integer     not null,
    set_aside      integer     not null
);

create index risk_trend_model_ix on risk_trend (application_id, recorded_at);
