-- 0014_statistics.sql — summaries for the statistics (§6(2), §5), kept
-- exact by triggers so that a division's figures cost what its summary rows
-- cost, not a scan of its persons.  SQLite only (triggers with upserts).
--
-- Every summary row belongs to a division at one of the code lengths in
-- stats_level: the city (4), a town/street (9) and a community (12).  A
-- change writes one row per length (the prefix of the code), so the city's
-- figures are its own rows and a breakdown by towns reads the towns' rows.
-- `level` is that length and leads every key.  Counts are deltas summed by
-- upserts; a row may fall to 0 and stay (harmless, and skipped by checks).
--
-- stats_person: persons by residence, sex, birth month ('YYYY-MM'), flow
--   and management.  Age groups are computed when asked, from today: only
--   the birth months in which a group boundary falls need the day of birth,
--   which the query reads from person (index person_birth).
-- stats_holding: floating persons (management 1) by residence, flow,
--   whether they have a temporary certificate that is issued or distributed
--   (temporary 1/0), and holding_until: the last day of their certificates
--   that are issued or distributed ('9999-12-31' for one without end, ''
--   for none).  A person holds a certificate in force today exactly when
--   holding_until >= today (store/worklist.c, IN_FORCE).
-- stats_certificate: certificates issued or distributed, by the holder's
--   residence, kind and valid_until ('' = without end).
-- stats_trend: counts per month ('YYYY-MM'): measure 1 records registered
--   (created_at, China time), 2 inflow persons by arrival, 3 outflow persons
--   by the day they left (arrival_date), 10 + kind certificates by issued_on
--   (any state), all by the person's residence.
-- stats_inquiry: inquiries by the person's residence, state and due_on (kept
--   for sent ones only, '' otherwise).
-- stats_field_report: field reports by community, state and, for closed
--   ones, whole hours from received to closed (-1 otherwise) with the sum of
--   their seconds.
-- stats_complaint: complaints by office, state, due_on (received or
--   assigned ones only, '' otherwise) and, for closed ones, days from
--   received_on to the day of the last change (closing; -1 otherwise).
--
-- Each stats_X has a view stats_X_recount that computes it from the
-- records; the backfill below and `liudong check` use them.

CREATE TABLE stats_level (length INTEGER PRIMARY KEY);
INSERT INTO stats_level (length) VALUES (4), (9), (12);

CREATE TABLE stats_person (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	sex TEXT NOT NULL,
	birth_month TEXT NOT NULL,
	flow INTEGER NOT NULL,
	management INTEGER NOT NULL,
	persons INTEGER NOT NULL,
	PRIMARY KEY (level, division, birth_month, sex, flow, management)
) WITHOUT ROWID;

CREATE TABLE stats_holding (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	flow INTEGER NOT NULL,
	temporary INTEGER NOT NULL,
	holding_until TEXT NOT NULL,
	persons INTEGER NOT NULL,
	PRIMARY KEY (level, division, holding_until, flow, temporary)
) WITHOUT ROWID;

CREATE TABLE stats_certificate (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	kind INTEGER NOT NULL,
	valid_until TEXT NOT NULL,
	certificates INTEGER NOT NULL,
	PRIMARY KEY (level, division, valid_until, kind)
) WITHOUT ROWID;

CREATE TABLE stats_trend (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	measure INTEGER NOT NULL,
	month TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (level, division, measure, month)
) WITHOUT ROWID;

CREATE TABLE stats_inquiry (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	state INTEGER NOT NULL,
	due_on TEXT NOT NULL,
	inquiries INTEGER NOT NULL,
	PRIMARY KEY (level, division, state, due_on)
) WITHOUT ROWID;

CREATE TABLE stats_field_report (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	state INTEGER NOT NULL,
	hours INTEGER NOT NULL,
	reports INTEGER NOT NULL,
	seconds INTEGER NOT NULL,
	PRIMARY KEY (level, division, state, hours)
) WITHOUT ROWID;

CREATE TABLE stats_complaint (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	state INTEGER NOT NULL,
	due_on TEXT NOT NULL,
	days INTEGER NOT NULL,
	complaints INTEGER NOT NULL,
	PRIMARY KEY (level, division, state, due_on, days)
) WITHOUT ROWID;

-- Coarser copies kept by triggers on the summaries above, so that a query
-- reads years and months and only the few rows that need days:
-- stats_person_year (birth year), stats_holding_month and
-- stats_certificate_month (the month of holding_until / valid_until:
-- '' none / no end, '9999-12' without end for holdings).

