-- An outbox row may carry many records of one topic (Outbox.enqueue): one line of payload and
-- one key per record, in order. A rescore after a policy change queues tens of thousands of
-- events; one row per record cost more than the rescore itself (row headers, index entries, WAL).
-- Rows written before this version keep message_key and one record; the relay reads both.
alter table outbox add column message_keys text[];

-- Batch rows are large and short-lived (deleted once relayed): compress them with lz4 where the
-- server has it, and not at all where it does not (pglz costs more time than the bytes it saves).
do $$
begin
    alter table outbox alter column payload set compression lz4;
exception when feature_not_supported then
    alter table outbox alter column payload set storage external;
end
$$;
