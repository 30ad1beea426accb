package incident_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// clock is a settable Now for a Desk.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// bj is a time in Beijing on Monday 17 November 2025, a working day.
func bj(h, m int) time.Time { return time.Date(2025, 11, 17, h, m, 0, 0, shanghai) }

func newDesk(t *testing.T, cfg incident.Config) (*incident.Desk, *clock) {
	t.Helper()
	clk := &clock{t: bj(9, 0)}
	if cfg.Store == nil {
		cfg.Store = memstore.New()
	}
	cfg.Now = clk.Now
	cfg.Location = shanghai
	d, err := incident.NewDesk(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d, clk
}

var ctx = context.Background()

func p3(actor string) incident.Registration {
	return incident.Registration{
		Action: incident.Action{Actor: actor}, Summary: "Office mail slow", Requester: "li.lei",
		Source: codes.SourcePhone, Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh,
	}
}

// TestDeskMainFlow runs register → assign → start → resolve → confirm and
// checks the SLA fields against the seed's P3 targets worked out by hand on
// China office hours (09:00–12:00, 13:30–18:00): response 30 min from
// assignment, resolution 3 h from the start of work.
func TestDeskMainFlow(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, err := d.Register(ctx, p3("desk"))
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID.String() != "IM251117000001" || tk.Status != codes.StatusRegistered || tk.Priority != codes.P3 || tk.Major || tk.Tier != codes.TierServiceDesk || tk.Version != 1 {
		t.Fatalf("registered %+v", tk)
	}
	if !tk.NextDue.IsZero() {
		t.Errorf("nothing runs before assignment under the seed policy, NextDue = %v", tk.NextDue)
	}

	clk.Set(bj(9, 10))
	tk, err = d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Group: "mail", Assignee: "wang", Tier: codes.TierL1})
	if err != nil {
		t.Fatal(err)
	}
	// Response: 30 min from 09:10 is 09:40; the 80% warning at 09:34.
	if !tk.PlannedResponse.Equal(bj(9, 40)) || !tk.NextDue.Equal(bj(9, 34)) {
		t.Errorf("assigned: planned response %v, next due %v; want 09:40, 09:34", tk.PlannedResponse, tk.NextDue)
	}

	clk.Set(bj(9, 30))
	tk, err = d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	if err != nil {
		t.Fatal(err)
	}
	// Resolution: 3 h from 09:30 is 2.5 h to noon and 0.5 h after lunch.
	if tk.RespondedOnTime != incident.OnTimeYes || !tk.ActualResponse.Equal(bj(9, 30)) || !tk.PlannedResolution.Equal(bj(14, 0)) {
		t.Errorf("started: responded %q at %v, planned resolution %v; want yes, 09:30, 14:00", tk.RespondedOnTime, tk.ActualResponse, tk.PlannedResolution)
	}

	clk.Set(bj(15, 0))
	tk, err = d.Resolve(ctx, tk.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "queue cleared", Closure: codes.ClosureL1})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != codes.StatusResolved || tk.ResolvedOnTime != incident.OnTimeNo || !tk.ActualResolution.Equal(bj(15, 0)) || !tk.NextDue.IsZero() || !tk.Closed.IsZero() {
		t.Errorf("resolved: %q on time %q at %v next %v closed %v", tk.Status, tk.ResolvedOnTime, tk.ActualResolution, tk.NextDue, tk.Closed)
	}

	clk.Set(bj(16, 0))
	tk, err = d.Confirm(ctx, tk.ID, incident.Confirmation{Action: incident.Action{Actor: "desk"}, Satisfaction: codes.SatisfactionNormal})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != codes.StatusClosed || tk.Version != 5 || tk.Satisfaction != codes.SatisfactionNormal || !tk.Closed.Equal(bj(16, 0)) {
		t.Errorf("confirmed: %+v", tk)
	}

	// The stored ticket is what replaying its log gives, plus the SLA.
	stored, log, err := d.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := incident.Replay(tk.ID, log)
	if err != nil {
		t.Fatal(err)
	}
	replayed.Version = stored.Version
	replayed.PlannedResponse, replayed.ActualResponse, replayed.RespondedOnTime = stored.PlannedResponse, stored.ActualResponse, stored.RespondedOnTime
	replayed.PlannedResolution, replayed.ActualResolution, replayed.ResolvedOnTime = stored.PlannedResolution, stored.ActualResolution, stored.ResolvedOnTime
	replayed.Closed = bj(16, 0) // confirmed then
	if diff := cmp.Diff(replayed, stored); diff != "" {
		t.Errorf("stored ticket differs from its replayed log (-replay +stored):\n%s", diff)
	}
	var events []incident.Event
	for _, e := range log {
		events = append(events, e.Event)
	}
	want := []incident.Event{"", incident.EventAssign, incident.EventStart, incident.EventResolve, incident.EventConfirm}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("log events (-want +got):\n%s", diff)
	}
}

