-- 0007_account_binding.sql — accounts of employers and landlords bound to
-- whom they act for (policy §2(2): whoever employs or rents out is
-- responsible for its own people).
--
-- An `employer` account acts for one organization; a `landlord` account for
-- one organization or one person (an individual who lets a home).  Other
-- roles are bound to nothing; both columns stay NULL.

ALTER TABLE user_account ADD COLUMN organization_id INTEGER REFERENCES organization (id);
ALTER TABLE user_account ADD COLUMN person_id INTEGER REFERENCES person (id);
