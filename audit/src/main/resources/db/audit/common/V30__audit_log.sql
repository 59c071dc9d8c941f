-- popgate audit log (runs on H2 2.x and PostgreSQL 15).
-- Append-only: rows are only ever inserted. The leaf column holds the canonical event bytes
-- (the RFC 9162 Merkle leaf); every other event column is a copy for queries that the verifier
-- checks against the leaf. row_seal = HMAC(row-seal key, seq, leaf hash) marks rows written by
-- the gateway, so a row inserted behind its back is found even before the next checkpoint.

CREATE TABLE audit_sequencer (
    id INT NOT NULL PRIMARY KEY
);
INSERT INTO audit_sequencer (id) VALUES (1);

CREATE TABLE audit_event (
    seq              BIGINT                   NOT NULL PRIMARY KEY,
    event_id         CHAR(36)                 NOT NULL,
    event_type       VARCHAR(64)              NOT NULL,
    occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_person     VARCHAR(512),
    actor_member     VARCHAR(512),
    actor_department VARCHAR(512),
    approval_id      VARCHAR(512),
    exchange_id      VARCHAR(512),
    subject_count    BIGINT                   NOT NULL,
    leaf             BYTEA                    NOT NULL,
    row_seal         BYTEA                    NOT NULL
);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);
CREATE INDEX audit_event_type_idx ON audit_event (event_type, occurred_at);
CREATE INDEX audit_event_person_idx ON audit_event (actor_person);
CREATE INDEX audit_event_member_idx ON audit_event (actor_member);
CREATE INDEX audit_event_department_idx ON audit_event (actor_department);
CREATE INDEX audit_event_approval_idx ON audit_event (approval_id);
CREATE INDEX audit_event_exchange_idx ON audit_event (exchange_id);

-- The subject index: one row per person an event concerns (keyed hash only).
CREATE TABLE audit_subject (
    seq          BIGINT NOT NULL,
    ordinal      INT    NOT NULL,
    subject_hash BYTEA  NOT NULL,
    PRIMARY KEY (seq, ordinal)
);
CREATE INDEX audit_subject_hash_idx ON audit_subject (subject_hash);

-- Signed checkpoints (C2SP tlog-checkpoint notes) with optional RFC 3161 timestamp tokens.
CREATE TABLE audit_checkpoint (
    id              BIGINT                   NOT NULL PRIMARY KEY,
    tree_size       BIGINT                   NOT NULL,
    root_hash       BYTEA                    NOT NULL,
    signed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    note            VARCHAR(16000)           NOT NULL,
    timestamp_token BYTEA
);
