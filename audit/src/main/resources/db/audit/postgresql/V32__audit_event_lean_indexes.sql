-- PostgreSQL only: cheaper query indexes on audit_event (H2 keeps V30's). Every row pays for each index on the
-- append path, inside the sequencer lock, so the indexes are chosen by measured cost per row (figures in
-- docs/decisions/audit-log.md, "Query indexes on PostgreSQL"). Every query AuditQuery offers stays index-backed:
--  * time range: a BRIN index. The log is append-only and occurred_at follows seq (events are stamped just before
--    they are queued), so block ranges hold narrow time ranges; autosummarize keeps the tail summarised.
--  * the copied id columns compare byte-wise (COLLATE "C"): they are identifiers, only ever compared for equality,
--    and the database's default collation made every index insert a locale comparison. Changing the collation keeps
--    the rows (no rewrite) and rebuilds the indexes on those columns.
--  * person, member, department, approval and exchange: partial indexes WHERE the column IS NOT NULL. Many events
--    lack some of them (a department system's lookup has no person, a login no approval or exchange); an equality
--    condition implies IS NOT NULL, so the queries use them unchanged.
--  * event type: a plain btree on the type (combined with the BRIN index for a type within a time range).
DROP INDEX audit_event_time_idx;
DROP INDEX audit_event_type_idx;
DROP INDEX audit_event_person_idx;
DROP INDEX audit_event_member_idx;
DROP INDEX audit_event_department_idx;
DROP INDEX audit_event_approval_idx;
DROP INDEX audit_event_exchange_idx;

ALTER TABLE audit_event
    ALTER COLUMN event_type TYPE VARCHAR(64) COLLATE "C",
    ALTER COLUMN actor_person TYPE VARCHAR(512) COLLATE "C",
    ALTER COLUMN actor_member TYPE VARCHAR(512) COLLATE "C",
    ALTER COLUMN actor_department TYPE VARCHAR(512) COLLATE "C",
    ALTER COLUMN approval_id TYPE VARCHAR(512) COLLATE "C",
    ALTER COLUMN exchange_id TYPE VARCHAR(512) COLLATE "C";

CREATE INDEX audit_event_time_brin ON audit_event USING brin (occurred_at) WITH (autosummarize = on);
CREATE INDEX audit_event_type_idx ON audit_event (event_type);
CREATE INDEX audit_event_person_idx ON audit_event (actor_person) WHERE actor_person IS NOT NULL;
CREATE INDEX audit_event_member_idx ON audit_event (actor_member) WHERE actor_member IS NOT NULL;
CREATE INDEX audit_event_department_idx ON audit_event (actor_department) WHERE actor_department IS NOT NULL;
CREATE INDEX audit_event_approval_idx ON audit_event (approval_id) WHERE approval_id IS NOT NULL;
CREATE INDEX audit_event_exchange_idx ON audit_event (exchange_id) WHERE exchange_id IS NOT NULL;
