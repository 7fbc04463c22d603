create table review_tasks (
    task_id        text        primary key,
    application_id text        not null,
    status         text        not null,
    reasons        jsonb       not null,
    raised_at      timestamptz not null,
    due_by         timestamptz not null,
    closed_at      timestamptz
);

-- one open task per model: new reasons join it
create unique index review_tasks_one_open_ix on review_tasks (application_id) where status = 'OPEN';
