-- Issue 12. imported_as: the text a number was imported as
-- ("01095013001", "+86 10 9501 3001"), which a gateway with
-- dial_format "as-imported" shows as the caller id. '' for numbers imported
-- before this migration: those are shown national.
ALTER TABLE pool_numbers ADD COLUMN imported_as TEXT NOT NULL DEFAULT '';

-- AXYB (A sees B as Y, B sees A as X) and AXG (AXN whose callers must be
-- members of a group): two more modes; Y, the second middle number of an
-- AXYB binding, and group_id, the group of an AXG binding ('' for the other
-- modes; columns with a default, so tools that insert the 0004 columns keep
-- working). The mode CHECK of 0002
-- cannot be altered in SQLite, so the table is rebuilt (nothing references
-- it) with the indexes 0004 left.
CREATE TABLE bindings_0005 (
  id           TEXT PRIMARY KEY,
  mode         TEXT NOT NULL CHECK (mode IN ('AXB', 'AXN', 'AXYB', 'AXG')),
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
  group_id     TEXT NOT NULL DEFAULT ''
);
INSERT INTO bindings_0005 (id, mode, a, b, x, expires_at, out_id, user_data, record, restriction, max_duration,
                           state, created_at, updated_at, released_at)
  SELECT id, mode, a, b, x, expires_at, out_id, user_data, record, restriction, max_duration,
         state, created_at, updated_at, released_at FROM bindings;
DROP TABLE bindings;
ALTER TABLE bindings_0005 RENAME TO bindings;
CREATE INDEX bindings_x_state ON bindings (x, state, expires_at);
CREATE INDEX bindings_a_x ON bindings (a, x);
CREATE INDEX bindings_b_x ON bindings (b, x);
CREATE INDEX bindings_active_expiry_x ON bindings (state, expires_at, x);
CREATE INDEX bindings_out_id ON bindings (out_id) WHERE out_id <> '';
-- AXG routes every caller on X as AXN does (then checks the group).
CREATE INDEX bindings_axn_x ON bindings (x, state, expires_at) WHERE mode IN ('AXN', 'AXG');
-- An AXYB binding on Y: routing A's call to Y (a, y), and Y's own load.
CREATE INDEX bindings_a_y ON bindings (a, y) WHERE y <> '';
CREATE INDEX bindings_y_state ON bindings (y, state, expires_at) WHERE y <> '';

-- AXG groups (Alibaba's AXG group, GroupId): the numbers allowed to reach A
-- through X. Members are canonical E.164; a binding names its group, and
-- routing asks (group_id, caller) by the primary key.
CREATE TABLE number_groups (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE group_members (
  group_id   TEXT NOT NULL REFERENCES number_groups (id),
  number     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (group_id, number)
);
