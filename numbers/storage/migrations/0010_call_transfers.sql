-- Issue 12: a blind transfer's routing request (docs/protocol.md §2.1.1,
-- decision 0015) is recorded in the call's one record, never as a second
-- record (decision 0027): the number the transfer was routed to, as dialled
-- (a middle number), and when. Empty / NULL: the call was not transferred.
-- Plain ALTER TABLE ADD COLUMN, as 0007: both backends alike, and on SQLite
-- the unqualified name finds call_records in the records file.
ALTER TABLE call_records ADD COLUMN transferred_to TEXT NOT NULL DEFAULT '';
ALTER TABLE call_records ADD COLUMN transfer_time BIGINT;
