package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// TestRecordKeysAcrossDesks checks that recording under an idempotency key
// stays idempotent across Desks and processes, although a ticket's
// Checkpoint does not keep the keys: a Desk that reads the ticket from its
// row alone (a comment) does not read the log, and one that records under
// keys reads it once, skips the keys recorded before by anyone and appends
// only the new ones.
func TestRecordKeysAcrossDesks(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := d.new(t)
			clk := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			var loads atomic.Int64
			newDesk := func() *incident.Desk {
				t.Helper()
				dk, err := incident.NewDesk(incident.Config{
					Store: db.store(t), Location: time.UTC,
					Now: func() time.Time { clk = clk.Add(time.Second); return clk },
					Observe: func(_ context.Context, o incident.Observation) {
						loads.Store(int64(o.Loads))
					},
				})
				if err != nil {
					t.Fatal(err)
				}
				return dk
			}
			first := newDesk()
			tk, err := first.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "mail slow", Priority: codes.P3})
			if err != nil {
				t.Fatal(err)
			}
			id := tk.ID
			entry := func(key string) incident.Entry {
				return incident.Entry{Type: "chat.message", Text: "from chat", Key: key}
			}
			var want []string // the keys recorded, in order
			for i := range 40 {
				key := fmt.Sprintf("chat/%d", i)
				if _, _, err := first.Record(ctx, id, incident.Action{Actor: "chat"}, []incident.Entry{entry(key)}); err != nil {
					t.Fatal(err)
				}
				want = append(want, key)
			}
			// A fresh Desk comments from the row alone ...
			if _, err := newDesk().Comment(ctx, id, incident.Action{Actor: "wang"}, "looking"); err != nil {
				t.Fatal(err)
			}
			if got := loads.Load(); got != 1 {
				t.Errorf("a fresh Desk's comment read the ticket %d times; want once (the row, not the log)", got)
			}
			// ... and another records old and new keys: it reads the log.
			cold := newDesk()
			_, appended, err := cold.Record(ctx, id, incident.Action{Actor: "chat"}, []incident.Entry{entry("chat/3"), entry("chat/new"), entry("chat/39"), entry("chat/new")})
			if err != nil {
				t.Fatal(err)
			}
			if len(appended) != 1 || appended[0].Key != "chat/new" {
				t.Errorf("a fresh Desk recorded %d entries %v; want only the new key once", len(appended), appended)
			}
			want = append(want, "chat/new")
			// Every Desk, warm or cold, now knows every key.
			for name, dk := range map[string]*incident.Desk{"the first": first, "the cold": cold, "a new": newDesk()} {
				_, appended, err := dk.Record(ctx, id, incident.Action{Actor: "chat"}, []incident.Entry{entry("chat/new"), entry("chat/0")})
				if err != nil {
					t.Fatal(err)
				}
				if len(appended) != 0 {
					t.Errorf("%s Desk recorded %d entries under keys recorded before", name, len(appended))
				}
			}
			_, log, err := db.store(t).Load(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range log {
				if e.Key != "" {
					got = append(got, e.Key)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("the log has the keys %v; want %v", got, want)
			}
		})
	}
}
