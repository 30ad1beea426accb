package incident_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// Apply records what an integration computes from a ticket, its log and its
// SLA — here a chat bot that warns once when the response clock has used
// most of its goal. The entry is recorded under a key, so running the bot
// again records nothing twice.
func ExampleDesk_Apply() {
	ctx := context.Background()
	bj, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, bj) // a Monday
	desk, err := incident.NewDesk(incident.Config{Store: memstore.New(), Location: bj, Now: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	act := incident.Action{Actor: "desk"}
	t, _ := desk.Register(ctx, incident.Registration{Action: act, Summary: "Office mail slow", Priority: codes.P3})
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: act, Assignee: "wang"})

	bot := func(s *incident.Snapshot) ([]incident.Entry, error) {
		st, ok := s.SLA.Target(sla.Response)
		if !ok || st.State != sla.Running || st.Elapsed < st.Goal*3/4 {
			return nil, nil
		}
		return []incident.Entry{{Type: "chat", Key: "chat/response-warning/" + s.Ticket.ID.String(),
			Text: fmt.Sprintf("%s left to respond", st.Remaining)}}, nil
	}
	for _, m := range []int{10, 25, 28} {
		now = time.Date(2025, 11, 17, 9, m, 0, 0, bj)
		_, added, err := desk.Apply(ctx, t.ID, incident.Action{Actor: "chatbot"}, nil, bot)
		if err != nil {
			panic(err)
		}
		for _, e := range added {
			fmt.Println(now.Format("15:04"), e.Actor, e.Text)
		}
	}
	// Output:
	// 09:25 chatbot 5m0s left to respond
}

// clockAt is a settable clock for the examples: Monday 17 November 2025 in
// Beijing, a working day.
type clockAt struct{ t time.Time }

func (c *clockAt) Now() time.Time { return c.t }

func (c *clockAt) at(h, m int) incident.Action {
	c.t = time.Date(2025, 11, 17, h, m, 0, 0, c.t.Location())
	return incident.Action{Actor: "desk"}
}

func exampleDesk(cfg incident.Config) (*incident.Desk, *clockAt) {
	bj, _ := time.LoadLocation("Asia/Shanghai")
	c := &clockAt{t: time.Date(2025, 11, 17, 9, 0, 0, 0, bj)}
	cfg.Store, cfg.Location, cfg.Now = memstore.New(), bj, c.Now
	d, err := incident.NewDesk(cfg)
	if err != nil {
		panic(err)
	}
	return d, c
}

// An incident from registration to closure: the service desk registers it
// (impact × urgency gives the priority), assigns it, the engineer takes it
// up (the response), resolves it with a solution and a closure code, and the
// registrar closes it on the requester's confirmation (谁开单谁关闭: whoever
// opened a ticket closes it). A P3 responds in 30 minutes and resolves in 3
// hours of office time: from 09:20, 2 h 40 min to noon, lunch, 20 min more.
func ExampleDesk_Register() {
	ctx := context.Background()
	desk, clk := exampleDesk(incident.Config{})
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "Office mail slow", Requester: "li.lei",
		Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh})
	fmt.Println(t.ID, t.Priority, t.Status)
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: clk.at(9, 5), Group: "mail", Assignee: "wang"})
	fmt.Println(t.Status, "respond by", t.PlannedResponse.Format("15:04"))
	t, _ = desk.Start(ctx, t.ID, clk.at(9, 20))
	fmt.Println(t.Status, "responded on time:", t.RespondedOnTime, "resolve by", t.PlannedResolution.Format("15:04"))
	t, _ = desk.Resolve(ctx, t.ID, incident.Resolution{Action: clk.at(10, 40), Solution: "Queue cleared", Closure: codes.ClosureL1})
	fmt.Println(t.Status, "resolved on time:", t.ResolvedOnTime)
	t, _ = desk.Confirm(ctx, t.ID, incident.Confirmation{Action: clk.at(11, 0), Satisfaction: codes.SatisfactionVeryGood})
	fmt.Println(t.Status, t.Closure, t.Satisfaction)
	// Output:
	// IM251117000001 P3 registered
	// assigned respond by 09:35
	// in_progress responded on time: yes resolve by 13:50
	// resolved resolved on time: yes
	// closed l1 very_good
}

