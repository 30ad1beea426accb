package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// TestEnginesShareDatabase runs two escalation engines as two processes
// would: each with its own *sql.DB, Store and Desk on one database. They
// tick at the same instants at the same time through the P1 ladder of
// twenty tickets, and every firing is recorded once and delivered once.
func TestEnginesShareDatabase(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := d.new(t)
			rules := escalation.DefaultConfig()
			rules.RedeliverAfter = sla.Duration(time.Hour)
			var (
				mu     sync.Mutex
				now    = time.Date(2025, 11, 17, 9, 0, 0, 0, shanghai)
				clock  = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
				box    = &inbox{}
				desks  []*incident.Desk
				engine []*escalation.Engine
			)
			for range 2 {
				s := db.store(t)
				desk, err := incident.NewDesk(incident.Config{
					Store: s, Now: clock, Location: shanghai, Escalation: rules, Retries: 100,
				})
				if err != nil {
					t.Fatal(err)
				}
				e, err := escalation.NewEngine(desk, escalation.EngineConfig{Notifier: box})
				if err != nil {
					t.Fatal(err)
				}
				desks = append(desks, desk)
				engine = append(engine, e)
			}
			const tickets = 20
			var ids []codes.ID
			for i := range tickets {
				tk, err := desks[i%2].Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "core switch down", Priority: codes.P1})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, tk.ID)
			}
			for m := 0; m <= 50; m += 5 {
				mu.Lock()
				now = time.Date(2025, 11, 17, 9, m, 0, 0, shanghai)
				mu.Unlock()
				var wg sync.WaitGroup
				for _, e := range engine {
					wg.Go(func() {
						if _, err := e.Tick(ctx); err != nil {
							t.Error(err)
						}
					})
				}
				wg.Wait()
			}
			// Per ticket: the notification on registration, the
			// requester's, and five rungs.
			seen := box.keys()
			if len(seen) != tickets*7 {
				t.Errorf("%d keys delivered, want %d", len(seen), tickets*7)
			}
			for k, n := range seen {
				if n != 1 {
					t.Errorf("%s delivered %d times", k, n)
				}
			}
			for _, id := range ids {
				_, log, err := desks[0].Get(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				keys := map[string]int{}
				for _, e := range log {
					if e.Key != "" {
						keys[e.Key]++
					}
				}
				for k, n := range keys {
					if n != 1 {
						t.Errorf("%s: %s recorded %d times", id, k, n)
					}
				}
			}
		})
	}
}

// inbox is a Notifier that counts the keys it receives.
type inbox struct {
	mu  sync.Mutex
	got map[string]int
}

func (b *inbox) Notify(_ context.Context, n escalation.Notification) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.got == nil {
		b.got = map[string]int{}
	}
	b.got[n.Key]++
	return nil
}

func (b *inbox) keys() map[string]int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.got
}
