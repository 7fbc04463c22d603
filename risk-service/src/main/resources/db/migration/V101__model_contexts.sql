-- What each model's events say around its threats (exposure, data, compliance, mitigations):
-- the ModelRiskContext a rescore starts from.
create table model_contexts (
    application_id text        primary key,
    context        jsonb       not null,
    updated_at     timestamptz not null
);

-- What a rescore needs of each threat without its ThreatIdentified event at hand.
alter table threat_risks
    add column title               text,
    add column target              text,
    add column authenticated       boolean,
    add column identified_exposure text;