CREATE TABLE stats_person_year (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	birth_year TEXT NOT NULL,
	sex TEXT NOT NULL,
	flow INTEGER NOT NULL,
	management INTEGER NOT NULL,
	persons INTEGER NOT NULL,
	PRIMARY KEY (level, division, birth_year, sex, flow, management)
) WITHOUT ROWID;

CREATE TABLE stats_holding_month (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	holding_month TEXT NOT NULL,
	flow INTEGER NOT NULL,
	temporary INTEGER NOT NULL,
	persons INTEGER NOT NULL,
	PRIMARY KEY (level, division, holding_month, flow, temporary)
) WITHOUT ROWID;

CREATE TABLE stats_certificate_month (
	level INTEGER NOT NULL,
	division TEXT NOT NULL,
	until_month TEXT NOT NULL,
	kind INTEGER NOT NULL,
	certificates INTEGER NOT NULL,
	PRIMARY KEY (level, division, until_month, kind)
) WITHOUT ROWID;

CREATE TRIGGER stats_person_year_insert AFTER INSERT ON stats_person BEGIN
	INSERT INTO stats_person_year (level, division, birth_year, sex, flow, management, persons)
	VALUES (NEW.level, NEW.division, substr(NEW.birth_month, 1, 4), NEW.sex, NEW.flow,
		NEW.management, NEW.persons)
	ON CONFLICT (level, division, birth_year, sex, flow, management)
	DO UPDATE SET persons = persons + excluded.persons;
END;

CREATE TRIGGER stats_person_year_update AFTER UPDATE OF persons ON stats_person BEGIN
	UPDATE stats_person_year SET persons = persons + NEW.persons - OLD.persons
	WHERE level = NEW.level AND division = NEW.division
		AND birth_year = substr(NEW.birth_month, 1, 4) AND sex = NEW.sex
		AND flow = NEW.flow AND management = NEW.management;
END;

CREATE TRIGGER stats_holding_month_insert AFTER INSERT ON stats_holding BEGIN
	INSERT INTO stats_holding_month (level, division, holding_month, flow, temporary, persons)
	VALUES (NEW.level, NEW.division, substr(NEW.holding_until, 1, 7), NEW.flow, NEW.temporary,
		NEW.persons)
	ON CONFLICT (level, division, holding_month, flow, temporary)
	DO UPDATE SET persons = persons + excluded.persons;
END;

CREATE TRIGGER stats_holding_month_update AFTER UPDATE OF persons ON stats_holding BEGIN
	UPDATE stats_holding_month SET persons = persons + NEW.persons - OLD.persons
	WHERE level = NEW.level AND division = NEW.division
		AND holding_month = substr(NEW.holding_until, 1, 7) AND flow = NEW.flow
		AND temporary = NEW.temporary;
END;

CREATE TRIGGER stats_certificate_month_insert AFTER INSERT ON stats_certificate BEGIN
	INSERT INTO stats_certificate_month (level, division, until_month, kind, certificates)
	VALUES (NEW.level, NEW.division, substr(NEW.valid_until, 1, 7), NEW.kind, NEW.certificates)
	ON CONFLICT (level, division, until_month, kind)
	DO UPDATE SET certificates = certificates + excluded.certificates;
END;

CREATE TRIGGER stats_certificate_month_update AFTER UPDATE OF certificates ON stats_certificate
BEGIN
	UPDATE stats_certificate_month SET certificates = certificates + NEW.certificates
		- OLD.certificates
	WHERE level = NEW.level AND division = NEW.division
		AND until_month = substr(NEW.valid_until, 1, 7) AND kind = NEW.kind;
END;

-- Persons born in one month, for the day of birth at age-group boundaries.
CREATE INDEX person_birth ON person (birth_date, residence_division, sex, flow, management);

-- The recounts: each summary computed from the records.

CREATE VIEW stats_person_recount AS
SELECT l.length AS level, substr(p.residence_division, 1, l.length) AS division, p.sex,
	substr(p.birth_date, 1, 7) AS birth_month, p.flow, p.management, count(*) AS persons
FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE VIEW stats_holding_person AS
SELECT p.id, p.residence_division, p.flow,
	EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = p.id AND c.kind = 2
		AND c.state IN (1, 2)) AS temporary,
	coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31' ELSE c.valid_until END)
		FROM certificate AS c WHERE c.person_id = p.id AND c.state IN (1, 2)), '')
		AS holding_until
FROM person AS p WHERE p.management = 1;

CREATE VIEW stats_holding_recount AS
SELECT l.length AS level, substr(h.residence_division, 1, l.length) AS division, h.flow,
	h.temporary, h.holding_until, count(*) AS persons
