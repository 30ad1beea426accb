package escalation

import (
	"fmt"
	"testing"
	"time"

	"github.com/itsmkit/itsm/sla"
)

// TestClocksMatchScan checks that the statuses an evaluation reads once, by
// index, are those a scan of the result by name finds: the first status of
// a name, paused if any of that name is paused and not stopped; also for
// targets past maxClocks, which are looked up by name.
func TestClocksMatchScan(t *testing.T) {
	t.Parallel()
	r := &Rules{}
	var names []string
	for i := range maxClocks + 3 {
		n := fmt.Sprintf("t%d", i)
		names = append(names, n)
		if j := r.clockIndex(n); (j < 0) != (i >= maxClocks) {
			t.Fatalf("clockIndex(%q) = %d", n, j)
		}
	}
	at := time.Date(2026, 8, 17, 9, 0, 0, 0, time.UTC)
	var res sla.Result
	for i, n := range names {
		if i%3 == 2 {
			continue // not in the result
		}
		s := sla.Status{Target: n, Started: at}
		switch i % 4 {
		case 1:
			s.State = sla.Paused
		case 3:
			s.PausedBy = "pending"
			s.Stopped = at.Add(time.Hour) // stopped: not paused
		}
		res.Targets = append(res.Targets, s)
		if i%5 == 0 { // a second status of the name, paused
			res.Targets = append(res.Targets, sla.Status{Target: n, PausedBy: "pending"})
		}
	}
	ck := r.clocksOf(&res)
	for _, n := range names {
		cr := &crule{target: n, clock: r.clockIndex(n), waitOn: []string{n}}
		if j := cr.clock; j >= 0 {
			cr.waitSet = 1 << uint(j)
		} else {
			cr.waitFar = cr.waitOn
		}
		var want *sla.Status
		paused := false
		for i := range res.Targets {
			if s := &res.Targets[i]; s.Target == n {
				if want == nil {
					want = s
				}
				paused = paused || (s.Stopped.IsZero() && (s.PausedBy != "" || s.State == sla.Paused))
			}
		}
		if got := ck.status(cr, &res); got != want {
			t.Errorf("%s: status %p, want %p", n, got, want)
		}
		if got := ck.waits(cr, &res); got != paused {
			t.Errorf("%s: waits %v, want %v", n, got, paused)
		}
	}
}
