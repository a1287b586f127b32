-- 0016_aid.sql — aid given by aid stores (爱心救助超市, policy §2(3)(4)).
--
-- aid: one act of aid by service point service_point_id (which must be of
-- kind 4 aid_store; the domain checks it).  The recipient is a registered
-- person (person_id) or someone not registered (person_id NULL), and
-- recipient_name is the person's name at the time or the name given.
-- items describes what was given; amount its value in fen (分), NULL when
-- not stated.  given_on is the day (not in the future); given_by the user
-- who recorded it.  Aid to a registered person is also an event of the
-- person's timeline (record_event, 0003).  Every write is audited (audit,
-- 0002) in the same transaction.

CREATE TABLE aid (
	id INTEGER PRIMARY KEY,
	service_point_id INTEGER NOT NULL REFERENCES service_point (id),
	person_id INTEGER REFERENCES person (id),
	recipient_name TEXT NOT NULL,
	items TEXT NOT NULL,
	amount INTEGER CHECK (amount BETWEEN 0 AND 100000000),
	given_on TEXT NOT NULL,
	given_by TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX aid_point ON aid (service_point_id, id);
CREATE INDEX aid_person ON aid (person_id);
