-- Records the broker refuses for what they are (too large, invalid), set aside by the relay with
-- the reason so that the records after them go on (OutboxRelay); an operator reads, fixes or
-- drops them here. Nothing is retried from this table by itself.
create table outbox_dead_letters (
    id           bigserial   primary key,
    position     bigint      not null,
    topic        text        not null,
    message_key  text,
    event_id     text,
    payload      text        not null,
    reason       text        not null,
    set_aside_at timestamptz not null default now()
);
