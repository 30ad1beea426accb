-- The Desk's fold of each ticket's log (Ticket.Checkpoint), kept in the
-- ticket's row so that a command read by a fresh process reads the row
-- alone and folds in only its own entries. Tickets stored before have
-- none (NULL): the Desk folds their log whole the next time it works on
-- them, and writes their checkpoint then.

ALTER TABLE itsm_tickets ADD COLUMN checkpoint BYTEA;
