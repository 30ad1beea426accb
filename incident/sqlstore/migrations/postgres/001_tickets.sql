-- Tickets, their activity logs and the daily id sequences.
--
-- Times are unix microseconds (UTC). A ticket's body is the whole ticket as
-- JSON text; the columns beside it are copies of the fields Find selects
-- on, kept in step by every write. The priority column is authoritative.

CREATE TABLE itsm_tickets (
	id           text COLLATE "C" PRIMARY KEY, -- byte order: the order of codes.ID.Compare
	status       text    NOT NULL,
	priority     integer NOT NULL,
	source       text    NOT NULL,
	external_key text    NOT NULL,
	grp          text    NOT NULL,
	assignee     text    NOT NULL,
	created      bigint  NOT NULL,
	next_due     bigint,           -- NULL when nothing is due
	version      bigint  NOT NULL, -- optimistic concurrency: a save names the version it read
	log_len      integer NOT NULL, -- the number of entries the ticket's log holds at this version
	body         text    NOT NULL
);

-- The escalation engine's question, "due at or before t", is a range scan.
CREATE INDEX itsm_tickets_next_due ON itsm_tickets (next_due) WHERE next_due IS NOT NULL;
-- Monitoring dedupe: the open ticket for a source and external key.
CREATE INDEX itsm_tickets_external_key ON itsm_tickets (source, external_key);
CREATE INDEX itsm_tickets_status ON itsm_tickets (status);
CREATE INDEX itsm_tickets_created ON itsm_tickets (created);

CREATE TABLE itsm_entries (
	ticket_id text COLLATE "C" NOT NULL REFERENCES itsm_tickets (id),
	seq       integer NOT NULL, -- 1, 2, ... within the ticket
	body      text    NOT NULL, -- the entry as JSON
	PRIMARY KEY (ticket_id, seq)
);

-- The activity log is append-only.
CREATE FUNCTION itsm_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'itsm_entries is append-only' USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER itsm_entries_append_only BEFORE UPDATE OR DELETE ON itsm_entries
	FOR EACH ROW EXECUTE FUNCTION itsm_entries_append_only();

CREATE TABLE itsm_sequences (
	kind text    NOT NULL,
	day  integer NOT NULL, -- yyyymmdd
	last integer NOT NULL, -- the last number given
	PRIMARY KEY (kind, day)
);
