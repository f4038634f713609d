-- AXB / AXN bindings. A binding routes while state = 'active' and
-- expires_at > now (checked by the routing query itself). released_at is
-- when it stopped (unbind, or expires_at once swept); the cool-down is
-- measured from COALESCE(released_at, expires_at).
CREATE TABLE bindings (
  id           TEXT PRIMARY KEY,
  mode         TEXT NOT NULL CHECK (mode IN ('AXB', 'AXN')),
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
  released_at  BIGINT
);
CREATE INDEX bindings_x_state ON bindings (x, state, expires_at);
CREATE INDEX bindings_a ON bindings (a);
CREATE INDEX bindings_b ON bindings (b);
CREATE INDEX bindings_out_id ON bindings (out_id);
CREATE INDEX bindings_active_expiry ON bindings (state, expires_at);
