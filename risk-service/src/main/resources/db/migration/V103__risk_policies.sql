-- Scoring policies set through the API, by version; the highest version in force (docs/RISK.md).
create table risk_policies (
    version  integer     primary key,
    document text        not null,
    set_by   text        not null,
    set_at   timestamptz not null
);
