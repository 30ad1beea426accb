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
	// transition.
	b.Run("transition", func(b *testing.B) {
		d, _ := newBenchDesk(b)
		act := incident.Action{Actor: "desk"}
		ids := make([]codes.ID, b.N/3+1)
		for i := range ids {
			tk, err := d.Register(ctx, p3("desk"))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"}); err != nil {
				b.Fatal(err)
			}
			ids[i] = tk.ID
		}
		res := incident.Resolution{Action: act, Solution: "restarted", Closure: codes.ClosureL1}
		conf := incident.Confirmation{Action: act}
		b.ReportAllocs()
		runtime.GC() // the setup's garbage is not the transitions' cost
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			id := ids[i/3]
			var err error
			switch i % 3 {
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
