-- One open ticket per monitoring alert (source, external key), kept by a
-- unique index, so that an alert storm opens one ticket however many
-- registrations race.
--
-- closed is the instant the ticket entered a final status (Ticket.Closed,
-- in unix microseconds), NULL while it is open.
--
-- Tickets stored before this migration have no Closed. Those in the
-- status 'closed' (the default workflow's final status) get the time of
-- their last change, which is when they closed unless entries were
-- recorded after; their body gets the same. Tickets in a final status of
-- a workflow of the user's own stay NULL until the Desk next saves them
-- (Register does, when such a ticket stands in the way of a new alert).
--
-- open_dup is 0 for every ticket but the open duplicates an older version
-- may have left: if several open tickets share an alert, the one with the
-- lowest id keeps 0 and holds the alert, and the others are numbered 1,
-- 2, ... so that the index can be built. They stay open, as they were,
-- and leave the index when they close. New tickets always have 0.

ALTER TABLE itsm_tickets ADD COLUMN closed bigint;
ALTER TABLE itsm_tickets ADD COLUMN open_dup integer NOT NULL DEFAULT 0;

UPDATE itsm_tickets
	SET closed = (extract(epoch FROM (body::jsonb->>'updated')::timestamptz) * 1000000)::bigint,
	    body = jsonb_set(body::jsonb, '{closed}', body::jsonb->'updated')::text
	WHERE status = 'closed';

UPDATE itsm_tickets t
	SET open_dup = (SELECT count(*) FROM itsm_tickets o
		WHERE o.source = t.source AND o.external_key = t.external_key
		AND o.closed IS NULL AND o.id < t.id)
	WHERE t.external_key <> '' AND t.closed IS NULL;

CREATE UNIQUE INDEX itsm_tickets_open_alert ON itsm_tickets (source, external_key, open_dup)
	WHERE external_key <> '' AND closed IS NULL;
