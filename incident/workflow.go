package incident

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/itsmkit/itsm/internal/confload"
	"github.com/looplab/fsm"

	"github.com/itsmkit/itsm/codes"
)

// Event is something that moves a ticket from one status to another.
type Event string

// The events of the default workflows. A user's workflow may name its own.
const (
	EventAssign   Event = "assign"   // registered → assigned
	EventReassign Event = "reassign" // to another group, person or tier
	EventStart    Event = "start"    // assigned → in progress: the response
	EventPend     Event = "pend"     // in progress → pending (waiting for the customer or a vendor)
	EventResume   Event = "resume"   // pending → in progress
	EventResolve  Event = "resolve"  // in progress → resolved
	EventReopen   Event = "reopen"   // resolved → in progress: the fix did not hold
	EventConfirm  Event = "confirm"  // resolved → closed: the requester confirms
	EventReject   Event = "reject"   // resolved → closed as unresolved, reopened as a new ticket
	EventClose    Event = "close"    // → closed by the service desk, or automatically
	EventReview   Event = "review"   // resolved → awaiting review (ReviewWorkflowConfig)
	EventArchive  Event = "archive"  // awaiting review → archived (ReviewWorkflowConfig)
)

// Transition is one row of a workflow's table: Event moves a ticket from any
// status in From to To.
type Transition struct {
	Event Event          `json:"event"` // the event that moves the ticket
	From  []codes.Status `json:"from"`  // the statuses it moves the ticket from
	To    codes.Status   `json:"to"`    // the status it moves the ticket to
}

// Guard is a condition an event must meet, checked on the ticket as the
// command would leave it. It returns a reason to refuse, or "".
type Guard func(t *Ticket) string

// WorkflowConfig defines a workflow: the status of a new ticket and the table
// of transitions. Statuses with no transition out are final: a ticket in one
// is closed. Guards adds conditions to events, beyond the built-in ones every
// workflow has (see NewWorkflow).
type WorkflowConfig struct {
	Name        string          `json:"name"`        // the workflow's name, for messages and diagrams
	Initial     codes.Status    `json:"initial"`     // the status of a new ticket
	Transitions []Transition    `json:"transitions"` // the table of transitions; an event may have several rows
	Guards      map[Event]Guard `json:"-"`           // conditions per event, beyond the built-in ones; Go only
}

// DefaultWorkflowConfig returns the workflow of the process documents
// (已登记 → 已分派 → 处理中 → 已解决 → 关闭): registered → assigned →
// in progress → resolved → closed, with reassignment (also up the tiers),
// reopening before closure, closure on the requester's confirmation or
// rejection, and closure by the service desk of a resolved ticket or of one
// registered or assigned in error (a false alarm, a duplicate).
func DefaultWorkflowConfig() WorkflowConfig {
	const (
		reg  = codes.StatusRegistered
		asg  = codes.StatusAssigned
		prog = codes.StatusInProgress
		res  = codes.StatusResolved
		cls  = codes.StatusClosed
	)
	return WorkflowConfig{
		Name:    "default",
		Initial: reg,
		Transitions: []Transition{
			{EventAssign, []codes.Status{reg}, asg},
			{EventReassign, []codes.Status{asg, prog}, asg},
			{EventStart, []codes.Status{asg}, prog},
			{EventResolve, []codes.Status{prog}, res},
			{EventReopen, []codes.Status{res}, prog},
			{EventConfirm, []codes.Status{res}, cls},
			{EventReject, []codes.Status{res}, cls},
			{EventClose, []codes.Status{reg, asg, res}, cls},
		},
	}
}

// PendingWorkflowConfig returns the default workflow with a pending status:
// a ticket in progress waits for the customer or a vendor and resumes, the
// status most SLA policies pause in.
func PendingWorkflowConfig() WorkflowConfig {
	c := DefaultWorkflowConfig()
	c.Name = "pending"
	c.Transitions = append(c.Transitions,
		Transition{EventPend, []codes.Status{codes.StatusInProgress}, codes.StatusPending},
		Transition{EventResume, []codes.Status{codes.StatusPending}, codes.StatusInProgress},
		Transition{EventReassign, []codes.Status{codes.StatusPending}, codes.StatusAssigned},
	)
	return c
}

