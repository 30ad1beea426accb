package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// create stores t and log in s, failing tb on error.
func create(tb testing.TB, s incident.Store, t *incident.Ticket, log []incident.Entry) {
	tb.Helper()
	if err := s.Create(context.Background(), t, log); err != nil {
		tb.Fatalf("Create(%s): %v", t.ID, err)
	}
}

// load returns the ticket with the id and its log, failing tb on error.
func load(tb testing.TB, s incident.Store, id codes.ID) (*incident.Ticket, []incident.Entry) {
	tb.Helper()
	t, log, err := s.Load(context.Background(), id)
	if err != nil {
		tb.Fatalf("Load(%s): %v", id, err)
	}
	return t, log
}

// checkStored fails tb unless the store holds want and wantLog for want.ID.
func checkStored(tb testing.TB, s incident.Store, want *incident.Ticket, wantLog []incident.Entry) {
	tb.Helper()
	got, gotLog := load(tb, s, want.ID)
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		tb.Errorf("Load(%s) ticket (-want +got):\n%s", want.ID, diff)
	}
	if diff := cmp.Diff(wantLog, gotLog, cmpOpts); diff != "" {
		tb.Errorf("Load(%s) log (-want +got):\n%s", want.ID, diff)
	}
}

// atVersion returns a copy of t at version v.
func atVersion(t *incident.Ticket, v int64) *incident.Ticket {
	c := t.Clone()
	c.Version = v
	return c
}

func testCreateLoad(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	id := newID(t, codes.KindIncident, base, 1)
	tk, log := NewTicket(t, Spec{
		ID: id, Created: base, Status: codes.StatusAssigned, Priority: codes.P2,
		Source: codes.SourceMonitoring, ExternalKey: "disk-full@db1",
		Group: "dba", Assignee: "li", Attachments: []string{"df.txt", "iostat.txt"},
		NextDue: base.Add(30 * time.Minute),
	})
	log = append(log, incident.Entry{
		Seq: 3, At: base.Add(2 * time.Minute), Actor: "li", Type: incident.EntryComment,
		Text: "looking", Key: "comment-1",
	})
	tk.Version = 7 // Create stores Version 1 whatever the ticket says
	want := atVersion(tk, 1)
	wantLog := cloneLog(log)

	if err := s.Create(ctx, tk, log); err != nil {
		t.Fatalf("Create: %v", err)
	}
	checkStored(t, s, want, wantLog)

	// A second ticket with the id is refused and changes nothing.
	other, otherLog := NewTicket(t, Spec{ID: id, Created: base.Add(time.Hour), Group: "network"})
	if err := s.Create(ctx, other, otherLog); !errors.Is(err, incident.ErrExists) {
		t.Errorf("Create of an id taken: error %v, want %v", err, incident.ErrExists)
	}
	checkStored(t, s, want, wantLog)

	// Another id is another ticket.
	id2 := newID(t, codes.KindIncident, base, 2)
	tk2, log2 := NewTicket(t, Spec{ID: id2, Created: base.Add(time.Hour)})
	create(t, s, tk2, log2)
	checkStored(t, s, atVersion(tk2, 1), log2)
	checkStored(t, s, want, wantLog)
}

func testCreateInvalidLog(t *testing.T, newStore func(*testing.T) incident.Store) {
	renumber := func(seqs ...int) func([]incident.Entry) []incident.Entry {
		return func(log []incident.Entry) []incident.Entry {
			for len(log) < len(seqs) {
				log = append(log, update(log, base.Add(time.Hour), "more"))
			}
			for i, n := range seqs {
				log[i].Seq = n
			}
			return log
		}
	}
	cases := []struct {
		name    string
		log     func([]incident.Entry) []incident.Entry
		wantErr error
	}{
		{"numbered from 1", renumber(1, 2, 3), nil},
		{"numbered from 0", renumber(0, 1), incident.ErrInvalidLog},
		{"numbered from 2", renumber(2, 3), incident.ErrInvalidLog},
		{"a gap", renumber(1, 3), incident.ErrInvalidLog},
		{"a repeat", renumber(1, 1), incident.ErrInvalidLog},
		{"backwards", renumber(1, 3, 2), incident.ErrInvalidLog},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, 1), Created: base, Status: codes.StatusAssigned})
			log = c.log(log)
			err := s.Create(context.Background(), tk, log)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("Create: error %v, want %v", err, c.wantErr)
			}
			if c.wantErr == nil {
				checkStored(t, s, atVersion(tk, 1), log)
				return
			}
			if le := (*incident.LogError)(nil); !errors.As(err, &le) {
				t.Errorf("Create: error %v is not a *incident.LogError", err)
			}
			if _, _, err := s.Load(context.Background(), tk.ID); !errors.Is(err, incident.ErrNotFound) {
				t.Errorf("Load after a refused Create: error %v, want %v", err, incident.ErrNotFound)
			}
		})
	}
}

