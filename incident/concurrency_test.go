package incident_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
)

// TestConcurrentCommandsOnOneDesk runs commands, Applies and SLA reads on
// the same few tickets from many goroutines through one Desk, whose cache
// of folds they share, and then checks every ticket against a fresh Desk,
// which folds each log whole: nothing to refresh, the same NextDue.
func TestConcurrentCommandsOnOneDesk(t *testing.T) {
	s := memstore.New()
	var ticks atomic.Int64 // every reading of the clock is later than the one before
	now := func() time.Time { return bj(9, 30).Add(time.Duration(ticks.Add(1)) * time.Second) }
	cfg := incident.Config{Store: s, Now: now, Location: shanghai, Retries: 1000, Escalation: escalation.DefaultConfig()}
	d, err := incident.NewDesk(cfg)
	if err != nil {
		t.Fatal(err)
	}
	act := incident.Action{Actor: "desk"}
	var ids []codes.ID
	for range 3 {
		tk, err := d.Register(ctx, p3("desk"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var snap *incident.Snapshot
			for i := range 40 {
				id := ids[(g+i)%len(ids)]
				var err error
				switch i % 4 {
				case 0:
					_, err = d.Comment(ctx, id, act, "looking")
				case 1:
					_, err = d.Start(ctx, id, act)
					if err != nil {
						err = nil // started already
					}
				case 2:
					if snap != nil && snap.Ticket.ID != id {
						snap = nil
					}
					snap, _, err = d.Apply(ctx, id, act, snap, func(s *incident.Snapshot) ([]incident.Entry, error) {
						_ = s.SchedulerState()
						return []incident.Entry{{Type: incident.EntryComment, Text: fmt.Sprint("note ", g, i)}}, nil
					})
				case 3:
					_, _, err = d.SLA(ctx, id)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	fresh, err := incident.NewDesk(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		before, _, err := d.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		after, err := fresh.Refresh(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != before.Version || !after.NextDue.Equal(before.NextDue) || !after.PlannedResolution.Equal(before.PlannedResolution) {
			t.Errorf("%s: the Desk left version %d, NextDue %v; folding the whole log gives version %d, NextDue %v", id, before.Version, before.NextDue, after.Version, after.NextDue)
		}
	}
}
