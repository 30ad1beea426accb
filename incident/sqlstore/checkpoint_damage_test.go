package sqlstore_test

import (
	"bytes"
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// TestCheckpointDamagedNotRead: a Desk that never saw a ticket reads its
// checkpoint and not its log; a checkpoint damaged in the database (one
// byte changed where the JSON still reads and the fold is one the policy
// could have written) or another ticket's (of a log of the same length) is
// not read: the Desk folds the ticket's log whole, and answers what it
// answers on an untouched checkpoint. A Refresh, which adds no entry, puts
// a good checkpoint in place of a damaged one.
func TestCheckpointDamagedNotRead(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := d.new(t)
			raw := db.open(t)
			arg := func(n int) string { return "?" }
			if d.name == "postgres" {
				arg = func(n int) string { return "$" + strconv.Itoa(n) }
			}
			clk := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			var reads atomic.Int64
			newDesk := func() *incident.Desk {
				t.Helper()
				dk, err := incident.NewDesk(incident.Config{
					Store: logReads{db.store(t), &reads}, Location: time.UTC,
					Now: func() time.Time { return clk },
				})
				if err != nil {
					t.Fatal(err)
				}
				return dk
			}
			// Three P3 tickets and a P2, through the same commands at the
			// same instants.
			first := newDesk()
			act := incident.Action{Actor: "wang"}
			var ids []codes.ID
			for _, p := range []codes.Priority{codes.P3, codes.P3, codes.P3, codes.P2, codes.P3} {
				tk, err := first.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "mail slow", Priority: p})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, tk.ID)
			}
			clk = clk.Add(5 * time.Minute)
			for _, id := range ids {
				if _, err := first.Assign(ctx, id, incident.Assignment{Action: act, Assignee: "wang"}); err != nil {
					t.Fatal(err)
				}
			}
			clk = clk.Add(10 * time.Minute)
			for _, id := range ids {
				if _, err := first.Start(ctx, id, act); err != nil {
					t.Fatal(err)
				}
			}
			checkpoint := func(id codes.ID) []byte {
				t.Helper()
				var b []byte
				if err := raw.QueryRowContext(ctx, `SELECT checkpoint FROM itsm_tickets WHERE id = `+arg(1), id.String()).Scan(&b); err != nil {
					t.Fatal(err)
				}
				if len(b) == 0 {
					t.Fatalf("%s has no checkpoint", id)
				}
				return b
			}
			setCheckpoint := func(id codes.ID, b []byte) {
				t.Helper()
				if _, err := raw.ExecContext(ctx, `UPDATE itsm_tickets SET checkpoint = `+arg(1)+` WHERE id = `+arg(2), b, id.String()); err != nil {
					t.Fatal(err)
				}
			}
			// One byte of the second ticket's checkpoint changed: the
			// working time its stopped response clock counted, 10
			// minutes, made 15.
			b := bytes.Clone(checkpoint(ids[1]))
			i := bytes.Index(b, []byte(`"elapsed":600000000000,`))
			if i < 0 {
				t.Fatalf("no 10-minute span in %s", b)
			}
			b[i+len(`"elapsed":`)] = '9'
			setCheckpoint(ids[1], b)
			b = bytes.Clone(checkpoint(ids[4]))
			b[bytes.Index(b, []byte(`"elapsed":600000000000,`))+len(`"elapsed":`)] = '9'
			setCheckpoint(ids[4], b)
			// The third ticket's checkpoint is the P2's.
			setCheckpoint(ids[2], checkpoint(ids[3]))

			clk = clk.Add(time.Hour)
			// A comment from a Desk that never saw the ticket, and how
			// many logs it read.
			comment := func(id codes.ID) (*incident.Ticket, int64) {
				t.Helper()
				reads.Store(0)
				tk, err := newDesk().Comment(ctx, id, act, "still slow")
				if err != nil {
					t.Fatal(err)
				}
				return tk, reads.Load()
			}
			want, n := comment(ids[0])
			if n != 0 {
				t.Fatalf("the untouched checkpoint: %d logs read, want 0", n)
			}
			if want.PlannedResolution.IsZero() {
				t.Fatal("no resolution deadline: the test tests little")
			}
			same := cmpopts.IgnoreFields(incident.Ticket{}, "ID", "Checkpoint")
			for k, name := range map[int]string{1: "one byte changed", 2: "another ticket's"} {
				got, n := comment(ids[k])
				if n != 1 {
					t.Errorf("%s: %d logs read, want 1 (the log folded whole)", name, n)
				}
				if diff := cmp.Diff(want, got, same); diff != "" {
					t.Errorf("%s: the comment differs from the untouched ticket's (-+):\n%s", name, diff)
				}
				// The checkpoint the comment wrote is read again.
				if _, n := comment(ids[k]); n != 0 {
					t.Errorf("%s: the checkpoint written since: %d logs read, want 0", name, n)
				}
			}
			// A Refresh, which adds no entry, saves a good checkpoint in
			// place of a damaged one, and then saves nothing more.
			refresh := func() (*incident.Ticket, int64) {
				t.Helper()
				reads.Store(0)
				tk, err := newDesk().Refresh(ctx, ids[4])
				if err != nil {
					t.Fatal(err)
				}
				return tk, reads.Load()
			}
			a, n := refresh()
			if n != 1 {
				t.Errorf("Refresh on the damaged checkpoint: %d logs read, want 1", n)
			}
			b2, n := refresh()
			if n != 0 || b2.Version != a.Version {
				t.Errorf("Refresh after it: %d logs read, version %d → %d; want none read, no save", n, a.Version, b2.Version)
			}
		})
	}
}
