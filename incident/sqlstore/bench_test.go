package sqlstore_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
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
