package main

import (
	"context"
	"slices"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// result is what a command gives back: the ticket as the command left it,
// and the other record it made, if any.
type result struct {
	Ticket   *incident.Ticket `json:"ticket"`
	Reopened *incident.Ticket `json:"reopened,omitempty"` // reject: the new ticket that continues the work
	Problem  *incident.Ticket `json:"problem,omitempty"`  // raise-problem: the problem record
	Task     int              `json:"task,omitempty"`     // add-task: the new task's number
}

// command is a Desk command the web desk serves at
// POST /api/tickets/{id}/{name}: the input its body decodes into (a
// library input, or one of the small ones below), and how to run it.
type command struct {
	name  string
	event incident.Event // the workflow event it fires; "" for none
	// input returns a new input to decode into, and the Action in it.
	input func() (any, *incident.Action)
	run   func(ctx context.Context, d *incident.Desk, id codes.ID, in any) (result, error)
}

// cmd makes a command whose input is a T.
func cmd[T any](name string, ev incident.Event, act func(*T) *incident.Action, run func(context.Context, *incident.Desk, codes.ID, T) (result, error)) command {
	return command{
		name:  name,
		event: ev,
		input: func() (any, *incident.Action) { v := new(T); return v, act(v) },
		run: func(ctx context.Context, d *incident.Desk, id codes.ID, in any) (result, error) {
			return run(ctx, d, id, *in.(*T))
		},
	}
}

// The inputs of the commands that take a text or a number beside the
// Action. Their keys are the names of the library's parameters.
type (
	reasonInput struct {
		incident.Action
		Reason string `json:"reason,omitempty"` // why, for the log
	}
	commentInput struct {
		incident.Action
		Text string `json:"text"` // the comment
	}
	duplicateInput struct {
		incident.Action
		Of codes.ID `json:"of"` // the ticket this one duplicates
	}
	linkInput struct {
		incident.Action
		incident.Link
	}
	taskAction struct {
		incident.Action
		Task int `json:"task"` // the task's number
	}
	taskResultInput struct {
		incident.TaskResult
		Task int `json:"task"` // the task's number
	}
	eventInput struct {
		incident.Action
		Note string `json:"note,omitempty"` // a note for the log
	}
)

func ticket(t *incident.Ticket, err error) (result, error) { return result{Ticket: t}, err }

// commands are the commands served, by the name in their URL.
var commands = func() map[string]command {
	list := []command{
		cmd("assign", incident.EventAssign, func(in *incident.Assignment) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Assignment) (result, error) {
				return ticket(d.Assign(ctx, id, in))
			}),
		cmd("reassign", incident.EventReassign, func(in *incident.Assignment) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Assignment) (result, error) {
				return ticket(d.Reassign(ctx, id, in))
			}),
		cmd("escalate", "", func(in *incident.Assignment) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Assignment) (result, error) {
				return ticket(d.Escalate(ctx, id, in))
			}),
		cmd("claim", "", func(in *incident.Action) *incident.Action { return in },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Action) (result, error) {
				return ticket(d.Claim(ctx, id, in))
			}),
		cmd("start", incident.EventStart, func(in *incident.Action) *incident.Action { return in },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Action) (result, error) {
				return ticket(d.Start(ctx, id, in))
			}),
		cmd("pend", incident.EventPend, func(in *reasonInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in reasonInput) (result, error) {
				return ticket(d.Pend(ctx, id, in.Action, in.Reason))
			}),
		cmd("resume", incident.EventResume, func(in *incident.Action) *incident.Action { return in },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Action) (result, error) {
				return ticket(d.Resume(ctx, id, in))
			}),
		cmd("resolve", incident.EventResolve, func(in *incident.Resolution) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Resolution) (result, error) {
				return ticket(d.Resolve(ctx, id, in))
			}),
		cmd("confirm", incident.EventConfirm, func(in *incident.Confirmation) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Confirmation) (result, error) {
				return ticket(d.Confirm(ctx, id, in))
			}),
		cmd("reject", incident.EventReject, func(in *reasonInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in reasonInput) (result, error) {
				closed, reopened, err := d.Reject(ctx, id, in.Action, in.Reason)
				return result{Ticket: closed, Reopened: reopened}, err
			}),
		cmd("close", incident.EventClose, func(in *incident.Closing) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Closing) (result, error) {
				return ticket(d.Close(ctx, id, in))
			}),
		cmd("reopen", incident.EventReopen, func(in *reasonInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in reasonInput) (result, error) {
				return ticket(d.Reopen(ctx, id, in.Action, in.Reason))
			}),
		cmd("reprioritize", "", func(in *incident.Reprioritization) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Reprioritization) (result, error) {
				return ticket(d.Reprioritize(ctx, id, in))
			}),
		cmd("update", "", func(in *incident.Update) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Update) (result, error) {
				return ticket(d.Update(ctx, id, in))
			}),
		cmd("comment", "", func(in *commentInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in commentInput) (result, error) {
				return ticket(d.Comment(ctx, id, in.Action, in.Text))
			}),
		cmd("link", "", func(in *linkInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in linkInput) (result, error) {
				return ticket(d.Link(ctx, id, in.Link, in.Action))
			}),
		cmd("mark-duplicate", "", func(in *duplicateInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in duplicateInput) (result, error) {
				return ticket(d.MarkDuplicate(ctx, id, in.Of, in.Action))
			}),
		cmd("add-task", "", func(in *incident.TaskSpec) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.TaskSpec) (result, error) {
				t, no, err := d.AddTask(ctx, id, in)
				return result{Ticket: t, Task: no}, err
			}),
		cmd("start-task", "", func(in *taskAction) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in taskAction) (result, error) {
				return ticket(d.StartTask(ctx, id, in.Task, in.Action))
			}),
		cmd("resolve-task", "", func(in *taskResultInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in taskResultInput) (result, error) {
				return ticket(d.ResolveTask(ctx, id, in.Task, in.TaskResult))
			}),
		cmd("complete-task", "", func(in *taskResultInput) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in taskResultInput) (result, error) {
				return ticket(d.CompleteTask(ctx, id, in.Task, in.TaskResult))
			}),
		cmd("raise-problem", "", func(in *incident.ProblemSpec) *incident.Action { return &in.Action },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.ProblemSpec) (result, error) {
				inc, prob, err := d.RaiseProblem(ctx, id, in)
				return result{Ticket: inc, Problem: prob}, err
			}),
		cmd("suggest", "", func(in *incident.Action) *incident.Action { return in },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Action) (result, error) {
				return ticket(d.Suggest(ctx, id, in))
			}),
		cmd("offer-knowledge", "", func(in *incident.Action) *incident.Action { return in },
			func(ctx context.Context, d *incident.Desk, id codes.ID, in incident.Action) (result, error) {
				return ticket(d.OfferKnowledge(ctx, id, in))
			}),
	}
	m := map[string]command{}
	for _, c := range list {
		m[c.name] = c
	}
	return m
}()

