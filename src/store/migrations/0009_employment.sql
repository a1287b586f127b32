-- 0009_employment.sql — who works for whom (§2(1)(2), §3: "谁用工……谁负责"),
-- and from it the construction registers (嘉峪关市建筑企业流动人口计划生育
-- 管理服务登记册).
--
-- employment: person_id works for organization_id as `job` at `work_site`
-- (address text) in `site_division`, a community or village of the city.
-- starts_on and ends_on are YYYY-MM-DD; ends_on is '' while employed.
-- lives_on_site and seasonal are 0/1.  A person has at most one current
-- employment per organization (employment_current).  The register of a
-- construction enterprise is its rows with lives_on_site = 1, per work site.
--
-- employment_history: one row per changed field of each version, written in
-- the same transaction as the change; field '*' marks the creation, as in
-- organization_history (0006).

CREATE TABLE employment (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	organization_id INTEGER NOT NULL REFERENCES organization (id),
	job TEXT NOT NULL,
	work_site TEXT NOT NULL,
	site_division TEXT NOT NULL REFERENCES division (code),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL DEFAULT '',
	lives_on_site INTEGER NOT NULL CHECK (lives_on_site IN (0, 1)),
	seasonal INTEGER NOT NULL CHECK (seasonal IN (0, 1)),
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX employment_current ON employment (person_id, organization_id)
	WHERE ends_on = '';
CREATE INDEX employment_organization ON employment (organization_id, id);
CREATE INDEX employment_person ON employment (person_id);

CREATE TABLE employment_history (
	id INTEGER PRIMARY KEY,
	employment_id INTEGER NOT NULL REFERENCES employment (id),
	version INTEGER NOT NULL,
	changed_at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	field TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT
);

CREATE INDEX employment_history_employment ON employment_history (employment_id, id);