func testNotFound(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	id := newID(t, codes.KindIncident, base, 1)
	if _, _, err := s.Load(ctx, id); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("Load from an empty store: error %v, want %v", err, incident.ErrNotFound)
	}
	tk, log := NewTicket(t, Spec{ID: id, Created: base})
	if err := s.Save(ctx, tk, []incident.Entry{update(log, base, "x")}, 1); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("Save of a ticket never created: error %v, want %v", err, incident.ErrNotFound)
	}
	if _, _, err := s.Load(ctx, id); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("Load after a refused Save: error %v, want %v (Save must not create)", err, incident.ErrNotFound)
	}
	create(t, s, tk, log)
	for _, other := range []codes.ID{
		newID(t, codes.KindIncident, base, 2),
		newID(t, codes.KindServiceRequest, base, 1),
		newID(t, codes.KindIncident, base.AddDate(0, 0, 1), 1),
	} {
		if _, _, err := s.Load(ctx, other); !errors.Is(err, incident.ErrNotFound) {
			t.Errorf("Load(%s) with only %s stored: error %v, want %v", other, id, err, incident.ErrNotFound)
		}
	}
	if _, _, err := s.Load(ctx, codes.ID{}); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("Load of the zero id: error %v, want %v", err, incident.ErrNotFound)
	}
}

// testNoAliasing changes everything the store was given or gave out, and
// checks that the store did not see it.
func testNoAliasing(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	id := newID(t, codes.KindIncident, base, 1)
	tk, log := NewTicket(t, Spec{
		ID: id, Created: base, Status: codes.StatusAssigned,
		Attachments: []string{"a.png", "b.png"}, NextDue: base.Add(time.Hour),
	})
	tk.Links = []incident.Link{{To: newID(t, codes.KindProblem, base, 1), Kind: "caused_by"}}
	tk.Tasks = []incident.Task{{No: 1, Summary: "check", Created: base}}
	want, wantLog := atVersion(tk, 1), cloneLog(log)
	create(t, s, tk, log)

	scribble(tk, log)
	checkStored(t, s, want, wantLog)

	got, gotLog := load(t, s, id)
	scribble(got, gotLog)
	checkStored(t, s, want, wantLog)

	found, err := s.Find(ctx, incident.Filter{})
	if err != nil || len(found) != 1 {
		t.Fatalf("Find: %d tickets, error %v; want 1", len(found), err)
	}
	scribble(found[0], nil)
	checkStored(t, s, want, wantLog)

	// Save's ticket and entries.
	next, nextLog := load(t, s, id)
	next.Summary = "saved"
	next.Attachments = append(next.Attachments, "c.png")
	entries := []incident.Entry{update(nextLog, base.Add(time.Hour), "saved")}
	want, wantLog = atVersion(next, 2), append(cloneLog(nextLog), cloneLog(entries)...)
	if err := s.Save(ctx, next, entries, 1); err != nil {
		t.Fatalf("Save: %v", err)
	}
	scribble(next, entries)
	checkStored(t, s, want, wantLog)
}

// scribble changes every field of t and log that could be shared memory.
func scribble(t *incident.Ticket, log []incident.Entry) {
	t.Summary = "scribbled"
	t.Version = 99
	t.NextDue = time.Time{}
	for i := range t.Attachments {
		t.Attachments[i] = "scribbled"
	}
	for i := range t.Links {
		t.Links[i].Kind = "scribbled"
	}
	for i := range t.Tasks {
		t.Tasks[i].Summary = "scribbled"
	}
	for i := range log {
		log[i].Actor = "scribbled"
		for j := range log[i].Changes {
			log[i].Changes[j].Value = "scribbled"
		}
	}
}

// cloneLog returns a deep copy of log.
func cloneLog(log []incident.Entry) []incident.Entry {
	if log == nil {
		return nil
	}
	out := make([]incident.Entry, len(log))
	for i, e := range log {
		e.Changes = append([]incident.Change(nil), e.Changes...)
		out[i] = e
	}
	return out
}
