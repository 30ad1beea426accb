package memstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/incident/storetest"
)

// million is a store of 1,000,000 tickets, none due before day+24h, built
// once for the benchmarks that need it. due holds the ids of the ten
// tickets made due at day.
var million struct {
	once  sync.Once
	store *memstore.Store
	due   []codes.ID
}

const bigN = 1_000_000

func bigStore(b *testing.B) *memstore.Store {
	million.once.Do(func() {
		ctx := context.Background()
		s := memstore.New()
		for i := 1; i <= bigN; i++ {
			t := &incident.Ticket{
				ID: id(b, i), Status: codes.StatusInProgress, Priority: codes.P4, Created: day,
				NextDue: day.Add(24*time.Hour + time.Duration(i)*time.Second),
			}
			log := []incident.Entry{{Seq: 1, At: day, Actor: "desk", Type: incident.EntryRegister}}
			if err := s.Create(ctx, t, log); err != nil {
				b.Fatal(err)
			}
		}
		million.store = s
	})
	return million.store
}

// BenchmarkFindDue is the escalation engine's tick over 1,000,000 tickets:
// with nothing due, and with ten due.
func BenchmarkFindDue(b *testing.B) {
	ctx := context.Background()
	s := bigStore(b)
	b.Run("idle-1M", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if got, _ := s.Find(ctx, incident.Filter{DueBy: day.Add(time.Hour)}); len(got) != 0 {
				b.Fatalf("%d due", len(got))
			}
		}
	})
	b.Run("due-10-of-1M", func(b *testing.B) {
		// Make ten tickets due at day, spread over the id range.
		for i := range 10 {
			tid := id(b, 1+i*(bigN/10))
			t, _, err := s.Load(ctx, tid)
			if err != nil {
				b.Fatal(err)
			}
			old := t.NextDue
			t.NextDue = day
			if err := s.Save(ctx, t, nil, t.Version); err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() {
				t.NextDue = old
				if err := s.Save(ctx, t, nil, t.Version); err != nil {
					b.Fatal(err)
				}
			})
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if got, _ := s.Find(ctx, incident.Filter{DueBy: day.Add(time.Hour)}); len(got) != 10 {
				b.Fatalf("%d due, want 10", len(got))
			}
		}
	})
}

// BenchmarkFindPage is one page of 100 from the middle of 1,000,000
// tickets in id order.
func BenchmarkFindPage(b *testing.B) {
	ctx := context.Background()
	s := bigStore(b)
	f := incident.Filter{After: id(b, bigN/2), Limit: 100}
	b.ReportAllocs()
	for b.Loop() {
		if got, _ := s.Find(ctx, f); len(got) != 100 {
			b.Fatalf("%d tickets", len(got))
		}
	}
}

// BenchmarkFindExternalKey is the monitoring dedupe lookup among 1,000,000
// tickets.
func BenchmarkFindExternalKey(b *testing.B) {
	ctx := context.Background()
	s := bigStore(b)
	t, _, _ := s.Load(ctx, id(b, 777))
	t.ExternalKey = "disk-full@db1"
	if err := s.Save(ctx, t, nil, t.Version); err != nil {
		b.Fatal(err)
	}
	f := incident.Filter{ExternalKey: "disk-full@db1", NotStatuses: []codes.Status{codes.StatusClosed}}
	b.ReportAllocs()
	for b.Loop() {
		if got, _ := s.Find(ctx, f); len(got) != 1 {
			b.Fatalf("%d tickets", len(got))
		}
	}
}

// BenchmarkSave is one versioned save of a ticket whose NextDue moves, with
// one entry appended, in a store of 10,000 tickets.
func BenchmarkSave(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	for i := 1; i <= 10_000; i++ {
		t := &incident.Ticket{ID: id(b, i), Status: codes.StatusInProgress, Created: day, NextDue: day.Add(time.Duration(i) * time.Minute)}
		if err := s.Create(ctx, t, []incident.Entry{{Seq: 1, At: day, Type: incident.EntryRegister}}); err != nil {
			b.Fatal(err)
		}
	}
	t, log, _ := s.Load(ctx, id(b, 5000))
	n := len(log)
	e := incident.Entry{At: day, Type: incident.EntryUpdate, Changes: []incident.Change{{Field: incident.FieldAssignee, Value: "wang"}}}
	b.ReportAllocs()
	for b.Loop() {
		n++
		e.Seq = n
		t.NextDue = t.NextDue.Add(time.Second)
		if err := s.Save(ctx, t, []incident.Entry{e}, t.Version); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreate is one create in a store that grows, ids in order.
func BenchmarkCreate(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	log := []incident.Entry{{Seq: 1, At: day, Type: incident.EntryRegister}}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		t := &incident.Ticket{ID: id(b, i), Status: codes.StatusRegistered, Created: day, NextDue: day.Add(time.Hour)}
		if err := s.Create(ctx, t, log); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAlertStorm is an alert storm on a Desk over a Store: 64
// registrations of one monitoring alert at once, one opening the ticket and
// 63 attaching to it, a new alert each iteration. It reports the cost of
// one registration.
func BenchmarkAlertStorm(b *testing.B) {
	b.Run("concurrent-64", func(b *testing.B) {
		ctx := context.Background()
		d := storetest.StormDesk(b, memstore.New())
		r := storetest.StormAlert()
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n++
			r.ExternalKey = fmt.Sprintf("db1/disk-full/%d", n)
			if err := storetest.RegisterStorm(ctx, d, r, storetest.Storm); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*storetest.Storm), "ns/registration")
	})
	// 10,000 repeats of one alert, one after another, each attached to the
	// one open ticket: a repeat late in the storm, on a ticket with a long
	// log, should cost what one early in it costs. It reports the mean cost
	// of the first and of the last 1,000 repeats, and their ratio.
	b.Run("memstore", func(b *testing.B) {
		const repeats, window = 10_000, 1_000
		ctx := context.Background()
		var start, end time.Duration
		runs := 0
		for b.Loop() {
			runs++
			d := storetest.StormDesk(b, memstore.New())
			r := storetest.StormAlert()
			var t0 time.Time
			for i := range repeats {
				switch i {
				case 1: // the first registration opens the ticket
					t0 = time.Now()
				case 1 + window:
					start += time.Since(t0)
				case repeats - window:
					t0 = time.Now()
				}
				tk, err := d.Register(ctx, r)
				if err != nil {
					b.Fatal(err)
				}
				if tk.Alerts != i {
					b.Fatalf("repeat %d: the ticket counts %d repeats", i, tk.Alerts)
				}
			}
			end += time.Since(t0)
		}
		s := float64(start.Nanoseconds()) / float64(runs*window)
		e := float64(end.Nanoseconds()) / float64(runs*window)
		b.ReportMetric(s, "ns/repeat-start")
		b.ReportMetric(e, "ns/repeat-end")
		b.ReportMetric(e/s, "end/start")
	})
}
