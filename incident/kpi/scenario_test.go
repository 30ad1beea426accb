package kpi_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// The scenario's period: Monday 17 to Saturday 22 November 2025, UTC.
var (
	from = day(17, 0, 0)
	to   = day(22, 0, 0)
)

// day returns a time in November 2025, UTC.
func day(d, h, m int) time.Time { return time.Date(2025, 11, d, h, m, 0, 0, time.UTC) }

// clock is a settable Now for a Desk.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// scenario is a week of tickets run through a real Desk on memstore, under
// the seed's SLA (sla.SeedConfig: response from assignment to the start of
// work, resolution from the start of work to resolution) counted 24×7, so
// that deadlines are plain sums:
//
//	P1 5m / 1h, P2 10m / 30m, P3 30m / 3h, P4 2h / 24h, P5 4h / 48h.
//
// People: li of the service desk (group servicedesk, tier service_desk),
// wang and zhao of L1 (network), chen of L2 (apps), hp of the vendor (L3).
// The desk registers, confirms and closes. Times are 2025-11-dd hh:mm UTC;
// "resp" and "res" are the response and resolution times from
// registration.
//
//	T0  16 23:59 P4 app     registered the day before the period: left out
//	T1  17 09:00 P3 app     li:   assign 09:10, start 09:20, resolve 10:20 success, confirm very_good
//	                        resp 20m, res 80m, role service_desk
//	T2  17 10:00 P3 switch  wang: assign 10:05, start 10:15, resolve 11:15 success_with_problem, confirm normal
//	                        resp 15m, res 75m, role l1
//	T3  17 11:00 P3 switch  wang: assign 11:05, duplicate of T2 at 11:10, closed rejected 11:15
//	T4  18 08:00 P1 db      chen: assign 08:02, start 08:05, resolve 08:50 success, confirm very_good
//	                        resp 5m, res 50m, role l2, major
//	T5  18 10:00 P2 app     chen: assign 10:05, start 10:30 (late), resolve 11:30 (60m > 30m: overdue)
//	                        success, confirm needs_improvement; resp 30m, res 90m, role l2, major
//	T6  19 09:00 P4 switch  wang: assign 09:10, start 09:30; escalated 10:00 to chen (L2), 11:00 to hp
//	                        (L3); start 11:30, resolve 14:05 success, confirm normal
//	                        resp 30m, res 305m, third party 11:00 → 14:05 = 185m, role l3
//	T7  19 10:00 P4 switch  hp:   assign 10:10 straight to L3, start 10:20, resolve 12:20 closure l3, confirm
//	                        resp 20m, res 140m, third party 10:10 → 12:20 = 130m, role l3
//	T8  19 13:00 P3 app     chen: assign 13:05, start 13:10, resolve 14:10 success; the requester
//	                        rejects it at 15:00: closed unresolved, reopened as T9
//	                        resp 10m, res 70m, role l2, reopened
//	T9  19 15:00 P3 app     chen: (assigned by the rejection) start 15:20, resolve 16:20 success, confirm normal
//	                        resp 20m, res 80m, role l2
//	T10 20 09:00 P4 db      li:   assign 09:05, start 09:10, resolve 09:40, reopened 10:00, resolve 10:30
//	                        success, confirm; resp 10m, res 90m, role service_desk, reopened
//	T11 20 14:00 P3 switch  wang: assign 14:05, start 14:10, due 17:10, never resolved: overdue, open
//	                        resp 10m
//	T12 21 20:00 P4 app     zhao: assign 20:10, start 20:30, resolve 21:44 success, not yet confirmed
//	                        resp 30m, res 104m, role l1
//	T13 21 03:00 P5 db      li:   raised by monitoring, assign 03:10, start 03:40, resolve 04:00 recovered,
//	                        closed by itself; resp 40m, res 60m, role service_desk
//	T14 17 00:00 P5 app     nobody: registered at the period's first instant, closed 00:05 as a false alarm
//	T15 22 00:00 P3 app     registered at the period's end: left out
func scenario(t *testing.T) (incident.Store, map[string]codes.ID) {
	t.Helper()
	ctx := context.Background()
	store := memstore.New()
	allHours := calendar.Must(calendar.New(calendar.TwentyFourSeven()))
	policy, err := sla.New(sla.SeedConfig(), map[string]sla.Calendar{sla.OfficeCalendar: allHours, sla.AllHoursCalendar: allHours})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	desk, err := incident.NewDesk(incident.Config{Store: store, Policy: policy, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]codes.ID{}
	var cur string // the ticket being worked on
	must := func(tk *incident.Ticket, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", cur, err)
		}
		if _, ok := ids[cur]; !ok {
			ids[cur] = tk.ID
		}
	}
	act := func(actor string) incident.Action { return incident.Action{Actor: actor} }
	reg := func(name string, at time.Time, p codes.Priority, cat codes.Category) {
		t.Helper()
		cur = name
		clk.Set(at)
		must(desk.Register(ctx, incident.Registration{Action: act("desk"), Summary: name, Priority: p, Category: cat, Source: codes.SourcePhone}))
	}
	assign := func(at time.Time, group, who string, tier codes.Tier) {
		t.Helper()
		clk.Set(at)
		must(desk.Assign(ctx, ids[cur], incident.Assignment{Action: act("desk"), Group: group, Assignee: who, Tier: tier}))
	}
	start := func(at time.Time, who string) {
		t.Helper()
		clk.Set(at)
		must(desk.Start(ctx, ids[cur], act(who)))
	}
	resolve := func(at time.Time, who string, cl codes.ClosureCode) {
		t.Helper()
		clk.Set(at)
		must(desk.Resolve(ctx, ids[cur], incident.Resolution{Action: act(who), Solution: "fixed", Closure: cl}))
	}
	confirm := func(at time.Time, s codes.Satisfaction) {
		t.Helper()
		clk.Set(at)
		must(desk.Confirm(ctx, ids[cur], incident.Confirmation{Action: act("desk"), Satisfaction: s}))
	}
	const (
		app codes.Category = "software.application"
		sw  codes.Category = "hardware.network.switch"
		db  codes.Category = "software.system.database"
		sd                 = codes.TierServiceDesk
		l1                 = codes.TierL1
		l2                 = codes.TierL2
		l3                 = codes.TierL3
	)

	reg("T0", day(16, 23, 59), codes.P4, app)
	assign(day(16, 23, 59), "network", "wang", l1)

	reg("T1", day(17, 9, 0), codes.P3, app)
	assign(day(17, 9, 10), "servicedesk", "li", sd)
	start(day(17, 9, 20), "li")
	resolve(day(17, 10, 20), "li", codes.ClosureSuccess)
	confirm(day(17, 11, 0), codes.SatisfactionVeryGood)

	reg("T2", day(17, 10, 0), codes.P3, sw)
	assign(day(17, 10, 5), "network", "wang", l1)
	start(day(17, 10, 15), "wang")
	resolve(day(17, 11, 15), "wang", codes.ClosureSuccessWithProblem)
	confirm(day(17, 12, 0), codes.SatisfactionNormal)

	reg("T3", day(17, 11, 0), codes.P3, sw)
	assign(day(17, 11, 5), "network", "wang", l1)
	clk.Set(day(17, 11, 10))
	must(desk.MarkDuplicate(ctx, ids["T3"], ids["T2"], act("wang")))
	clk.Set(day(17, 11, 15))
	must(desk.Close(ctx, ids["T3"], incident.Closing{Action: act("desk"), Closure: codes.ClosureRejected, Reason: "duplicate of T2"}))

	reg("T4", day(18, 8, 0), codes.P1, db)
	assign(day(18, 8, 2), "apps", "chen", l2)
	start(day(18, 8, 5), "chen")
	resolve(day(18, 8, 50), "chen", codes.ClosureSuccess)
	confirm(day(18, 9, 30), codes.SatisfactionVeryGood)

	reg("T5", day(18, 10, 0), codes.P2, app)
	assign(day(18, 10, 5), "apps", "chen", l2)
	start(day(18, 10, 30), "chen")
	resolve(day(18, 11, 30), "chen", codes.ClosureSuccess)
	confirm(day(18, 12, 0), codes.SatisfactionNeedsImprovement)

	reg("T6", day(19, 9, 0), codes.P4, sw)
	assign(day(19, 9, 10), "network", "wang", l1)
	start(day(19, 9, 30), "wang")
	clk.Set(day(19, 10, 0))
	must(desk.Escalate(ctx, ids["T6"], incident.Assignment{Action: act("wang"), Group: "apps", Assignee: "chen"}))
	clk.Set(day(19, 11, 0))
	must(desk.Escalate(ctx, ids["T6"], incident.Assignment{Action: act("chen"), Group: "vendor", Assignee: "hp"}))
	start(day(19, 11, 30), "hp")
	resolve(day(19, 14, 5), "hp", codes.ClosureSuccess)
	confirm(day(19, 15, 0), codes.SatisfactionNormal)

	reg("T7", day(19, 10, 0), codes.P4, sw)
	assign(day(19, 10, 10), "vendor", "hp", l3)
	start(day(19, 10, 20), "hp")
	resolve(day(19, 12, 20), "hp", codes.ClosureL3)
	confirm(day(19, 13, 0), "")

	reg("T8", day(19, 13, 0), codes.P3, app)
	assign(day(19, 13, 5), "apps", "chen", l2)
	start(day(19, 13, 10), "chen")
	resolve(day(19, 14, 10), "chen", codes.ClosureSuccess)
	clk.Set(day(19, 15, 0))
	_, reopened, err := desk.Reject(ctx, ids["T8"], act("desk"), "still failing")
	if err != nil {
		t.Fatal(err)
	}

	cur, ids["T9"] = "T9", reopened.ID
	start(day(19, 15, 20), "chen")
	resolve(day(19, 16, 20), "chen", codes.ClosureSuccess)
	confirm(day(19, 17, 0), codes.SatisfactionNormal)

	reg("T10", day(20, 9, 0), codes.P4, db)
	assign(day(20, 9, 5), "servicedesk", "li", sd)
	start(day(20, 9, 10), "li")
	resolve(day(20, 9, 40), "li", codes.ClosureSuccess)
	clk.Set(day(20, 10, 0))
	must(desk.Reopen(ctx, ids["T10"], act("desk"), "back again"))
	resolve(day(20, 10, 30), "li", codes.ClosureSuccess)
	confirm(day(20, 11, 0), "")

	reg("T11", day(20, 14, 0), codes.P3, sw)
	assign(day(20, 14, 5), "network", "wang", l1)
	start(day(20, 14, 10), "wang")

	reg("T12", day(21, 20, 0), codes.P4, app)
	assign(day(21, 20, 10), "network", "zhao", l1)
	start(day(21, 20, 30), "zhao")
	resolve(day(21, 21, 44), "zhao", codes.ClosureSuccess)

	cur = "T13"
	clk.Set(day(21, 3, 0))
	must(desk.Register(ctx, incident.Registration{Action: act("zabbix"), Summary: "T13", Priority: codes.P5, Category: db,
		Source: codes.SourceMonitoring, ExternalKey: "db-01/cpu"}))
	assign(day(21, 3, 10), "servicedesk", "li", sd)
	start(day(21, 3, 40), "li")
	resolve(day(21, 4, 0), "li", codes.ClosureRecovered)

	reg("T14", day(17, 0, 0), codes.P5, app)
	clk.Set(day(17, 0, 5))
	must(desk.Close(ctx, ids["T14"], incident.Closing{Action: act("desk"), Closure: codes.ClosureFalseAlarm}))

	reg("T15", day(22, 0, 0), codes.P3, app)
	return store, ids
}
