-- 0018_exchange.sql — the information network between places (policy §5,
-- §2(2) feedback): this node, its peers, and the messages exchanged.
--
-- exchange_node: at most one row, this node: its name, the division codes
-- it answers for (comma-separated prefixes, "620200,6202") and the public
-- half of its key (hex); the secret half lives in "<database>.node-key".
-- exchange_peer: other nodes by name with their URL, public key (hex) and
-- the division prefixes they answer for (the longest prefix wins).
-- exchange_outbox: messages to send, written in the same transaction as the
-- change that causes them; delivered in seq order per peer.  state 1
-- queued, 2 delivered, 3 failed (refused by the peer for good).  Times are
-- Unix milliseconds.
-- exchange_inbox: every message applied here, by its id, so that a message
-- is applied once: outcome is "applied" or the reason nothing was changed.
-- exchange_inquiry: inquiries received from other places (函调来函): the
-- person's ID number sealed like person.id_number_sealed; state 1 received,
-- 2 answered.  exchange_handover: see below.

CREATE TABLE exchange_node (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	name TEXT NOT NULL,
	divisions TEXT NOT NULL,
	public_key TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE exchange_peer (
	name TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	public_key TEXT NOT NULL,
	divisions TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE exchange_outbox (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	peer TEXT NOT NULL,
	type TEXT NOT NULL,
	payload TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	attempts INTEGER NOT NULL,
	next_attempt_ms INTEGER NOT NULL,
	last_error TEXT NOT NULL,
	created_ms INTEGER NOT NULL,
	delivered_ms INTEGER NOT NULL
);

CREATE INDEX exchange_outbox_queue ON exchange_outbox (state, peer, seq);

CREATE TABLE exchange_inbox (
	id TEXT PRIMARY KEY,
	from_node TEXT NOT NULL,
	type TEXT NOT NULL,
	outcome TEXT NOT NULL,
	received_ms INTEGER NOT NULL
);

CREATE TABLE exchange_inquiry (
	id INTEGER PRIMARY KEY,
	message_id TEXT NOT NULL UNIQUE,
	from_node TEXT NOT NULL,
	remote_id INTEGER NOT NULL,
	person_name TEXT NOT NULL,
	id_number_sealed TEXT NOT NULL,
	hukou_division TEXT NOT NULL,
	from_division TEXT NOT NULL,
	subject TEXT NOT NULL,
	note TEXT NOT NULL,
	due_on TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 2),
	answered_on TEXT NOT NULL,
	marital_status TEXT NOT NULL,
	answer_text TEXT NOT NULL,
	reference TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX exchange_inquiry_hukou ON exchange_inquiry (hukou_division, id);

-- exchange_handover: persons handed over to this place by the office of
-- their hukou place (policy §2(2), transition 1) with the transfer
-- certificate it issued; the ID number sealed.
CREATE TABLE exchange_handover (
	id INTEGER PRIMARY KEY,
	message_id TEXT NOT NULL UNIQUE,
	from_node TEXT NOT NULL,
	person_name TEXT NOT NULL,
	id_number_sealed TEXT NOT NULL,
	hukou_division TEXT NOT NULL,
	destination_division TEXT NOT NULL,
	destination_address TEXT NOT NULL,
	effective_on TEXT NOT NULL,
	certificate_number TEXT NOT NULL,
	certificate_issuer TEXT NOT NULL,
	certificate_issued_on TEXT NOT NULL,
	marital_status TEXT NOT NULL,
	spouse_name TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX exchange_handover_destination ON exchange_handover (destination_division, id);
