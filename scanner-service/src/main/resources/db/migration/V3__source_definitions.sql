-- Git sources added through the sources API (sources from configuration are not stored).
-- The token column is write-only for the API: it is never selected for a response.
create table source_definitions (
    source_name   text        primary key,
    url           text        not null,
    branch        text        not null,
    application   text,
    from_revision text,
    token         text,
    token_user    text        not null,
    poll_interval interval,
    created_by    text        not null,
    updated_at    timestamptz not null default now()
);
