package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// testCheckpoint: a ticket's Checkpoint is kept byte for byte through Create
// and Save, given back by Load (and Head, where the store has it, with the
// length of the log), and replaced by the next save; a ticket without one
// comes back without one.
func testCheckpoint(t *testing.T, newStore func(*testing.T) incident.Store) {
	ctx := context.Background()
	s := newStore(t)
	id, _ := codes.ParseID("IM250303000031")
	tk, log := NewTicket(t, Spec{ID: id, Created: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC), Status: codes.StatusAssigned})
	first := []byte{'{', 0, 1, 2, 0xff, 0xfe, '}'} // any bytes, not only text
	tk.Checkpoint = bytes.Clone(first)
	if err := s.Create(ctx, tk, log); err != nil {
		t.Fatal(err)
	}
	check := func(when string, want []byte, entries int) {
		t.Helper()
		got, gotLog := load(t, s, id)
		if !bytes.Equal(got.Checkpoint, want) || len(gotLog) != entries {
			t.Errorf("%s: Load gives checkpoint %q and %d entries, want %q and %d", when, got.Checkpoint, len(gotLog), want, entries)
		}
		if hr, ok := s.(incident.HeadReader); ok {
			h, n, err := hr.Head(ctx, id)
			if err != nil {
				t.Fatalf("%s: Head: %v", when, err)
			}
			if !bytes.Equal(h.Checkpoint, want) || n != entries || h.Version != got.Version {
				t.Errorf("%s: Head gives checkpoint %q, %d entries, version %d; want %q, %d, %d", when, h.Checkpoint, n, h.Version, want, entries, got.Version)
			}
		}
	}
	check("created", first, len(log))
	tk, _ = load(t, s, id)
	second := []byte(`{"entries":3}`)
	tk.Checkpoint = second
	more := []incident.Entry{{Seq: len(log) + 1, At: tk.Updated.Add(time.Minute), Actor: "desk", Type: incident.EntryComment, Text: "noted"}}
	if err := s.Save(ctx, tk, more, tk.Version); err != nil {
		t.Fatal(err)
	}
	check("saved", second, len(log)+1)
	tk, _ = load(t, s, id)
	tk.Checkpoint = nil
	if err := s.Save(ctx, tk, nil, tk.Version); err != nil {
		t.Fatal(err)
	}
	check("saved without one", nil, len(log)+1)
	if hr, ok := s.(incident.HeadReader); ok {
		other, _ := codes.ParseID("IM250303000032")
		if _, _, err := hr.Head(ctx, other); !errors.Is(err, incident.ErrNotFound) {
			t.Errorf("Head of a missing ticket: %v, want ErrNotFound", err)
		}
	}
}