// ReviewWorkflowConfig returns the workflow with review and archive, as an
// ISO 20000 process has it: as PendingWorkflowConfig, but once the user
// accepts the solution the ticket awaits the project manager's review (待审核),
// who archives it (归档) or sends it back to work.
func ReviewWorkflowConfig() WorkflowConfig {
	c := PendingWorkflowConfig()
	c.Name = "review"
	c.Transitions = append(c.Transitions,
		Transition{EventReview, []codes.Status{codes.StatusResolved}, codes.StatusAwaitingReview},
		Transition{EventArchive, []codes.Status{codes.StatusAwaitingReview}, codes.StatusArchived},
		Transition{EventReopen, []codes.Status{codes.StatusAwaitingReview}, codes.StatusInProgress},
	)
	return c
}

// Workflow is a validated workflow: which events each status allows, where
// they lead and what they require. Its table is that of a
// github.com/looplab/fsm machine (Mermaid draws the machine), which Fire
// answers as the machine does without running one. A Workflow is immutable
// and safe for concurrent use.
type Workflow struct {
	name     string
	initial  codes.Status
	next     map[edge]codes.Status
	statuses []codes.Status // sorted
	final    map[codes.Status]bool
	events   []fsm.EventDesc
	guards   map[Event][]Guard
}

type edge struct {
	from  codes.Status
	event Event
}

// NewWorkflow validates cfg and builds the workflow, reporting every problem
// in a *WorkflowError (ErrInvalidWorkflow). Every status must be reachable
// from Initial, and a final status reachable from every status. The work
// is linear in the size of cfg (statuses plus transitions).
//
// Whatever the configuration, EventResolve requires a solution, a closure
// code and no open tasks, and EventClose a closure code; cfg.Guards adds
// conditions of its own.
func NewWorkflow(cfg WorkflowConfig) (*Workflow, error) {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	w := &Workflow{
		name:    cfg.Name,
		initial: cfg.Initial,
		next:    map[edge]codes.Status{},
		final:   map[codes.Status]bool{},
		guards:  map[Event][]Guard{},
	}
	if cfg.Initial == "" {
		bad("initial: no initial status")
	}
	known := map[codes.Status]bool{cfg.Initial: true}
	for i, tr := range cfg.Transitions {
		path := fmt.Sprintf("transitions[%d]", i)
		switch {
		case tr.Event == "":
			bad("%s.event: empty", path)
		case !validName(string(tr.Event)):
			bad("%s.event: %q is not a lower-case name", path, tr.Event)
		}
		if tr.To == "" || !validName(string(tr.To)) {
			bad("%s.to: %q is not a status name", path, tr.To)
		}
		if len(tr.From) == 0 {
			bad("%s.from: no status", path)
		}
		known[tr.To] = true
		for j, from := range tr.From {
			if from == "" || !validName(string(from)) {
				bad("%s.from[%d]: %q is not a status name", path, j, from)
				continue
			}
			known[from] = true
			e := edge{from, tr.Event}
			if to, dup := w.next[e]; dup {
				bad("%s: %q from %q is defined twice (to %q and %q)", path, tr.Event, from, to, tr.To)
				continue
			}
			w.next[e] = tr.To
		}
	}
	for s := range known {
		if s != "" {
			w.statuses = append(w.statuses, s)
		}
	}
	slices.Sort(w.statuses)
	// Adjacency lists both ways, so that one pass forward from the initial
	// status and one backward from the final statuses answer both questions:
	// linear in the size of the workflow.
	out := map[codes.Status][]codes.Status{}
	in := map[codes.Status][]codes.Status{}
	for e, to := range w.next {
		out[e.from] = append(out[e.from], to)
		in[to] = append(in[to], e.from)
	}
	var finals []codes.Status
	for _, s := range w.statuses {
		if len(out[s]) == 0 {
			w.final[s] = true
			finals = append(finals, s)
		}
	}
	if cfg.Initial != "" {
		reach := reachable([]codes.Status{cfg.Initial}, out)
		closes := reachable(finals, in)
		for _, s := range w.statuses {
			if !reach[s] {
				bad("status %q cannot be reached from %q", s, cfg.Initial)
			}
			if !closes[s] {
				bad("status %q cannot reach a final status: its tickets could never close", s)
			}
		}
	}
	for ev, g := range cfg.Guards {
		if g == nil {
			bad("guards[%q]: nil guard", ev)
		}
	}
	if len(probs) > 0 {
		slices.Sort(probs)
		return nil, &WorkflowError{Problems: probs}
	}

	w.guards[EventResolve] = []Guard{needSolution, needClosure, needTasksDone}
	w.guards[EventClose] = []Guard{needClosure}
	for ev, g := range cfg.Guards {
		w.guards[ev] = append(w.guards[ev], g)
	}
	byEvent := map[Event][]string{}
	var order []Event
	for e := range w.next {
		if _, ok := byEvent[e.event]; !ok {
			order = append(order, e.event)
		}
		byEvent[e.event] = append(byEvent[e.event], string(e.from))
	}
	slices.Sort(order)
	for _, ev := range order {
		srcs := byEvent[ev]
		slices.Sort(srcs)
		// looplab/fsm keys a transition by event and source; group the
		// sources by destination.
		byDst := map[codes.Status][]string{}
		var dsts []codes.Status
		for _, src := range srcs {
			d := w.next[edge{codes.Status(src), ev}]
			if _, ok := byDst[d]; !ok {
				dsts = append(dsts, d)
			}
			byDst[d] = append(byDst[d], src)
		}
		for _, d := range dsts {
			w.events = append(w.events, fsm.EventDesc{Name: string(ev), Src: byDst[d], Dst: string(d)})
		}
	}
	return w, nil
}

