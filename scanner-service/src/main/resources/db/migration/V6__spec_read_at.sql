-- The scan state keeps the commit each spec's last good surface was read at, not the surface:
-- megabytes of jsonb were rewritten on every change of a large spec, and a restarted scanner can
-- read the surface again from git. A row saved before knew only its source's last commit.
alter table source_specs add column read_at text;
update source_specs s set read_at = c.last_commit from source_cursors c where c.source_name = s.source_name;
delete from source_specs where read_at is null;
alter table source_specs alter column read_at set not null;
alter table source_specs drop column spec;
