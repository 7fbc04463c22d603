-- The event store, the idempotent inbox and the transactional outbox (docs/ARCHITECTURE.md).
-- Shared by every service that persists; each service has its own database.

create table events (
    global_position bigserial   primary key,
    stream_id       text        not null,
    stream_version  bigint      not null,
    event_id        uuid        not null,
    event_type      text        not null,
    schema_version  int         not null,
    payload         jsonb       not null,
    metadata        jsonb       not null,
    recorded_at     timestamptz not null default now(),
    -- optimistic concurrency: two writers of one stream version never both win
    constraint events_stream_version_uk unique (stream_id, stream_version),
    constraint events_event_id_uk unique (event_id)
);

create index events_recorded_at_ix on events (stream_id, recorded_at);

-- Inbox: a message id is recorded in the same transaction as its effect.
create table processed_messages (
    consumer     text        not null,
    message_id   text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
);

-- Outbox: rows written with the effect, relayed to Kafka in position order, then deleted.
create table outbox (
    position    bigserial   primary key,
    topic       text        not null,
    message_key text,
    payload     text        not null,
    created_at  timestamptz not null default now()
);
