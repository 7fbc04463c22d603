-- The current rating of every open threat: what a RiskChanged compares against.
create table threat_risks (
    threat_id      text        primary key,
    application_id text        not null,
    rule_id        text        not null,
    severity       text        not null,
    rating         jsonb       not null,
    updated_at     timestamptz not null
);

create index threat_risks_application_ix on threat_risks (application_id);
