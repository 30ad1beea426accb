package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

var errRefused = errors.New("storetest: the write's function refuses")

// testWriteAtomic checks that a Write lands whole or not at all: a
// function that fails after taking a number and creating a ticket, a Tx
// call that fails after another succeeded (whether or not the function
// passes the failure on), and a write of two tickets that lands.
func testWriteAtomic(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	day := incident.DayOf(base)
	old, oldLog := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, 1), Created: base, Status: codes.StatusResolved})
	create(t, s, old, oldLog)
	if n, err := nextSeq(ctx, s, codes.KindIncident, day); err != nil || n != 1 {
		t.Fatalf("the first number of the day: %d, %v; want 1", n, err)
	}
	stored, storedLog := load(t, s, old.ID)

	// newTicket takes the next number in tx and creates its ticket.
	newTicket := func(tx incident.Tx) (*incident.Ticket, error) {
		seq, err := tx.NextSeq(codes.KindIncident, day)
		if err != nil {
			return nil, err
		}
		tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, seq), Created: base.Add(time.Hour)})
		return tk, tx.Create(tk, log)
	}
	// closeOld saves the old ticket closed, at the version given.
	closeOld := func(tx incident.Tx, read int64) error {
		c := stored.Clone()
		c.Status, c.Closed = codes.StatusClosed, base.Add(time.Hour)
		e := update(storedLog, base.Add(time.Hour), "closed")
		e.Status = codes.StatusClosed
		return tx.Save(c, []incident.Entry{e}, read)
	}

	cases := []struct {
		name    string
		fn      func(tx incident.Tx) error
		wantErr error
	}{
		{"function fails after NextSeq and Create", func(tx incident.Tx) error {
			if _, err := newTicket(tx); err != nil {
				return err
			}
			return errRefused
		}, errRefused},
		{"second call fails", func(tx incident.Tx) error {
			if _, err := newTicket(tx); err != nil {
				return err
			}
			return closeOld(tx, stored.Version+5) // stale
		}, incident.ErrConflict},
		{"second call fails, function says nil", func(tx incident.Tx) error {
			if _, err := newTicket(tx); err != nil {
				return err
			}
			_ = closeOld(tx, stored.Version+5)
			return nil
		}, incident.ErrConflict},
		{"same ticket twice", func(tx incident.Tx) error {
			if err := closeOld(tx, stored.Version); err != nil {
				return err
			}
			return closeOld(tx, stored.Version)
		}, nil},
	}
	for _, c := range cases {
		err := s.Write(ctx, c.fn)
		if err == nil || (c.wantErr != nil && !errors.Is(err, c.wantErr)) {
			t.Errorf("%s: Write error %v, want an error matching %v", c.name, err, c.wantErr)
		}
		checkStored(t, s, stored, storedLog)
		if got, err := s.Find(ctx, incident.Filter{}); err != nil || len(got) != 1 {
			t.Errorf("%s: Find after a refused Write: %v, %v; want the old ticket alone", c.name, ids(got), err)
		}
	}

	// A write of two tickets lands whole, with the number the refused
	// writes took and gave back.
	var made *incident.Ticket
	err := s.Write(ctx, func(tx incident.Tx) error {
		if err := closeOld(tx, stored.Version); err != nil {
			return err
		}
		var err error
		made, err = newTicket(tx)
		return err
	})
	if err != nil {
		t.Fatalf("Write of a save and a create: %v", err)
	}
	if want := newID(t, codes.KindIncident, base, 2); made.ID != want {
		t.Errorf("the ticket created after refused writes is %s, want %s: the refused writes took numbers", made.ID, want)
	}
	if got, _ := load(t, s, old.ID); got.Version != stored.Version+1 || got.Status != codes.StatusClosed {
		t.Errorf("the saved ticket: version %d status %s, want %d closed", got.Version, got.Status, stored.Version+1)
	}
	if got, _ := load(t, s, made.ID); got.Version != 1 {
		t.Errorf("the created ticket: version %d, want 1", got.Version)
	}
}

