package kpi_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/kpi"
	"github.com/itsmkit/itsm/incident/memstore"
)

// A morning at the service desk, under the seed's SLA on China office
// hours, and its indicators at noon.
func Example() {
	ctx := context.Background()
	beijing := time.FixedZone("CST", 8*3600)
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, beijing) // a Monday
	at := func(h, m int) { now = time.Date(2025, 11, 17, h, m, 0, 0, beijing) }
	store := memstore.New()
	desk, _ := incident.NewDesk(incident.Config{Store: store, Now: func() time.Time { return now }})
	desk1 := incident.Action{Actor: "desk"}

	// A P3 that L1 resolves in 1h50m, well within its 3 h.
	a, _ := desk.Register(ctx, incident.Registration{Action: desk1, Summary: "mail slow", Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh})
	at(9, 10)
	desk.Assign(ctx, a.ID, incident.Assignment{Action: desk1, Group: "mail", Assignee: "wang", Tier: codes.TierL1})
	at(9, 20)
	desk.Start(ctx, a.ID, incident.Action{Actor: "wang"})
	at(10, 50)
	desk.Resolve(ctx, a.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "queue cleared", Closure: codes.ClosureSuccess})
	at(11, 0)
	desk.Confirm(ctx, a.ID, incident.Confirmation{Action: desk1, Satisfaction: codes.SatisfactionVeryGood})

	// A P2, a major incident, that the service desk resolves an hour after
	// starting: its goal was 30 minutes.
	at(9, 30)
	b, _ := desk.Register(ctx, incident.Registration{Action: desk1, Summary: "VPN down", Impact: codes.ImpactHigh, Urgency: codes.UrgencyHigh})
	at(9, 35)
	desk.Assign(ctx, b.ID, incident.Assignment{Action: desk1, Group: "desk", Assignee: "li"})
	at(9, 40)
	desk.Start(ctx, b.ID, incident.Action{Actor: "li"})
	at(10, 40)
	desk.Resolve(ctx, b.ID, incident.Resolution{Action: incident.Action{Actor: "li"}, Solution: "tunnel reset", Closure: codes.ClosureSuccess})
	at(10, 45)
	desk.Confirm(ctx, b.ID, incident.Confirmation{Action: desk1, Satisfaction: codes.SatisfactionNormal})

	// A P4 still in progress.
	at(10, 0)
	c, _ := desk.Register(ctx, incident.Registration{Action: desk1, Summary: "printer jams", Priority: codes.P4})
	at(10, 5)
	desk.Assign(ctx, c.ID, incident.Assignment{Action: desk1, Group: "mail", Assignee: "wang", Tier: codes.TierL1})
	at(10, 30)
	desk.Start(ctx, c.ID, incident.Action{Actor: "wang"})

	at(12, 0)
	day := time.Date(2025, 11, 17, 0, 0, 0, 0, beijing)
	rep, err := kpi.Compute(ctx, store, kpi.Options{From: day, To: day.AddDate(0, 0, 1), Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rep.Total
	rate := func(s kpi.Share) string {
		if v, ok := s.Rate(); ok {
			return fmt.Sprintf("%.1f%%", 100*v)
		}
		return "no data"
	}
	fmt.Println("tickets:", r.Tickets)
	fmt.Println("closed:", r.Closed.Count, rate(r.Closed))
	fmt.Println("overdue:", r.Overdue.Count, rate(r.Overdue))
	fmt.Println("major:", r.Major.Count, rate(r.Major))
	fmt.Println("resolved by the service desk:", r.ServiceDesk.Count, "of", r.ServiceDesk.Of)
	fmt.Println("mean response:", r.Response.Mean) // (20m + 10m + 30m) / 3, from registration
	fmt.Println("mean resolution:", r.Resolution.Mean)
	fmt.Printf("satisfaction: %.2f of %d rated\n", r.Satisfaction.Mean, r.Satisfaction.Count)
	// Output:
	// tickets: 3
	// closed: 2 66.7%
	// overdue: 1 33.3%
	// major: 1 33.3%
	// resolved by the service desk: 1 of 2
	// mean response: 20m0s
	// mean resolution: 1h30m0s
	// satisfaction: 2.50 of 2 rated
}

// Of takes tickets from anywhere, such as an export; the report renders as
// a table for people.
func ExampleOf() {
	created := time.Date(2025, 11, 17, 9, 0, 0, 0, time.UTC)
	closed := func(who string, role codes.ResolverRole, resolved time.Duration, on incident.OnTime) kpi.Record {
		return kpi.Record{Ticket: &incident.Ticket{
			Status: codes.StatusClosed, Priority: codes.P3, Assignee: who, Closure: codes.ClosureSuccess,
			ResolverRole: role, Created: created, ActualResponse: created.Add(15 * time.Minute),
			ActualResolution: created.Add(resolved), ResolvedOnTime: on,
		}}
	}
	records := []kpi.Record{
		closed("li", codes.ResolverServiceDesk, 40*time.Minute, incident.OnTimeYes),
		closed("wang", codes.ResolverL1, 2*time.Hour, incident.OnTimeYes),
		closed("wang", codes.ResolverL1, 5*time.Hour, incident.OnTimeNo),
		{Ticket: &incident.Ticket{Status: codes.StatusInProgress, Priority: codes.P4, Assignee: "wang", Created: created}},
	}
	rep, err := kpi.Of(records, kpi.Options{
		From:    time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC),
		To:      time.Date(2025, 11, 18, 0, 0, 0, 0, time.UTC),
		GroupBy: []kpi.Dimension{kpi.ByAssignee},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep.WriteText(os.Stdout)
	// Output:
	// Tickets registered from 2025-11-17 00:00 UTC to 2025-11-18 00:00 UTC; unresolved ones counted at 2025-11-18 00:00 UTC.
	//
	//              tickets  dup    closed  successful  overdue  overdue unresolved   major  first time  problem raised  desk resolved  response  resolution  third party  satisfaction  responded on time  resolved in time  escalated  escalated to tiers  management  on site in time  dispatch  knowledge used
	// All tickets        4    0  3  75.0%    3  75.0%  1 25.0%                   0  0 0.0%    4 100.0%          0 0.0%     1/3  33.3%       15m       2h33m            -             -             0 0.0%          2  50.0%     0 0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
	// By assignee
	//   li               1    0  1 100.0%    1 100.0%  0  0.0%                   0  0 0.0%    1 100.0%          0 0.0%     1/1 100.0%       15m         40m            -             -             0 0.0%          1 100.0%     0 0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
	//   wang             3    0  2  66.7%    2  66.7%  1 33.3%                   0  0 0.0%    3 100.0%          0 0.0%     0/2   0.0%       15m       3h30m            -             -             0 0.0%          1  33.3%     0 0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
}
