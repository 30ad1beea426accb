package kpi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/kpi"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/internal/golden"
	"github.com/itsmkit/itsm/sla"
)

// recordsWeek is a week of tickets, through a real Desk on memstore under
// the seed's SLA counted 24×7 (P3 response 30m from assignment to the start
// of work, resolution 3h from the start; P4 2h and 24h), for the figures of
// the records: response on time, resolution in time and successfully,
// escalations, on-site support, knowledge, customer classes, engineers,
// occurrence. Times are 2025-11-dd hh:mm UTC.
//
//	R1 17 09:00 P3 vip  occurred 16 22:00 (before the period); wang (L1): assign 09:05, start 09:20
//	                    (15m: on time), resolve 10:00 success from known error KE1, confirm
//	R2 18 10:00 P3      wang: assign 10:05, start 10:50 (45m: late); escalated 11:00 to chen (L2); unresolved
//	R3 19 09:00 P4 vip  li (service desk): assign 09:10, start 09:30 (on time); on-site task 09:40 for zhou
//	                    due within 1h (10:40), arrived 10:20 (40m: in time), resolved 11:00, closed 11:05;
//	                    resolve 11:30 success (on time), confirm
//	R4 20 14:00 P4      li: assign 14:05, start 14:10 (on time); on-site task 14:20 for zhou due within
//	                    30m (14:50), arrived 15:20 (60m: late), closed 15:40; an escalation firing notifies
//	                    service_manager at 15:50; resolve 16:00 recovered (on time, not a success), confirm
//	R5 22 01:00 P4      occurred 21 23:00 (in the period), registered after it; nothing else
//	PM raised for R2: a problem record, never counted
func recordsWeek(t *testing.T) (incident.Store, []codes.ID) {
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
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	desk1 := incident.Action{Actor: "desk"}
	var ids []codes.ID
	reg := func(at time.Time, p codes.Priority, tier string, occurred time.Time) codes.ID {
		t.Helper()
		clk.Set(at)
		tk, err := desk.Register(ctx, incident.Registration{Action: desk1, Summary: "r", Priority: p, CustomerTier: tier, Facts: incident.Facts{OccurredAt: occurred}})
		must(err)
		ids = append(ids, tk.ID)
		return tk.ID
	}
	do := func(at time.Time, f func() error) {
		t.Helper()
		clk.Set(at)
		must(f())
	}
	assign := func(id codes.ID, at time.Time, group, who string, tier codes.Tier) {
		do(at, func() error {
			_, err := desk.Assign(ctx, id, incident.Assignment{Action: desk1, Group: group, Assignee: who, Tier: tier})
			return err
		})
	}
	start := func(id codes.ID, at time.Time, who string) {
		do(at, func() error { _, err := desk.Start(ctx, id, incident.Action{Actor: who}); return err })
	}
	resolve := func(id codes.ID, at time.Time, who string, cl codes.ClosureCode, kb string) {
		do(at, func() error {
			_, err := desk.Resolve(ctx, id, incident.Resolution{Action: incident.Action{Actor: who}, Solution: "fixed", Closure: cl, KnowledgeUsed: kb})
			return err
		})
	}
	confirm := func(id codes.ID, at time.Time) {
		do(at, func() error { _, err := desk.Confirm(ctx, id, incident.Confirmation{Action: desk1}); return err })
	}
	onSite := func(id codes.ID, at time.Time, within time.Duration) {
		do(at, func() error {
			_, _, err := desk.AddTask(ctx, id, incident.TaskSpec{Action: incident.Action{Actor: "li"}, Summary: "go on site", Assignee: "zhou", OnSite: true, RespondWithin: sla.Duration(within)})
			return err
		})
	}

	r1 := reg(day(17, 9, 0), codes.P3, "vip", day(16, 22, 0))
	assign(r1, day(17, 9, 5), "network", "wang", codes.TierL1)
	start(r1, day(17, 9, 20), "wang")
	resolve(r1, day(17, 10, 0), "wang", codes.ClosureSuccess, "KE1")
	confirm(r1, day(17, 10, 30))

	r2 := reg(day(18, 10, 0), codes.P3, "", time.Time{})
	assign(r2, day(18, 10, 5), "network", "wang", codes.TierL1)
	start(r2, day(18, 10, 50), "wang")
	do(day(18, 11, 0), func() error {
		_, err := desk.Escalate(ctx, r2, incident.Assignment{Action: incident.Action{Actor: "wang"}, Group: "apps", Assignee: "chen"})
		return err
	})
	do(day(18, 11, 30), func() error {
		_, _, err := desk.RaiseProblem(ctx, r2, incident.ProblemSpec{Action: incident.Action{Actor: "chen"}})
		return err
	})

	r3 := reg(day(19, 9, 0), codes.P4, "vip", time.Time{})
	assign(r3, day(19, 9, 10), "servicedesk", "li", codes.TierServiceDesk)
	start(r3, day(19, 9, 30), "li")
	onSite(r3, day(19, 9, 40), time.Hour)
	do(day(19, 10, 20), func() error { _, err := desk.StartTask(ctx, r3, 1, incident.Action{Actor: "zhou"}); return err })
	do(day(19, 11, 0), func() error {
		_, err := desk.ResolveTask(ctx, r3, 1, incident.TaskResult{Action: incident.Action{Actor: "zhou"}, Result: "replaced", Closure: codes.ClosureSuccess})
		return err
	})
	do(day(19, 11, 5), func() error {
		_, err := desk.CompleteTask(ctx, r3, 1, incident.TaskResult{Action: incident.Action{Actor: "li"}})
		return err
	})
	resolve(r3, day(19, 11, 30), "li", codes.ClosureSuccess, "")
	confirm(r3, day(19, 12, 0))

	r4 := reg(day(20, 14, 0), codes.P4, "", time.Time{})
	assign(r4, day(20, 14, 5), "servicedesk", "li", codes.TierServiceDesk)
	start(r4, day(20, 14, 10), "li")
	onSite(r4, day(20, 14, 20), 30*time.Minute)
	do(day(20, 15, 20), func() error { _, err := desk.StartTask(ctx, r4, 1, incident.Action{Actor: "zhou"}); return err })
	do(day(20, 15, 40), func() error {
		_, err := desk.CompleteTask(ctx, r4, 1, incident.TaskResult{Action: incident.Action{Actor: "zhou"}, Closure: codes.ClosureSuccess})
		return err
	})
	do(day(20, 15, 50), func() error {
		_, _, err := desk.Record(ctx, r4, incident.Action{Actor: "escalation"}, []incident.Entry{{Type: "escalation", Key: "ladder.p4/3",
			Text: "escalation ladder.p4 level 3; notify service_manager"}})
		return err
	})
	resolve(r4, day(20, 16, 0), "li", codes.ClosureRecovered, "")
	confirm(r4, day(20, 16, 30))

	reg(day(22, 1, 0), codes.P4, "", day(21, 23, 0))
	return store, ids
}

