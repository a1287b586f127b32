-- 0002_security.sql — users, sessions, API tokens, login throttling, audit.
--
-- user_account: one row per person who logs in.  role is one of the role
-- codes of DESIGN.md; scope is the division code (significant length) the
-- user works in.  password_hash is an argon2id string.  failed_logins counts
-- failures in a row; locked = 1 after ten of them, until an admin unlocks.
--
-- session: a browser login.  Only a hash of the session token is kept
-- (token_hash); the CSRF token is returned at login and must accompany every
-- state-changing request.  A session ends 30 minutes after last_seen_at or
-- 12 hours after created_at, whichever is first, or at logout (ended_at).
--
-- api_token: a token for programs (Authorization: Bearer), kept hashed.
--
-- login_address: failures in a row per client address, for throttling.
--
-- audit: append-only; every row's hash covers the previous row's hash and
-- the row's own fields, so that editing or removing a row breaks the chain
-- (liudong audit verify).

CREATE TABLE user_account (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL,
	scope TEXT NOT NULL REFERENCES division (code),
	disabled INTEGER NOT NULL DEFAULT 0,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	last_failed_at INTEGER NOT NULL DEFAULT 0,
	locked INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL
);

CREATE TABLE session (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES user_account (id),
	csrf_token TEXT NOT NULL,
	address TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	ended_at INTEGER
);

CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES user_account (id),
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
);

CREATE TABLE login_address (
	address TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_failed_at INTEGER NOT NULL
);

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	user_id INTEGER,
	username TEXT NOT NULL,
	role TEXT NOT NULL,
	address TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	outcome TEXT NOT NULL,
	detail TEXT NOT NULL,
	hash BLOB NOT NULL
);

CREATE INDEX audit_user ON audit (user_id, id);
CREATE INDEX audit_object ON audit (object, id);
CREATE INDEX audit_at ON audit (at);