func TestDeskRefusesBadCommandsWritingNothing(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	clk.Set(bj(9, 5))
	act := incident.Action{Actor: "wang"}
	checks := []struct {
		name string
		run  func() error
		want error
	}{
		{"resolve before start", func() error {
			_, err := d.Resolve(ctx, tk.ID, incident.Resolution{Action: act, Solution: "x", Closure: codes.ClosureL1})
			return err
		}, incident.ErrInvalidTransition},
		{"no actor", func() error {
			_, err := d.Assign(ctx, tk.ID, incident.Assignment{Assignee: "wang"})
			return err
		}, incident.ErrInvalidCommand},
		{"nobody to assign to", func() error {
			_, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act})
			return err
		}, incident.ErrInvalidCommand},
		{"back in time", func() error {
			_, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk", At: bj(8, 0)}, Assignee: "wang"})
			return err
		}, incident.ErrInvalidCommand},
		{"in the future", func() error {
			_, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk", At: bj(23, 0)}, Assignee: "wang"})
			return err
		}, incident.ErrInvalidCommand},
		{"unknown tier", func() error {
			_, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang", Tier: "l9"})
			return err
		}, incident.ErrInvalidCommand},
		{"unknown ticket", func() error {
			id, _ := codes.ParseID("IM251117000099")
			_, err := d.Start(ctx, id, act)
			return err
		}, incident.ErrNotFound},
		{"unknown closure code", func() error {
			_, err := d.Close(ctx, tk.ID, incident.Closing{Action: incident.Action{Actor: "desk"}, Closure: "maybe"})
			return err
		}, incident.ErrInvalidCommand},
		{"close by another", func() error {
			_, err := d.Close(ctx, tk.ID, incident.Closing{Action: act, Closure: codes.ClosureFalseAlarm})
			return err
		}, incident.ErrForbidden},
		{"empty comment", func() error {
			_, err := d.Comment(ctx, tk.ID, act, " ")
			return err
		}, incident.ErrInvalidCommand},
		{"duplicate of nothing", func() error {
			other, _ := codes.ParseID("IM251117000042")
			_, err := d.MarkDuplicate(ctx, tk.ID, other, act)
			return err
		}, incident.ErrInvalidCommand},
	}
	for _, c := range checks {
		if err := c.run(); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	after, log, _ := d.Get(ctx, tk.ID)
	if after.Version != 1 || len(log) != 1 {
		t.Errorf("refused commands wrote: version %d, %d entries", after.Version, len(log))
	}

	for name, r := range map[string]incident.Registration{
		"no summary":       {Action: act, Impact: codes.ImpactLow, Urgency: codes.UrgencyLow},
		"no priority":      {Action: act, Summary: "x"},
		"unknown impact":   {Action: act, Summary: "x", Impact: "huge", Urgency: codes.UrgencyLow},
		"bad priority":     {Action: act, Summary: "x", Priority: 9},
		"unknown source":   {Action: act, Summary: "x", Priority: codes.P4, Source: "pigeon"},
		"unknown system":   {Action: act, Summary: "x", Priority: codes.P4, System: "nowhere"},
		"unknown category": {Action: act, Summary: "x", Priority: codes.P4, Category: "hardware.toaster"},
		"no registrar":     {Summary: "x", Priority: codes.P4},
	} {
		if _, err := d.Register(ctx, r); !errors.Is(err, incident.ErrInvalidCommand) {
			t.Errorf("register %s: %v, want ErrInvalidCommand", name, err)
		}
	}
}

// TestDeskGuards: resolving needs a solution, a closure code and every task
// done; the refusal writes nothing.
func TestDeskGuards(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "wang"}
	clk.Set(bj(9, 10))
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"})
	d.Start(ctx, tk.ID, act)
	_, no, err := d.AddTask(ctx, tk.ID, incident.TaskSpec{Action: act, Summary: "replace disk", Assignee: "sun"})
	if err != nil || no != 1 {
		t.Fatalf("AddTask = %d, %v", no, err)
	}
	for name, r := range map[string]incident.Resolution{
		"no solution": {Action: act, Closure: codes.ClosureL1},
		"no closure":  {Action: act, Solution: "fixed"},
		"open task":   {Action: act, Solution: "fixed", Closure: codes.ClosureL1},
	} {
		var ge *incident.GuardError
		if _, err := d.Resolve(ctx, tk.ID, r); !errors.As(err, &ge) {
			t.Errorf("%s: %v, want a GuardError", name, err)
		}
	}
	if _, err := d.CompleteTask(ctx, tk.ID, 2, incident.TaskResult{Action: act, Closure: codes.ClosureL1}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("complete task 2: %v", err)
	}
	if _, err := d.CompleteTask(ctx, tk.ID, 1, incident.TaskResult{Action: incident.Action{Actor: "sun"}, Result: "replaced", Closure: codes.ClosureL2}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CompleteTask(ctx, tk.ID, 1, incident.TaskResult{Action: incident.Action{Actor: "sun"}, Closure: codes.ClosureL2}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("completing a task twice: %v", err)
	}
	tk, err = d.Resolve(ctx, tk.ID, incident.Resolution{Action: act, Solution: "fixed", Closure: codes.ClosureL1})
	if err != nil || tk.Status != codes.StatusResolved {
		t.Fatalf("resolve with the task done: %v", err)
	}
}

