package incident_test

import (
	"context"
	"errors"
	"testing"

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
