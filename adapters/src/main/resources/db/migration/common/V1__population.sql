-- The population database: persons with the main data items (主要数据项), households, marriages, births,
-- fertility details of married women of childbearing age, migrant status, and area codes as data.
-- Runs unchanged on H2 2.x and PostgreSQL 15. Persons are found by id_hash (HMAC of the ID number under the
-- gateway's lookup-hash key), never by the ID column. ID numbers, names and contraception details are stored
-- AES-256-GCM-encrypted (crypto ColumnCipher, table/column/row bound in as associated data): a copy of the
-- database file reveals none of them.

CREATE TABLE area (
    code        VARCHAR(12)  NOT NULL PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL,
    level       VARCHAR(10)  NOT NULL,
    parent_code VARCHAR(12),
    historic    BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT area_level_ck CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'))
);

CREATE TABLE household (
    id             BIGINT       NOT NULL PRIMARY KEY,
    household_no   VARCHAR(20)  NOT NULL UNIQUE,
    village_code   VARCHAR(12)  NOT NULL REFERENCES area (code),
    household_type VARCHAR(20)  NOT NULL
);

CREATE TABLE person (
    id                    BIGINT       NOT NULL PRIMARY KEY,
    id_hash               BYTEA        NOT NULL,
    id_number_enc         BYTEA,
    name_enc              BYTEA,
    gender                CHAR(1)      NOT NULL,
    birth_date            DATE         NOT NULL,
    household_id          BIGINT       REFERENCES household (id),
    relation_to_head      VARCHAR(10),
    household_type        VARCHAR(20)  NOT NULL,
    registration_area     VARCHAR(12)  NOT NULL REFERENCES area (code),
    residence_area        VARCHAR(12)  NOT NULL REFERENCES area (code),
    management_attribute  VARCHAR(16)  NOT NULL,
    management_changed_at DATE,
    marital_status        VARCHAR(10)  NOT NULL,
    cancel_reason         VARCHAR(16),
    cancelled_at          DATE,
    mother_id             BIGINT,
    father_id             BIGINT,
    CONSTRAINT person_gender_ck CHECK (gender IN ('M', 'F'))
);
CREATE INDEX person_id_hash_ix ON person (id_hash);
CREATE INDEX person_registration_ix ON person (registration_area);
CREATE INDEX person_household_ix ON person (household_id);

CREATE TABLE marriage (
    id            BIGINT      NOT NULL PRIMARY KEY,
    husband_id    BIGINT      NOT NULL REFERENCES person (id),
    wife_id       BIGINT      NOT NULL REFERENCES person (id),
    marriage_date DATE        NOT NULL,
    status        VARCHAR(10) NOT NULL,
    ended_at      DATE
);
CREATE INDEX marriage_wife_ix ON marriage (wife_id);
CREATE INDEX marriage_husband_ix ON marriage (husband_id);

CREATE TABLE birth (
    child_id             BIGINT      NOT NULL PRIMARY KEY REFERENCES person (id),
    mother_id            BIGINT      NOT NULL REFERENCES person (id),
    father_id            BIGINT      REFERENCES person (id),
    birth_certificate_no VARCHAR(20),
    birth_order          INT         NOT NULL
);
CREATE INDEX birth_mother_ix ON birth (mother_id);

-- Sensitive (PIPL art. 28: health and contraception): travels only where an approval names it.
CREATE TABLE fertility (
    woman_id                          BIGINT        NOT NULL PRIMARY KEY REFERENCES person (id),
    living_sons                       INT           NOT NULL,
    living_daughters                  INT           NOT NULL,
    youngest_child_birth_date         DATE,
    youngest_child_gender             CHAR(1),
    policy_status                     VARCHAR(16)   NOT NULL,
    contraception_enc                 BYTEA         NOT NULL,
    out_of_policy_children_since_1990 INT           NOT NULL,
    maintenance_fee_assessed          NUMERIC(12,2) NOT NULL,
    maintenance_fee_collected         NUMERIC(12,2) NOT NULL
);

CREATE TABLE migrant (
    person_id         BIGINT      NOT NULL PRIMARY KEY REFERENCES person (id),
    direction         VARCHAR(3)  NOT NULL,
    origin_area       VARCHAR(12) NOT NULL REFERENCES area (code),
    destination_area  VARCHAR(12) NOT NULL REFERENCES area (code),
    since             DATE        NOT NULL,
    valid_certificate BOOLEAN     NOT NULL,
    CONSTRAINT migrant_direction_ck CHECK (direction IN ('IN', 'OUT'))
);

-- Small facts the gateway keeps about itself (e.g. which demo county is loaded).
CREATE TABLE gateway_state (
    state_key   VARCHAR(64)  NOT NULL PRIMARY KEY,
    state_value VARCHAR(512) NOT NULL,
    updated_at  TIMESTAMP    NOT NULL
);
