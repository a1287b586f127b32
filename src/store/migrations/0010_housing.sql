-- 0010_housing.sql — homes let to floating persons and their tenancies
-- (policy §2(2): "谁出租谁负责"), and the field reports of wardens, liaisons,
-- employers, landlords and the police (§6(3): move-in, move-out, rental,
-- transfer and sale of homes, births and unclear situations).
--
-- home: one let home in a community (12-digit division of the city).  It is
-- let by exactly one landlord: a person (landlord_person_id) or an
-- organization (landlord_organization_id); a landlord account bound to that
-- person or organization (0007) sees and edits it.  rooms 1–99.
--
-- tenancy: a person living in a home from starts_on; ends_on is '' while
-- the tenancy is current, the last day once ended.  One current tenancy per
-- person and home (partial unique index).
--
-- field_report: kind 1 move_in, 2 move_out, 3 rental, 4 transfer, 5 sale,
-- 6 birth, 7 unclear, 8 other.  The reporter is kept as it was when
-- reporting (user id, username, role name).  community is where it
-- happened; office_division the town/street office it is routed to (the
-- community's first 9 digits, domain/field_report.c).  state 1 received,
-- 2 verified, 3 closed; verified_at and closed_at are NULL until then.
-- changed_records names the records the verification changed ("person:12"),
-- '' when none.  Times are Unix seconds; the work list counts days from
-- received_at in China time.

CREATE TABLE home (
	id INTEGER PRIMARY KEY,
	community TEXT NOT NULL REFERENCES division (code),
	address TEXT NOT NULL,
	landlord_person_id INTEGER REFERENCES person (id),
	landlord_organization_id INTEGER REFERENCES organization (id),
	rooms INTEGER NOT NULL CHECK (rooms BETWEEN 1 AND 99),
	note TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK ((landlord_person_id IS NULL) <> (landlord_organization_id IS NULL))
);

CREATE INDEX home_community ON home (community, id);
CREATE INDEX home_landlord_person ON home (landlord_person_id) WHERE landlord_person_id IS NOT NULL;
CREATE INDEX home_landlord_organization ON home (landlord_organization_id)
	WHERE landlord_organization_id IS NOT NULL;

CREATE TABLE tenancy (
	id INTEGER PRIMARY KEY,
	home_id INTEGER NOT NULL REFERENCES home (id),
	person_id INTEGER NOT NULL REFERENCES person (id),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX tenancy_home ON tenancy (home_id, id);
CREATE UNIQUE INDEX tenancy_current ON tenancy (home_id, person_id) WHERE ends_on = '';

CREATE TABLE field_report (
	id INTEGER PRIMARY KEY,
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 8),
	reporter_user_id INTEGER NOT NULL,
	reporter_username TEXT NOT NULL,
	reporter_role TEXT NOT NULL,
	person_id INTEGER REFERENCES person (id),
	home_id INTEGER REFERENCES home (id),
	community TEXT NOT NULL REFERENCES division (code),
	office_division TEXT NOT NULL REFERENCES division (code),
	description TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	outcome TEXT NOT NULL,
	changed_records TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	verified_at INTEGER,
	closed_at INTEGER,
	version INTEGER NOT NULL
);

CREATE INDEX field_report_office ON field_report (office_division, state, received_at);
CREATE INDEX field_report_reporter ON field_report (reporter_user_id, id);
