package sqlstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/storetest"
)

// TestViewShares: View hands out the Store's own decoded log, without room
// to grow, so that an append by a reader copies it and other readers see
// the log as stored; views and saves race freely (run with -race).
func TestViewShares(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := d.new(t).store(t)
			var v incident.Viewer = s
			base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			id, err := codes.NewID(codes.KindIncident, base, 1)
			if err != nil {
				t.Fatal(err)
			}
			tk, log := storetest.NewTicket(t, storetest.Spec{ID: id, Created: base})
			if err := s.Create(ctx, tk, log); err != nil {
				t.Fatal(err)
			}
			_, viewed, err := v.View(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			grown := append(viewed, incident.Entry{Seq: len(viewed) + 1, Text: "a reader's own"})
			_ = grown
			_, again, err := v.View(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(again) != len(log) || cap(again) != len(again) {
				t.Fatalf("View after a reader appended: %d entries (capacity %d), want %d", len(again), cap(again), len(log))
			}

			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					for range 20 {
						cur, curLog, err := v.View(ctx, id)
						if err != nil {
							t.Error(err)
							return
						}
						e := incident.Entry{Seq: len(curLog) + 1, At: base.Add(time.Hour), Actor: "agent", Type: incident.EntryComment, Text: "note"}
						if err := s.Save(ctx, cur, []incident.Entry{e}, cur.Version); err != nil && !errors.Is(err, incident.ErrConflict) {
							t.Error(err)
						}
						for i := range curLog {
							if curLog[i].Seq != i+1 {
								t.Errorf("viewed entry %d has Seq %d", i, curLog[i].Seq)
							}
						}
					}
				})
			}
			wg.Wait()
			_, final, err := s.Load(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for i := range final {
				if final[i].Seq != i+1 || final[i].Text == "a reader's own" {
					t.Fatalf("stored log entry %d: %+v", i, final[i])
				}
			}
		})
	}
}
