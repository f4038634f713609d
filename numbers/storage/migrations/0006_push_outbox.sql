-- Issue 12 item 5: pushed call events and call records (docs/push.md,
-- decision 0011). The outbox: one row per item and destination URL, written
-- in the transaction that merges the call record, deleted once a callback
-- answered 2xx. dead = 1 after the retry budget: kept for
-- GET /v1/push/failed and re-sent by POST /v1/push/failed/{id}/resend.
-- id is given by the service (milliseconds * 1024 + a counter), because the
-- two backends share this file and have no common auto-increment.
-- On SQLite the table lives in the call records' file
-- (storage/sqlite/records_file.cpp moves it there after the migrations), so
-- the record and its outbox rows commit together.
CREATE TABLE push_outbox (
  id              BIGINT PRIMARY KEY,
  idempotency_key TEXT NOT NULL,
  url             TEXT NOT NULL,
  kind            TEXT NOT NULL,
  uuid            TEXT NOT NULL,
  payload         TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  dead            INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  UNIQUE (idempotency_key, url)
);
CREATE INDEX push_outbox_due ON push_outbox (dead, next_attempt_at, id);
-- Huawei's statusUrl per binding: this binding's calls are pushed there
-- instead of to [push] urls ('' = the service's URLs).
ALTER TABLE bindings ADD COLUMN callback_url TEXT NOT NULL DEFAULT '';
