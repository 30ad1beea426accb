package incident_test

import (
	"context"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// A task split off a ticket goes through a workflow of its own — open, in
// progress, resolved, closed — and closing it tells the ticket's handler
// through an OnCommit hook. The ticket resolves only once every task is
// closed.
func ExampleDesk_StartTask() {
	ctx := context.Background()
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, time.UTC)
	tell := func(_ context.Context, c incident.Commit) {
		for _, tc := range incident.TaskClosings(c) {
			fmt.Printf("to %s: %s closed (%s): %s\n", tc.Handler, tc.Ref, tc.Task.Closure, tc.Task.Result)
		}
	}
	desk, _ := incident.NewDesk(incident.Config{Store: memstore.New(), Now: func() time.Time { return now }, OnCommit: []func(context.Context, incident.Commit){tell}})
	act := func(who string) incident.Action { return incident.Action{Actor: who} }
	t, _ := desk.Register(ctx, incident.Registration{Action: act("desk"), Summary: "3F printers offline", Priority: codes.P3})
	desk.Assign(ctx, t.ID, incident.Assignment{Action: act("desk"), Group: "network", Assignee: "wang"})
	desk.Start(ctx, t.ID, act("wang"))
	_, no, _ := desk.AddTask(ctx, t.ID, incident.TaskSpec{Action: act("wang"), Summary: "Replace the switch on 3F",
		Type: "hardware.network.switch", Assignee: "zhou", OnSite: true, RespondWithin: sla.Duration(time.Hour)})

	now = now.Add(40 * time.Minute)
	t, _ = desk.StartTask(ctx, t.ID, no, act("zhou")) // zhou is on site
	fmt.Println(incident.TaskRef(t.ID, no), t.Tasks[0].State(), "arrived after", t.Tasks[0].TakenUp.Sub(t.Tasks[0].Created))
	now = now.Add(30 * time.Minute)
	desk.ResolveTask(ctx, t.ID, no, incident.TaskResult{Action: act("zhou"), Result: "switch replaced", Closure: codes.ClosureSuccess})
	_, err := desk.Resolve(ctx, t.ID, incident.Resolution{Action: act("wang"), Solution: "switch replaced", Closure: codes.ClosureL1})
	fmt.Println("resolve with the task resolved, not closed:", err)
	desk.CompleteTask(ctx, t.ID, no, incident.TaskResult{Action: act("wang")})
	t, err = desk.Resolve(ctx, t.ID, incident.Resolution{Action: act("wang"), Solution: "switch replaced", Closure: codes.ClosureL1})
	fmt.Println(t.Status, err)
	// Output:
	// IM251117000001-T01 in_progress arrived after 40m0s
	// resolve with the task resolved, not closed: incident: transition refused: cannot resolve: 1 task(s) still open
	// to wang: IM251117000001-T01 closed (success): switch replaced
	// resolved <nil>
}

// The Desk consults the knowledge base when it registers a ticket, and
// offers the solution to it when the resolution asks, once, under a key.
func ExampleMemoryKnowledge() {
	ctx := context.Background()
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, time.UTC)
	kb := incident.NewMemoryKnowledge(incident.KnowledgeItem{Kind: incident.KnownError, Ref: "KE0007",
		Title: "Mail queue stuck after the monthly patch", Category: "software", Keywords: []string{"mail"}})
	desk, _ := incident.NewDesk(incident.Config{Store: memstore.New(), Knowledge: kb, Now: func() time.Time { return now }})
	act := func(who string) incident.Action { return incident.Action{Actor: who} }
	t, _ := desk.Register(ctx, incident.Registration{Action: act("desk"), Summary: "Office mail slow", Category: "software.application", Priority: codes.P3})
	for _, s := range t.Suggestions {
		fmt.Println("suggested:", s.Kind, s.Ref, s.Title)
	}
	desk.Assign(ctx, t.ID, incident.Assignment{Action: act("desk"), Assignee: "wang"})
	desk.Start(ctx, t.ID, act("wang"))
	t, err := desk.Resolve(ctx, t.ID, incident.Resolution{Action: act("wang"), Solution: "flushed the queue as KE0007 says",
		Closure: codes.ClosureSuccess, KnowledgeUsed: "KE0007", ToKnowledge: true})
	fmt.Println(t.KnowledgeUsed, t.KnowledgeOffer, t.KnowledgeRef, err)
	// Output:
	// suggested: known_error KE0007 Mail queue stuck after the monthly patch
	// KE0007 offered KB000001 <nil>
}

// An incident whose root cause is unknown is handed to problem management:
// a problem record, numbered by the same daily allocator, linked both ways
// in one write. A second hand-off of the same incident is refused.
func ExampleDesk_RaiseProblem() {
	ctx := context.Background()
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, time.UTC)
	desk, _ := incident.NewDesk(incident.Config{Store: memstore.New(), Now: func() time.Time { return now }})
	t, _ := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "Trading gateway restarts every night", Priority: codes.P3})
	inc, pm, err := desk.RaiseProblem(ctx, t.ID, incident.ProblemSpec{Action: incident.Action{Actor: "wang"}, Reason: "root cause unknown; recurs"})
	if err != nil {
		panic(err)
	}
	fmt.Println(inc.ID, "→", inc.Problem, inc.Links)
	fmt.Println(pm.ID, "←", pm.Incident, pm.Summary)
	_, _, err = desk.RaiseProblem(ctx, t.ID, incident.ProblemSpec{Action: incident.Action{Actor: "wang"}})
	fmt.Println(err)
	// Output:
	// IM251117000001 → PM251117000001 [problem:PM251117000001]
	// PM251117000001 ← IM251117000001 Trading gateway restarts every night
	// incident: a problem is raised for the incident already: IM251117000001 has PM251117000001
}
