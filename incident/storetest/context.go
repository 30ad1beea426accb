package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// testCanceled calls every method with a context that is done already:
// each returns the context's error and changes nothing.
func testCanceled(t *testing.T, newStore func(*testing.T) incident.Store) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), base)
	defer cancel2()
	contexts := []struct {
		name    string
		ctx     context.Context
		wantErr error
	}{
		{"canceled", canceled, context.Canceled},
		{"deadline passed", expired, context.DeadlineExceeded},
	}
	for _, c := range contexts {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			bg := context.Background()
			tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, 1), Created: base, NextDue: base})
			create(t, s, tk, log)
			stored, storedLog := load(t, s, tk.ID)
			fresh, freshLog := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, 2), Created: base})
			changed := stored.Clone()
			changed.Summary = "changed"

			calls := []struct {
				name string
				call func(context.Context) error
			}{
				{"Create", func(ctx context.Context) error { return s.Create(ctx, fresh, freshLog) }},
				{"Load", func(ctx context.Context) error { _, _, err := s.Load(ctx, tk.ID); return err }},
				{"Save", func(ctx context.Context) error {
					return s.Save(ctx, changed, []incident.Entry{update(storedLog, base.Add(time.Hour), "changed")}, 1)
				}},
				{"Find", func(ctx context.Context) error { _, err := s.Find(ctx, incident.Filter{}); return err }},
				{"Find DueBy", func(ctx context.Context) error { _, err := s.Find(ctx, incident.Filter{DueBy: base}); return err }},
				{"Write NextSeq", func(ctx context.Context) error {
					_, err := nextSeq(ctx, s, codes.KindIncident, incident.DayOf(base))
					return err
				}},
			}
			for _, call := range calls {
				if err := call.call(c.ctx); !errors.Is(err, c.wantErr) {
					t.Errorf("%s: error %v, want %v", call.name, err, c.wantErr)
				}
			}
			// Nothing was written and no number was taken.
			checkStored(t, s, stored, storedLog)
			if _, _, err := s.Load(bg, fresh.ID); !errors.Is(err, incident.ErrNotFound) {
				t.Errorf("Load of the ticket created with a done context: error %v, want %v", err, incident.ErrNotFound)
			}
			if n, err := nextSeq(bg, s, codes.KindIncident, incident.DayOf(base)); err != nil || n != 1 {
				t.Errorf("NextSeq after one with a done context: %d, %v; want 1", n, err)
			}
		})
	}
}
