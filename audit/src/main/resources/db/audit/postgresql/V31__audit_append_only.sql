-- PostgreSQL only: the runtime role (${app_role}) may insert and select audit rows, nothing else,
-- and a trigger rejects UPDATE, DELETE and TRUNCATE on audit tables for every role, the owner
-- included (the owner could drop the trigger: that is what signed checkpoints and the witnesses
-- catch). Run migrations as the schema owner, never as ${app_role}.

CREATE FUNCTION audit_reject_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit tables are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_subject_append_only BEFORE UPDATE OR DELETE ON audit_subject
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_subject_no_truncate BEFORE TRUNCATE ON audit_subject
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_sequencer_append_only BEFORE UPDATE OR DELETE ON audit_sequencer
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_sequencer_no_truncate BEFORE TRUNCATE ON audit_sequencer
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

REVOKE ALL ON audit_event, audit_subject, audit_checkpoint, audit_sequencer FROM PUBLIC;
GRANT SELECT, INSERT ON audit_event, audit_subject, audit_checkpoint TO ${app_role};
GRANT SELECT ON audit_sequencer TO ${app_role};