// TestDeskReject follows seed 000 step 100.7.3: the requester says it is not
// solved; the ticket closes as unresolved and a linked new ticket opens,
// assigned to the same handler.
func TestDeskReject(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "wang"}
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Group: "mail", Assignee: "wang", Tier: codes.TierL1})
	d.Start(ctx, tk.ID, act)
	d.Resolve(ctx, tk.ID, incident.Resolution{Action: act, Solution: "restarted", Closure: codes.ClosureL1})
	clk.Set(bj(10, 0))
	if _, _, err := d.Reject(ctx, tk.ID, act, "still slow"); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("reject by the handler, not the registrar: %v", err)
	}
	closed, reopened, err := d.Reject(ctx, tk.ID, incident.Action{Actor: "desk"}, "still slow")
	if err != nil {
		t.Fatal(err)
	}
	if closed.Status != codes.StatusClosed || closed.Closure != codes.ClosureUnresolved || closed.ReopenedAs != reopened.ID {
		t.Errorf("closed: %+v", closed)
	}
	if reopened.Status != codes.StatusAssigned || reopened.ReopenOf != closed.ID || reopened.Assignee != "wang" || reopened.Group != "mail" ||
		reopened.Priority != codes.P3 || reopened.Registrar != "desk" || reopened.ID.String() != "IM251117000002" {
		t.Errorf("reopened: %+v", reopened)
	}
	// The new ticket's response clock runs from its assignment.
	if !reopened.PlannedResponse.Equal(bj(10, 30)) {
		t.Errorf("reopened planned response %v, want 10:30", reopened.PlannedResponse)
	}
}

// TestDeskRejectAtL3: a ticket rejected while with a vendor reopens at L3
// with the vendor still involved.
func TestDeskRejectAtL3(t *testing.T) {
	t.Parallel()
	d, _ := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "desk"}
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Group: "net", Assignee: "zhao", Tier: codes.TierL2})
	if _, err := d.Escalate(ctx, tk.ID, incident.Assignment{Action: act, Group: "vendor", Assignee: "liu"}); err != nil {
		t.Fatal(err)
	}
	d.Start(ctx, tk.ID, act)
	if _, err := d.Resolve(ctx, tk.ID, incident.Resolution{Action: act, Solution: "firmware", Closure: codes.ClosureSuccess}); err != nil {
		t.Fatal(err)
	}
	_, reopened, err := d.Reject(ctx, tk.ID, act, "still down")
	if err != nil {
		t.Fatal(err)
	}
	if reopened.Tier != codes.TierL3 || !reopened.Vendor || reopened.Assignee != "liu" {
		t.Errorf("reopened at tier %q, vendor %v, with %q; want L3, the vendor, liu", reopened.Tier, reopened.Vendor, reopened.Assignee)
	}
}

// TestDeskResolverRole: Resolve records the resolver role (seed 003 §5.11
// 事件解决人角色) given, or else the role of the tier that holds the ticket,
// as a change in the log, so that replaying the log gives it back.
func TestDeskResolverRole(t *testing.T) {
	t.Parallel()
	d, _ := newDesk(t, incident.Config{})
	act := incident.Action{Actor: "desk"}
	resolve := func(tier codes.Tier, role codes.ResolverRole) (*incident.Ticket, error) {
		t.Helper()
		tk, err := d.Register(ctx, p3("desk"))
		if err != nil {
			t.Fatal(err)
		}
		a := incident.Assignment{Action: act, Assignee: "wang", Tier: tier}
		if _, err := d.Assign(ctx, tk.ID, a); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Start(ctx, tk.ID, act); err != nil {
			t.Fatal(err)
		}
		return d.Resolve(ctx, tk.ID, incident.Resolution{Action: act, Solution: "fixed", Closure: codes.ClosureSuccess, Role: role})
	}
	for _, tt := range []struct {
		tier codes.Tier
		role codes.ResolverRole
		want codes.ResolverRole
	}{
		{"", "", codes.ResolverServiceDesk}, // registered at the service desk, kept there
		{codes.TierL1, "", codes.ResolverL1},
		{codes.TierL2, "", codes.ResolverL2},
		{codes.TierL3, "", codes.ResolverL3},
		{codes.TierL2, codes.ResolverField, codes.ResolverField},
	} {
		tk, err := resolve(tt.tier, tt.role)
		if err != nil {
			t.Fatalf("tier %q role %q: %v", tt.tier, tt.role, err)
		}
		if tk.ResolverRole != tt.want {
			t.Errorf("tier %q role %q: resolver role %q, want %q", tt.tier, tt.role, tk.ResolverRole, tt.want)
		}
		_, log, _ := d.Get(ctx, tk.ID)
		replayed, err := incident.Replay(tk.ID, log)
		if err != nil {
			t.Fatal(err)
		}
		if replayed.ResolverRole != tt.want {
			t.Errorf("tier %q role %q: replayed resolver role %q, want %q", tt.tier, tt.role, replayed.ResolverRole, tt.want)
		}
	}

	tk, _ := d.Register(ctx, p3("desk"))
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"})
	d.Start(ctx, tk.ID, act)
	_, err := d.Resolve(ctx, tk.ID, incident.Resolution{Action: act, Solution: "fixed", Closure: codes.ClosureSuccess, Role: "wizard"})
	var ce *incident.CommandError
	if !errors.As(err, &ce) || ce.Field != "role" || !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("unknown role: %v, want a CommandError on role", err)
	}
	if got, _, _ := d.Get(ctx, tk.ID); got.Status != codes.StatusInProgress || got.ResolverRole != "" {
		t.Errorf("after a refused resolve: %q, role %q", got.Status, got.ResolverRole)
	}
}

