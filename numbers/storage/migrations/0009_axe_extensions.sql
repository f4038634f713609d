-- Issue 12 item 3: AXE (decision 0026). Many A share one X, each behind an
-- extension the caller enters after dialling X. The mode CHECK of 0005 must
-- take 'AXE', which SQLite cannot alter: the table is rebuilt again (nothing
-- references it) with every column and index 0005-0007 left, plus
-- `extension` ('' for the other modes; a column with a default, so tools
-- that insert the older columns keep working).
-- 0008 is another branch's number: migrations are applied by version, each
-- one missing from schema_migrations (storage/migrate.cpp), so a gap, or a
-- lower number arriving later, is applied all the same.
CREATE TABLE bindings_0009 (
  id           TEXT PRIMARY KEY,
  mode         TEXT NOT NULL CHECK (mode IN ('AXB', 'AXN', 'AXYB', 'AXG', 'AXE')),
  a            TEXT NOT NULL,
  b            TEXT NOT NULL,
  x            TEXT NOT NULL REFERENCES pool_numbers (number),
  expires_at   BIGINT NOT NULL,
  out_id       TEXT NOT NULL,
  user_data    TEXT NOT NULL,
  record       INTEGER NOT NULL,
  restriction  TEXT NOT NULL CHECK (restriction IN ('none', 'a_to_x_barred', 'b_to_x_barred')),
  max_duration BIGINT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('active', 'released', 'expired')),
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  released_at  BIGINT,
  y            TEXT NOT NULL DEFAULT '',
  group_id     TEXT NOT NULL DEFAULT '',
  callback_url TEXT NOT NULL DEFAULT '',
  tenant       TEXT NOT NULL DEFAULT 'default',
  extension    TEXT NOT NULL DEFAULT ''
);
INSERT INTO bindings_0009 (id, mode, a, b, x, expires_at, out_id, user_data, record, restriction, max_duration,
                           state, created_at, updated_at, released_at, y, group_id, callback_url, tenant)
  SELECT id, mode, a, b, x, expires_at, out_id, user_data, record, restriction, max_duration,
         state, created_at, updated_at, released_at, y, group_id, callback_url, tenant FROM bindings;
DROP TABLE bindings;
ALTER TABLE bindings_0009 RENAME TO bindings;
CREATE INDEX bindings_x_state ON bindings (x, state, expires_at);
CREATE INDEX bindings_a_x ON bindings (a, x);
CREATE INDEX bindings_b_x ON bindings (b, x);
CREATE INDEX bindings_active_expiry_x ON bindings (state, expires_at, x);
CREATE INDEX bindings_out_id ON bindings (out_id) WHERE out_id <> '';
CREATE INDEX bindings_axn_x ON bindings (x, state, expires_at) WHERE mode IN ('AXN', 'AXG');
CREATE INDEX bindings_a_y ON bindings (a, y) WHERE y <> '';
CREATE INDEX bindings_y_state ON bindings (y, state, expires_at) WHERE y <> '';
-- An extension reaches one A per X: unique among active AXE bindings (a
-- bind sweeps expired ones first, so an expired extension is free again).
-- Routing the digits entered is one lookup along it.
CREATE UNIQUE INDEX bindings_axe_extension ON bindings (x, extension) WHERE mode = 'AXE' AND state = 'active';
-- The routing query's "is X an AXE number" (its first live AXE binding),
-- and an X's AXE load: along the AXE rows only, as bindings_axn_x does for
-- AXN (without it SQLite reads X's AXB pairs through bindings_x_state).
CREATE INDEX bindings_axe_x ON bindings (x, state, expires_at) WHERE mode = 'AXE';

-- The extension a completed AXE call reached, in its call record.
ALTER TABLE call_records ADD COLUMN extension TEXT NOT NULL DEFAULT '';
