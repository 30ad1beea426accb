package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/storetest"
)

// TestStoresShareTicket races writers of one ticket through four Stores,
// each on its own *sql.DB, as four processes would: every Save is applied
// or refused with ErrConflict (never a busy or locked database), and the
// ticket and its log account for exactly the applied ones.
func TestStoresShareTicket(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := d.new(t)
			const stores, writers, attempts = 4, 4, 40
			var ss []incident.Store
			for range stores {
				ss = append(ss, db.store(t))
			}
			base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			id, err := codes.NewID(codes.KindIncident, base, 1)
			if err != nil {
				t.Fatal(err)
			}
			tk, log := storetest.NewTicket(t, storetest.Spec{ID: id, Created: base})
			if err := ss[0].Create(ctx, tk, log); err != nil {
				t.Fatal(err)
			}
			var (
				applied, conflicts atomic.Int64
				wg                 sync.WaitGroup
			)
			for i := range stores * writers {
				s := ss[i%stores]
				wg.Go(func() {
					for a := range attempts {
						cur, curLog, err := s.Load(ctx, id)
						if err != nil {
							t.Error(err)
							return
						}
						cur.Summary = fmt.Sprintf("w%d-%d", i, a)
						e := incident.Entry{Seq: len(curLog) + 1, At: base.Add(time.Hour), Actor: "agent", Type: incident.EntryUpdate,
							Changes: []incident.Change{{Field: incident.FieldSummary, Value: cur.Summary}}}
						switch err := s.Save(ctx, cur, []incident.Entry{e}, cur.Version); {
						case err == nil:
							applied.Add(1)
						case errors.Is(err, incident.ErrConflict):
							conflicts.Add(1)
						default:
							t.Errorf("Save: %v", err)
							return
						}
					}
				})
			}
			wg.Wait()
			t.Logf("%d saves applied, %d conflicts", applied.Load(), conflicts.Load())
			final, finalLog, err := db.store(t).Load(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if final.Version != 1+applied.Load() || int64(len(finalLog)) != int64(len(log))+applied.Load() {
				t.Errorf("Version %d with %d entries after %d applied saves; want %d with %d",
					final.Version, len(finalLog), applied.Load(), 1+applied.Load(), int64(len(log))+applied.Load())
			}
			if applied.Load()+conflicts.Load() != stores*writers*attempts {
				t.Errorf("%d applied + %d conflicts, want %d", applied.Load(), conflicts.Load(), stores*writers*attempts)
			}
		})
	}
}
