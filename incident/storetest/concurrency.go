package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// testConcurrentSaves races 64 writers on one ticket, each making 200
// attempts of Load, change, Save with the version read, without retrying.
// Every attempt is applied or told ErrConflict, and the ticket and its log
// account for exactly the applied ones.
func testConcurrentSaves(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	const workers, attempts = 64, 200
	tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, 1), Created: base, NextDue: base.Add(time.Hour)})
	create(t, s, tk, log)

	var (
		mu        sync.Mutex
		applied   = map[string]int{} // key → Seq of its entry
		conflicts atomic.Int64
		wg        sync.WaitGroup
		errs      = make(chan error, workers)
	)
	for w := range workers {
		wg.Go(func() {
			for i := range attempts {
				key := fmt.Sprintf("w%02d-%03d", w, i)
				cur, curLog, err := s.Load(ctx, tk.ID)
				if err != nil {
					errs <- fmt.Errorf("loading the ticket: %w", err)
					return
				}
				read := cur.Version
				cur.Summary = key
				cur.Assignee = fmt.Sprintf("agent %d", w)
				cur.NextDue = base.Add(time.Duration(w*attempts+i) * time.Second)
				e := incident.Entry{
					Seq: len(curLog) + 1, At: base.Add(time.Hour), Actor: cur.Assignee,
					Type: incident.EntryUpdate, Key: key,
					Changes: []incident.Change{{Field: incident.FieldSummary, Value: key}},
				}
				switch err := s.Save(ctx, cur, []incident.Entry{e}, read); {
				case err == nil:
					mu.Lock()
					applied[key] = e.Seq
					mu.Unlock()
				case errors.Is(err, incident.ErrConflict):
					conflicts.Add(1)
				default:
					errs <- fmt.Errorf("saving at version %d with entry %d: %w", read, e.Seq, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	final, finalLog := load(t, s, tk.ID)
	n := int64(len(applied))
	t.Logf("%d saves applied, %d conflicts", n, conflicts.Load())
	if n == 0 {
		t.Fatal("no save was applied")
	}
	if n+conflicts.Load() != workers*attempts {
		t.Errorf("%d applied + %d conflicts, want %d attempts", n, conflicts.Load(), workers*attempts)
	}
	if final.Version-1 != n {
		t.Errorf("final Version %d, want %d (1 + the applied saves)", final.Version, n+1)
	}
	if got := int64(len(finalLog) - len(log)); got != n {
		t.Errorf("%d entries appended, want %d (one per applied save)", got, n)
	}
	seen := map[string]int{}
	for i, e := range finalLog {
		if e.Seq != i+1 {
			t.Errorf("entry %d numbered %d", i+1, e.Seq)
		}
		if i < len(log) {
			continue
		}
		seen[e.Key]++
		if seq, ok := applied[e.Key]; !ok {
			t.Errorf("entry %d (%s) is from a save told ErrConflict", e.Seq, e.Key)
		} else if seq != e.Seq {
			t.Errorf("entry %s at %d, its save wrote it at %d", e.Key, e.Seq, seq)
		}
	}
	for key := range applied {
		if seen[key] != 1 {
			t.Errorf("the entry of applied save %s is in the log %d times, want once", key, seen[key])
		}
	}
	// The ticket is the one the last applied save wrote.
	if last := finalLog[len(finalLog)-1]; final.Summary != last.Key {
		t.Errorf("ticket from save %s, last entry from save %s", final.Summary, last.Key)
	}
	// The NextDue index followed the saves.
	due, err := s.Find(ctx, incident.Filter{DueBy: final.NextDue})
	if err != nil || len(due) != 1 {
		t.Errorf("Find(DueBy the final NextDue): %d tickets, error %v; want 1", len(due), err)
	}
	if due, err := s.Find(ctx, incident.Filter{DueBy: final.NextDue.Add(-time.Nanosecond)}); err != nil || len(due) != 0 {
		t.Errorf("Find(DueBy just before the final NextDue): %d tickets, error %v; want none", len(due), err)
	}
}

// testConcurrentFind runs Finds while writers move tickets in and out of
// what they select: every result must be a consistent answer.
func testConcurrentFind(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	const writers, readers, saves, per = 4, 4, 100, 4
	dueBy := base.Add(2 * time.Hour)
	var made []*incident.Ticket
	for i := range writers * per {
		tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, i+1), Created: base})
		create(t, s, tk, log)
		made = append(made, tk)
	}
	var (
		writing, reading sync.WaitGroup
		done             atomic.Bool
		errs             = make(chan error, writers+readers)
	)
	for w := range writers {
		writing.Go(func() {
			for i := range saves {
				id := made[w*per+i%per].ID
				cur, curLog, err := s.Load(ctx, id)
				if err != nil {
					errs <- err
					return
				}
				read := cur.Version
				if i%2 == 0 {
					cur.Status, cur.NextDue = codes.StatusAssigned, base.Add(time.Duration(i)*time.Minute)
				} else {
					cur.Status, cur.NextDue = codes.StatusInProgress, time.Time{}
				}
				e := update(curLog, base.Add(time.Hour), fmt.Sprint(i))
				if err := s.Save(ctx, cur, []incident.Entry{e}, read); err != nil {
					errs <- err // each ticket has one writer: no conflict
					return
				}
			}
		})
	}
	filters := []incident.Filter{
		{DueBy: dueBy},
		{Statuses: []codes.Status{codes.StatusAssigned}},
		{NotStatuses: []codes.Status{codes.StatusAssigned}, Limit: 3},
	}
	for range readers {
		reading.Go(func() {
			for last := false; !last; {
				last = done.Load()
				for _, f := range filters {
					if err := checkFound(ctx, s, f, dueBy); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	writing.Wait()
	done.Store(true)
	reading.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// checkFound runs one of testConcurrentFind's filters and checks that what
// it gives is in id order and meets the filter.
func checkFound(ctx context.Context, s incident.Store, f incident.Filter, dueBy time.Time) error {
	got, err := s.Find(ctx, f)
	if err != nil {
		return err
	}
	if !slices.IsSortedFunc(got, func(a, b *incident.Ticket) int { return strings.Compare(a.ID.String(), b.ID.String()) }) {
		return fmt.Errorf("Find(%+v) gave %v, not in id order", f, ids(got))
	}
	if f.Limit > 0 && len(got) > f.Limit {
		return fmt.Errorf("Find(%+v) gave %d tickets", f, len(got))
	}
	for _, tk := range got {
		var ok bool
		switch {
		case !f.DueBy.IsZero():
			ok = !tk.NextDue.IsZero() && !tk.NextDue.After(dueBy)
		case len(f.Statuses) > 0:
			ok = tk.Status == codes.StatusAssigned
		default:
			ok = tk.Status != codes.StatusAssigned
		}
		if !ok {
			return fmt.Errorf("Find(%+v) gave %s with status %s, NextDue %v", f, tk.ID, tk.Status, tk.NextDue)
		}
	}
	return nil
}
