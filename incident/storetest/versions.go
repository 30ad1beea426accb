package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

func testSaveVersions(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, 1), Created: base})
	create(t, s, tk, log)
	wantLog := cloneLog(log)
	for v := int64(1); v <= 4; v++ {
		got, gotLog := load(t, s, tk.ID)
		if got.Version != v {
			t.Fatalf("Load after %d saves: Version %d, want %d", v-1, got.Version, v)
		}
		// Save appends its entries in order: none, one, then two at once.
		var entries []incident.Entry
		for i := int64(1); i < v; i++ {
			entries = append(entries, update(append(cloneLog(gotLog), entries...), base.Add(time.Duration(v)*time.Hour), "saved"))
		}
		got.Summary = fmt.Sprintf("save %d", v)
		got.Group = fmt.Sprintf("group %d", v)
		got.NextDue = base.Add(time.Duration(v) * time.Hour)
		if err := s.Save(ctx, got, entries, v); err != nil {
			t.Fatalf("Save at version %d: %v", v, err)
		}
		wantLog = append(wantLog, cloneLog(entries)...)
		checkStored(t, s, atVersion(got, v+1), wantLog)
	}
}

// testSaveRefused checks that a Save that fails writes nothing.
func testSaveRefused(t *testing.T, newStore func(*testing.T) incident.Store) {
	// Each case runs on a ticket at Version 2 with a log of 3 entries.
	const n = 3
	at := base.Add(3 * time.Hour)
	numbered := func(seqs ...int) []incident.Entry {
		out := make([]incident.Entry, len(seqs))
		for i, seq := range seqs {
			out[i] = incident.Entry{Seq: seq, At: at, Actor: "agent", Type: incident.EntryComment, Text: "note"}
		}
		return out
	}
	cases := []struct {
		name    string
		read    int64
		entries []incident.Entry
		wantErr error
	}{
		{"current", 2, numbered(n + 1), nil},
		{"current, no entries", 2, nil, nil},
		{"current, two entries", 2, numbered(n+1, n+2), nil},
		{"stale read", 1, numbered(n + 1), incident.ErrConflict},
		{"read ahead", 3, numbered(n + 1), incident.ErrConflict},
		{"read zero", 0, numbered(n + 1), incident.ErrConflict},
		{"stale read, no entries", 1, nil, incident.ErrConflict},
		{"entries skip a number", 2, numbered(n + 2), incident.ErrInvalidLog},
		{"entries restart", 2, numbered(1), incident.ErrInvalidLog},
		{"entries repeat the last", 2, numbered(n), incident.ErrInvalidLog},
		{"entries repeat each other", 2, numbered(n+1, n+1), incident.ErrInvalidLog},
		{"entries go back", 2, numbered(n+1, n+3, n+2), incident.ErrInvalidLog},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			ctx := context.Background()
			tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, 1), Created: base, Status: codes.StatusAssigned, NextDue: base.Add(time.Hour)})
			create(t, s, tk, log)
			first := update(log, base.Add(time.Hour), "first")
			tk.Version = 1
			if err := s.Save(ctx, tk, []incident.Entry{first}, 1); err != nil {
				t.Fatalf("first Save: %v", err)
			}
			before, beforeLog := load(t, s, tk.ID)
			if len(beforeLog) != n || before.Version != 2 {
				t.Fatalf("before the case: %d entries at Version %d, want %d at 2", len(beforeLog), before.Version, n)
			}

			next := before.Clone()
			next.Summary = "changed"
			next.Status = codes.StatusInProgress
			next.NextDue = time.Time{}
			err := s.Save(ctx, next, cloneLog(c.entries), c.read)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("Save(read %d, %d entries): error %v, want %v", c.read, len(c.entries), err, c.wantErr)
			}
			if c.wantErr == nil {
				checkStored(t, s, atVersion(next, 3), append(beforeLog, c.entries...))
				return
			}
			if le := (*incident.LogError)(nil); errors.Is(c.wantErr, incident.ErrInvalidLog) && !errors.As(err, &le) {
				t.Errorf("Save: error %v is not a *incident.LogError", err)
			}
			checkStored(t, s, before, beforeLog)
			// The refused save left the ticket where it was in the indexes.
			found, err := s.Find(ctx, incident.Filter{DueBy: base.Add(time.Hour), Statuses: []codes.Status{codes.StatusAssigned}})
			if err != nil || len(found) != 1 {
				t.Errorf("Find of the unchanged ticket: %d tickets, error %v; want 1", len(found), err)
			}
		})
	}
}
