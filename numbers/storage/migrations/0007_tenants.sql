-- Issue 12 item 4: tenants (decision 0016). Every row belongs to the tenant
-- of the API key that made it; rows from before belong to 'default', the
-- tenant of keys configured without one, so existing deployments see no
-- change. A column with a default: tools that insert without it keep
-- working. Plain ALTER TABLE ADD COLUMN, which both backends run alike; on
-- SQLite an unqualified name finds call_records and push_outbox in the
-- records file once they were moved there (storage/sqlite/records_file.cpp).
ALTER TABLE pool_numbers ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
ALTER TABLE bindings ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
ALTER TABLE number_groups ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
ALTER TABLE call_records ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
ALTER TABLE push_outbox ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
-- A bind picks X among its tenant's numbers only, in pick order along an
-- index as before (0004's pool_numbers_pick), whatever the other tenants'
-- pools hold. The tenant-less indexes stay for /v1/status.
CREATE INDEX pool_numbers_tenant_pick ON pool_numbers (tenant, state, active_pairs, number);
CREATE INDEX pool_numbers_tenant_area_pick ON pool_numbers (tenant, state, area_code, active_pairs, number);
-- Listing a tenant's groups.
CREATE INDEX number_groups_tenant ON number_groups (tenant, created_at);
