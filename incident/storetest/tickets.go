package storetest

import (
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Spec describes a ticket for NewTicket. Zero fields are left out of the
// log, except Status (StatusRegistered) and Priority (P4).
type Spec struct {
	ID          codes.ID       // the ticket's id; required
	Created     time.Time      // the time of the register entry
	Status      codes.Status   // the status the log leaves it in (default registered)
	Priority    codes.Priority // default P4
	Source      codes.Source   // how the ticket came in
	ExternalKey string         // the monitoring alert the ticket is for
	Group       string         // the assigned group
	Assignee    string         // the assigned person
	Attachments []string       // names of the attached files
	// NextDue and Closed are set on the ticket after the replay, as the
	// Desk sets them. A ticket with an ExternalKey and no Closed is the
	// open ticket of its alert, which a store keeps unique.
	NextDue time.Time
	Closed  time.Time // when the ticket closed; zero while it is open
}

// NewTicket returns a ticket as s describes it and its log: a register
// entry at s.Created that sets the fields, then, for a status other than
// registered, a transition entry a minute later that enters it. The ticket
// is what incident.Replay makes of the log, plus s.NextDue, at Version 0:
// ready for Store.Create. It fails tb if the log does not replay.
func NewTicket(tb testing.TB, s Spec) (*incident.Ticket, []incident.Entry) {
	tb.Helper()
	if s.Status == "" {
		s.Status = codes.StatusRegistered
	}
	if s.Priority == 0 {
		s.Priority = codes.P4
	}
	changes := []incident.Change{
		{Field: incident.FieldSummary, Value: "ticket " + s.ID.String()},
		{Field: incident.FieldRegistrar, Value: "desk"},
		{Field: incident.FieldPriority, Value: s.Priority.String()},
	}
	add := func(f incident.Field, v string) {
		if v != "" {
			changes = append(changes, incident.Change{Field: f, Value: v})
		}
	}
	add(incident.FieldSource, string(s.Source))
	add(incident.FieldExternalKey, s.ExternalKey)
	add(incident.FieldGroup, s.Group)
	add(incident.FieldAssignee, s.Assignee)
	for _, a := range s.Attachments {
		add(incident.FieldAttachment, a)
	}
	log := []incident.Entry{{
		Seq: 1, At: s.Created, Actor: "desk", Type: incident.EntryRegister,
		Status: codes.StatusRegistered, Changes: changes,
	}}
	if s.Status != codes.StatusRegistered {
		log = append(log, incident.Entry{
			Seq: 2, At: s.Created.Add(time.Minute), Actor: "desk",
			Type: incident.EntryTransition, Status: s.Status,
		})
	}
	t, err := incident.Replay(s.ID, log)
	if err != nil {
		tb.Fatalf("storetest: the log of %s does not replay: %v", s.ID, err)
	}
	t.NextDue, t.Closed = s.NextDue, s.Closed
	return t, log
}

// update returns the entry that continues log at at, changing the
// summary: what the suite's saves append.
func update(log []incident.Entry, at time.Time, summary string) incident.Entry {
	return incident.Entry{
		Seq: len(log) + 1, At: at, Actor: "agent", Type: incident.EntryUpdate,
		Changes: []incident.Change{{Field: incident.FieldSummary, Value: summary}},
	}
}

// base is the instant the suite's tickets are created around.
var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// newID returns an id, failing tb if it cannot be made.
func newID(tb testing.TB, kind codes.Kind, day time.Time, seq int) codes.ID {
	tb.Helper()
	id, err := codes.NewID(kind, day, seq)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// ids returns the ids of tickets as text, in their order.
func ids(tickets []*incident.Ticket) []string {
	out := make([]string, len(tickets))
	for i, t := range tickets {
		out[i] = t.ID.String()
	}
	return out
}
