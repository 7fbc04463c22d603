-- The delivery log: each review-task event to each channel of its team's route, written with the
-- transition; tried with backoff until delivered, or kept as a dead letter with the last error.
-- Teams with a daily digest: rows are HELD until the digest collects them (DIGESTED).
create table deliveries (
    delivery_id     bigserial   primary key,
    event_id        text        not null,
    application_id  text        not null,
    channel         text        not null,
    team            text,
    -- 'event': one task transition (CloudEvent JSON); 'digest': a team's held transitions (JSON array)
    kind            text        not null default 'event',
    event           text        not null,
    status          text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    unique (event_id, channel)
);

create index deliveries_due_ix on deliveries (next_attempt_at) where status = 'PENDING';
