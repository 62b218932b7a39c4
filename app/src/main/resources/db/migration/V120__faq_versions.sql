-- The help center's cache key (issues 17/19 speed): a per-store counter bumped in the same transaction as any
-- change to the store's FAQ items or categories, by statement-level triggers (one bump per statement however
-- many rows it touched). A node holding a store's help center in memory reads this one row per request to
-- know whether what it holds is current: every node sees a committed edit at once, with no message between
-- nodes. A store without a row has version 0.
CREATE TABLE faq_versions (
    store_id  uuid PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    version   bigint NOT NULL
);

CREATE FUNCTION bump_faq_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO faq_versions (store_id, version)
    SELECT DISTINCT c.store_id, 1 FROM changed c
    WHERE EXISTS (SELECT 1 FROM stores s WHERE s.id = c.store_id) -- not while the store itself is being deleted
    ON CONFLICT (store_id) DO UPDATE SET version = faq_versions.version + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER faq_items_version_insert AFTER INSERT ON faq_items
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_faq_version();
CREATE TRIGGER faq_items_version_update AFTER UPDATE ON faq_items
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_faq_version();
CREATE TRIGGER faq_items_version_delete AFTER DELETE ON faq_items
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_faq_version();
CREATE TRIGGER faq_categories_version_insert AFTER INSERT ON faq_categories
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_faq_version();
CREATE TRIGGER faq_categories_version_update AFTER UPDATE ON faq_categories
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_faq_version();
CREATE TRIGGER faq_categories_version_delete AFTER DELETE ON faq_categories
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_faq_version();