FROM stats_holding_person AS h JOIN stats_level AS l ON l.length <= length(h.residence_division)
GROUP BY 1, 2, 3, 4, 5;

CREATE VIEW stats_certificate_recount AS
SELECT l.length AS level, substr(p.residence_division, 1, l.length) AS division, c.kind,
	c.valid_until, count(*) AS certificates
FROM certificate AS c JOIN person AS p ON p.id = c.person_id
	JOIN stats_level AS l ON l.length <= length(p.residence_division)
WHERE c.state IN (1, 2)
GROUP BY 1, 2, 3, 4;

CREATE VIEW stats_trend_item AS
SELECT p.residence_division AS residence, 1 AS measure,
	strftime('%Y-%m', p.created_at + 28800, 'unixepoch') AS month
FROM person AS p
UNION ALL
SELECT p.residence_division, CASE p.flow WHEN 1 THEN 2 ELSE 3 END, substr(p.arrival_date, 1, 7)
FROM person AS p WHERE p.arrival_date <> ''
UNION ALL
SELECT p.residence_division, 10 + c.kind, substr(c.issued_on, 1, 7)
FROM certificate AS c JOIN person AS p ON p.id = c.person_id WHERE c.issued_on <> '';

CREATE VIEW stats_trend_recount AS
SELECT l.length AS level, substr(t.residence, 1, l.length) AS division, t.measure, t.month,
	count(*) AS n
FROM stats_trend_item AS t JOIN stats_level AS l ON l.length <= length(t.residence)
GROUP BY 1, 2, 3, 4;

CREATE VIEW stats_inquiry_recount AS
SELECT l.length AS level, substr(p.residence_division, 1, l.length) AS division, i.state,
	CASE i.state WHEN 2 THEN i.due_on ELSE '' END AS due_on, count(*) AS inquiries
FROM inquiry AS i JOIN person AS p ON p.id = i.person_id
	JOIN stats_level AS l ON l.length <= length(p.residence_division)
GROUP BY 1, 2, 3, 4;

CREATE VIEW stats_field_report_recount AS
SELECT l.length AS level, substr(r.community, 1, l.length) AS division, r.state,
	CASE WHEN r.state = 3 AND r.closed_at IS NOT NULL
		THEN (r.closed_at - r.received_at) / 3600 ELSE -1 END AS hours,
	count(*) AS reports,
	sum(CASE WHEN r.state = 3 AND r.closed_at IS NOT NULL
		THEN r.closed_at - r.received_at ELSE 0 END) AS seconds
FROM field_report AS r JOIN stats_level AS l ON l.length <= length(r.community)
GROUP BY 1, 2, 3, 4;

CREATE VIEW stats_complaint_recount AS
SELECT l.length AS level, substr(c.office, 1, l.length) AS division, c.state,
	CASE WHEN c.state IN (1, 2) THEN c.due_on ELSE '' END AS due_on,
	CASE WHEN c.state = 4 THEN CAST(julianday(date(c.updated_at + 28800, 'unixepoch'))
		- julianday(c.received_on) AS INTEGER) ELSE -1 END AS days,
	count(*) AS complaints
FROM complaint AS c JOIN stats_level AS l ON l.length <= length(c.office)
GROUP BY 1, 2, 3, 4, 5;

CREATE VIEW stats_person_year_recount AS
SELECT level, division, substr(birth_month, 1, 4) AS birth_year, sex, flow, management,
	sum(persons) AS persons
FROM stats_person_recount GROUP BY 1, 2, 3, 4, 5, 6;

CREATE VIEW stats_holding_month_recount AS
SELECT level, division, substr(holding_until, 1, 7) AS holding_month, flow, temporary,
	sum(persons) AS persons
FROM stats_holding_recount GROUP BY 1, 2, 3, 4, 5;

CREATE VIEW stats_certificate_month_recount AS
SELECT level, division, substr(valid_until, 1, 7) AS until_month, kind,
	sum(certificates) AS certificates
FROM stats_certificate_recount GROUP BY 1, 2, 3, 4;

-- Persons: their own counts and trends; on a move, what they hold moves too.

