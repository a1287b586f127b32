-- 0006_organizations.sql — the organizations that carry duties for the
-- floating population (§2(1)(2), §3): the departments that share the work,
-- and those who employ, rent out or benefit from floating persons.
--
-- organization: kind 1 department (then department names it: 1 publicity,
-- 2 comprehensive, 3 police, 4 commerce, 5 population, 6 civil_affairs,
-- 7 health, 8 construction, 9 labour, 10 transport, 11 housing; 0 for every
-- other kind), 2 unit (机关、团体、企事业单位), 3 construction_enterprise,
-- 4 individual_business, 5 service_institution.  credit_code is the unified
-- social credit code (GB 32100-2015) in canonical upper case, NULL when none;
-- domain/organization.c requires it for kinds 2–4.  division is the city, a
-- town or a community of the city.  The contact phone is sealed like the
-- person's (nonce, tag and ciphertext; NULL when none).
--
-- organization_history: one row per changed field of each version, written
-- in the same transaction as the change; field '*' marks the creation (no
-- values).  Values of contact_phone are sealed text, like the person's
-- sensitive fields in person_history.  Organizations have no person, so
-- record_event (0003) is not used for them.

CREATE TABLE organization (
	id INTEGER PRIMARY KEY,
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),
	department INTEGER NOT NULL CHECK ((kind = 1 AND department BETWEEN 1 AND 11) OR
					   (kind <> 1 AND department = 0)),
	name TEXT NOT NULL,
	credit_code TEXT,
	division TEXT NOT NULL REFERENCES division (code),
	address TEXT NOT NULL,
	responsible_person TEXT NOT NULL,
	contact_phone_sealed BLOB,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

-- One organization per credit code.
CREATE UNIQUE INDEX organization_credit_code ON organization (credit_code)
	WHERE credit_code IS NOT NULL;
CREATE INDEX organization_division ON organization (division, id);

CREATE TABLE organization_history (
	id INTEGER PRIMARY KEY,
	organization_id INTEGER NOT NULL REFERENCES organization (id),
	version INTEGER NOT NULL,
	changed_at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	field TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT
);

CREATE INDEX organization_history_organization ON organization_history (organization_id, id);
