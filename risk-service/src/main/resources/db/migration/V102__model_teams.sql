-- The team that owns each model (OwnerTeamAssigned): the register shows a team only its models.
alter table model_contexts add column team text;
