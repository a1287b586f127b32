-- 0003_certificates.sql — marriage and childbearing certificates, service
-- contracts, letter inquiries, transitions and the events of each (§2(2)).
--
-- certificate: kind 1 standard (流动人口婚育证明), 2 temporary (临时婚育证明),
-- 3 transfer (sent with a person handed over), 4 external (issued elsewhere,
-- recorded here).  state 1 issued, 2 distributed, 3 revoked, 4 replaced;
-- "expired" is not stored: a certificate is expired on the days after
-- valid_until ('' = valid until revoked).  number is unique: ours are the
-- issuing town's 9-digit code, the year and a sequence
-- (620201001-2026-000123); external ones are kept as written.  The content
-- (marital status, spouse, children) is what the certificate states, copied
-- when it was issued; the spouse's ID number is sealed like the person's.
--
-- certificate_sequence: the last sequence number used per town and year.
--
-- contract: the service contract signed with a temporary certificate.
-- state 1 active, 2 fulfilled (a standard or external certificate was
-- recorded), 3 cancelled; "overdue" is an active contract past its deadline.
--
-- inquiry: a letter inquiry (函调) to the hukou place.  channel 1 letter,
-- 2 network, 3 workstation; urgency 1 normal, 2 urgent; subject 1 marital
-- status, 2 marital and childbearing status; state 1 draft, 2 sent,
-- 3 answered, 4 cancelled; "overdue" is a sent inquiry past due_on.
--
-- transition: a change of how a person is managed, with its evidence.
--
-- record_event: what happened to a certificate, contract or inquiry (who,
-- when, what), for the person's timeline.

CREATE TABLE certificate (
	id INTEGER PRIMARY KEY,
	number TEXT NOT NULL UNIQUE,
	person_id INTEGER NOT NULL REFERENCES person (id),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),
	issuer_division TEXT NOT NULL,
	issuer_name TEXT NOT NULL,
	issued_on TEXT NOT NULL,
	valid_until TEXT NOT NULL,
	destination_division TEXT NOT NULL,
	marital_status TEXT NOT NULL,
	marriage_date TEXT NOT NULL,
	spouse_name TEXT NOT NULL,
	spouse_id_number_sealed BLOB,
	distributed_on TEXT NOT NULL,
	received_by TEXT NOT NULL,
	ended_on TEXT NOT NULL,
	end_reason TEXT NOT NULL,
	replaces_id INTEGER REFERENCES certificate (id),
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX certificate_person ON certificate (person_id);
-- Work lists: temporary certificates by end date.
CREATE INDEX certificate_ending ON certificate (kind, valid_until);

CREATE TABLE certificate_child (
	certificate_id INTEGER NOT NULL REFERENCES certificate (id),
	ordinal INTEGER NOT NULL,
	name TEXT NOT NULL,
	sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
	birth_date TEXT NOT NULL,
	PRIMARY KEY (certificate_id, ordinal)
);

CREATE TABLE certificate_sequence (
	town TEXT NOT NULL,
	year INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (town, year)
);

CREATE TABLE contract (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	certificate_id INTEGER NOT NULL REFERENCES certificate (id),
	office_division TEXT NOT NULL,
	signed_on TEXT NOT NULL,
	deadline TEXT NOT NULL,
	terms TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	fulfilled_on TEXT NOT NULL,
	fulfilled_by INTEGER REFERENCES certificate (id),
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX contract_person ON contract (person_id);
CREATE INDEX contract_deadline ON contract (state, deadline);

CREATE TABLE inquiry (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	from_division TEXT NOT NULL,
	to_division TEXT NOT NULL REFERENCES division (code),
	channel INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 3),
	urgency INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 2),
	subject INTEGER NOT NULL CHECK (subject BETWEEN 1 AND 2),
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),
	note TEXT NOT NULL,
	sent_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	answered_on TEXT NOT NULL,
	answer_marital_status TEXT NOT NULL,
	answer_text TEXT NOT NULL,
	answer_reference TEXT NOT NULL,
	cancel_reason TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX inquiry_person ON inquiry (person_id);
CREATE INDEX inquiry_due ON inquiry (state, due_on);

CREATE TABLE transition (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),
	effective_on TEXT NOT NULL,
	from_management INTEGER NOT NULL,
	to_management INTEGER NOT NULL,
	inquiry_id INTEGER REFERENCES inquiry (id),
	certificate_id INTEGER REFERENCES certificate (id),
	destination_division TEXT NOT NULL,
	destination_address TEXT NOT NULL,
	documents TEXT NOT NULL,
	actor TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX transition_person ON transition (person_id);

CREATE TABLE record_event (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	subject TEXT NOT NULL,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	detail TEXT NOT NULL
);

CREATE INDEX record_event_person ON record_event (person_id, id);