// TestDeskMonitoring: a monitoring alert that repeats attaches to its open
// ticket, and a monitoring ticket closes itself on resolution.
func TestDeskMonitoring(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	alert := incident.Registration{
		Action: incident.Action{Actor: "zabbix"}, Summary: "disk full on mx-01", Source: codes.SourceMonitoring,
		ExternalKey: "mx-01/disk", Priority: codes.P4,
	}
	first, err := d.Register(ctx, alert)
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(bj(9, 1))
	again, err := d.Register(ctx, alert)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Alerts != 1 {
		t.Errorf("repeat opened %s (alerts %d), want %s", again.ID, again.Alerts, first.ID)
	}
	act := incident.Action{Actor: "ops"}
	d.Assign(ctx, first.ID, incident.Assignment{Action: act, Assignee: "ops"})
	d.Start(ctx, first.ID, act)
	tk, err := d.Resolve(ctx, first.ID, incident.Resolution{Action: act, Solution: "logs rotated", Closure: codes.ClosureL1})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != codes.StatusClosed {
		t.Errorf("monitoring ticket after resolve: %q, want closed", tk.Status)
	}
	_, log, _ := d.Get(ctx, first.ID)
	if last := log[len(log)-1]; last.Actor != "system" || last.Event != incident.EventClose {
		t.Errorf("last entry %+v, want the system's close", last)
	}
	// Once closed, the same alert opens a new ticket.
	clk.Set(bj(9, 30))
	third, _ := d.Register(ctx, alert)
	if third.ID == first.ID {
		t.Error("an alert repeated after closure attached to the closed ticket")
	}
}

// A command that loses a race runs again on the ticket as the winner left
// it: nothing of either is lost, and the loser's plan sees the winner's
// change.
func TestDeskRetriesAConflict(t *testing.T) {
	t.Parallel()
	store := &conflictStore{Store: memstore.New()}
	var obs []incident.Observation
	d, _ := newDesk(t, incident.Config{Store: store, Observe: func(_ context.Context, o incident.Observation) { obs = append(obs, o) }})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "desk"}
	store.meddle = func() {
		if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "zhao"}); err != nil {
			t.Error(err)
		}
	}
	// The loser was an assignment too: on the fresh ticket it is no longer
	// allowed, and says so rather than ErrConflict.
	if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"}); !errors.Is(err, incident.ErrInvalidTransition) {
		t.Errorf("assign after another assignment: %v, want ErrInvalidTransition", err)
	}
	store.meddle = func() {
		if _, err := d.Comment(ctx, tk.ID, act, "meanwhile"); err != nil {
			t.Error(err)
		}
	}
	got, err := d.Start(ctx, tk.ID, act)
	if err != nil || got.Status != codes.StatusInProgress || got.Version != 4 {
		t.Fatalf("start after a comment: %v, %+v", err, got)
	}
	_, log, _ := d.Get(ctx, tk.ID)
	if len(log) != 4 || log[2].Text != "meanwhile" || log[3].Event != incident.EventStart {
		t.Errorf("log %+v, want the comment then the start", log)
	}
	last := obs[len(obs)-1]
	if last.Command != "start" || last.Attempts != 2 || last.Loads != 2 || last.Evaluations != 2 || last.Err != nil {
		t.Errorf("observed %+v, want start in 2 attempts, 2 loads, 2 evaluations", last)
	}
}

func TestDeskEscalateAndReprioritize(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "desk"}
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"})
	for _, want := range []codes.Tier{codes.TierL1, codes.TierL2, codes.TierL3} {
		var err error
		tk, err = d.Escalate(ctx, tk.ID, incident.Assignment{Action: act, Group: string(want)})
		if err != nil || tk.Tier != want {
			t.Fatalf("escalate to %s: %q, %v", want, tk.Tier, err)
		}
	}
	if !tk.Vendor || tk.Escalations != 3 || tk.Reassignments != 0 || tk.Assignee != "" {
		t.Errorf("at L3: vendor %v, escalations %d, reassignments %d, assignee %q; want a vendor, 3 escalations and no reassignment, the L2 assignee gone", tk.Vendor, tk.Escalations, tk.Reassignments, tk.Assignee)
	}
	if _, err := d.Escalate(ctx, tk.ID, incident.Assignment{Action: act, Group: "x"}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("escalate past L3: %v", err)
	}

	clk.Set(bj(9, 20))
	d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	clk.Set(bj(10, 20))
	// An hour into the 3 h of a P3, it becomes a P1 (1 h): the hour counted
	// stays counted, so the P1 is due at once and is overdue.
	tk, err := d.Reprioritize(ctx, tk.ID, incident.Reprioritization{Action: act, Impact: codes.ImpactHigh, Urgency: codes.UrgencyCritical})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Priority != codes.P1 || !tk.Major || !tk.PlannedResolution.Equal(bj(10, 20)) {
		t.Errorf("reprioritized: %s major %v planned %v; want P1, major, 10:20", tk.Priority, tk.Major, tk.PlannedResolution)
	}
	if _, err := d.Reprioritize(ctx, tk.ID, incident.Reprioritization{Action: act, Impact: codes.ImpactHigh}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("a reprioritization that changes nothing: %v", err)
	}
}

