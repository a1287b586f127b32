-- 0011_joint_visits.sql — joint registration visits (联合登记走访, §3: the
-- police station and the community register households together, each
-- collecting its own information).
--
-- joint_visit: one household visit, in one community (12 digits) of the
-- city, made by a police liaison and a community officer together.  It has
-- two parts, each written only by its own side and versioned on its own so
-- that the two sides never overwrite each other:
--   police part (公安部分)       household_type (family 家庭户, collective
--                                集体户, rental 出租房, or ''), residence_permit
--                                (居住证情况), police_note; police_version
--   family part (计生部分)       women_of_childbearing_age (育龄妇女人数, NULL
--                                when not counted), contraception_note,
--                                certificate_note (婚育证明情况), fp_note;
--                                fp_version
-- police_officer and community_officer are usernames, kept as text so that a
-- later change of the account does not rewrite history: the side that opens
-- the visit is named at once, the other when it first saves its part (''
-- until then).  Both versions start at 1.
--
-- joint_visit_person: the persons of the household, each once per visit;
-- relation head (户主), spouse (配偶), child (子女), tenant (租户), other
-- (其他).  domain/visit.c requires each to live in the visit's community.
--
-- joint_visit_history: one row per changed field, written in the same
-- transaction as the change.  part is 'visit' for the creation (field '*')
-- and the persons added later (field 'person', new_value "id relation"),
-- 'police' or 'family' for the changes of a part; version is that part's
-- new version (the creation and persons rows: 1 and 0).

CREATE TABLE joint_visit (
	id INTEGER PRIMARY KEY,
	community TEXT NOT NULL REFERENCES division (code) CHECK (length(community) = 12),
	address TEXT NOT NULL,
	visited_on TEXT NOT NULL,
	police_officer TEXT NOT NULL,
	community_officer TEXT NOT NULL,
	household_type TEXT NOT NULL CHECK (household_type IN ('', 'family', 'collective', 'rental')),
	residence_permit TEXT NOT NULL,
	police_note TEXT NOT NULL,
	women_of_childbearing_age INTEGER CHECK (women_of_childbearing_age BETWEEN 0 AND 99),
	contraception_note TEXT NOT NULL,
	certificate_note TEXT NOT NULL,
	fp_note TEXT NOT NULL,
	police_version INTEGER NOT NULL,
	fp_version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (police_officer <> '' OR community_officer <> '')
);

CREATE INDEX joint_visit_community ON joint_visit (community, visited_on, id);

CREATE TABLE joint_visit_person (
	visit_id INTEGER NOT NULL REFERENCES joint_visit (id),
	person_id INTEGER NOT NULL REFERENCES person (id),
	relation TEXT NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'tenant', 'other')),
	PRIMARY KEY (visit_id, person_id)
);

CREATE INDEX joint_visit_person_person ON joint_visit_person (person_id);

CREATE TABLE joint_visit_history (
	id INTEGER PRIMARY KEY,
	visit_id INTEGER NOT NULL REFERENCES joint_visit (id),
	part TEXT NOT NULL CHECK (part IN ('visit', 'police', 'family')),
	version INTEGER NOT NULL,
	changed_at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	field TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT
);

CREATE INDEX joint_visit_history_visit ON joint_visit_history (visit_id, id);
