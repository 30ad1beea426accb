// Servicedesk follows an incident through the tiers of support — the
// service desk takes it in, then L1, L2 and L3 (a vendor) each take it up
// in turn — with its work split into tasks for two groups, a resolution the
// requester rejects (the ticket closes as unresolved and a linked new one
// opens), a second call about the same fault marked as a duplicate, the
// knowledge base consulted at registration and offered the final solution,
// and the incident handed to problem management. At
// each step it prints the ticket's status, tier and assignee, and its SLA
// clocks. The clock is simulated, so the program finishes at once and
// prints the same story every time.
//
// Run it with:
//
//	go run ./examples/servicedesk
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "servicedesk:", err)
		os.Exit(1)
	}
}

// when is how the program writes an instant: weekday, time and zone.
const when = "Mon 15:04 MST"

func run(w io.Writer) error {
	ctx := context.Background()
	beijing, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	// A simulated clock: each step sets the time it happens.
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, beijing) // a Monday
	at := func(h, m int) { now = time.Date(2025, 11, 17, h, m, 0, 0, beijing) }

	// The Desk with its defaults: seed 000's workflow and SLA (response
	// from assignment, resolution from the start of work), counted in
	// China office hours, 09:00–12:00 and 13:30–18:00.
	// Tickets are routed to the group of their category (the example
	// assignment rules of the default category tree), members claim them
	// from their group's queue, and the default escalation rules keep the
	// requester told. A knowledge base with one known error is consulted at
	// registration and offered solutions at resolution.
	kb := incident.NewMemoryKnowledge(incident.KnowledgeItem{Kind: incident.KnownError, Ref: "KE0042",
		Title: "OA approvals stall after a workflow engine upgrade", System: "office_automation"})
	desk, err := incident.NewDesk(incident.Config{
		Store:      memstore.New(),
		Location:   beijing,
		Now:        func() time.Time { return now },
		Routing:    incident.DefaultAssignmentRules(),
		Members:    incident.Groups{"network": {"sun", "wu"}},
		Escalation: escalation.DefaultConfig(),
		Knowledge:  kb,
	})
	if err != nil {
		return err
	}
	tiers := codes.DefaultTables().Tiers()

	// show prints a step: the ticket's status, tier and assignee, then
	// each SLA clock evaluated from the ticket's activity log. (The Desk
	// keeps the same deadlines on the ticket as PlannedResponse and
	// PlannedResolution; Evaluate adds the time counted so far.)
	show := func(step string, t *incident.Ticket) error {
		tier := string(t.Tier)
		if e, err := tiers.Lookup(t.Tier); err == nil {
			tier = e.Name.EN
		}
		if t.Vendor {
			tier += " (vendor)"
		}
		who := t.Assignee
		if t.Group != "" {
			who += " (" + t.Group + ")"
		}
		fmt.Fprintf(w, "%s  %-10s %-12s %-18s %s\n", now.Format("15:04"), step, t.Status, tier, cmp.Or(who, "-"))
		_, log, err := desk.Get(ctx, t.ID)
		if err != nil {
			return err
		}
		r, err := desk.Policy().Evaluate(incident.History(log), now)
		if err != nil {
			return err
		}
		for _, s := range r.Targets {
			fmt.Fprintf(w, "         %s\n", clock(s))
		}
		return nil
	}
	say := func(format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", now.Format("15:04"), fmt.Sprintf(format, args...))
	}
	heading := func(title string) {
		fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Repeat("-", len([]rune(title))))
	}

	fmt.Fprintf(w, "Service desk, Monday 2025-11-17, Beijing time (%s)\n", now.Format("MST"))

	heading("Up the tiers: service desk → L1 → L2 → L3")
	t, err := desk.Register(ctx, incident.Registration{
		Action:    incident.Action{Actor: "desk.zhang"},
		Summary:   "Expense claims stuck in OA approval",
		Requester: "li.lei",
		Source:    codes.SourcePhone,
		System:    "office_automation",
		Impact:    codes.ImpactMedium,
		Urgency:   codes.UrgencyHigh, // P3: response 30m, resolution 3h
		Facts: incident.Facts{
			OccurredAt: time.Date(2025, 11, 17, 8, 40, 0, 0, beijing),
			Reporter:   incident.Reporter{Name: "Li Lei", Phone: "8801", Department: "Finance"},
			Symptom:    "approvals over 5,000 yuan never reach the second approver",
		},
	})
	if err != nil {
		return err
	}
	id := t.ID
	fmt.Fprintf(w, "%s  %s (%s), occurred %s, reported by %s of %s\n", id, t.Summary, t.Priority, t.OccurredAt.Format("15:04"), t.Reporter.Name, t.Reporter.Department)
	for _, s := range t.Suggestions {
		fmt.Fprintf(w, "         knowledge base suggests %s %s: %s\n", s.Kind, s.Ref, s.Title)
	}
	if err := show("register", t); err != nil {
		return err
	}

	// The service desk tries first: the ticket starts at its tier.
	at(9, 5)
	desk1 := incident.Action{Actor: "desk.zhang"}
	if t, err = desk.Assign(ctx, id, incident.Assignment{Action: desk1, Group: "service desk", Assignee: "zhang"}); err != nil {
		return err
	}
	if err := show("assign", t); err != nil {
		return err
	}
	at(9, 10)
	if t, err = desk.Start(ctx, id, desk1); err != nil {
		return err
	}
	if err := show("start", t); err != nil {
		return err
	}

	// Each Escalate hands the ticket to the next tier; the resolution
	// clock keeps running through the hand-overs.
	steps := []struct {
		h, m        int
		by          string
		group, whom string
	}{
		{9, 25, "desk.zhang", "desktop", "wang"},
		{10, 10, "wang", "oa platform", "chen"},
		{11, 0, "chen", "oa vendor", "liu"},
	}
	for _, s := range steps {
		at(s.h, s.m)
		if t, err = desk.Escalate(ctx, id, incident.Assignment{Action: incident.Action{Actor: s.by}, Group: s.group, Assignee: s.whom}); err != nil {
			return err
		}
		if err := show("escalate", t); err != nil {
			return err
		}
		at(s.h, s.m+10)
		if t, err = desk.Start(ctx, id, incident.Action{Actor: s.whom}); err != nil {
			return err
		}
		if err := show("start", t); err != nil {
			return err
		}
	}
	// L3 is the top of the ladder.
	_, err = desk.Escalate(ctx, id, incident.Assignment{Action: incident.Action{Actor: "liu"}, Group: "nobody"})
	if !errors.Is(err, incident.ErrInvalidCommand) {
		return fmt.Errorf("escalating past L3: %v, want ErrInvalidCommand", err)
	}
	say("escalate   refused: %v", err)

	heading("A duplicate")
	at(11, 15)
	dup, err := desk.Register(ctx, incident.Registration{
		Action:    desk1,
		Summary:   "Cannot submit my expense claim",
		Requester: "han.mei",
		Source:    codes.SourcePhone,
		System:    "office_automation",
		Impact:    codes.ImpactLow,
		Urgency:   codes.UrgencyMedium,
	})
	if err != nil {
		return err
	}
	say("%s  %s (%s), another caller", dup.ID, dup.Summary, dup.Priority)
	// The service desk sees it is the fault of the first ticket: it marks
	// it so (duplicates are left out of totals) and closes it.
	if dup, err = desk.MarkDuplicate(ctx, dup.ID, id, desk1); err != nil {
		return err
	}
	if dup, err = desk.Close(ctx, dup.ID, incident.Closing{Action: desk1, Closure: codes.ClosureRejected, Reason: "duplicate of " + id.String()}); err != nil {
		return err
	}
	say("%s  duplicate of %s, %s (%s)", dup.ID, dup.DuplicateOf, dup.Status, dup.Closure)

	heading("Work split between two groups")
	at(11, 20)
	vendor := incident.Action{Actor: "liu"}
	_, fix, err := desk.AddTask(ctx, id, incident.TaskSpec{Action: vendor, Summary: "Apply the workflow engine hotfix", Group: "oa vendor", Assignee: "liu"})
	if err != nil {
		return err
	}
	t, resubmit, err := desk.AddTask(ctx, id, incident.TaskSpec{Action: vendor, Summary: "Resubmit the stuck claims", Group: "oa platform", Assignee: "chen"})
	if err != nil {
		return err
	}
	tasks := func(t *incident.Ticket) {
		for _, k := range t.Tasks {
			state := string(k.State())
			if k.Done() {
				state = fmt.Sprintf("closed %s (%s)", k.Completed.Format("15:04"), k.Closure)
			}
			fmt.Fprintf(w, "         task %d  %-33s %-18s %s\n", k.No, k.Summary, k.Assignee+" ("+k.Group+")", state)
		}
	}
	say("liu splits the work into %d tasks", len(t.Tasks))
	tasks(t)

	// A task has a workflow of its own: taken up, resolved, then closed
	// by the handler.
	at(11, 30)
	if _, err := desk.StartTask(ctx, id, fix, vendor); err != nil {
		return err
	}
	say("%s taken up", incident.TaskRef(id, fix))
	at(13, 50)
	if _, err := desk.ResolveTask(ctx, id, fix, incident.TaskResult{Action: vendor, Result: "hotfix 7.2.1 applied", Closure: codes.ClosureL3}); err != nil {
		return err
	}
	say("%s resolved", incident.TaskRef(id, fix))
	at(14, 0)
	if _, err := desk.CompleteTask(ctx, id, fix, incident.TaskResult{Action: vendor}); err != nil {
		return err
	}
	say("%s closed", incident.TaskRef(id, fix))

	// Resolving while a task is open is refused, with a typed error a
	// caller tests with errors.Is (the kind) or errors.As (the details).
	at(14, 10)
	solved := incident.Resolution{
		Action:   vendor,
		Solution: "Workflow engine lost its approval queue on upgrade; hotfix applied, claims resubmitted",
		Closure:  codes.ClosureL3,
	}
	_, err = desk.Resolve(ctx, id, solved)
	var guard *incident.GuardError
	if !errors.As(err, &guard) {
		return fmt.Errorf("resolve with a task open: %v, want a *incident.GuardError", err)
	}
	say("resolve    refused: %v", err)
	fmt.Fprintf(w, "         errors.Is(err, incident.ErrGuard) = %t\n", errors.Is(err, incident.ErrGuard))
	fmt.Fprintf(w, "         errors.As(err, &guard): Event %q, Reason %q\n", guard.Event, guard.Reason)

	at(14, 30)
	if t, err = desk.CompleteTask(ctx, id, resubmit, incident.TaskResult{Action: incident.Action{Actor: "chen"}, Result: "41 claims resubmitted", Closure: codes.ClosureL2}); err != nil {
		return err
	}
	say("%s closed", incident.TaskRef(id, resubmit))
	tasks(t)
	at(14, 35)
	if t, err = desk.Resolve(ctx, id, solved); err != nil {
		return err
	}
	if err := show("resolve", t); err != nil {
		return err
	}

	heading("The requester rejects the solution")
	// Some claims still fail. Whoever opened the ticket closes it: the
	// service desk records the rejection. The ticket closes as unresolved
	// and a new one, linked both ways, opens assigned to the same handler.
	at(15, 0)
	closed, again, err := desk.Reject(ctx, id, desk1, "claims over 10,000 yuan still stuck")
	if err != nil {
		return err
	}
	say("%s  %s (%s), reopened as %s", closed.ID, closed.Status, closed.Closure, closed.ReopenedAs)
	say("%s  reopens %s", again.ID, again.ReopenOf)
	if err := show("reject", again); err != nil {
		return err
	}
	at(15, 10)
	if again, err = desk.Start(ctx, again.ID, vendor); err != nil {
		return err
	}
	if err := show("start", again); err != nil {
		return err
	}
	at(16, 30)
	if again, err = desk.Resolve(ctx, again.ID, incident.Resolution{Action: vendor, Solution: "Approval limit table restored from backup", Closure: codes.ClosureL3,
		Findings:      incident.Findings{RootCause: "the upgrade dropped the approval limit table", VendorAtFault: "OA vendor", TimeSpent: sla.Duration(80 * time.Minute)},
		KnowledgeUsed: "KE0042", ToKnowledge: true}); err != nil {
		return err
	}
	if err := show("resolve", again); err != nil {
		return err
	}
	say("root cause: %s; vendor at fault: %s; %s spent", again.RootCause, again.VendorAtFault, dur(again.TimeSpent.D()))
	say("solution from %s, offered to the knowledge base: %s as %s", again.KnowledgeUsed, again.KnowledgeOffer, again.KnowledgeRef)
	at(17, 0)
	// The vendor may not close the ticket it fixed: whoever opened a ticket
	// closes it (the Desk's permission hook, Config.Authorize).
	if _, err = desk.Confirm(ctx, again.ID, incident.Confirmation{Action: vendor}); !errors.Is(err, incident.ErrForbidden) {
		return fmt.Errorf("the vendor confirming: %v, want ErrForbidden", err)
	}
	say("confirm    refused: %v", err)
	if again, err = desk.Confirm(ctx, again.ID, incident.Confirmation{Action: desk1, Satisfaction: codes.SatisfactionNormal, Feedback: "took all day"}); err != nil {
		return err
	}
	if err := show("confirm", again); err != nil {
		return err
	}

	heading("Handed to problem management")
	// The fault recurred after an upgrade: a problem record, numbered by
	// the same daily allocator, linked both ways in one write.
	at(17, 10)
	inc, problem, err := desk.RaiseProblem(ctx, again.ID, incident.ProblemSpec{Action: desk1, Reason: "upgrades keep losing configuration"})
	if err != nil {
		return err
	}
	say("%s raised for %s (%s links to %s)", problem.ID, problem.Incident, inc.ID, inc.Problem)
	if _, _, err = desk.RaiseProblem(ctx, again.ID, incident.ProblemSpec{Action: desk1}); !errors.Is(err, incident.ErrProblemExists) {
		return fmt.Errorf("a second problem: %v, want ErrProblemExists", err)
	}
	say("raise again refused: %v", err)

	heading("Working time each tier held " + id.String())
	_, log, err := desk.Get(ctx, id)
	if err != nil {
		return err
	}
	office, ok := desk.Policy().Calendar(sla.OfficeCalendar)
	if !ok {
		return errors.New("the policy has no office calendar")
	}
	held, err := sla.TierTimes(incident.History(log), now, sla.TierConfig{Calendar: office})
	if err != nil {
		return err
	}
	for _, h := range held {
		e, err := tiers.Lookup(h.Tier)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-13s %-6s %s\n", e.Name.EN, dur(h.Working), e.Name.ZH)
	}
	fmt.Fprintf(w, "  escalated %d times, reassigned %d times; vendor involved: %t\n", closed.Escalations, closed.Reassignments, closed.Vendor)

	heading("Routed, claimed, the requester told, management told")
	at(17, 10)
	net, err := desk.Register(ctx, incident.Registration{
		Action: desk1, Summary: "Switch in building B drops every few minutes", Requester: "zhou.min",
		Source: codes.SourcePhone, Category: "hardware.network.switch", Priority: codes.P2,
	})
	if err != nil {
		return err
	}
	_, netLog, err := desk.Get(ctx, net.ID)
	if err != nil {
		return err
	}
	say("register   %s %s: %s", net.ID, net.Priority, netLog[len(netLog)-1].Text)
	if err := show("route", net); err != nil {
		return err
	}
	// The engine tells people; this story prints what it tells of net.
	mail := escalation.NotifierFunc(func(_ context.Context, n escalation.Notification) error {
		if n.Ticket.ID != net.ID || (n.Rule != "requester.registered" && n.Rule != escalation.ManagementRule) {
			return nil
		}
		fmt.Fprintf(w, "%s  notify     %s → %s\n", now.Format("15:04"), n.Rule, strings.Join(n.Recipients, ", "))
		return nil
	})
	engine, err := escalation.NewEngine(desk, escalation.EngineConfig{Notifier: mail, Directory: escalation.StaticDirectory{
		escalation.RoleServiceManager: {"feng (service manager)"}, escalation.RoleServiceDirector: {"chu (service director)"},
	}})
	if err != nil {
		return err
	}
	if _, err := engine.Tick(ctx); err != nil {
		return err
	}
	queue, err := desk.Queue(ctx, incident.Filter{Group: "network", Unassigned: true})
	if err != nil {
		return err
	}
	say("queue      network, unassigned: %d ticket(s), first %s", len(queue), queue[0].ID)
	at(17, 12)
	if _, err = desk.Claim(ctx, net.ID, incident.Action{Actor: "chen"}); !errors.Is(err, incident.ErrForbidden) {
		return fmt.Errorf("a claim from outside the group: %v, want ErrForbidden", err)
	}
	say("claim      refused: %v", err)
	if net, err = desk.Claim(ctx, net.ID, incident.Action{Actor: "sun"}); err != nil {
		return err
	}
	if err := show("claim", net); err != nil {
		return err
	}
	at(17, 40)
	n, err := engine.EscalateToManagement(ctx, net.ID, escalation.ManagementEscalation{
		Action: incident.Action{Actor: "zhao"}, Key: "spare-switch", Reason: "a spare switch must be bought tonight",
	})
	if err != nil {
		return err
	}
	say("           %s", n.Text)
	fmt.Fprintf(w, "  claimed, not reassigned: reassigned %d times\n", net.Reassignments)
	return nil
}

// clock describes one SLA clock on one line.
func clock(s sla.Status) string {
	if s.State == sla.NotStarted {
		return fmt.Sprintf("%-10s %-11s goal %s", s.Target, "not started", dur(s.Goal))
	}
	return fmt.Sprintf("%-10s %-11s %s of %s, due %s", s.Target, s.State, dur(s.Elapsed), dur(s.Goal), s.Deadline.Format(when))
}

// dur writes a duration without trailing zero units: 2h50m, 5m, 0s.
func dur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
