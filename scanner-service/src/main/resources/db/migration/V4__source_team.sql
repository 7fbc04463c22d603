-- Who sees a source in the API: its team (like a model's owner); null means administrators only.
alter table source_definitions add column team text;