func TestDeskAutoClose(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{AutoCloseAfter: 24 * time.Hour})
	act := incident.Action{Actor: "desk"}
	low, _ := d.Register(ctx, incident.Registration{Action: act, Summary: "new mouse", Impact: codes.ImpactLow, Urgency: codes.UrgencyLow})
	high, _ := d.Register(ctx, p3("desk"))
	for _, id := range []codes.ID{low.ID, high.ID} {
		d.Assign(ctx, id, incident.Assignment{Action: act, Assignee: "wang"})
		d.Start(ctx, id, act)
		d.Resolve(ctx, id, incident.Resolution{Action: act, Solution: "done", Closure: codes.ClosureServiceDesk})
	}
	tk, _, _ := d.Get(ctx, low.ID)
	if !tk.NextDue.Equal(bj(9, 0).Add(24 * time.Hour)) {
		t.Errorf("low-urgency resolved ticket due %v, want a day after resolution", tk.NextDue)
	}
	// A note added later does not move the auto-close: it counts from the
	// resolution.
	clk.Set(bj(12, 0))
	if tk, err := d.Comment(ctx, low.ID, act, "user says thanks"); err != nil || !tk.NextDue.Equal(bj(9, 0).Add(24*time.Hour)) {
		t.Errorf("after a note: due %v, %v; want a day after resolution", tk.NextDue, err)
	}
	clk.Set(bj(9, 0).Add(23 * time.Hour))
	if ids, err := d.AutoClose(ctx); err != nil || len(ids) != 0 {
		t.Errorf("AutoClose before the day: %v, %v", ids, err)
	}
	clk.Set(bj(9, 0).Add(24 * time.Hour))
	ids, err := d.AutoClose(ctx)
	if err != nil || len(ids) != 1 || ids[0] != low.ID {
		t.Errorf("AutoClose after a day: %v, %v; want %s", ids, err, low.ID)
	}
	if tk, _, _ := d.Get(ctx, high.ID); tk.Status != codes.StatusResolved {
		t.Errorf("high-urgency ticket auto-closed")
	}
}

// conflictStore lets another writer save between a command's load and save.
type conflictStore struct {
	incident.Store
	meddle func()
}

func (s *conflictStore) Save(ctx context.Context, t *incident.Ticket, es []incident.Entry, read int64) error {
	if s.meddle != nil {
		m := s.meddle
		s.meddle = nil
		m()
	}
	return s.Store.Save(ctx, t, es, read)
}

func TestDeskConflictAndHooks(t *testing.T) {
	t.Parallel()
	store := &conflictStore{Store: memstore.New()}
	var commits []incident.Commit
	d, _ := newDesk(t, incident.Config{Store: store, Retries: -1, OnCommit: []func(context.Context, incident.Commit){
		func(_ context.Context, c incident.Commit) { commits = append(commits, c) },
	}})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "desk"}
	store.meddle = func() {
		if _, err := d.Comment(ctx, tk.ID, act, "meanwhile"); err != nil {
			t.Error(err)
		}
	}
	if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"}); !errors.Is(err, incident.ErrConflict) {
		t.Errorf("assign after another save: %v, want ErrConflict", err)
	}
	after, log, _ := d.Get(ctx, tk.ID)
	if after.Status != codes.StatusRegistered || len(log) != 2 || after.Version != 2 {
		t.Errorf("after the conflict: %q, %d entries, version %d", after.Status, len(log), after.Version)
	}
	if len(commits) != 2 || commits[0].Entries[0].Type != incident.EntryRegister || commits[1].Entries[0].Text != "meanwhile" {
		t.Errorf("hooks saw %d commits", len(commits))
	}
	commits[1].Ticket.Summary = "changed by a hook"
	if again, _, _ := d.Get(ctx, tk.ID); again.Summary == "changed by a hook" {
		t.Error("a hook's copy shares memory with the store")
	}
}

func TestDeskBackfill(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	clk.Set(bj(17, 0))
	// A major incident handled at 09:00 and recorded at the end of the day.
	act := func(h, m int) incident.Action { return incident.Action{Actor: "desk", At: bj(h, m)} }
	r := p3("desk")
	r.Action = act(9, 0)
	r.Priority = codes.P1
	tk, err := d.Register(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if !tk.Major || !tk.Created.Equal(bj(9, 0)) {
		t.Errorf("back-filled: major %v created %v", tk.Major, tk.Created)
	}
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act(9, 2), Assignee: "wang"})
	tk, _ = d.Start(ctx, tk.ID, act(9, 4))
	if tk.RespondedOnTime != incident.OnTimeYes || !tk.PlannedResponse.Equal(bj(9, 7)) {
		t.Errorf("back-filled response: %q, planned %v; want yes at 09:07", tk.RespondedOnTime, tk.PlannedResponse)
	}
}

// soon is an Escalation whose Scheduler wants every open ticket seen a
// minute after its last change.
type soon struct{}

func (soon) Compile(*sla.Policy) (incident.Scheduler, error) { return soon{}, nil }

func (soon) Next(t *incident.Ticket, log []incident.Entry, _ *sla.Result, _ time.Time) time.Time {
	return log[len(log)-1].At.Add(time.Minute)
}

