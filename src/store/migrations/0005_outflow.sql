-- 0005_outflow.sql — outflow registration, feedback with the places persons
-- flow to, and the rewards and preferential policies owed to outflow persons
-- and their families (§2(2)).
--
-- departure: one stay away of an outflow person (外出登记): when they left,
-- where to (a county or below outside the city), the address and employer
-- there, a contact phone (sealed like the person's: nonce, tag and
-- ciphertext; NULL when none) and the day they came back (returned_on, ''
-- while away).  A person has at most one open departure (returned_on = ''):
-- departure_open enforces it next to the rule in domain/outflow.c.
--
-- feedback: information sent to or received from the office at the other end
-- (反馈).  direction 1 sent, 2 received; channel 1 letter, 2 network,
-- 3 workstation (the province's out-of-province work stations).  Rows are
-- never changed: a correction is a new row.
--
-- benefit: a reward or preferential policy owed to a person (奖励优惠).  kind
-- 1 only_child_parent_reward, 2 rural_family_support, 3
-- special_hardship_support, 4 other; period 'YYYY', 'YYYY-MM' or
-- 'YYYY-MM..YYYY-MM'; amount_fen in fen (1 yuan = 100 fen); state 1 granted,
-- 2 paid (paid_on set), 3 cancelled (the reason appended to note).
--
-- What happened to each is kept in record_event (0003) for the person's
-- timeline, in the same transaction as the change.

CREATE TABLE departure (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	departed_on TEXT NOT NULL,
	destination_division TEXT NOT NULL REFERENCES division (code),
	destination_address TEXT NOT NULL,
	employer_there TEXT NOT NULL,
	contact_phone_sealed BLOB,
	returned_on TEXT NOT NULL,
	note TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX departure_person ON departure (person_id, id);
-- At most one open departure per person.
CREATE UNIQUE INDEX departure_open ON departure (person_id) WHERE returned_on = '';

CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	direction INTEGER NOT NULL CHECK (direction IN (1, 2)),
	channel INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 3),
	happened_on TEXT NOT NULL,
	counterpart TEXT NOT NULL,
	content TEXT NOT NULL,
	actor TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX feedback_person ON feedback (person_id, id);

CREATE TABLE benefit (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),
	period TEXT NOT NULL,
	amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	granted_on TEXT NOT NULL,
	paid_on TEXT NOT NULL,
	note TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX benefit_person ON benefit (person_id, id);