// newMachine builds a looplab/fsm machine for the workflow, with the guards
// as before_<event> callbacks that cancel with a *GuardError.
func (w *Workflow) newMachine(initial string) *fsm.FSM {
	callbacks := fsm.Callbacks{}
	for ev, gs := range w.guards {
		callbacks["before_"+string(ev)] = func(_ context.Context, e *fsm.Event) {
			t, _ := e.Args[0].(*Ticket)
			for _, g := range gs {
				if reason := g(t); reason != "" {
					e.Cancel(&GuardError{Event: ev, Reason: reason})
					return
				}
			}
		}
	}
	return fsm.NewFSM(initial, w.events, callbacks)
}

// reachable returns the statuses reachable from any of from along adj,
// from included.
func reachable(from []codes.Status, adj map[codes.Status][]codes.Status) map[codes.Status]bool {
	seen := make(map[codes.Status]bool, len(from))
	stack := make([]codes.Status, 0, len(from))
	for _, s := range from {
		if !seen[s] {
			seen[s] = true
			stack = append(stack, s)
		}
	}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, n := range adj[s] {
			if !seen[n] {
				seen[n] = true
				stack = append(stack, n)
			}
		}
	}
	return seen
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Name returns the workflow's name.
func (w *Workflow) Name() string { return w.name }

// Initial returns the status of a newly registered ticket.
func (w *Workflow) Initial() codes.Status { return w.initial }

// Statuses returns every status of the workflow, sorted.
func (w *Workflow) Statuses() []codes.Status { return slices.Clone(w.statuses) }

// Final reports whether s is a final status: one a ticket is closed in.
func (w *Workflow) Final(s codes.Status) bool { return w.final[s] }

// Events returns the events status s allows, sorted (the permitted triggers).
func (w *Workflow) Events(s codes.Status) []Event {
	var out []Event
	for e := range w.next {
		if e.from == s {
			out = append(out, e.event)
		}
	}
	slices.Sort(out)
	return out
}

// Can reports whether status s allows event ev, guards aside.
func (w *Workflow) Can(s codes.Status, ev Event) bool {
	_, ok := w.next[edge{s, ev}]
	return ok
}

// Fire runs event ev on ticket t: it checks that t's status allows ev and
// that ev's guards hold on t, and returns the status ev leads to. It changes
// nothing; t is read only. Errors are a *TransitionError or a *GuardError.
//
// Fire is answered from the table the workflow's looplab/fsm machine is
// built from, and checks an event's guards in their order, as the
// machine's before_<event> callbacks do (fireMachine runs the machine
// itself: a test holds the two to the same answers): the first guard that
// does not hold refuses the event, and the status stays. A guarded event
// that changes the status is refused as the machine refuses it when ctx is
// done.
func (w *Workflow) Fire(ctx context.Context, t *Ticket, ev Event) (codes.Status, error) {
	to, ok := w.next[edge{t.Status, ev}]
	if !ok {
		return "", &TransitionError{Status: t.Status, Event: ev, Allowed: w.Events(t.Status)}
	}
	gs := w.guards[ev]
	if len(gs) == 0 {
		return to, nil
	}
	for _, g := range gs {
		if reason := g(t); reason != "" {
			return t.Status, &GuardError{Event: ev, Reason: reason}
		}
	}
	if to != t.Status {
		if err := ctx.Err(); err != nil {
			return t.Status, fmt.Errorf("incident: workflow %q: %w", w.name, err)
		}
	}
	return to, nil
}

