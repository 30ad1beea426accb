-- Tickets, their activity logs and the daily id sequences.
--
-- Times are unix microseconds (UTC). A ticket's body is the whole ticket as
-- JSON text; the columns beside it are copies of the fields Find selects
-- on, kept in step by every write. The priority column is authoritative.

CREATE TABLE itsm_tickets (
	id           TEXT    NOT NULL PRIMARY KEY, -- binary order: the order of codes.ID.Compare
	status       TEXT    NOT NULL,
	priority     INTEGER NOT NULL,
	source       TEXT    NOT NULL,
	external_key TEXT    NOT NULL,
	grp          TEXT    NOT NULL,
	assignee     TEXT    NOT NULL,
	created      INTEGER NOT NULL,
	next_due     INTEGER,          -- NULL when nothing is due
	version      INTEGER NOT NULL, -- optimistic concurrency: a save names the version it read
	log_len      INTEGER NOT NULL, -- the number of entries the ticket's log holds at this version
	body         TEXT    NOT NULL
) STRICT;

-- The escalation engine's question, "due at or before t", is a range scan.
CREATE INDEX itsm_tickets_next_due ON itsm_tickets (next_due) WHERE next_due IS NOT NULL;
-- Monitoring dedupe: the open ticket for a source and external key.
CREATE INDEX itsm_tickets_external_key ON itsm_tickets (source, external_key);
CREATE INDEX itsm_tickets_status ON itsm_tickets (status);
CREATE INDEX itsm_tickets_created ON itsm_tickets (created);

CREATE TABLE itsm_entries (
	ticket_id TEXT    NOT NULL REFERENCES itsm_tickets (id),
	seq       INTEGER NOT NULL, -- 1, 2, ... within the ticket
	body      TEXT    NOT NULL, -- the entry as JSON
	PRIMARY KEY (ticket_id, seq)
) STRICT, WITHOUT ROWID;

-- The activity log is append-only.
CREATE TRIGGER itsm_entries_no_update BEFORE UPDATE ON itsm_entries
BEGIN
	SELECT RAISE(ABORT, 'itsm_entries is append-only');
END;

CREATE TRIGGER itsm_entries_no_delete BEFORE DELETE ON itsm_entries
BEGIN
	SELECT RAISE(ABORT, 'itsm_entries is append-only');
END;

CREATE TABLE itsm_sequences (
	kind TEXT    NOT NULL,
	day  INTEGER NOT NULL, -- yyyymmdd
	last INTEGER NOT NULL, -- the last number given
	PRIMARY KEY (kind, day)
) STRICT, WITHOUT ROWID;
