-- 0012_service_points.sql — the public directory of service points
-- (§2(3), §2(4)): fixed service points, reproductive-health service
-- institutions, per-community service homes and aid stores.
--
-- service_point: kind 1 service_point (定点服务机构), 2 health_institution
-- (生殖健康定点服务机构), 3 service_home (流动人口服务之家), 4 aid_store
-- (爱心救助超市).  division is a town or community of the city.  services
-- is a bit set of the service codes of domain/service_point.h (bit 0
-- contraception, 1 prenatal, 2 checkup, 3 consultation, 4 certificate,
-- 5 legal_aid, 6 employment, 7 aid).  notice is the published text of
-- duties and service items (公示).  Nothing here is personal data: the
-- phone is the point's public number and is stored in plain text.  Only
-- active points are shown to the public; every write is audited (audit, 0002)
-- in the same transaction.

CREATE TABLE service_point (
	id INTEGER PRIMARY KEY,
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),
	name TEXT NOT NULL,
	division TEXT NOT NULL REFERENCES division (code),
	address TEXT NOT NULL,
	services INTEGER NOT NULL CHECK (services BETWEEN 0 AND 255),
	phone TEXT NOT NULL,
	hours TEXT NOT NULL,
	notice TEXT NOT NULL,
	active INTEGER NOT NULL CHECK (active IN (0, 1)),
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX service_point_division ON service_point (division, id);
