-- 0013_complaints.sql — complaints of the floating population (policy §3:
-- rights-protection hotline and e-mail complaints).
--
-- complaint: code is the random tracking code (12 characters of an
-- unambiguous alphabet) the complainant uses to follow the complaint
-- without login.  channel 1 hotline, 2 email, 3 web, 4 letter, 5 visit;
-- category 1 rights_infringement, 2 service, 3 fee, 4 certificate, 5 other;
-- state 1 received, 2 assigned, 3 answered, 4 closed.  office is the city
-- or a town/street of it; received_on and due_on are dates (YYYY-MM-DD).
-- The complainant's phone is sealed (NULL when none); name and phone are
-- optional (anonymous complaints).  reopen_reason is the reason of the last
-- reopening ("" when never reopened).  Every write is audited (audit, 0002) in
-- the same transaction.

CREATE TABLE complaint (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	channel INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 5),
	category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 5),
	subject TEXT NOT NULL,
	content TEXT NOT NULL,
	complainant_name TEXT NOT NULL,
	complainant_phone_sealed BLOB,
	respondent TEXT NOT NULL,
	office TEXT NOT NULL REFERENCES division (code),
	received_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),
	reply TEXT NOT NULL,
	outcome TEXT NOT NULL,
	reopened INTEGER NOT NULL CHECK (reopened >= 0),
	reopen_reason TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX complaint_office ON complaint (office, id);
