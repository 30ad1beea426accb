package calendar_test

import (
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// TestConcurrentUse queries a fresh calendar from many goroutines at once,
// each in different years so that they compile years concurrently, and
// compares every answer with one computed alone on another calendar.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	shared := calendar.Must(calendar.New(calendar.ChinaOffice()))
	alone := calendar.Must(calendar.New(calendar.ChinaOffice()))
	loc := alone.Location()
	type q struct {
		at time.Time
		d  time.Duration
	}
	var qs []q
	for i := range 64 {
		qs = append(qs, q{time.Date(1990+i, time.Month(1+i%12), 1+i%28, i%24, 0, 0, 0, loc), time.Duration(i*37) * time.Hour})
	}
	want := make([]time.Time, len(qs))
	for i, q := range qs {
		want[i], _ = alone.Add(q.at, q.d)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for k := range qs {
				i := (k + g*5) % len(qs)
				got, err := shared.Add(qs[i].at, qs[i].d)
				if err != nil || !got.Equal(want[i]) {
					t.Errorf("Add(%v, %v) = %v, %v concurrently; %v alone", qs[i].at, qs[i].d, got, err, want[i])
				}
				if _, err := shared.Between(qs[i].at, want[i]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}
