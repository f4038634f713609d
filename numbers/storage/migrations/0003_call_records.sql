-- One call record per call uuid, merged from the engine's notifications.
-- seen is a bit set of the notifications merged (request 1, ring 2,
-- progress 4, answer 8, hangup 16).
CREATE TABLE call_records (
  uuid          TEXT PRIMARY KEY,
  binding_id    TEXT NOT NULL DEFAULT '',
  out_id        TEXT NOT NULL DEFAULT '',
  user_data     TEXT NOT NULL DEFAULT '',
  a             TEXT NOT NULL DEFAULT '',
  x             TEXT NOT NULL DEFAULT '',
  peer          TEXT NOT NULL DEFAULT '',
  caller        TEXT NOT NULL DEFAULT '',
  callee        TEXT NOT NULL DEFAULT '',
  direction     TEXT,
  record        INTEGER NOT NULL DEFAULT 0,
  call_time     BIGINT,
  ring_time     BIGINT,
  progress_time BIGINT,
  answer_time   BIGINT,
  release_time  BIGINT,
  duration      BIGINT,
  billsec       BIGINT,
  release_side  TEXT,
  cause_name    TEXT NOT NULL DEFAULT '',
  cause_q850    INTEGER,
  sip_status    INTEGER,
  recording     TEXT NOT NULL DEFAULT '',
  seen          INTEGER NOT NULL DEFAULT 0,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX call_records_binding ON call_records (binding_id, call_time);
CREATE INDEX call_records_call_time ON call_records (call_time);
CREATE INDEX call_records_a ON call_records (a);
CREATE INDEX call_records_x ON call_records (x);
CREATE INDEX call_records_peer ON call_records (peer);
CREATE INDEX call_records_caller ON call_records (caller);
