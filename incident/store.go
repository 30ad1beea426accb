package incident

import (
	"context"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// Store keeps tickets and their activity logs. The Desk and the escalation
// engine share one; a store for a database lets several of them share it
// across processes. Implementations must be safe for concurrent use, and
// package storetest checks one against this contract.
//
// Tickets and entries passed in are not retained: the store keeps copies.
// Tickets and entries returned are the caller's to change. On success
// Create sets the caller's t.Version to 1 and Save sets it to read+1; a
// refused call leaves it alone. Times are kept to the microsecond at least.
// Text is kept byte for byte, whatever the Desk accepts (see MaxTextLen).
//
// A store keeps three things atomic, so that the Desk need not:
//
//   - One open ticket per alert. A ticket with an ExternalKey and a zero
//     Closed is the open ticket of the alert (Source, ExternalKey). A
//     Create or Save that would make a second one for the same alert
//     writes nothing and returns an *AlertOpenError (ErrAlertOpen),
//     however many callers try at once.
//   - Sequence numbers. The daily numbers of the ids are taken with
//     Tx.NextSeq inside the Write that creates the ticket, so that a
//     refused or interrupted registration takes no number.
//   - Several tickets in one write: everything a Write does lands, or
//     nothing does.
type Store interface {
	// Create stores a new ticket, at Version 1, with the first entries of
	// its log, numbered from 1 (a *LogError otherwise). It returns
	// ErrExists if a ticket has the id already, and an *AlertOpenError if
	// the ticket is an open alert's and another ticket is open for that
	// alert; the zero id is refused. It is a Write with one Tx.Create.
	Create(ctx context.Context, t *Ticket, log []Entry) error

	// Load returns the ticket with the id and its whole log, oldest entry
	// first. It returns ErrNotFound if there is none.
	Load(ctx context.Context, id codes.ID) (*Ticket, []Entry, error)

	// Save replaces the ticket and appends entries to its log, both or
	// neither, provided the stored ticket is still at version read; the
	// stored ticket then has Version read+1. If another save came first
	// it writes nothing and returns ErrConflict; ErrNotFound if there is
	// no such ticket. The entries must continue the log's numbering (a
	// *LogError otherwise), and the ticket may not become a second open
	// ticket of its alert (an *AlertOpenError). The checks are made in
	// that order: a stale save is a conflict even if its numbering is
	// also off. It is a Write with one Tx.Save.
	Save(ctx context.Context, t *Ticket, entries []Entry, read int64) error

	// Find returns the tickets that match every condition of f, in id
	// order (codes.ID.Compare, the order of the ids' text).
	Find(ctx context.Context, f Filter) ([]*Ticket, error)

	// Write runs fn with a Tx and makes what fn does through it one
	// atomic write: all of it lands if fn returns nil, and none of it
	// otherwise, sequence numbers included (a number taken in a write
	// that does not land is given again). If a Tx call fails the write is
	// lost: Write writes nothing and returns fn's error, or that call's
	// error if fn returns nil. Versions are set on the callers' tickets
	// when the write lands.
	//
	// fn runs once, and may be holding a lock of the store's: it must do
	// little more than its Tx calls, must not keep tx, and must not call
	// the store's own methods, which may wait for fn to end. Two writes
	// that take a number of the same kind and day take turns. Write
	// returns ctx.Err(), writing nothing, if ctx is done.
	Write(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is what a Store's Write offers its function: the writes that must be
// atomic together. Each call is checked when made, with the errors of the
// Store method of the same name; each ticket may be written once in one
// Write (a second Create or Save of its id there is an error).
type Tx interface {
	// NextSeq takes the next sequence number of a kind of record on a
	// day, the last part of a record id: 1 for the first, then 2, 3, ...
	// with no gaps and no number given twice, however many callers ask at once, counting only
	// the writes that land. Past codes.MaxSeq it returns an error.
	NextSeq(kind codes.Kind, day Day) (int, error)

	// Create is Store.Create within the write.
	Create(t *Ticket, log []Entry) error

	// Save is Store.Save within the write. A ticket that leaves its alert
	// (closes, or changes key) frees the alert for a Create later in the
	// same write.
	Save(t *Ticket, entries []Entry, read int64) error
}

// Day is a calendar date, the day part of a record id.
type Day struct {
	Year  int        // the year, such as 2026
	Month time.Month // the month
	Day   int        // the day of the month, from 1
}

// DayOf returns the date of t on its own clock.
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return Day{y, m, d}
}

// Filter selects tickets. The zero Filter selects every ticket; each field
// set narrows the selection.
type Filter struct {
	// Statuses keeps tickets in any of these statuses; NotStatuses drops
	// tickets in any of these (pass the workflow's final statuses to keep
	// open tickets).
	Statuses    []codes.Status
	NotStatuses []codes.Status // see Statuses

	// DueBy keeps tickets whose NextDue is set and at or before it: the
	// escalation engine's question. Stores answer it from an index.
	DueBy time.Time

	// Source and ExternalKey, when set, keep tickets raised from that
	// source for that external key (monitoring dedupe).
	Source      codes.Source
	ExternalKey string // see Source

	// Priorities keeps tickets of any of these priorities.
	Priorities []codes.Priority
	Group      string // keeps tickets assigned to this group
	Assignee   string // keeps tickets assigned to this person

	// CreatedFrom and CreatedBefore keep tickets created in
	// [CreatedFrom, CreatedBefore); either may be zero.
	CreatedFrom   time.Time
	CreatedBefore time.Time // see CreatedFrom

	// Categories keeps tickets in any of these categories or below one
	// ("hardware" keeps "hardware.server.blade"). Tiers, Natures and
	// CustomerTiers keep tickets with any of these values; Major, when
	// set, keeps major incidents (true) or the others (false);
	// Unassigned keeps tickets nobody has taken (no Assignee). Stores
	// check these with Match (see the Desk's Queue).
	Categories    []codes.Category
	Tiers         []codes.Tier   // see Categories
	Natures       []codes.Nature // see Categories
	CustomerTiers []string       // see Categories
	Major         *bool          // see Categories
	Unassigned    bool           // see Categories

	// After keeps tickets whose id sorts after it, and Limit keeps the
	// first Limit of those (0 or less: no limit): together they page
	// through a large result.
	After codes.ID
	Limit int // see After
}

// Match reports whether t meets every condition of f. Stores may use it to
// filter what their indexes do not cover.
func (f *Filter) Match(t *Ticket) bool {
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, t.Status) {
		return false
	}
	if slices.Contains(f.NotStatuses, t.Status) {
		return false
	}
	if !f.DueBy.IsZero() && (t.NextDue.IsZero() || t.NextDue.After(f.DueBy)) {
		return false
	}
	if f.Source != "" && t.Source != f.Source {
		return false
	}
	if f.ExternalKey != "" && t.ExternalKey != f.ExternalKey {
		return false
	}
	if len(f.Priorities) > 0 && !slices.Contains(f.Priorities, t.Priority) {
		return false
	}
	if f.Group != "" && t.Group != f.Group {
		return false
	}
	if f.Assignee != "" && t.Assignee != f.Assignee {
		return false
	}
	if !f.CreatedFrom.IsZero() && t.Created.Before(f.CreatedFrom) {
		return false
	}
	if !f.CreatedBefore.IsZero() && !t.Created.Before(f.CreatedBefore) {
		return false
	}
	if !f.After.IsZero() && t.ID.Compare(f.After) <= 0 {
		return false
	}
	return f.matchQueue(t)
}

// Viewer is a capability a Store may add: reading a ticket's log without
// copying it. The Desk uses it when its Store has it, so that a command on a
// ticket with a long history does not copy the whole history first.
//
// View is Load, except that the log it returns is the store's own, shared
// with every other reader: the caller may read it, and keep it, but must
// never change it. Entries never change once appended, so the log returned
// stays as it was whatever is saved later. The ticket is a copy, the
// caller's to change. View returns ErrNotFound if there is no such ticket.
type Viewer interface {
	// View returns the ticket, a copy, and the store's own log of it.
	View(ctx context.Context, id codes.ID) (*Ticket, []Entry, error)
}

// HeadReader is a capability a Store may add: reading a ticket without its
// log, with the number of entries the log has. A Desk on such a store, when
// the ticket's Checkpoint was written under the Desk's policy and rules,
// reads the ticket row alone and folds in only a command's own entries, so
// that a command on a long history read by a fresh process costs what it
// costs on a short one. The ticket Head returns is a copy, the caller's to
// change. Head returns ErrNotFound if there is no such ticket.
type HeadReader interface {
	Head(ctx context.Context, id codes.ID) (t *Ticket, entries int, err error)
}

// View reads a ticket of the caller's own and its log, which the caller
// may read and keep but must never change: through s's View when s is a
// Viewer, which spares copying the log, else through Load.
func View(ctx context.Context, s Store, id codes.ID) (*Ticket, []Entry, error) {
	if v, ok := s.(Viewer); ok {
		return v.View(ctx, id)
	}
	return s.Load(ctx, id)
}