CREATE TRIGGER stats_person_insert AFTER INSERT ON person BEGIN
	INSERT INTO stats_person (level, division, sex, birth_month, flow, management, persons)
	SELECT l.length, substr(NEW.residence_division, 1, l.length), NEW.sex,
		substr(NEW.birth_date, 1, 7), NEW.flow, NEW.management, 1
	FROM stats_level AS l WHERE l.length <= length(NEW.residence_division)
	ON CONFLICT (level, division, sex, birth_month, flow, management)
	DO UPDATE SET persons = persons + excluded.persons;
	-- A new person holds no certificate yet (certificates refer to persons).
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(NEW.residence_division, 1, l.length), NEW.flow, 0, '', 1
	FROM stats_level AS l WHERE NEW.management = 1 AND l.length <= length(NEW.residence_division)
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(NEW.residence_division, 1, l.length), 1,
		strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'), 1
	FROM stats_level AS l WHERE l.length <= length(NEW.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(NEW.residence_division, 1, l.length),
		CASE NEW.flow WHEN 1 THEN 2 ELSE 3 END, substr(NEW.arrival_date, 1, 7), 1
	FROM stats_level AS l
	WHERE NEW.arrival_date <> '' AND l.length <= length(NEW.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_person_delete AFTER DELETE ON person BEGIN
	INSERT INTO stats_person (level, division, sex, birth_month, flow, management, persons)
	SELECT l.length, substr(OLD.residence_division, 1, l.length), OLD.sex,
		substr(OLD.birth_date, 1, 7), OLD.flow, OLD.management, -1
	FROM stats_level AS l WHERE l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, sex, birth_month, flow, management)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(OLD.residence_division, 1, l.length), OLD.flow,
		EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = OLD.id AND c.kind = 2
			AND c.state BETWEEN 1 AND 2),
		coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
			ELSE c.valid_until END) FROM certificate AS c
			WHERE c.person_id = OLD.id AND c.state BETWEEN 1 AND 2), ''), -1
	FROM stats_level AS l WHERE OLD.management = 1 AND l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(OLD.residence_division, 1, l.length), 1,
		strftime('%Y-%m', OLD.created_at + 28800, 'unixepoch'), -1
	FROM stats_level AS l WHERE l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(OLD.residence_division, 1, l.length),
		CASE OLD.flow WHEN 1 THEN 2 ELSE 3 END, substr(OLD.arrival_date, 1, 7), -1
	FROM stats_level AS l
	WHERE OLD.arrival_date <> '' AND l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
END;

-- An update that changes what is counted: the old row out, the new one in.
CREATE TRIGGER stats_person_update AFTER UPDATE ON person
WHEN OLD.residence_division IS NOT NEW.residence_division OR OLD.sex IS NOT NEW.sex
	OR OLD.birth_date IS NOT NEW.birth_date OR OLD.flow IS NOT NEW.flow
	OR OLD.management IS NOT NEW.management OR OLD.arrival_date IS NOT NEW.arrival_date
	OR OLD.created_at IS NOT NEW.created_at OR OLD.id IS NOT NEW.id
