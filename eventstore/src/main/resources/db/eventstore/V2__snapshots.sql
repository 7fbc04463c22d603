-- Snapshots keep loading a long stream fast: the state at a stream version, so only the events
-- after it are replayed. A snapshot is a cache: deleting every row loses nothing.
create table snapshots (
    stream_id      text        primary key,
    stream_version bigint      not null,
    state_version  int         not null,
    state          jsonb       not null,
    taken_at       timestamptz not null default now()
);
