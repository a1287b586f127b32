-- 0008_notices.sql — notices (通报, §3): the police and the departments
-- notify the town/street offices and communities of what they find.
--
-- notice: what was sent and by whom.  The sender is kept as it was when
-- sending (user id, username, role name, scope), so that a later change of
-- the account does not rewrite history.  subject 2–60 and body 2–1000
-- characters (domain/notice.c checks them).  person_id and organization_id
-- name the record the notice is about, or are NULL.
--
-- notice_recipient: one row per addressed division, a town/street (9
-- digits) or a community/village (12 digits) of the city.  An office's
-- inbox holds the rows whose division lies inside its scope (prefix of the
-- code, hence the index); read_at is set when such an office first opens
-- the notice, acknowledged_at and acknowledged_by (username) when it
-- acknowledges it, once.

CREATE TABLE notice (
	id INTEGER PRIMARY KEY,
	sender_user_id INTEGER NOT NULL,
	sender_username TEXT NOT NULL,
	sender_role TEXT NOT NULL,
	sender_division TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	person_id INTEGER REFERENCES person (id),
	organization_id INTEGER REFERENCES organization (id),
	created_at INTEGER NOT NULL
);

CREATE TABLE notice_recipient (
	notice_id INTEGER NOT NULL REFERENCES notice (id),
	division TEXT NOT NULL REFERENCES division (code),
	read_at INTEGER,
	acknowledged_at INTEGER,
	acknowledged_by TEXT,
	PRIMARY KEY (notice_id, division),
	CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);

CREATE INDEX notice_recipient_division ON notice_recipient (division, notice_id);