func TestRecordsIndicators(t *testing.T) {
	t.Parallel()
	store, _ := recordsWeek(t)
	ctx := context.Background()
	rep, err := kpi.Compute(ctx, store, kpi.Options{From: from, To: to, GroupBy: []kpi.Dimension{kpi.ByCustomerTier, kpi.ByEngineer}})
	if err != nil {
		t.Fatal(err)
	}
	type figures struct {
		Tickets                                                            int
		RespondedOnTime, ResolvedInTime, Escalated, Management, OnSite, KB kpi.Share
		L1, L2, L3                                                         int
		Dispatch                                                           kpi.Average
	}
	of := func(r kpi.Row) figures {
		return figures{r.Tickets, r.RespondedOnTime, r.ResolvedInTime, r.Escalated, r.Management, r.OnSiteInTime, r.KnowledgeUsed,
			r.EscalatedL1, r.EscalatedL2, r.EscalatedL3, r.Dispatch}
	}
	// By registration: R1–R4 (R5 registered after the period; the problem
	// record is no incident). Responded on time: R1 15m, R3 20m, R4 5m; not
	// R2 (45m). In time and successful: R1, R3 (R2 unresolved, R4
	// recovered). Escalated: R2, to L2. Management: R4. On site: R3 in
	// time, R4 late, of 2; dispatch (40m + 60m) / 2. Knowledge: R1.
	want := figures{Tickets: 4, RespondedOnTime: share(3, 4), ResolvedInTime: share(2, 4), Escalated: share(1, 4), Management: share(1, 4),
		OnSite: share(1, 2), KB: share(1, 4), L2: 1, Dispatch: kpi.Average{Count: 2, Mean: minutes(50)}}
	if diff := cmp.Diff(want, of(rep.Total)); diff != "" {
		t.Errorf("overall (-want +got):\n%s", diff)
	}
	// Per class: vip R1 R3, both on time; ordinary R2 R4, R4 on time.
	byTier := rep.Breakdowns[0]
	wantTier := map[string]figures{
		"vip": {Tickets: 2, RespondedOnTime: share(2, 2), ResolvedInTime: share(2, 2), Escalated: share(0, 2), Management: share(0, 2),
			OnSite: share(1, 1), KB: share(1, 2), Dispatch: kpi.Average{Count: 1, Mean: minutes(40)}},
		"": {Tickets: 2, RespondedOnTime: share(1, 2), ResolvedInTime: share(0, 2), Escalated: share(1, 2), Management: share(1, 2),
			OnSite: share(0, 1), KB: share(0, 2), L2: 1, Dispatch: kpi.Average{Count: 1, Mean: minutes(60)}},
	}
	if len(byTier.Rows) != 2 || byTier.Rows[0].Key != "vip" {
		t.Fatalf("rows by customer tier: %+v", byTier.Rows)
	}
	for _, r := range byTier.Rows {
		if diff := cmp.Diff(wantTier[r.Key], of(r)); diff != "" {
			t.Errorf("customer tier %q (-want +got):\n%s", r.Key, diff)
		}
	}
	// Per engineer, everyone who worked a ticket: chen R2 (took it on
	// escalation), li R3 R4, wang R1 R2, zhou R3 R4 (their on-site tasks).
	var keys []string
	var tickets []int
	for _, r := range rep.Breakdowns[1].Rows {
		keys, tickets = append(keys, r.Key), append(tickets, r.Tickets)
	}
	if diff := cmp.Diff([]string{"chen", "li", "wang", "zhou"}, keys); diff != "" {
		t.Errorf("engineers (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 2, 2}, tickets); diff != "" {
		t.Errorf("tickets per engineer (-want +got):\n%s", diff)
	}

	// By occurrence: R2–R5 (R1 occurred before the period, R5 in it;
	// R2–R4 have no occurrence and count by registration). Responded on
	// time: R3, R4; R5 not assigned.
	occ, err := kpi.Compute(ctx, store, kpi.Options{From: from, To: to, CountBy: kpi.ByOccurrence})
	if err != nil {
		t.Fatal(err)
	}
	want = figures{Tickets: 4, RespondedOnTime: share(2, 4), ResolvedInTime: share(1, 4), Escalated: share(1, 4), Management: share(1, 4),
		OnSite: share(1, 2), KB: share(0, 4), L2: 1, Dispatch: kpi.Average{Count: 2, Mean: minutes(50)}}
	if diff := cmp.Diff(want, of(occ.Total)); diff != "" {
		t.Errorf("by occurrence (-want +got):\n%s", diff)
	}
	if _, err := kpi.Compute(ctx, store, kpi.Options{From: from, To: to, CountBy: "weather"}); err == nil {
		t.Error("an unknown basis was accepted")
	}
}

func TestExportTickets(t *testing.T) {
	t.Parallel()
	store, ids := recordsWeek(t)
	var buf bytes.Buffer
	if err := kpi.ExportTickets(context.Background(), store, kpi.Options{From: from, To: to}, &buf, time.UTC); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "tickets.csv", buf.String())
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want the header and R1–R4", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	r1, r3 := rows[1], rows[3]
	if r1[col["id"]] != ids[0].String() || r1[col["occurred_at"]] != "2025-11-16T22:00:00Z" || r1[col["knowledge_used"]] != "KE1" || r1[col["customer_tier"]] != "vip" {
		t.Errorf("R1: %v", r1)
	}
	if r3[col["tasks"]] != "1" || r3[col["open_tasks"]] != "0" || r3[col["closed"]] != "2025-11-19T12:00:00Z" {
		t.Errorf("R3: %v", r3)
	}
	if rows[2][col["problem"]] == "" || rows[2][col["escalations"]] != "1" {
		t.Errorf("R2: %v", rows[2])
	}
}
