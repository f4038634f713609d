-- Issue 12 item 6: a call record carries its recording (docs/media.md
-- "Recording", decision 0023). The file's name was already kept in
-- `recording` (0003); its length in milliseconds, from the engine's hangup
-- notification (record_ms), is new. NULL = no recording, or none reported.
-- Plain ALTER TABLE ADD COLUMN, run alike by both backends (see 0007).
ALTER TABLE call_records ADD COLUMN recording_ms INTEGER;