func TestDeskSchedulers(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{Escalation: soon{}})
	tk, _ := d.Register(ctx, p3("desk"))
	if !tk.NextDue.Equal(bj(9, 1)) {
		t.Errorf("registered: NextDue %v, want the scheduler's 09:01", tk.NextDue)
	}
	clk.Set(bj(9, 10))
	tk, _ = d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"})
	if !tk.NextDue.Equal(bj(9, 11)) {
		t.Errorf("assigned: NextDue %v, want 09:11, before the SLA's 09:34", tk.NextDue)
	}
}

func TestDeskRecordIsIdempotentByKey(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	clk.Set(bj(9, 5))
	sys := incident.Action{Actor: "escalation"}
	fire := []incident.Entry{
		{Type: "escalation", Key: "IM251117000001/notify/1", Text: "incident manager notified"},
		{Type: "escalation", Key: "IM251117000001/notify/1", Text: "the same again"},
		{Type: "escalation", Key: "IM251117000001/major/1", Changes: []incident.Change{{Field: incident.FieldMajor, Value: "true"}}},
	}
	got, appended, err := d.Record(ctx, tk.ID, sys, fire)
	if err != nil || len(appended) != 2 || !got.Major || got.Version != 2 {
		t.Fatalf("Record = %d entries, major %v, version %d, %v", len(appended), got.Major, got.Version, err)
	}
	if appended[0].Seq != 2 || appended[0].Actor != "escalation" || !appended[0].At.Equal(bj(9, 5)) {
		t.Errorf("appended %+v", appended[0])
	}
	again, appended, err := d.Record(ctx, tk.ID, sys, fire)
	if err != nil || len(appended) != 0 || again.Version != 2 {
		t.Errorf("recording the same keys again: %d entries, version %d, %v", len(appended), again.Version, err)
	}
	if _, _, err := d.Record(ctx, tk.ID, sys, []incident.Entry{{Text: "no type"}}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("an entry without a type: %v", err)
	}
	if _, _, err := d.Record(ctx, tk.ID, sys, []incident.Entry{{Type: "x", Event: incident.EventResolve}}); !errors.Is(err, incident.ErrInvalidTransition) {
		t.Errorf("an event the status does not allow: %v", err)
	}
}

// TestDeskRefresh: when a ticket's NextDue passes with no command, Refresh
// moves its SLA fields and NextDue on, and saves nothing when nothing moved.
func TestDeskRefresh(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	clk.Set(bj(9, 10))
	tk, _ = d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"})
	if !tk.NextDue.Equal(bj(9, 34)) {
		t.Fatalf("NextDue %v, want the 80%% warning at 09:34", tk.NextDue)
	}
	clk.Set(bj(9, 35))
	tk, err := d.Refresh(ctx, tk.ID)
	if err != nil || !tk.NextDue.Equal(bj(9, 40)) || tk.Version != 3 {
		t.Fatalf("after the warning: NextDue %v version %d, %v; want the breach at 09:40", tk.NextDue, tk.Version, err)
	}
	if again, _ := d.Refresh(ctx, tk.ID); again.Version != 3 {
		t.Errorf("a refresh with nothing to move saved (version %d)", again.Version)
	}
	clk.Set(bj(9, 41))
	tk, _ = d.Refresh(ctx, tk.ID)
	if tk.RespondedOnTime != incident.OnTimeNo || !tk.NextDue.IsZero() {
		t.Errorf("after the breach: responded %q, NextDue %v", tk.RespondedOnTime, tk.NextDue)
	}
	if _, log, _ := d.Get(ctx, tk.ID); len(log) != 2 {
		t.Errorf("Refresh appended to the log: %d entries", len(log))
	}
}

// TestDeskSLA: the whole status of a ticket's clocks, at the Desk's now or
// an instant given. A P3 assigned at 09:10 and started at 09:20 (seed
// policy, office hours): resolution 3 h from 09:20 is due 13:50 after
// lunch; at 11:20, 2 h counted and 1 h left.
func TestDeskSLA(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "wang"}
	clk.Set(bj(9, 10))
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Group: "mail", Assignee: "wang"})
	clk.Set(bj(9, 20))
	d.Start(ctx, tk.ID, act)
	clk.Set(bj(11, 20))
	got, r, err := d.SLA(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := r.Target(sla.Resolution)
	if got.ID != tk.ID || !ok || s.State != sla.Running || s.Elapsed != 2*time.Hour || s.Remaining != time.Hour || !s.Deadline.Equal(bj(13, 50)) {
		t.Errorf("at 11:20: %+v", s)
	}
	_, r, _ = d.SLAAt(ctx, tk.ID, bj(14, 0))
	if s, _ := r.Target(sla.Resolution); s.State != sla.Breached || !s.Breached.Equal(bj(13, 50)) {
		t.Errorf("at 14:00: %+v", s)
	}
	if _, _, err := d.SLA(ctx, codes.ID{}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("SLA of no ticket: %v, want ErrNotFound", err)
	}
}

