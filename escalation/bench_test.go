package escalation_test

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

const million = 1_000_000

// scanInput is one ticket's input to the evaluator: the ticket, its log's
// Facts and its SLA result, all computed beforehand.
type scanInput struct {
	t     incident.Ticket
	facts escalation.Facts
	res   sla.Result
	// recorded are the Facts of the log with every firing due at now
	// recorded, as an engine running all along leaves it.
	recorded escalation.Facts
}

var scan struct {
	once   sync.Once
	rules  *escalation.Rules
	now    time.Time
	inputs []scanInput
}

// scanInputs builds 1024 tickets through a Desk — P1 to P5 in turn,
// registered a minute apart from Monday 09:00 Beijing time, assigned, most
// of them started, so that their clocks run — evaluates their SLA at Tuesday
// 10:00, and copies them to 1,000,000 inputs.
func scanInputs(b *testing.B) {
	scan.once.Do(func() {
		w := newWorld(b, incident.Config{}, nil)
		scan.rules, scan.now = w.rules, bj(18, 10, 0)
		var tmpl []scanInput
		for i := range 1024 {
			at := bj(17, 9, 0).Add(time.Duration(i%480) * time.Minute)
			id := w.register(at, codes.Priority(1+i%5))
			w.assign(at.Add(time.Minute), id, codes.TierL1)
			if i%4 != 0 {
				w.start(at.Add(2*time.Minute), id)
			}
			tk, log, err := w.desk.Get(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			res, err := w.desk.Policy().Evaluate(incident.History(log), scan.now)
			if err != nil {
				b.Fatal(err)
			}
			in := scanInput{t: *tk, facts: w.rules.Facts(id, log), res: res}
			due, _ := w.rules.Evaluate(tk, &in.facts, &res, scan.now, nil)
			for _, d := range due {
				log = append(log, incident.Entry{Type: escalation.EntryFiring, Key: d.Key(id)})
			}
			in.recorded = w.rules.Facts(id, log)
			tmpl = append(tmpl, in)
		}
		scan.inputs = make([]scanInput, million)
		for i := range scan.inputs {
			in := tmpl[i%len(tmpl)]
			in.res.Targets = slices.Clone(in.res.Targets)
			scan.inputs[i] = in
		}
	})
}

// BenchmarkScan evaluates the default rules for 1,000,000 open tickets of
// mixed priorities with running clocks, inputs precomputed, and reports the
// cost per ticket. In 1M nothing has been recorded, so every firing due is
// found (and its instant computed): the worst case. In 1M-recorded the
// firings due are in the log already, as an engine running all along leaves
// them.
func BenchmarkScan(b *testing.B) {
	for _, c := range []struct {
		name     string
		recorded bool
	}{{"1M", false}, {"1M-recorded", true}} {
		b.Run(c.name, func(b *testing.B) {
			scanInputs(b)
			r, now := scan.rules, scan.now
			dst := make([]escalation.Due, 0, 16)
			var due, scheduled int
			runtime.GC() // the inputs' garbage, not the scan's
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i := range scan.inputs {
					in := &scan.inputs[i]
					f := &in.facts
					if c.recorded {
						f = &in.recorded
					}
					var next time.Time
					dst, next = r.Evaluate(&in.t, f, &in.res, now, dst[:0])
					due += len(dst)
					if !next.IsZero() {
						scheduled++
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/million, "ns/ticket")
			b.ReportMetric(float64(due)/float64(b.N)/million, "due/ticket")
			if scheduled == 0 || (due == 0) != c.recorded {
				b.Fatalf("%d due, %d scheduled: the benchmark measures the wrong thing", due, scheduled)
			}
		})
	}
}

var idle struct {
	once  sync.Once
	w     *world
	store *memstore.Store
}

// BenchmarkTick ticks an engine over 1,000,000 tickets in a memstore, none of
// them due.
func BenchmarkTick(b *testing.B) {
	b.Run("idle", func(b *testing.B) {
		idle.once.Do(func() {
			c := context.Background()
			s := memstore.New()
			day := bj(17, 9, 0)
			for i := range million {
				id, err := codes.NewID(codes.KindIncident, day.AddDate(0, 0, i/500_000), 1+i%500_000)
				if err != nil {
					b.Fatal(err)
				}
				t := &incident.Ticket{
					ID: id, Status: codes.StatusInProgress, Priority: codes.Priority(1 + i%5), Created: day,
					NextDue: day.Add(48*time.Hour + time.Duration(i)*time.Second),
				}
				log := []incident.Entry{{Seq: 1, At: day, Actor: "desk", Type: incident.EntryRegister}}
				if err := s.Create(c, t, log); err != nil {
					b.Fatal(err)
				}
			}
			idle.store = s
			idle.w = newWorldOn(b, s)
		})
		w := idle.w
		w.clk.Set(bj(18, 9, 0))
		e, err := escalation.NewEngine(w.desk, escalation.EngineConfig{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			rep, err := e.Tick(ctx)
			if err != nil || rep.Tickets != 0 {
				b.Fatalf("tick read %d tickets: %v", rep.Tickets, err)
			}
		}
	})
}

// BenchmarkEngineFire records and delivers one firing a ticket: b.N tickets
// on a memstore, each with one notification due, through one Tick. It
// reports the reads of a ticket (Store Load or View) and the evaluations of
// its SLA per firing, counted by a wrapping store and the Desk's Observe
// hook: recording a firing and its delivery read the ticket once and
// evaluate its SLA once.
func BenchmarkEngineFire(b *testing.B) {
	cs := &countingStore{Store: memstore.New()}
	var evals atomic.Int64
	clk := &clock{t: bj(17, 9, 0)}
	desk, err := incident.NewDesk(incident.Config{
		Store: cs, Now: clk.Now, Location: shanghai, Policy: seedPolicy,
		Escalation: escalation.Config{Rules: []escalation.Rule{{
			Name: "registered", From: escalation.Anchor{Kind: escalation.FromRegistered},
			Levels: []escalation.Level{{Actions: []escalation.Action{{Kind: escalation.Notify, Roles: []string{escalation.RoleIncidentManager}}}}},
		}}},
		Observe: func(_ context.Context, o incident.Observation) { evals.Add(int64(o.Evaluations)) },
	})
	if err != nil {
		b.Fatal(err)
	}
	var delivered atomic.Int64
	e, err := escalation.NewEngine(desk, escalation.EngineConfig{Notifier: escalation.NotifierFunc(func(context.Context, escalation.Notification) error {
		delivered.Add(1)
		return nil
	})})
	if err != nil {
		b.Fatal(err)
	}
	for i := range b.N {
		clk.Set(bj(17, 9, 0).Add(time.Duration(i) * time.Millisecond))
		if _, err := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "mail slow", Priority: codes.P4}); err != nil {
			b.Fatal(err)
		}
	}
	clk.Set(bj(17, 10, 0))
	cs.loads.Store(0)
	evals.Store(0)
	b.ReportAllocs()
	b.ResetTimer()
	rep, err := e.Tick(ctx)
	b.StopTimer()
	if err != nil || rep.Fired != b.N || rep.Delivered != b.N || delivered.Load() != int64(b.N) {
		b.Fatalf("tick %+v, %d delivered, %v; want %d fired and delivered", rep, delivered.Load(), err, b.N)
	}
	b.ReportMetric(float64(cs.loads.Load())/float64(b.N), "loads/firing")
	b.ReportMetric(float64(evals.Load())/float64(b.N), "evals/firing")
}
