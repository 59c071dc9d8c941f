-- Receipts over the brokers (issue E). Runs on H2 2.x and PostgreSQL 15.

-- Receipt messages (Artemis queue or Kafka topic popgate.pull.receipts) the gateway refused: kept whole with the
-- stable code and sentence of the refusal, so nothing a department sends is lost; listed through the API. A receipt
-- holds no personal data; exchange_id is what the message claims (read before verification), or null.
CREATE TABLE pull_receipt_refused (
    id          VARCHAR(36)              NOT NULL PRIMARY KEY,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    channel     VARCHAR(16)              NOT NULL,
    exchange_id VARCHAR(64),
    code        VARCHAR(64)              NOT NULL,
    reason      VARCHAR(512)             NOT NULL,
    body        BYTEA                    NOT NULL
);
CREATE INDEX pull_receipt_refused_at_ix ON pull_receipt_refused (received_at);