BEGIN
	INSERT INTO stats_person (level, division, sex, birth_month, flow, management, persons)
	SELECT l.length, substr(OLD.residence_division, 1, l.length), OLD.sex,
		substr(OLD.birth_date, 1, 7), OLD.flow, OLD.management, -1
	FROM stats_level AS l WHERE l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, sex, birth_month, flow, management)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_person (level, division, sex, birth_month, flow, management, persons)
	SELECT l.length, substr(NEW.residence_division, 1, l.length), NEW.sex,
		substr(NEW.birth_date, 1, 7), NEW.flow, NEW.management, 1
	FROM stats_level AS l WHERE l.length <= length(NEW.residence_division)
	ON CONFLICT (level, division, sex, birth_month, flow, management)
	DO UPDATE SET persons = persons + excluded.persons;
	-- Certificates are unchanged by a person update: the old holding is today's.
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(OLD.residence_division, 1, l.length), OLD.flow,
		EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = OLD.id AND c.kind = 2
			AND c.state BETWEEN 1 AND 2),
		coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
			ELSE c.valid_until END) FROM certificate AS c
			WHERE c.person_id = OLD.id AND c.state BETWEEN 1 AND 2), ''), -1
	FROM stats_level AS l WHERE OLD.management = 1 AND l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(p.residence_division, 1, l.length), p.flow,
		EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = p.id AND c.kind = 2
			AND c.state BETWEEN 1 AND 2),
		coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
			ELSE c.valid_until END) FROM certificate AS c
			WHERE c.person_id = p.id AND c.state BETWEEN 1 AND 2), ''), 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.id AND p.management = 1
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(OLD.residence_division, 1, l.length), 1,
		strftime('%Y-%m', OLD.created_at + 28800, 'unixepoch'), -1
	FROM stats_level AS l WHERE l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(OLD.residence_division, 1, l.length),
		CASE OLD.flow WHEN 1 THEN 2 ELSE 3 END, substr(OLD.arrival_date, 1, 7), -1
	FROM stats_level AS l
	WHERE OLD.arrival_date <> '' AND l.length <= length(OLD.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(NEW.residence_division, 1, l.length), 1,
		strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'), 1
	FROM stats_level AS l WHERE l.length <= length(NEW.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(NEW.residence_division, 1, l.length),
		CASE NEW.flow WHEN 1 THEN 2 ELSE 3 END, substr(NEW.arrival_date, 1, 7), 1
	FROM stats_level AS l
	WHERE NEW.arrival_date <> '' AND l.length <= length(NEW.residence_division)
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
END;

-- A move: the person's certificates, certificate trends and inquiries follow.
CREATE TRIGGER stats_person_move AFTER UPDATE OF residence_division ON person
WHEN OLD.residence_division IS NOT NEW.residence_division
BEGIN
	INSERT INTO stats_certificate (level, division, kind, valid_until, certificates)
	SELECT l.length, substr(m.residence, 1, l.length), c.kind, c.valid_until,
		m.sign * count(*)
	FROM (SELECT OLD.residence_division AS residence, -1 AS sign
		UNION ALL SELECT NEW.residence_division, 1) AS m
	JOIN stats_level AS l ON l.length <= length(m.residence)
	JOIN certificate AS c ON c.person_id = NEW.id AND c.state BETWEEN 1 AND 2
	WHERE true GROUP BY 1, 2, 3, 4
	ON CONFLICT (level, division, kind, valid_until)
	DO UPDATE SET certificates = certificates + excluded.certificates;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(m.residence, 1, l.length), 10 + c.kind, substr(c.issued_on, 1, 7),
		m.sign * count(*)
	FROM (SELECT OLD.residence_division AS residence, -1 AS sign
		UNION ALL SELECT NEW.residence_division, 1) AS m
	JOIN stats_level AS l ON l.length <= length(m.residence)
	JOIN certificate AS c ON c.person_id = NEW.id AND c.issued_on <> ''
	WHERE true GROUP BY 1, 2, 3, 4
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_inquiry (level, division, state, due_on, inquiries)
	SELECT l.length, substr(m.residence, 1, l.length), i.state,
		CASE i.state WHEN 2 THEN i.due_on ELSE '' END, m.sign * count(*)
	FROM (SELECT OLD.residence_division AS residence, -1 AS sign
		UNION ALL SELECT NEW.residence_division, 1) AS m
	JOIN stats_level AS l ON l.length <= length(m.residence)
	JOIN inquiry AS i ON i.person_id = NEW.id
	WHERE true GROUP BY 1, 2, 3, 4
	ON CONFLICT (level, division, state, due_on)
	DO UPDATE SET inquiries = inquiries + excluded.inquiries;
END;

-- Certificates.  A change of one certificate changes its holder's holding:
-- the holding before the change is computed from the other certificates
-- and the old row, the one after from the table as it now is.

CREATE TRIGGER stats_certificate_insert AFTER INSERT ON certificate BEGIN
	INSERT INTO stats_certificate (level, division, kind, valid_until, certificates)
	SELECT l.length, substr(p.residence_division, 1, l.length), NEW.kind, NEW.valid_until, 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id AND NEW.state IN (1, 2)
	ON CONFLICT (level, division, kind, valid_until)
	DO UPDATE SET certificates = certificates + excluded.certificates;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(p.residence_division, 1, l.length), 10 + NEW.kind,
		substr(NEW.issued_on, 1, 7), 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id AND NEW.issued_on <> ''
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(p.residence_division, 1, l.length), p.flow,
		EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = p.id AND c.id <> NEW.id
			AND c.kind = 2 AND c.state BETWEEN 1 AND 2),
		coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
			ELSE c.valid_until END) FROM certificate AS c
			WHERE c.person_id = p.id AND c.id <> NEW.id AND c.state BETWEEN 1 AND 2), ''), -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id AND p.management = 1
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(p.residence_division, 1, l.length), p.flow,
		EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = p.id AND c.kind = 2
			AND c.state BETWEEN 1 AND 2),
		coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
			ELSE c.valid_until END) FROM certificate AS c
			WHERE c.person_id = p.id AND c.state BETWEEN 1 AND 2), ''), 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id AND p.management = 1
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
END;

CREATE TRIGGER stats_certificate_update AFTER UPDATE ON certificate
WHEN OLD.state IS NOT NEW.state OR OLD.kind IS NOT NEW.kind
	OR OLD.valid_until IS NOT NEW.valid_until OR OLD.issued_on IS NOT NEW.issued_on
	OR OLD.person_id IS NOT NEW.person_id OR OLD.id IS NOT NEW.id
