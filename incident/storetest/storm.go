package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Storm is how many registrations of one alert testAlertStorm races.
const Storm = 64

// testAlertStorm registers one monitoring alert Storm times at once
// through a Desk on the store: one ticket opens, numbered 1, and every
// other registration is a repeat attached to it.
func testAlertStorm(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	d := StormDesk(t, s)
	got := make([]*incident.Ticket, Storm)
	errs := make([]error, Storm)
	var wg sync.WaitGroup
	for i := range Storm {
		wg.Go(func() { got[i], errs[i] = d.Register(ctx, StormAlert()) })
	}
	wg.Wait()
	want := newID(t, codes.KindIncident, base, 1)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("registration %d: %v", i, err)
		}
		if got[i].ID != want {
			t.Errorf("registration %d gave %s, want %s", i, got[i].ID, want)
		}
	}
	all, err := s.Find(ctx, incident.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("%d tickets after %d registrations of one alert: %v, want 1", len(all), Storm, ids(all))
	}
	tk, log := load(t, s, want)
	alerts := 0
	for _, e := range log {
		if e.Type == incident.EntryAlert {
			alerts++
		}
	}
	if tk.Alerts != Storm-1 || alerts != Storm-1 {
		t.Errorf("the ticket counts %d repeats and its log holds %d, want %d", tk.Alerts, alerts, Storm-1)
	}
}

// StormDesk returns a Desk on s whose clock stands at the instant the
// suite's tickets are created around, for registering StormAlert.
func StormDesk(tb testing.TB, s incident.Store) *incident.Desk {
	tb.Helper()
	d, err := incident.NewDesk(incident.Config{Store: s, Now: func() time.Time { return base }})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// StormAlert returns a registration of the one monitoring alert of a storm.
func StormAlert() incident.Registration {
	return incident.Registration{
		Action: incident.Action{Actor: "zabbix"}, Summary: "disk full on db1", Source: codes.SourceMonitoring,
		ExternalKey: "db1/disk-full", Impact: codes.ImpactMedium, Urgency: codes.UrgencyMedium,
	}
}

// RegisterStorm registers n repeats of the alert r at once through d, each
// in a goroutine of its own, and returns the first error any of them met.
// Benchmarks of a store call it to measure an alert storm.
func RegisterStorm(ctx context.Context, d *incident.Desk, r incident.Registration, n int) error {
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := d.Register(ctx, r); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}