// fireMachine is Fire run through a new looplab/fsm machine of the
// workflow, whose before_<event> callbacks check the guards: the reference
// Fire is tested against. (A machine is not reused: one whose event was
// refused for a done ctx stays in transition and refuses every event
// after.)
func (w *Workflow) fireMachine(ctx context.Context, t *Ticket, ev Event) (codes.Status, error) {
	to, ok := w.next[edge{t.Status, ev}]
	if !ok {
		return "", &TransitionError{Status: t.Status, Event: ev, Allowed: w.Events(t.Status)}
	}
	if len(w.guards[ev]) == 0 {
		return to, nil
	}
	m := w.newMachine(string(t.Status))
	err := m.Event(ctx, string(ev), t)
	return codes.Status(m.Current()), w.translate(t, ev, err)
}

// translate turns looplab/fsm's errors into this package's.
func (w *Workflow) translate(t *Ticket, ev Event, err error) error {
	if err == nil {
		return nil
	}
	return w.translateErr(t, ev, err)
}

// translateErr is translate of an error; apart, so that the targets of
// errors.As are allocated only when there is an error.
func (w *Workflow) translateErr(t *Ticket, ev Event, err error) error {
	var noChange fsm.NoTransitionError
	var canceled fsm.CanceledError
	switch {
	case errors.As(err, &noChange):
		// A transition back to the same status (reassign): not an error
		// unless a guard refused it.
		return noChange.Err
	case errors.As(err, &canceled):
		return canceled.Err
	case errors.As(err, new(fsm.InvalidEventError)), errors.As(err, new(fsm.UnknownEventError)):
		return &TransitionError{Status: t.Status, Event: ev, Allowed: w.Events(t.Status)}
	}
	return fmt.Errorf("incident: workflow %q: %w", w.name, err)
}

// Mermaid renders the workflow as a Mermaid state diagram: the initial
// status, every transition labelled with its event, and the final statuses.
func (w *Workflow) Mermaid() string {
	m := w.newMachine(string(w.initial))
	s, err := fsm.VisualizeForMermaidWithGraphType(m, fsm.StateDiagram)
	if err != nil {
		return "" // only an unknown diagram type fails
	}
	var b strings.Builder
	b.WriteString(s)
	for _, st := range w.statuses {
		if w.final[st] {
			fmt.Fprintf(&b, "    %s --> [*]\n", st)
		}
	}
	return b.String()
}

func needSolution(t *Ticket) string {
	if strings.TrimSpace(t.Solution) == "" {
		return "a solution is required"
	}
	return ""
}

func needClosure(t *Ticket) string {
	if t.Closure == "" {
		return "a closure code is required"
	}
	return ""
}

func needTasksDone(t *Ticket) string {
	open := 0
	for _, task := range t.Tasks {
		if !task.Done() {
			open++
		}
	}
	if open > 0 {
		return fmt.Sprintf("%d task(s) still open", open)
	}
	return ""
}

// ParseWorkflowConfig reads a WorkflowConfig from JSON or YAML (JSON is YAML
// too); unknown and duplicate keys are errors. It fails with a
// *WorkflowError listing every problem of decoding, each as "path: what is
// wrong" ("transitions[1].form: unknown key (did you mean from?)"). Guards have no text form: add them in Go.
// The result is not yet validated: pass it to NewWorkflow.
//
//	name: helpdesk
//	initial: registered
//	transitions:
//	  - {event: assign, from: [registered], to: assigned}
//	  - {event: start,  from: [assigned],   to: in_progress}
func ParseWorkflowConfig(data []byte) (WorkflowConfig, error) {
	var c WorkflowConfig
	if r := confload.Decode(data, &c); !r.OK() {
		ps := make([]string, len(r.Problems))
		for i, p := range r.Problems {
			ps[i] = p.String()
		}
		return WorkflowConfig{}, &WorkflowError{Problems: ps}
	}
	return c, nil
}