// Up the tiers: a reassignment hands the ticket to another person at the
// same tier; Escalate hands it to the next tier (service desk → L1 → L2 →
// L3), and at L3 a vendor is involved. Each is counted apart.
func ExampleDesk_Escalate() {
	ctx := context.Background()
	desk, clk := exampleDesk(incident.Config{})
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "OA login fails", Priority: codes.P3})
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: clk.at(9, 5), Group: "desktop", Assignee: "wang", Tier: codes.TierL1})
	t, _ = desk.Reassign(ctx, t.ID, incident.Assignment{Action: clk.at(9, 10), Assignee: "zhao"})
	for _, g := range []string{"oa-team", "oa-vendor"} {
		t, _ = desk.Escalate(ctx, t.ID, incident.Assignment{Action: clk.at(9, 30), Group: g})
		fmt.Println(t.Tier, t.Group, "vendor:", t.Vendor)
	}
	_, err := desk.Escalate(ctx, t.ID, incident.Assignment{Action: clk.at(9, 40), Group: "nobody"})
	fmt.Println(errors.Is(err, incident.ErrInvalidCommand))
	fmt.Println("reassigned", t.Reassignments, "escalated", t.Escalations)
	// Output:
	// l2 oa-team vendor: false
	// l3 oa-vendor vendor: true
	// true
	// reassigned 1 escalated 2
}

// Waiting for the customer: with a workflow that has a pending status and
// the policy that pauses the resolution clock while pending
// (sla.RegistrationConfig), the time waited is not counted. A P4 has 24
// working hours from registration: Monday 09:00 to Thursday 10:30 on China
// office hours (7.5 h a day); pending from 10:00 to 15:00 Monday holds 3.5
// working hours, so the deadline moves to Thursday 15:30.
func ExampleDesk_Pend() {
	ctx := context.Background()
	wf, _ := incident.NewWorkflow(incident.PendingWorkflowConfig())
	pol, _ := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	desk, clk := exampleDesk(incident.Config{Workflow: wf, Policy: pol})
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "Printer jams", Priority: codes.P4})
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: clk.at(9, 0), Assignee: "wang"})
	t, _ = desk.Start(ctx, t.ID, clk.at(9, 10))
	fmt.Println("resolve by", t.PlannedResolution.Format("Mon 15:04"))
	t, _ = desk.Pend(ctx, t.ID, clk.at(10, 0), "waiting for the toner")
	t, _ = desk.Resume(ctx, t.ID, clk.at(15, 0))
	fmt.Println(t.Status, "resolve by", t.PlannedResolution.Format("Mon 15:04"))
	// Output:
	// resolve by Thu 10:30
	// in_progress resolve by Thu 15:30
}

// The requester finds the ticket not solved (Reject): it closes as
// unresolved, and a new ticket, linked both ways, opens assigned to the same
// handler.
func ExampleDesk_Reject() {
	ctx := context.Background()
	desk, clk := exampleDesk(incident.Config{})
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "VPN drops", Priority: codes.P3})
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: clk.at(9, 5), Group: "network", Assignee: "sun"})
	t, _ = desk.Start(ctx, t.ID, clk.at(9, 10))
	t, _ = desk.Resolve(ctx, t.ID, incident.Resolution{Action: clk.at(10, 0), Solution: "Client updated", Closure: codes.ClosureL1})
	closed, reopened, err := desk.Reject(ctx, t.ID, clk.at(11, 0), "still drops every hour")
	if err != nil {
		panic(err)
	}
	fmt.Println(closed.ID, closed.Status, closed.Closure, "→", closed.ReopenedAs)
	fmt.Println(reopened.ID, reopened.Status, reopened.Assignee, "←", reopened.ReopenOf)
	// Output:
	// IM251117000001 closed unresolved → IM251117000002
	// IM251117000002 assigned sun ← IM251117000001
}

// Work split into tasks: the ticket cannot be resolved while a task is open.
func ExampleDesk_AddTask() {
	ctx := context.Background()
	desk, clk := exampleDesk(incident.Config{})
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "New starter cannot log in", Priority: codes.P4})
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: clk.at(9, 5), Assignee: "wang"})
	t, _ = desk.Start(ctx, t.ID, clk.at(9, 10))
	t, no, _ := desk.AddTask(ctx, t.ID, incident.TaskSpec{Action: clk.at(9, 15), Summary: "Create the AD account", Group: "identity"})
	_, err := desk.Resolve(ctx, t.ID, incident.Resolution{Action: clk.at(9, 30), Solution: "Account created", Closure: codes.ClosureL1})
	fmt.Println("resolve with a task open:", errors.Is(err, incident.ErrGuard))
	t, _ = desk.CompleteTask(ctx, t.ID, no, incident.TaskResult{Action: clk.at(10, 0), Result: "created", Closure: codes.ClosureL1})
	t, err = desk.Resolve(ctx, t.ID, incident.Resolution{Action: clk.at(10, 5), Solution: "Account created", Closure: codes.ClosureL1})
	fmt.Println(t.Status, err, "task done:", t.Tasks[0].Done())
	// Output:
	// resolve with a task open: true
	// resolved <nil> task done: true
}

