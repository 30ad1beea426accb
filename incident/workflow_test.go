package incident_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/internal/golden"
)

func TestWorkflowMermaid(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]incident.WorkflowConfig{
		"default": incident.DefaultWorkflowConfig(),
		"pending": incident.PendingWorkflowConfig(),
		"review":  incident.ReviewWorkflowConfig(),
	} {
		w, err := incident.NewWorkflow(cfg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		golden.Check(t, "workflow-"+name+".mmd", w.Mermaid())
	}
}

// TestDefaultWorkflowTable checks every status × event of the default
// workflow against seed 000's flow, written out by hand.
func TestDefaultWorkflowTable(t *testing.T) {
	t.Parallel()
	w, err := incident.NewWorkflow(incident.DefaultWorkflowConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := map[codes.Status][]incident.Event{
		codes.StatusRegistered: {incident.EventAssign, incident.EventClose},
		codes.StatusAssigned:   {incident.EventClose, incident.EventReassign, incident.EventStart},
		codes.StatusInProgress: {incident.EventReassign, incident.EventResolve},
		codes.StatusResolved:   {incident.EventClose, incident.EventConfirm, incident.EventReject, incident.EventReopen},
		codes.StatusClosed:     nil,
	}
	got := map[codes.Status][]incident.Event{}
	for _, s := range w.Statuses() {
		got[s] = w.Events(s)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events per status (-want +got):\n%s", diff)
	}
	if w.Initial() != codes.StatusRegistered || !w.Final(codes.StatusClosed) || w.Final(codes.StatusResolved) {
		t.Errorf("initial %q, final closed %v, final resolved %v", w.Initial(), w.Final(codes.StatusClosed), w.Final(codes.StatusResolved))
	}
}

func TestWorkflowFire(t *testing.T) {
	t.Parallel()
	w, _ := incident.NewWorkflow(incident.DefaultWorkflowConfig())
	ctx := context.Background()
	tk := &incident.Ticket{Status: codes.StatusAssigned}

	if to, err := w.Fire(ctx, tk, incident.EventStart); err != nil || to != codes.StatusInProgress {
		t.Errorf("start from assigned = %q, %v", to, err)
	}
	if to, err := w.Fire(ctx, tk, incident.EventReassign); err != nil || to != codes.StatusAssigned {
		t.Errorf("reassign from assigned = %q, %v", to, err)
	}
	_, err := w.Fire(ctx, tk, incident.EventResolve)
	var te *incident.TransitionError
	if !errors.As(err, &te) || !errors.Is(err, incident.ErrInvalidTransition) || te.Status != codes.StatusAssigned || te.Event != incident.EventResolve {
		t.Errorf("resolve from assigned = %v, want a TransitionError", err)
	}
	if _, err := w.Fire(ctx, tk, "fly"); !errors.Is(err, incident.ErrInvalidTransition) {
		t.Errorf("unknown event = %v", err)
	}

	tk.Status = codes.StatusInProgress
	guards := []struct {
		name   string
		ticket incident.Ticket
		reason string
	}{
		{"no solution", incident.Ticket{Status: codes.StatusInProgress, Closure: codes.ClosureL1}, "a solution is required"},
		{"blank solution", incident.Ticket{Status: codes.StatusInProgress, Solution: "  ", Closure: codes.ClosureL1}, "a solution is required"},
		{"no closure", incident.Ticket{Status: codes.StatusInProgress, Solution: "restarted"}, "a closure code is required"},
		{"open task", incident.Ticket{Status: codes.StatusInProgress, Solution: "restarted", Closure: codes.ClosureL1,
			Tasks: []incident.Task{{No: 1}}}, "1 task(s) still open"},
	}
	for _, g := range guards {
		_, err := w.Fire(ctx, &g.ticket, incident.EventResolve)
		var ge *incident.GuardError
		if !errors.As(err, &ge) || !errors.Is(err, incident.ErrGuard) || ge.Reason != g.reason {
			t.Errorf("%s: resolve = %v, want guard %q", g.name, err, g.reason)
		}
	}
	ok := incident.Ticket{Status: codes.StatusInProgress, Solution: "restarted", Closure: codes.ClosureL1}
	if to, err := w.Fire(ctx, &ok, incident.EventResolve); err != nil || to != codes.StatusResolved {
		t.Errorf("resolve = %q, %v", to, err)
	}
}

func TestNewWorkflowListsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := incident.NewWorkflow(incident.WorkflowConfig{
		Initial: "new",
		Transitions: []incident.Transition{
			{Event: "go", From: []codes.Status{"new"}, To: "loop"},
			{Event: "again", From: []codes.Status{"loop"}, To: "loop"},
			{Event: "go", From: []codes.Status{"new"}, To: "done"},
			{Event: "Bad Name", From: nil, To: ""},
			{Event: "jump", From: []codes.Status{"island"}, To: "done"},
		},
		Guards: map[incident.Event]incident.Guard{"go": nil},
	})
	var we *incident.WorkflowError
	if !errors.As(err, &we) || !errors.Is(err, incident.ErrInvalidWorkflow) {
		t.Fatalf("NewWorkflow = %v, want a WorkflowError", err)
	}
	want := []string{
		`guards["go"]: nil guard`,
		`status "done" cannot be reached from "new"`, // its only way in is the duplicate
		`status "island" cannot be reached from "new"`,
		`status "loop" cannot reach a final status: its tickets could never close`,
		`status "new" cannot reach a final status: its tickets could never close`,
		`transitions[2]: "go" from "new" is defined twice (to "loop" and "done")`,
		`transitions[3].event: "Bad Name" is not a lower-case name`,
		`transitions[3].from: no status`,
		`transitions[3].to: "" is not a status name`,
	}
	if diff := cmp.Diff(want, we.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestParseWorkflowConfig(t *testing.T) {
	t.Parallel()
	cfg, err := incident.ParseWorkflowConfig([]byte(`
name: helpdesk
initial: registered
transitions:
  - {event: assign, from: [registered], to: assigned}
  - {event: start, from: [assigned], to: in_progress}
  - {event: pend, from: [in_progress], to: on_hold}
  - {event: resume, from: [on_hold], to: in_progress}
  - {event: resolve, from: [in_progress], to: resolved}
  - {event: close, from: [resolved], to: closed}
`))
	if err != nil {
		t.Fatal(err)
	}
	w, err := incident.NewWorkflow(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if w.Name() != "helpdesk" || !w.Can("on_hold", incident.EventResume) || !w.Final(codes.StatusClosed) {
		t.Errorf("parsed workflow: %s, statuses %v", w.Name(), w.Statuses())
	}
	for name, doc := range map[string]string{
		"unknown field": "initial: registered\ntransition: []\n",
		"not a list":    "transitions: {event: go}\n",
	} {
		if _, err := incident.ParseWorkflowConfig([]byte(doc)); !errors.Is(err, incident.ErrInvalidWorkflow) {
			t.Errorf("%s: %v, want ErrInvalidWorkflow", name, err)
		}
	}
}

// ladderWorkflow returns a workflow of n statuses s0 … s(n-1): "up" moves
// one rung forward, "down" one rung back, and the last rung is final. Every
// status reaches every status before it, so a check that walks the graph
// from each status in turn is quadratic on it.
func ladderWorkflow(n int) incident.WorkflowConfig {
	name := func(i int) codes.Status { return codes.Status(fmt.Sprintf("s%d", i)) }
	c := incident.WorkflowConfig{Name: "ladder", Initial: name(0)}
	for i := range n - 1 {
		c.Transitions = append(c.Transitions,
			incident.Transition{Event: "up", From: []codes.Status{name(i)}, To: name(i + 1)})
		if i > 0 {
			c.Transitions = append(c.Transitions,
				incident.Transition{Event: "down", From: []codes.Status{name(i)}, To: name(i - 1)})
		}
	}
	return c
}

func TestNewWorkflowLarge(t *testing.T) {
	t.Parallel()
	const n = 20_000
	cfg := ladderWorkflow(n)
	// Linear work takes milliseconds here; a quadratic check takes minutes.
	// The limit is wide for slow machines and the race detector.
	done := make(chan struct{})
	var (
		w   *incident.Workflow
		err error
	)
	go func() {
		defer close(done)
		w, err = incident.NewWorkflow(cfg)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("NewWorkflow of %d statuses did not return within 10s", n)
	}
	if err != nil {
		t.Fatalf("NewWorkflow: %v", err)
	}
	if got := len(w.Statuses()); got != n {
		t.Errorf("%d statuses, want %d", got, n)
	}
	last := codes.Status(fmt.Sprintf("s%d", n-1))
	if !w.Final(last) || w.Final("s0") {
		t.Errorf("Final(%s) = %v, Final(s0) = %v; want true, false", last, w.Final(last), w.Final("s0"))
	}
	to, err := w.Fire(context.Background(), &incident.Ticket{Status: "s1"}, "down")
	if err != nil || to != "s0" {
		t.Errorf("Fire(s1, down) = %q, %v; want s0", to, err)
	}
}

// TestNewWorkflowReachability checks the reachability problems NewWorkflow
// reports on random workflows against a walk from each status in turn.
func TestNewWorkflowReachability(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		n := 1 + rng.IntN(8)
		name := func(i int) codes.Status { return codes.Status(fmt.Sprintf("s%d", i)) }
		cfg := incident.WorkflowConfig{Initial: name(0)}
		out := map[codes.Status][]codes.Status{}
		for e := range rng.IntN(2 * n) {
			from, to := name(rng.IntN(n)), name(rng.IntN(n))
			cfg.Transitions = append(cfg.Transitions, incident.Transition{
				Event: incident.Event(fmt.Sprintf("e%d", e)), From: []codes.Status{from}, To: to,
			})
			out[from] = append(out[from], to)
		}
		// The reference: the statuses named, and for each a walk of its own.
		statuses := map[codes.Status]bool{cfg.Initial: true}
		for from, tos := range out {
			statuses[from] = true
			for _, to := range tos {
				statuses[to] = true
			}
		}
		walk := func(s codes.Status) map[codes.Status]bool {
			seen := map[codes.Status]bool{s: true}
			for todo := []codes.Status{s}; len(todo) > 0; {
				s := todo[0]
				todo = todo[1:]
				for _, n := range out[s] {
					if !seen[n] {
						seen[n] = true
						todo = append(todo, n)
					}
				}
			}
			return seen
		}
		var want []string
		fromInitial := walk(cfg.Initial)
		for s := range statuses {
			if !fromInitial[s] {
				want = append(want, fmt.Sprintf("status %q cannot be reached from %q", s, cfg.Initial))
			}
			closes := false
			for f := range walk(s) {
				closes = closes || len(out[f]) == 0
			}
			if !closes {
				want = append(want, fmt.Sprintf("status %q cannot reach a final status: its tickets could never close", s))
			}
		}
		slices.Sort(want)

		_, err := incident.NewWorkflow(cfg)
		var got []string
		var we *incident.WorkflowError
		switch {
		case err == nil:
		case errors.As(err, &we):
			got = we.Problems
		default:
			t.Fatalf("NewWorkflow(%v) = %v, want nil or a *WorkflowError", cfg, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("NewWorkflow(%v) problems (-want +got):\n%s", cfg, diff)
		}
	}
}

// Every problem of decoding comes at once, each with its path.
func TestParseWorkflowConfigEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := incident.ParseWorkflowConfig([]byte(`
name: [helpdesk]
initial: registered
transitions:
  - {event: assign, form: [registered], to: assigned}
  - {event: start, from: assigned, to: in_progress}
`))
	var we *incident.WorkflowError
	if !errors.As(err, &we) {
		t.Fatalf("err = %v, want a *WorkflowError", err)
	}
	want := []string{
		`name: want a string, got a list`,
		`transitions[0].form: unknown key (did you mean from?)`,
		`transitions[1].from: want a list, got the string "assigned"`,
	}
	if diff := cmp.Diff(want, we.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
