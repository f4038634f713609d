-- The pool of middle numbers (X). Times are Unix epoch seconds.
-- state: available | quarantined | retired. Whether a number is free or in
-- use follows from its live bindings and is not stored.
CREATE TABLE pool_numbers (
  number     TEXT PRIMARY KEY,
  gateway    TEXT NOT NULL,
  area_code  TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('available', 'quarantined', 'retired')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX pool_numbers_area_state ON pool_numbers (area_code, state);
