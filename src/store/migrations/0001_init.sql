-- 0001_init.sql — settings, divisions, the person registry and its history.
--
-- Written in the SQL that SQLite and PostgreSQL share.  Timestamps are Unix
-- seconds (INTEGER); dates are ISO text 'YYYY-MM-DD'; codes are text at
-- their significant length (division 6202, not 620200).
--
-- person: one row per resident ID number.  The ID number and phone are kept
-- sealed (id_number_sealed, phone_sealed: nonce, tag and ciphertext) with a
-- keyed blind index (id_number_index) for exact lookup and uniqueness; the
-- plain number is never stored.  sex and birth_date are derived from the ID
-- number.  version starts at 1 and grows by one with every update; updates
-- name the version they were based on (optimistic concurrency).
--
-- person_history: one row per changed field (field, old, new), plus one row
-- with field '*' when the record was created.  Values of sealed fields are
-- sealed here too (base64 text).

CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE division (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5)
);

CREATE TABLE person (
	id INTEGER PRIMARY KEY,
	id_number_index BLOB NOT NULL UNIQUE,
	id_number_sealed BLOB NOT NULL,
	name TEXT NOT NULL,
	sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
	birth_date TEXT NOT NULL,
	ethnicity TEXT NOT NULL,
	hukou_division TEXT NOT NULL REFERENCES division (code),
	hukou_address TEXT NOT NULL,
	residence_division TEXT NOT NULL REFERENCES division (code),
	residence_address TEXT NOT NULL,
	flow INTEGER NOT NULL CHECK (flow IN (1, 2)),
	management INTEGER NOT NULL CHECK (management BETWEEN 1 AND 4),
	marital_status TEXT NOT NULL,
	marriage_date TEXT NOT NULL,
	arrival_date TEXT NOT NULL,
	phone_sealed BLOB,
	possible_duplicate INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

-- Name-prefix search, and the possible-duplicate check (name + birth date).
CREATE INDEX person_name ON person (name, birth_date);
-- Search by residence at any level (prefix range on the 12-digit code).
CREATE INDEX person_residence ON person (residence_division);

CREATE TABLE person_history (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	version INTEGER NOT NULL,
	changed_at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	field TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT
);

CREATE INDEX person_history_person ON person_history (person_id, id);