// The Desk's Logger has a record of each command: Debug when it commits,
// Info when it is refused, with the command, ticket and actor.
func TestDeskLogger(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || a.Key == "duration" {
			return slog.Attr{}
		}
		return a
	}}))
	d, _ := newDesk(t, incident.Config{Logger: logger})
	tk, _ := d.Register(ctx, p3("desk"))
	d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	d.Comment(ctx, tk.ID, incident.Action{Actor: "wang"}, "looking")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{
		`level=INFO msg="incident: command refused" command=start actor=wang ticket=IM251117000001 err="incident: invalid transition: \"start\" is not allowed from status \"registered\" (allowed: assign, close)"`,
		`level=DEBUG msg="incident: command" command=comment actor=wang ticket=IM251117000001`,
	}
	if len(lines) < 2 || !slices.Equal(lines[len(lines)-2:], want) {
		t.Errorf("log:\n%s\nwant the last two lines:\n%s", buf.String(), strings.Join(want, "\n"))
	}
}

// TestDeskRegisterRefusedTakesNoNumber: a registration refused after its
// number would have been taken (its SLA cannot be evaluated: the calendar
// refuses dates past 2026) leaves no gap in the day's ids.
func TestDeskRegisterRefusedTakesNoNumber(t *testing.T) {
	t.Parallel()
	cals := sla.DefaultCalendars()
	office := calendar.ChinaOffice()
	office.KnownThrough, office.Beyond = 2026, calendar.BeyondError
	cals["office"] = calendar.Must(calendar.New(office))
	pol, err := sla.New(sla.RegistrationConfig(), cals) // the clocks start at registration
	if err != nil {
		t.Fatal(err)
	}
	d, clk := newDesk(t, incident.Config{Policy: pol})
	clk.Set(time.Date(2026, 12, 31, 17, 0, 0, 0, shanghai))
	p5 := incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "wallpaper", Priority: codes.P5}
	if _, err := d.Register(ctx, p5); !errors.Is(err, calendar.ErrBeyondKnown) {
		t.Fatalf("P5 whose deadline falls in 2027: %v, want ErrBeyondKnown", err)
	}
	p1 := incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "core switch down", Priority: codes.P1}
	tk, err := d.Register(ctx, p1)
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID.String() != "IM261231000001" {
		t.Errorf("the day's first ticket after a refused registration is %s, want IM261231000001", tk.ID)
	}
}

// failCreateStore fails every Create made within a Write, after the
// write's other calls.
type failCreateStore struct{ incident.Store }

var errCreate = errors.New("test: create fails")

func (s failCreateStore) Write(ctx context.Context, fn func(incident.Tx) error) error {
	return s.Store.Write(ctx, func(tx incident.Tx) error { return fn(failCreateTx{tx}) })
}

type failCreateTx struct{ incident.Tx }

func (failCreateTx) Create(*incident.Ticket, []incident.Entry) error { return errCreate }

// TestDeskRejectAtomic: when the new ticket of a rejection cannot be
// created, the old ticket is not closed either, and the number is not used.
func TestDeskRejectAtomic(t *testing.T) {
	t.Parallel()
	mem := memstore.New()
	d, _ := newDesk(t, incident.Config{Store: mem})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "wang"}
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Group: "mail", Assignee: "wang"})
	d.Start(ctx, tk.ID, act)
	tk, err := d.Resolve(ctx, tk.ID, incident.Resolution{Action: act, Solution: "restarted", Closure: codes.ClosureL1})
	if err != nil {
		t.Fatal(err)
	}
	_, before, _ := d.Get(ctx, tk.ID)
	failing, _ := newDesk(t, incident.Config{Store: failCreateStore{mem}})
	if _, _, err := failing.Reject(ctx, tk.ID, incident.Action{Actor: "desk"}, "still slow"); !errors.Is(err, errCreate) {
		t.Fatalf("reject whose new ticket fails: %v, want the create's error", err)
	}
	after, log, _ := d.Get(ctx, tk.ID)
	if after.Status != codes.StatusResolved || after.Version != tk.Version || len(log) != len(before) || !after.ReopenedAs.IsZero() {
		t.Errorf("after the refused reject: %s at version %d with %d entries, reopened as %v; want it as it was", after.Status, after.Version, len(log), after.ReopenedAs)
	}
	_, reopened, err := d.Reject(ctx, tk.ID, incident.Action{Actor: "desk"}, "still slow")
	if err != nil {
		t.Fatal(err)
	}
	if reopened.ID.String() != "IM251117000002" {
		t.Errorf("the new ticket is %s, want IM251117000002: the refused reject took a number", reopened.ID)
	}
}

