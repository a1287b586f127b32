-- 0015_assessment.sql — responsibility agreements, year-end assessment and
-- awards (policy §6(1), §6(4)).
--
-- agreement: one yearly target agreement (目标管理责任书) between the city
-- and a party.  party_kind 1 department (an organization of kind
-- department), 2 division (a district, town or street of the city), 3 unit
-- (any other organization); exactly one of party_division and
-- party_organization_id is set, as the kind says.  party_name is the
-- party's name when the agreement was made; party_place the division the
-- party lies in (the division itself, or the organization's division): a
-- reader with assessment.read sees the agreement when party_place lies in
-- its scope.  state 1 signed (not yet scored), 2 assessed, 3 finalized
-- (locked: nothing changes any more).  Scores are in hundredths of a point
-- (0..10000 = 0..100 points); total is the weighted total of the items in
-- hundredths; result 0 none yet, 1 pass, 2 fail (a veto (一票否决) fails
-- whatever the total).  One agreement per party and year.
--
-- agreement_item: the target items, 1..20 per agreement, their weights
-- summing to 100.  measure 0 manual, 1 certificate_holding_rate,
-- 2 complaints_answered_on_time (measured ones only for division parties).
-- For a measured item, measured_numerator/denominator and measured_score
-- are what the system computed when it was scored (NULL: nothing to
-- measure); override_reason is the assessor's reason when the score given
-- differs from the measured one ("" otherwise).
--
-- award: an award (1 innovation 流动人口综合治理创新单项奖, 2 service
-- 流动人口计划生育管理服务奖) given to a party for a year, with its citation.
--
-- Every write is audited (audit, 0002) in the same transaction.

CREATE TABLE agreement (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	party_kind INTEGER NOT NULL CHECK (party_kind BETWEEN 1 AND 3),
	party_division TEXT REFERENCES division (code),
	party_organization_id INTEGER REFERENCES organization (id),
	party_name TEXT NOT NULL,
	party_place TEXT NOT NULL REFERENCES division (code),
	title TEXT NOT NULL,
	signed_on TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	assessed_on TEXT NOT NULL,
	total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 10000),
	veto INTEGER NOT NULL CHECK (veto IN (0, 1)),
	veto_reason TEXT NOT NULL,
	result INTEGER NOT NULL CHECK (result BETWEEN 0 AND 2),
	assessed_by TEXT NOT NULL,
	finalized_by TEXT NOT NULL,
	finalized_at INTEGER,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK ((party_division IS NULL) <> (party_organization_id IS NULL))
);

CREATE UNIQUE INDEX agreement_party
	ON agreement (year, party_kind, coalesce(party_division, ''), coalesce(party_organization_id, 0));
CREATE INDEX agreement_place ON agreement (year, party_place, id);

CREATE TABLE agreement_item (
	agreement_id INTEGER NOT NULL REFERENCES agreement (id),
	ordinal INTEGER NOT NULL CHECK (ordinal BETWEEN 1 AND 20),
	description TEXT NOT NULL,
	weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
	measure INTEGER NOT NULL CHECK (measure BETWEEN 0 AND 2),
	score INTEGER CHECK (score BETWEEN 0 AND 10000),
	measured_numerator INTEGER,
	measured_denominator INTEGER,
	measured_score INTEGER CHECK (measured_score BETWEEN 0 AND 10000),
	override_reason TEXT NOT NULL,
	PRIMARY KEY (agreement_id, ordinal)
);

CREATE TABLE award (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 2),
	party_kind INTEGER NOT NULL CHECK (party_kind BETWEEN 1 AND 3),
	party_division TEXT REFERENCES division (code),
	party_organization_id INTEGER REFERENCES organization (id),
	party_name TEXT NOT NULL,
	party_place TEXT NOT NULL REFERENCES division (code),
	citation TEXT NOT NULL,
	awarded_on TEXT NOT NULL,
	awarded_by TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	CHECK ((party_division IS NULL) <> (party_organization_id IS NULL))
);

CREATE INDEX award_year ON award (year, id);
