-- 0017_imports.sql — bulk imports of persons (policy §5: WIS data, spreadsheets).
--
-- person_import: one row per run over one file.  The file is known by the
-- SHA-256 of its bytes; `last_row` is the number of the last file row whose
-- outcome is committed, and it is written in the same transaction as those
-- rows' persons, history and audit rows, so that a run killed at any moment
-- can be resumed from there by running the same file again.  Counts are of
-- data rows (the header row is row 1 and not counted).
--
-- person_import_error: each refused row, with the file's cells of that row
-- (sealed: they hold ID numbers and phones) so that the office can download
-- them with the reason, correct them and import them again.
CREATE TABLE person_import (
	id INTEGER PRIMARY KEY,
	file_hash TEXT NOT NULL,          -- SHA-256 of the file, 64 hex digits
	file_name TEXT NOT NULL,
	file_bytes INTEGER NOT NULL,
	file_kind TEXT NOT NULL CHECK (file_kind IN ('csv', 'xlsx')),
	encoding TEXT NOT NULL,           -- of a CSV file: utf-8 or gb18030
	mode TEXT NOT NULL CHECK (mode IN ('commit', 'dry_run', 'all_or_nothing')),
	scope TEXT NOT NULL,              -- rows must live inside this division
	default_community TEXT NOT NULL DEFAULT '',
	actor TEXT NOT NULL,
	user_id INTEGER REFERENCES user_account(id),
	state TEXT NOT NULL CHECK (state IN ('running', 'done', 'refused', 'failed')),
	header TEXT NOT NULL DEFAULT '',  -- the file's column titles, separated by U+001F
	rows_estimate INTEGER NOT NULL DEFAULT 0,
	last_row INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL DEFAULT 0,
	updated INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	rejected INTEGER NOT NULL DEFAULT 0,
	message TEXT NOT NULL DEFAULT '', -- why a run failed or was refused (Chinese)
	started_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX person_import_by_file ON person_import (file_hash, state);

CREATE TABLE person_import_error (
	import_id INTEGER NOT NULL REFERENCES person_import(id),
	row_number INTEGER NOT NULL,
	column_title TEXT NOT NULL,       -- the file's title of the column at fault, or ''
	code TEXT NOT NULL,               -- stable error code, e.g. invalid_id_number
	reason TEXT NOT NULL,             -- Chinese, what to correct
	cells_sealed TEXT NOT NULL,       -- the row's cells, separated by U+001F, sealed
	PRIMARY KEY (import_id, row_number)
) WITHOUT ROWID;
