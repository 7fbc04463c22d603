-- Wakes the outbox relay when a transaction that queued events commits (NOTIFY is delivered on
-- commit, once per transaction): events leave within milliseconds instead of at the next poll.
-- The payload is empty; the relay still reads the rows, and keeps polling in case a notification
-- is missed (a reconnect, another replica's lock).
create function threatloop_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('threatloop_outbox', '');
    return null;
end
$$;

create trigger outbox_notify after insert on outbox
    for each statement execute function threatloop_outbox_notify();
