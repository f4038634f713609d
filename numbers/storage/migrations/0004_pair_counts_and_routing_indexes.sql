-- Issue 6 (speed). The pool pick and the routing lookup without counting
-- or scanning every pair on X.
--
-- active_pairs: bindings in state 'active' on this X. Every binding write
-- keeps it in the same transaction (storage/sql_session.cpp: insert, update,
-- sweep). A binding past its expiry that the sweep has not reached yet is
-- still counted; readers subtract those (an index range that is empty
-- between sweeps), and a bind sweeps before it picks, so the pick's order
-- is exact.
ALTER TABLE pool_numbers ADD COLUMN active_pairs BIGINT NOT NULL DEFAULT 0;
UPDATE pool_numbers SET active_pairs =
  (SELECT COUNT(*) FROM bindings b WHERE b.x = pool_numbers.number AND b.state = 'active');
-- The pick reads candidates in this order and stops at the first that fits.
CREATE INDEX pool_numbers_pick ON pool_numbers (state, active_pairs, number);
CREATE INDEX pool_numbers_area_pick ON pool_numbers (state, area_code, active_pairs, number);
-- The routing lookup by (caller, X): a party has few bindings, found by
-- (a, x) or (b, x) instead of reading every pair on X; these also serve
-- the conflict check by party, so they replace the single-column indexes.
DROP INDEX bindings_a;
DROP INDEX bindings_b;
CREATE INDEX bindings_a_x ON bindings (a, x);
CREATE INDEX bindings_b_x ON bindings (b, x);
-- The sweep (which every bind runs first) finds the active pairs past their
-- expiry and their X in this index alone; without x in it SQLite preferred
-- skipping through bindings_x_state, one seek per X (~30 ms at 1M bindings).
DROP INDEX bindings_active_expiry;
CREATE INDEX bindings_active_expiry_x ON bindings (state, expires_at, x);
-- Most bindings carry no out_id; with statistics (ANALYZE) SQLite then took
-- the out_id index for useless and scanned every active binding instead
-- (~0.5 s at 1M). Only bindings that have one are indexed.
DROP INDEX bindings_out_id;
CREATE INDEX bindings_out_id ON bindings (out_id) WHERE out_id <> '';
-- A live AXN binding on X (which routes every caller) by its own small index.
CREATE INDEX bindings_axn_x ON bindings (x, state, expires_at) WHERE mode = 'AXN';