// testSeqGapFree races writers that each take a number and create a ticket
// with it, a third of them refusing at the end: the tickets of the day are
// numbered 1..n without a gap, n the writes that landed.
func testSeqGapFree(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	day := incident.DayOf(base)
	const workers, writes = 16, 12
	var (
		mu     sync.Mutex
		landed []int
		wg     sync.WaitGroup
		errs   = make(chan error, workers)
	)
	for w := range workers {
		wg.Go(func() {
			for i := range writes {
				refuse := (w+i)%3 == 0
				var seq int
				err := s.Write(ctx, func(tx incident.Tx) error {
					var err error
					if seq, err = tx.NextSeq(codes.KindIncident, day); err != nil {
						return err
					}
					tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, seq), Created: base})
					if err := tx.Create(tk, log); err != nil {
						return err
					}
					if refuse {
						return errRefused
					}
					return nil
				})
				switch {
				case refuse && errors.Is(err, errRefused):
				case !refuse && err == nil:
					mu.Lock()
					landed = append(landed, seq)
					mu.Unlock()
				default:
					errs <- fmt.Errorf("write %d of writer %d (refusing %v): %v", i, w, refuse, err)
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
	slices.Sort(landed)
	want := make([]int, len(landed))
	for i := range want {
		want[i] = i + 1
	}
	if diff := cmp.Diff(want, landed); diff != "" {
		t.Errorf("the numbers of the writes that landed (-want 1..%d +got):\n%s", len(want), diff)
	}
	found, err := s.Find(ctx, incident.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, n := range want {
		stored = append(stored, newID(t, codes.KindIncident, base, n).String())
	}
	if diff := cmp.Diff(stored, ids(found)); diff != "" {
		t.Errorf("the tickets stored (-want +got):\n%s", diff)
	}
}

// testAlertOpen checks that a store keeps one open ticket per alert: a
// second Create or a Save that would make one is refused with an
// *incident.AlertOpenError and writes nothing; other sources, closed
// tickets and a Write that closes one ticket and opens the next are not.
func testAlertOpen(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	const key = "disk-full@db1"
	mon := codes.SourceMonitoring
	seq := 0
	ticket := func(src codes.Source, key string, closed bool) (*incident.Ticket, []incident.Entry) {
		seq++
		sp := Spec{ID: newID(t, codes.KindIncident, base, seq), Created: base, Source: src, ExternalKey: key}
		if closed {
			sp.Status, sp.Closed = codes.StatusClosed, base.Add(time.Hour)
		}
		return NewTicket(t, sp)
	}
	wantOpen := func(what string, err error, open codes.ID) {
		t.Helper()
		var ao *incident.AlertOpenError
		if !errors.Is(err, incident.ErrAlertOpen) || !errors.As(err, &ao) {
			t.Errorf("%s: error %v, want an *incident.AlertOpenError", what, err)
			return
		}
		if ao.ExternalKey != key || (!ao.Open.IsZero() && ao.Open != open) {
			t.Errorf("%s: %+v, want key %q and open ticket %s (or none given)", what, ao, key, open)
		}
	}

	first, firstLog := ticket(mon, key, false)
	create(t, s, first, firstLog)
	second, secondLog := ticket(mon, key, false)
	wantOpen("Create of a second open ticket", s.Create(ctx, second, secondLog), first.ID)
	if _, _, err := s.Load(ctx, second.ID); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("Load of the refused ticket: %v, want ErrNotFound", err)
	}
	// Another source, no key, or closed: each is no second open ticket.
	other, otherLog := ticket(codes.SourceEmail, key, false)
	create(t, s, other, otherLog)
	none, noneLog := ticket(mon, "", false)
	create(t, s, none, noneLog)
	closed, closedLog := ticket(mon, key, true)
	create(t, s, closed, closedLog)

	// Reopening the closed one, or giving another ticket the key, is
	// refused too.
	reopen := closed.Clone()
	reopen.Status, reopen.Closed = codes.StatusInProgress, time.Time{}
	wantOpen("Save reopening a closed ticket", s.Save(ctx, reopen, []incident.Entry{update(closedLog, base.Add(2*time.Hour), "reopened")}, closed.Version), first.ID)
	checkStored(t, s, atVersion(closed, 1), closedLog)
	rekey := none.Clone()
	rekey.ExternalKey = key
	wantOpen("Save giving a ticket the open alert's key", s.Save(ctx, rekey, []incident.Entry{update(noneLog, base.Add(2*time.Hour), "rekeyed")}, none.Version), first.ID)
	checkStored(t, s, atVersion(none, 1), noneLog)
	// The open ticket itself saves as ever.
	again := first.Clone()
	again.Summary = "still open"
	e := update(firstLog, base.Add(time.Hour), "still open")
	if err := s.Save(ctx, again, []incident.Entry{e}, first.Version); err != nil {
		t.Fatalf("Save of the open ticket: %v", err)
	}
	firstLog = append(firstLog, e)

	// One write closes the open ticket and opens the next one.
	shut := again.Clone()
	shut.Status, shut.Closed = codes.StatusClosed, base.Add(3*time.Hour)
	e = update(firstLog, base.Add(3*time.Hour), "closed")
	next, nextLog := ticket(mon, key, false)
	err := s.Write(ctx, func(tx incident.Tx) error {
		if err := tx.Save(shut, []incident.Entry{e}, again.Version); err != nil {
			return err
		}
		return tx.Create(next, nextLog)
	})
	if err != nil {
		t.Fatalf("Write closing the open ticket and opening the next: %v", err)
	}
	third, thirdLog := ticket(mon, key, false)
	wantOpen("Create after the next opened", s.Create(ctx, third, thirdLog), next.ID)
	// Within one write, the second of two creates is refused.
	a, aLog := ticket(mon, "other-alert", false)
	b, bLog := ticket(mon, "other-alert", false)
	err = s.Write(ctx, func(tx incident.Tx) error {
		if err := tx.Create(a, aLog); err != nil {
			return err
		}
		return tx.Create(b, bLog)
	})
	if !errors.Is(err, incident.ErrAlertOpen) {
		t.Errorf("Write of two open tickets of one alert: %v, want ErrAlertOpen", err)
	}
	if _, _, err := s.Load(ctx, a.ID); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("Load of the first ticket of the refused write: %v, want ErrNotFound", err)
	}
	open, err := s.Find(ctx, incident.Filter{Source: mon, ExternalKey: key})
	if err != nil {
		t.Fatal(err)
	}
	var openIDs []string
	for _, tk := range open {
		if tk.Closed.IsZero() {
			openIDs = append(openIDs, tk.ID.String())
		}
	}
	if diff := cmp.Diff([]string{next.ID.String()}, openIDs); diff != "" {
		t.Errorf("the open tickets of the alert (-want +got):\n%s", diff)
	}
}

// testAlertOpenConcurrent races 64 creates of open tickets of one alert,
// each with an id of its own: one lands, and the others are told which.
func testAlertOpenConcurrent(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	const n = 64
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		landed  []codes.ID
		holders []codes.ID
		errs    = make(chan error, n)
	)
	for i := range n {
		tk, log := NewTicket(t, Spec{ID: newID(t, codes.KindIncident, base, i+1), Created: base, Source: codes.SourceMonitoring, ExternalKey: "storm"})
		wg.Go(func() {
			err := s.Create(ctx, tk, log)
			var ao *incident.AlertOpenError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				landed = append(landed, tk.ID)
			case errors.As(err, &ao):
				holders = append(holders, ao.Open)
			default:
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Create: %v", err)
	}
	if len(landed) != 1 || len(holders) != n-1 {
		t.Fatalf("%d creates landed and %d were refused, want 1 and %d", len(landed), len(holders), n-1)
	}
	for _, h := range holders {
		if !h.IsZero() && h != landed[0] {
			t.Errorf("a refused create was told %s is open, but %s is", h, landed[0])
		}
	}
	if found, err := s.Find(ctx, incident.Filter{ExternalKey: "storm"}); err != nil || len(found) != 1 {
		t.Errorf("Find of the alert: %v, %v; want %s alone", ids(found), err, landed[0])
	}
}