BEGIN
	INSERT INTO stats_certificate (level, division, kind, valid_until, certificates)
	SELECT l.length, substr(p.residence_division, 1, l.length), OLD.kind, OLD.valid_until, -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND OLD.state IN (1, 2)
	ON CONFLICT (level, division, kind, valid_until)
	DO UPDATE SET certificates = certificates + excluded.certificates;
	INSERT INTO stats_certificate (level, division, kind, valid_until, certificates)
	SELECT l.length, substr(p.residence_division, 1, l.length), NEW.kind, NEW.valid_until, 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id AND NEW.state IN (1, 2)
	ON CONFLICT (level, division, kind, valid_until)
	DO UPDATE SET certificates = certificates + excluded.certificates;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(p.residence_division, 1, l.length), 10 + OLD.kind,
		substr(OLD.issued_on, 1, 7), -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND OLD.issued_on <> ''
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(p.residence_division, 1, l.length), 10 + NEW.kind,
		substr(NEW.issued_on, 1, 7), 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id AND NEW.issued_on <> ''
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(p.residence_division, 1, l.length), p.flow,
		(OLD.kind = 2 AND OLD.state IN (1, 2)) OR EXISTS (SELECT 1 FROM certificate AS c
			WHERE c.person_id = p.id AND c.id <> OLD.id AND c.kind = 2
			AND c.state BETWEEN 1 AND 2),
		max(CASE WHEN OLD.state NOT IN (1, 2) THEN '' WHEN OLD.valid_until = ''
			THEN '9999-12-31' ELSE OLD.valid_until END,
			coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
				ELSE c.valid_until END) FROM certificate AS c
				WHERE c.person_id = p.id AND c.id <> OLD.id AND c.state BETWEEN 1 AND 2),
				'')), -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND p.management = 1
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(p.residence_division, 1, l.length), p.flow,
		EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = p.id AND c.kind = 2
			AND c.state BETWEEN 1 AND 2),
		coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
			ELSE c.valid_until END) FROM certificate AS c
			WHERE c.person_id = p.id AND c.state BETWEEN 1 AND 2), ''), 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND p.management = 1
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
END;

CREATE TRIGGER stats_certificate_delete AFTER DELETE ON certificate BEGIN
	INSERT INTO stats_certificate (level, division, kind, valid_until, certificates)
	SELECT l.length, substr(p.residence_division, 1, l.length), OLD.kind, OLD.valid_until, -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND OLD.state IN (1, 2)
	ON CONFLICT (level, division, kind, valid_until)
	DO UPDATE SET certificates = certificates + excluded.certificates;
	INSERT INTO stats_trend (level, division, measure, month, n)
	SELECT l.length, substr(p.residence_division, 1, l.length), 10 + OLD.kind,
		substr(OLD.issued_on, 1, 7), -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND OLD.issued_on <> ''
	ON CONFLICT (level, division, measure, month) DO UPDATE SET n = n + excluded.n;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(p.residence_division, 1, l.length), p.flow,
		(OLD.kind = 2 AND OLD.state IN (1, 2)) OR EXISTS (SELECT 1 FROM certificate AS c
			WHERE c.person_id = p.id AND c.kind = 2 AND c.state BETWEEN 1 AND 2),
		max(CASE WHEN OLD.state NOT IN (1, 2) THEN '' WHEN OLD.valid_until = ''
			THEN '9999-12-31' ELSE OLD.valid_until END,
			coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
				ELSE c.valid_until END) FROM certificate AS c
				WHERE c.person_id = p.id AND c.state BETWEEN 1 AND 2), '')), -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND p.management = 1
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
	INSERT INTO stats_holding (level, division, flow, temporary, holding_until, persons)
	SELECT l.length, substr(p.residence_division, 1, l.length), p.flow,
		EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = p.id AND c.kind = 2
			AND c.state BETWEEN 1 AND 2),
		coalesce((SELECT max(CASE WHEN c.valid_until = '' THEN '9999-12-31'
			ELSE c.valid_until END) FROM certificate AS c
			WHERE c.person_id = p.id AND c.state BETWEEN 1 AND 2), ''), 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id AND p.management = 1
	ON CONFLICT (level, division, flow, temporary, holding_until)
	DO UPDATE SET persons = persons + excluded.persons;
END;

-- Inquiries, by the person's residence.

CREATE TRIGGER stats_inquiry_insert AFTER INSERT ON inquiry BEGIN
	INSERT INTO stats_inquiry (level, division, state, due_on, inquiries)
	SELECT l.length, substr(p.residence_division, 1, l.length), NEW.state,
		CASE NEW.state WHEN 2 THEN NEW.due_on ELSE '' END, 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id
	ON CONFLICT (level, division, state, due_on)
	DO UPDATE SET inquiries = inquiries + excluded.inquiries;
