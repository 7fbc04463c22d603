-- The scanner replicas alive: each records itself at every tick of its schedule, and the sources
-- are shared among those seen lately (ScannerReplicas), so that no two replicas poll one source.
create table scanner_replicas (
    replica_id text primary key,
    seen_at timestamptz not null
);
