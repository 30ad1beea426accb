package incident_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/incident"
)

// A chain of Applys, each from the Snapshot the one before left, sees the
// whole log at every step, and a Snapshot stays as it was when later ones
// append to the ticket.
func TestSnapshotChain(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, err := d.Register(ctx, p3("desk"))
	if err != nil {
		t.Fatal(err)
	}
	act := incident.Action{Actor: "engine"}
	var snaps []*incident.Snapshot
	var lens []int
	var snap *incident.Snapshot
	for i, key := range []string{"a", "b", "c", "d"} {
		clk.Set(bj(9, 1+i))
		var seen int
		snap, _, err = d.Apply(ctx, tk.ID, act, snap, func(s *incident.Snapshot) ([]incident.Entry, error) {
			seen = s.Len()
			if got := len(s.Log()); got != seen {
				t.Errorf("plan %s: Log has %d entries, Len says %d", key, got, seen)
			}
			return []incident.Entry{{Type: "note", Key: key, Text: key}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, stored, err := d.Get(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if seen != len(stored)-1 {
			t.Errorf("plan %s saw %d entries, the log had %d before it", key, seen, len(stored)-1)
		}
		if diff := cmp.Diff(stored, snap.Log()); diff != "" {
			t.Errorf("after %s the Snapshot's log is not the stored one (-stored +snapshot):\n%s", key, diff)
		}
		if snap.Len() != len(stored) || snap.Ticket.Version != int64(i+2) {
			t.Errorf("after %s: Len %d, version %d; want %d, %d", key, snap.Len(), snap.Ticket.Version, len(stored), i+2)
		}
		snaps, lens = append(snaps, snap), append(lens, len(stored))
	}
	for i, s := range snaps {
		if s.Len() != lens[i] || len(s.Log()) != lens[i] || s.Log()[lens[i]-1].Key != []string{"a", "b", "c", "d"}[i] {
			t.Errorf("snapshot %d changed after later Applys: %d entries", i, s.Len())
		}
	}
	// A key recorded already is skipped, from a Snapshot as from the store.
	if _, added, err := d.Apply(ctx, tk.ID, act, snap, func(*incident.Snapshot) ([]incident.Entry, error) {
		return []incident.Entry{{Type: "note", Key: "b"}}, nil
	}); err != nil || len(added) != 0 {
		t.Errorf("a recorded key from a Snapshot: appended %v (%v)", added, err)
	}
}