// commandFor returns the command named name: one of commands, or an event
// of the Desk's workflow that has no command of its own (a custom
// workflow's "review"), run with Desk.Fire.
func (a *app) commandFor(name string) (command, bool) {
	if c, ok := commands[name]; ok {
		return c, true
	}
	ev := incident.Event(name)
	for _, s := range a.desk.Workflow().Statuses() {
		if slices.Contains(a.desk.Workflow().Events(s), ev) {
			return cmd(name, ev, func(in *eventInput) *incident.Action { return &in.Action },
				func(ctx context.Context, d *incident.Desk, id codes.ID, in eventInput) (result, error) {
					return ticket(d.Fire(ctx, id, ev, in.Action, in.Note))
				}), true
		}
	}
	return command{}, false
}

// commandNames returns the names of the commands served, sorted.
func (a *app) commandNames() []string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// next returns the commands ticket t can take now: the events its status
// allows, by their command's name, then, while it is open, the commands
// that change no status. A closed ticket takes none.
func (a *app) next(t *incident.Ticket) []string {
	wf := a.desk.Workflow()
	out := []string{}
	for _, ev := range wf.Events(t.Status) {
		out = append(out, string(ev))
	}
	if !wf.Final(t.Status) {
		if t.Tier != codes.TierL3 {
			out = append(out, "escalate")
		}
		out = append(out, "reprioritize", "comment", "add-task")
	}
	return out
}
