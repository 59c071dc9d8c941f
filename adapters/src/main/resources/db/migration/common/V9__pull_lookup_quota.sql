-- The lookup quota of a standing approval, shared by every gateway instance on this database: an instance reserves
-- a block of the day's lookups here (one short transaction) and hands the slots out from memory, so the sum over
-- all instances never exceeds the approval's lookups per day (docs/decisions/lookup-quota.md).
CREATE TABLE pull_lookup_quota (
    pull_id   VARCHAR(40)              NOT NULL REFERENCES pull (id),
    day_start TIMESTAMP WITH TIME ZONE NOT NULL,
    reserved  BIGINT                   NOT NULL,
    PRIMARY KEY (pull_id, day_start)
);
