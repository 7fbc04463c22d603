-- The last-known state of every observed workload, so that a restart publishes only what
-- changed while the scanner was down (and WorkloadRemoved for what was deleted meanwhile).
create table workload_states (
    namespace      text not null,
    name           text not null,
    application_id text not null,
    fingerprint    text not null,
    primary key (namespace, name)
);