END;

CREATE TRIGGER stats_inquiry_update AFTER UPDATE ON inquiry
WHEN OLD.state IS NOT NEW.state OR OLD.due_on IS NOT NEW.due_on
	OR OLD.person_id IS NOT NEW.person_id
BEGIN
	INSERT INTO stats_inquiry (level, division, state, due_on, inquiries)
	SELECT l.length, substr(p.residence_division, 1, l.length), OLD.state,
		CASE OLD.state WHEN 2 THEN OLD.due_on ELSE '' END, -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id
	ON CONFLICT (level, division, state, due_on)
	DO UPDATE SET inquiries = inquiries + excluded.inquiries;
	INSERT INTO stats_inquiry (level, division, state, due_on, inquiries)
	SELECT l.length, substr(p.residence_division, 1, l.length), NEW.state,
		CASE NEW.state WHEN 2 THEN NEW.due_on ELSE '' END, 1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = NEW.person_id
	ON CONFLICT (level, division, state, due_on)
	DO UPDATE SET inquiries = inquiries + excluded.inquiries;
END;

CREATE TRIGGER stats_inquiry_delete AFTER DELETE ON inquiry BEGIN
	INSERT INTO stats_inquiry (level, division, state, due_on, inquiries)
	SELECT l.length, substr(p.residence_division, 1, l.length), OLD.state,
		CASE OLD.state WHEN 2 THEN OLD.due_on ELSE '' END, -1
	FROM person AS p JOIN stats_level AS l ON l.length <= length(p.residence_division)
	WHERE p.id = OLD.person_id
	ON CONFLICT (level, division, state, due_on)
	DO UPDATE SET inquiries = inquiries + excluded.inquiries;
END;

-- Field reports, by community.

CREATE TRIGGER stats_field_report_insert AFTER INSERT ON field_report BEGIN
	INSERT INTO stats_field_report (level, division, state, hours, reports, seconds)
	SELECT l.length, substr(NEW.community, 1, l.length), NEW.state,
		CASE WHEN NEW.state = 3 AND NEW.closed_at IS NOT NULL
			THEN (NEW.closed_at - NEW.received_at) / 3600 ELSE -1 END, 1,
		CASE WHEN NEW.state = 3 AND NEW.closed_at IS NOT NULL
			THEN NEW.closed_at - NEW.received_at ELSE 0 END
	FROM stats_level AS l WHERE l.length <= length(NEW.community)
	ON CONFLICT (level, division, state, hours)
	DO UPDATE SET reports = reports + excluded.reports, seconds = seconds + excluded.seconds;
END;

CREATE TRIGGER stats_field_report_update AFTER UPDATE ON field_report
WHEN OLD.state IS NOT NEW.state OR OLD.community IS NOT NEW.community
	OR OLD.received_at IS NOT NEW.received_at OR OLD.closed_at IS NOT NEW.closed_at
BEGIN
	INSERT INTO stats_field_report (level, division, state, hours, reports, seconds)
	SELECT l.length, substr(OLD.community, 1, l.length), OLD.state,
		CASE WHEN OLD.state = 3 AND OLD.closed_at IS NOT NULL
			THEN (OLD.closed_at - OLD.received_at) / 3600 ELSE -1 END, -1,
		CASE WHEN OLD.state = 3 AND OLD.closed_at IS NOT NULL
			THEN OLD.received_at - OLD.closed_at ELSE 0 END
	FROM stats_level AS l WHERE l.length <= length(OLD.community)
	ON CONFLICT (level, division, state, hours)
	DO UPDATE SET reports = reports + excluded.reports, seconds = seconds + excluded.seconds;
	INSERT INTO stats_field_report (level, division, state, hours, reports, seconds)
	SELECT l.length, substr(NEW.community, 1, l.length), NEW.state,
		CASE WHEN NEW.state = 3 AND NEW.closed_at IS NOT NULL
			THEN (NEW.closed_at - NEW.received_at) / 3600 ELSE -1 END, 1,
		CASE WHEN NEW.state = 3 AND NEW.closed_at IS NOT NULL
			THEN NEW.closed_at - NEW.received_at ELSE 0 END
	FROM stats_level AS l WHERE l.length <= length(NEW.community)
	ON CONFLICT (level, division, state, hours)
	DO UPDATE SET reports = reports + excluded.reports, seconds = seconds + excluded.seconds;
END;

