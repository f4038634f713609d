-- Issue 12. imported_as: the text a number was imported as
-- ("01095013001", "+86 10 9501 3001"), which a gateway with
-- dial_format "as-imported" shows as the caller id. '' for numbers imported
-- before this migration: those are shown national.
ALTER TABLE pool_numbers ADD COLUMN imported_as TEXT NOT NULL DEFAULT '';
