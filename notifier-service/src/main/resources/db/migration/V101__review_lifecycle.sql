-- What the staleness rules know of each model (ModelReviewState as JSON), with the columns the
-- scheduled evaluation and the routing read.
create table model_review_states (
    application_id text        primary key,
    team           text,
    state          jsonb       not null,
    updated_at     timestamptz not null
);

-- Task lifecycle: OPEN -> ACKNOWLEDGED -> DONE, ESCALATED when due_by passes; snoozing moves due_by.
alter table review_tasks
    add column team            text,
    add column acknowledged_by text,
    add column acknowledged_at timestamptz,
    add column escalated_at    timestamptz,
    add column snooze_reason   text,
    add column snoozed_by      text,
    add column closed_reason   text;

drop index review_tasks_one_open_ix;
-- one unfinished task per model: new reasons join it
create unique index review_tasks_one_open_ix on review_tasks (application_id) where status <> 'DONE';
create index review_tasks_due_ix on review_tasks (due_by) where status in ('OPEN', 'ACKNOWLEDGED');

-- The staleness policy set by administrators (the highest version is in force; else the defaults).
create table staleness_policies (
    version  integer     primary key,
    document text        not null,
    set_by   text        not null,
    set_at   timestamptz not null
);