CREATE TRIGGER stats_field_report_delete AFTER DELETE ON field_report BEGIN
	INSERT INTO stats_field_report (level, division, state, hours, reports, seconds)
	SELECT l.length, substr(OLD.community, 1, l.length), OLD.state,
		CASE WHEN OLD.state = 3 AND OLD.closed_at IS NOT NULL
			THEN (OLD.closed_at - OLD.received_at) / 3600 ELSE -1 END, -1,
		CASE WHEN OLD.state = 3 AND OLD.closed_at IS NOT NULL
			THEN OLD.received_at - OLD.closed_at ELSE 0 END
	FROM stats_level AS l WHERE l.length <= length(OLD.community)
	ON CONFLICT (level, division, state, hours)
	DO UPDATE SET reports = reports + excluded.reports, seconds = seconds + excluded.seconds;
END;

-- Complaints, by office.

CREATE TRIGGER stats_complaint_insert AFTER INSERT ON complaint BEGIN
	INSERT INTO stats_complaint (level, division, state, due_on, days, complaints)
	SELECT l.length, substr(NEW.office, 1, l.length), NEW.state,
		CASE WHEN NEW.state IN (1, 2) THEN NEW.due_on ELSE '' END,
		CASE WHEN NEW.state = 4 THEN CAST(julianday(date(NEW.updated_at + 28800, 'unixepoch'))
			- julianday(NEW.received_on) AS INTEGER) ELSE -1 END, 1
	FROM stats_level AS l WHERE l.length <= length(NEW.office)
	ON CONFLICT (level, division, state, due_on, days)
	DO UPDATE SET complaints = complaints + excluded.complaints;
END;

CREATE TRIGGER stats_complaint_update AFTER UPDATE ON complaint
WHEN OLD.state IS NOT NEW.state OR OLD.office IS NOT NEW.office
	OR OLD.due_on IS NOT NEW.due_on OR OLD.received_on IS NOT NEW.received_on
	OR (NEW.state = 4 AND OLD.updated_at IS NOT NEW.updated_at)
BEGIN
	INSERT INTO stats_complaint (level, division, state, due_on, days, complaints)
	SELECT l.length, substr(OLD.office, 1, l.length), OLD.state,
		CASE WHEN OLD.state IN (1, 2) THEN OLD.due_on ELSE '' END,
		CASE WHEN OLD.state = 4 THEN CAST(julianday(date(OLD.updated_at + 28800, 'unixepoch'))
			- julianday(OLD.received_on) AS INTEGER) ELSE -1 END, -1
	FROM stats_level AS l WHERE l.length <= length(OLD.office)
	ON CONFLICT (level, division, state, due_on, days)
	DO UPDATE SET complaints = complaints + excluded.complaints;
	INSERT INTO stats_complaint (level, division, state, due_on, days, complaints)
	SELECT l.length, substr(NEW.office, 1, l.length), NEW.state,
		CASE WHEN NEW.state IN (1, 2) THEN NEW.due_on ELSE '' END,
		CASE WHEN NEW.state = 4 THEN CAST(julianday(date(NEW.updated_at + 28800, 'unixepoch'))
			- julianday(NEW.received_on) AS INTEGER) ELSE -1 END, 1
	FROM stats_level AS l WHERE l.length <= length(NEW.office)
	ON CONFLICT (level, division, state, due_on, days)
	DO UPDATE SET complaints = complaints + excluded.complaints;
END;

CREATE TRIGGER stats_complaint_delete AFTER DELETE ON complaint BEGIN
	INSERT INTO stats_complaint (level, division, state, due_on, days, complaints)
	SELECT l.length, substr(OLD.office, 1, l.length), OLD.state,
		CASE WHEN OLD.state IN (1, 2) THEN OLD.due_on ELSE '' END,
		CASE WHEN OLD.state = 4 THEN CAST(julianday(date(OLD.updated_at + 28800, 'unixepoch'))
			- julianday(OLD.received_on) AS INTEGER) ELSE -1 END, -1
	FROM stats_level AS l WHERE l.length <= length(OLD.office)
	ON CONFLICT (level, division, state, due_on, days)
	DO UPDATE SET complaints = complaints + excluded.complaints;
END;

-- The backfill: the summaries of the records already there.

INSERT INTO stats_person SELECT * FROM stats_person_recount;
INSERT INTO stats_holding SELECT * FROM stats_holding_recount;
INSERT INTO stats_certificate SELECT * FROM stats_certificate_recount;
INSERT INTO stats_trend SELECT * FROM stats_trend_recount;
INSERT INTO stats_inquiry SELECT * FROM stats_inquiry_recount;
INSERT INTO stats_field_report SELECT * FROM stats_field_report_recount;
INSERT INTO stats_complaint SELECT * FROM stats_complaint_recount;
