-- Restart safety: where each source was scanned up to, and the last good surface of each spec
-- (what the next observation is diffed against).
create table source_cursors (
    source_name text        primary key,
    last_commit text        not null,
    updated_at  timestamptz not null default now()
);

create table source_specs (
    source_name text  not null,
    path        text  not null,
    spec        jsonb not null,
    primary key (source_name, path)
);