// TestDeskRefusesBadText: every command refuses text that is not valid
// UTF-8, holds a NUL or is too long, naming the field, and writes nothing.
func TestDeskRefusesBadText(t *testing.T) {
	t.Parallel()
	d, _ := newDesk(t, incident.Config{})
	tk, err := d.Register(ctx, p3("desk"))
	if err != nil {
		t.Fatal(err)
	}
	_, before, _ := d.Get(ctx, tk.ID)
	const nul, bad = "a\x00b", "a\xffb"
	long := strings.Repeat("x", incident.MaxNameLen+1)
	act := incident.Action{Actor: "desk"}
	id := tk.ID
	cases := []struct {
		field string
		cmd   func() error
	}{
		{"actor", func() error { _, err := d.Start(ctx, id, incident.Action{Actor: bad}); return err }},
		{"actor", func() error { _, err := d.Comment(ctx, id, incident.Action{Actor: long}, "hi"); return err }},
		{"text", func() error { _, err := d.Comment(ctx, id, act, nul); return err }},
		{"group", func() error { _, err := d.Assign(ctx, id, incident.Assignment{Action: act, Group: bad}); return err }},
		{"assignee", func() error {
			_, err := d.Assign(ctx, id, incident.Assignment{Action: act, Assignee: long})
			return err
		}},
		{"reason", func() error { _, err := d.Pend(ctx, id, act, nul); return err }},
		{"solution", func() error {
			_, err := d.Resolve(ctx, id, incident.Resolution{Action: act, Solution: bad, Closure: codes.ClosureL1})
			return err
		}},
		{"reason", func() error { _, _, err := d.Reject(ctx, id, act, bad); return err }},
		{"reason", func() error { _, err := d.Close(ctx, id, incident.Closing{Action: act, Reason: nul}); return err }},
		{"description", func() error { _, err := d.Update(ctx, id, incident.Update{Action: act, Description: bad}); return err }},
		{"attachments[1]", func() error {
			_, err := d.Update(ctx, id, incident.Update{Action: act, Attachments: []string{"ok.txt", nul}})
			return err
		}},
		{"kind", func() error { _, err := d.Link(ctx, id, incident.Link{To: id, Kind: bad}, act); return err }},
		{"summary", func() error {
			_, _, err := d.AddTask(ctx, id, incident.TaskSpec{Action: act, Summary: bad})
			return err
		}},
		{"result", func() error {
			_, err := d.CompleteTask(ctx, id, 1, incident.TaskResult{Action: act, Result: nul, Closure: codes.ClosureL1})
			return err
		}},
		{"note", func() error { _, err := d.Fire(ctx, id, "review", act, bad); return err }},
		{"entries[0].changes[0].value", func() error {
			_, _, err := d.Record(ctx, id, act, []incident.Entry{{Type: incident.EntryUpdate, Changes: []incident.Change{{Field: incident.FieldSummary, Value: bad}}}})
			return err
		}},
		{"entries[0].key", func() error {
			_, _, err := d.Record(ctx, id, act, []incident.Entry{{Type: incident.EntryComment, Key: strings.Repeat("k", incident.MaxKeyLen+1)}})
			return err
		}},
		{"external_key", func() error {
			r := p3("desk")
			r.ExternalKey = nul
			_, err := d.Register(ctx, r)
			return err
		}},
	}
	for i, c := range cases {
		err := c.cmd()
		var ce *incident.CommandError
		if !errors.Is(err, incident.ErrInvalidCommand) || !errors.As(err, &ce) || ce.Field != c.field {
			t.Errorf("case %d: error %.200v, want a *CommandError for %s", i, err, c.field)
		}
	}
	after, log, _ := d.Get(ctx, id)
	if len(log) != len(before) || after.Version != tk.Version {
		t.Errorf("after refused commands: %d entries at version %d, want %d at %d", len(log), after.Version, len(before), tk.Version)
	}
}

// The Desk's Now is its clock's instant in the Desk's zone, the zone of
// every instant it records.
func TestDeskNowInItsZone(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 11, 17, 1, 0, 0, 0, time.UTC)
	d, err := incident.NewDesk(incident.Config{Store: memstore.New(), Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Now(); !got.Equal(at) || got.Location() != d.Location() || d.Location().String() != "Asia/Shanghai" {
		t.Errorf("Now() = %v in %v, want %v in Asia/Shanghai, the default policy's zone", got, got.Location(), at)
	}
}

// TestDeskClockSetBack runs commands while the Desk's clock is set back
// (an NTP step): a command timed now is dated at the ticket's last entry,
// so that the log stays in order and the SLA reads it, in this process and
// from a store that keeps no monotonic clock readings; a command that
// names a time before the last entry is still refused.
func TestDeskClockSetBack(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	tk, err := d.Register(ctx, p3("desk"))
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(bj(9, 10))
	if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"}); err != nil {
		t.Fatal(err)
	}
	clk.Set(bj(9, 10).Add(-2 * time.Second)) // set back
	got, err := d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	if err != nil {
		t.Fatalf("a command while the clock is set back: %v", err)
	}
	if _, err := d.Comment(ctx, tk.ID, incident.Action{Actor: "wang", At: bj(9, 9)}, "earlier"); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("a command dated before the last entry: %v, want ErrInvalidCommand", err)
	}
	_, log, err := d.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if at := log[len(log)-1].At; !at.Equal(bj(9, 10)) {
		t.Errorf("the start is dated %v; want the last entry's time %v", at, bj(9, 10))
	}
	for i := 1; i < len(log); i++ {
		if log[i].At.Before(log[i-1].At) {
			t.Errorf("entry %d at %v is before entry %d at %v", i+1, log[i].At, i, log[i-1].At)
		}
	}
	// The SLA of the log, as a store without monotonic readings gives it.
	res, err := d.Policy().Evaluate(incident.History(log), bj(9, 30))
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := res.Target(sla.Response); !ok || s.State != sla.Met {
		t.Errorf("response %+v; want met", s)
	}
	if !got.ActualResponse.Equal(bj(9, 10)) {
		t.Errorf("ActualResponse %v; want %v", got.ActualResponse, bj(9, 10))
	}
}