// A monitoring alert that repeats attaches to its open ticket; a duplicate
// reported by a person is marked so, and left out of totals.
func ExampleDesk_MarkDuplicate() {
	ctx := context.Background()
	desk, clk := exampleDesk(incident.Config{})
	alert := incident.Registration{Action: clk.at(9, 0), Summary: "disk 95% on db-01", Source: codes.SourceMonitoring, ExternalKey: "db-01/disk", Priority: codes.P3}
	first, _ := desk.Register(ctx, alert)
	alert.Action = clk.at(9, 5)
	again, _ := desk.Register(ctx, alert)
	fmt.Println(first.ID == again.ID, "alerts:", again.Alerts)
	call, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 10), Summary: "reports slow", Source: codes.SourcePhone, Priority: codes.P3})
	call, _ = desk.MarkDuplicate(ctx, call.ID, first.ID, clk.at(9, 12))
	fmt.Println(call.ID, "duplicates", call.DuplicateOf)
	// Output:
	// true alerts: 1
	// IM251117000002 duplicates IM251117000001
}

// NewDesk checks its parts against each other and lists every problem.
func ExampleNewDesk() {
	_, err := incident.NewDesk(incident.Config{ResponseTarget: "respons", AutoCloseUrgencies: []codes.Urgency{"someday"}})
	fmt.Println(err)
	// Output:
	// incident: invalid desk configuration (3 problems):
	//   Store: a Store is required (memstore.New() is the embedded default)
	//   ResponseTarget: sla.Policy "seed" (1 versions) has no target "respons" (its targets: response, resolution)
	//   AutoCloseUrgencies[0]: unknown urgency "someday"
}

// Observe sees every command: what it was, how long it took, how often it
// read the ticket and evaluated its SLA, and how it ended — enough to feed
// metrics or traces with the standard library alone.
func ExampleConfig_observe() {
	ctx := context.Background()
	var refused int
	desk, clk := exampleDesk(incident.Config{Observe: func(_ context.Context, o incident.Observation) {
		if o.Err != nil {
			refused++
		}
		fmt.Printf("%s %s by %s: %d read, %d evaluation, err %v\n", o.Command, o.Ticket, o.Actor, o.Loads, o.Evaluations, o.Err != nil)
	}})
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "Office mail slow", Priority: codes.P3})
	desk.Start(ctx, t.ID, clk.at(9, 1)) // not assigned yet: refused
	desk.Comment(ctx, t.ID, clk.at(9, 2), "user called again")
	fmt.Println("refused:", refused)
	// Output:
	// register IM251117000001 by desk: 0 read, 1 evaluation, err false
	// start IM251117000001 by desk: 1 read, 0 evaluation, err true
	// comment IM251117000001 by desk: 1 read, 1 evaluation, err false
	// refused: 1
}

// The permission hook composes the process documents' rules: only the
// service desk registers, a ticket in a group's queue is taken up by one of
// the group, and a grading is corrected downwards only by an incident
// manager. A refused command says who, what and why, and writes nothing.
func ExampleAllOf() {
	ctx := context.Background()
	people := incident.Groups{"service-desk": {"desk"}, "network": {"sun"}, "incident-managers": {"zhao"}}
	manager := func(ctx context.Context, actor string) (bool, error) {
		return people.Member(ctx, actor, "incident-managers")
	}
	desk, clk := exampleDesk(incident.Config{Authorize: incident.AllOf(
		incident.RegistrarCloses(),
		incident.GradingsNotLowered(manager),
		incident.GroupMembers(people, incident.CmdStart),
		incident.RegisterOnly(people, "service-desk"),
	)})
	_, err := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "sun"}, Summary: "VPN drops", Priority: codes.P2})
	fmt.Println(err)
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "VPN drops", Priority: codes.P2})
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: clk.at(9, 1), Group: "network"})
	_, err = desk.Start(ctx, t.ID, incident.Action{Actor: "wang"})
	fmt.Println(err)
	_, err = desk.Reprioritize(ctx, t.ID, incident.Reprioritization{Action: incident.Action{Actor: "sun"}, Priority: codes.P4, Correction: true})
	fmt.Println(errors.Is(err, incident.ErrForbidden))
	t, _ = desk.Reprioritize(ctx, t.ID, incident.Reprioritization{Action: incident.Action{Actor: "zhao"}, Priority: codes.P4, Correction: true, Reason: "one user only"})
	fmt.Println(t.Priority)
	// Output:
	// incident: not allowed: sun may not register: only members of service-desk register incidents
	// incident: not allowed: wang may not start: wang is not a member of network, whose ticket it is
	// true
	// P4
}
