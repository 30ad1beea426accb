package sqlstore_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/storetest"
)

// writers is how many goroutines BenchmarkTransition runs at once.
const writers = 8

// BenchmarkTransition runs 8 writers at once, each taking assigned
// tickets of its own through start → resolve → confirm on a Desk with the
// seed SLA policy, which loads the ticket, evaluates the SLA over its
// history and saves ticket and entries at every transition. It reports
// transitions/s over all writers.
func BenchmarkTransition(b *testing.B) {
	for _, d := range dialects {
		b.Run(d.name, func(b *testing.B) {
			ctx := context.Background()
			s := d.new(b).store(b)
			now := time.Date(2025, 11, 17, 9, 30, 0, 0, shanghai)
			desk, err := incident.NewDesk(incident.Config{Store: s, Now: func() time.Time { return now }, Location: shanghai})
			if err != nil {
				b.Fatal(err)
			}
			act := incident.Action{Actor: "desk"}
			procs := runtime.GOMAXPROCS(0)
			par := (writers + procs - 1) / procs
			ids := make([]codes.ID, b.N/3+par*procs+1)
			for i := range ids {
				t, err := desk.Register(ctx, incident.Registration{
					Action: act, Summary: "Office mail slow", Requester: "li.lei",
					Source: codes.SourcePhone, Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh,
				})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := desk.Assign(ctx, t.ID, incident.Assignment{Action: act, Assignee: "wang"}); err != nil {
					b.Fatal(err)
				}
				ids[i] = t.ID
			}
			res := incident.Resolution{Action: act, Solution: "restarted", Closure: codes.ClosureL1}
			conf := incident.Confirmation{Action: act}
			var next atomic.Int64
			b.SetParallelism(par)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var id codes.ID
				for i := 0; pb.Next(); i++ {
					var err error
					switch i % 3 {
					case 0:
						id = ids[next.Add(1)-1]
						_, err = desk.Start(ctx, id, act)
					case 1:
						_, err = desk.Resolve(ctx, id, res)
					case 2:
						_, err = desk.Confirm(ctx, id, conf)
					}
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "transitions/s")
		})
	}
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// BenchmarkAlertStorm is an alert storm on a Desk over a Store: 64
// registrations of one monitoring alert at once, one opening the ticket and
// 63 attaching to it, a new alert each iteration. It reports the cost of
// one registration.
func BenchmarkAlertStorm(b *testing.B) {
	for _, d := range dialects {
		b.Run(d.name+"/concurrent-64", func(b *testing.B) {
			ctx := context.Background()
			desk := storetest.StormDesk(b, d.new(b).store(b))
			r := storetest.StormAlert()
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n++
				r.ExternalKey = fmt.Sprintf("db1/disk-full/%d", n)
				if err := storetest.RegisterStorm(ctx, desk, r, storetest.Storm); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*storetest.Storm), "ns/registration")
		})
	}
}
