package incident_test

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/looplab/fsm"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
)

// BenchmarkDesk measures the Desk on the in-memory store with the seed SLA
// policy on China office hours, the SLA evaluated on every command.
func BenchmarkDesk(b *testing.B) {
	b.Run("register", func(b *testing.B) {
		d, _ := newBenchDesk(b)
		r := p3("desk")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.Register(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A start → resolve → confirm cycle on assigned tickets, counted per
	// transition, on a desk of deskTickets open tickets: a new desk takes
	// over after every 3×deskTickets transitions, set up outside the timer,
	// so that the figure is a command's, not that of a store growing with
	// b.N.
	b.Run("transition", func(b *testing.B) {
		act := incident.Action{Actor: "desk"}
		res := incident.Resolution{Action: act, Solution: "restarted", Closure: codes.ClosureL1}
		conf := incident.Confirmation{Action: act}
		var (
			d   *incident.Desk
			ids []codes.ID
		)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			k := i % (3 * deskTickets)
			if k == 0 {
				b.StopTimer()
				d, _ = newBenchDesk(b)
				ids = assignedTickets(b, d, ids[:0], deskTickets)
				runtime.GC() // the setup's garbage is not the transitions' cost
				b.StartTimer()
			}
			id := ids[k/3]
			var err error
			switch k % 3 {
			case 0:
				_, err = d.Start(ctx, id, act)
			case 1:
				_, err = d.Resolve(ctx, id, res)
			case 2:
				_, err = d.Confirm(ctx, id, conf)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	// Resolve and reopen in turn, across the tickets of a store of
	// bigStore tickets in progress: the garbage collector's scan of a
	// store that size comes on top of the command.
	var big struct {
		d   *incident.Desk
		ids []codes.ID
		n   int // transitions made so far
	}
	b.Run("transition-50k", func(b *testing.B) {
		act := incident.Action{Actor: "desk"}
		res := incident.Resolution{Action: act, Solution: "restarted", Closure: codes.ClosureL1}
		if big.d == nil {
			big.d, _ = newBenchDesk(b)
			big.ids = assignedTickets(b, big.d, nil, bigStore)
			for _, id := range big.ids {
				if _, err := big.d.Start(ctx, id, act); err != nil {
					b.Fatal(err)
				}
			}
		}
		runtime.GC()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			n := big.n
			big.n++
			id := big.ids[n%bigStore]
			var err error
			if (n/bigStore)%2 == 0 {
				_, err = big.d.Resolve(ctx, id, res)
			} else {
				_, err = big.d.Reopen(ctx, id, act, "back again")
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

const (
	deskTickets = 1000   // the open tickets of BenchmarkDesk/transition
	bigStore    = 50_000 // the tickets of BenchmarkDesk/transition-50k
)

// assignedTickets registers n tickets on d, assigns them and appends their
// ids to ids.
func assignedTickets(b *testing.B, d *incident.Desk, ids []codes.ID, n int) []codes.ID {
	b.Helper()
	act := incident.Action{Actor: "desk"}
	for range n {
		tk, err := d.Register(ctx, p3("desk"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"}); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	return ids
}

// BenchmarkFSM is the baseline of BenchmarkDesk/transition, the way peers do
// the same job: a bare looplab/fsm machine of the default workflow's events,
// built and fired once per transition, with nothing recorded, no SLA and no
// store.
func BenchmarkFSM(b *testing.B) {
	events := fsm.Events{
		{Name: "assign", Src: []string{"registered"}, Dst: "assigned"},
		{Name: "reassign", Src: []string{"assigned", "in_progress"}, Dst: "assigned"},
		{Name: "start", Src: []string{"assigned"}, Dst: "in_progress"},
		{Name: "resolve", Src: []string{"in_progress"}, Dst: "resolved"},
		{Name: "reopen", Src: []string{"resolved"}, Dst: "in_progress"},
		{Name: "confirm", Src: []string{"resolved"}, Dst: "closed"},
		{Name: "reject", Src: []string{"resolved"}, Dst: "closed"},
		{Name: "close", Src: []string{"registered", "assigned", "resolved"}, Dst: "closed"},
	}
	cycle := []struct{ from, ev string }{{"assigned", "start"}, {"in_progress", "resolve"}, {"resolved", "confirm"}}
	b.Run("transition", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c := cycle[i%3]
			i++
			m := fsm.NewFSM(c.from, events, fsm.Callbacks{})
			if err := m.Event(ctx, c.ev); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func newBenchDesk(b *testing.B) (*incident.Desk, *clock) {
	b.Helper()
	clk := &clock{t: bj(9, 30)}
	d, err := incident.NewDesk(incident.Config{Store: memstore.New(), Now: clk.Now, Location: shanghai})
	if err != nil {
		b.Fatal(err)
	}
	return d, clk
}

// BenchmarkNewWorkflow measures validating and building a workflow of n
// statuses on a ladder (one event up a rung, one down), where every status
// reaches every one before it.
func BenchmarkNewWorkflow(b *testing.B) {
	for _, n := range []int{100, 1000, 10_000} {
		cfg := ladderWorkflow(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := incident.NewWorkflow(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
