package incident

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Command names a Desk command: the name it has in errors, in observations
// and when the permission hook (Config.Authorize) is asked about it. Desk.Fire
// runs an event of a workflow of your own under the event's name
// (Command("review")).
type Command string

// The commands of the Desk.
const (
	CmdRegister      Command = "register"
	CmdAssign        Command = "assign"
	CmdReassign      Command = "reassign"
	CmdEscalate      Command = "escalate"
	CmdStart         Command = "start"
	CmdPend          Command = "pend"
	CmdResume        Command = "resume"
	CmdResolve       Command = "resolve"
	CmdConfirm       Command = "confirm"
	CmdReject        Command = "reject"
	CmdClose         Command = "close"
	CmdReopen        Command = "reopen"
	CmdReprioritize  Command = "reprioritize"
	CmdUpdate        Command = "update"
	CmdMarkDuplicate Command = "mark duplicate"
	CmdComment       Command = "comment"
	CmdLink          Command = "link"
	CmdAddTask       Command = "add task"
	CmdCompleteTask  Command = "complete task"

	// The primitives of integrations and of the escalation engine, and the
	// Desk's own upkeep. The permission hook is not asked about them.
	CmdApply     Command = "apply"
	CmdRecord    Command = "record"
	CmdRefresh   Command = "refresh"
	CmdAutoClose Command = "auto-close"
)

// The commands of task records, knowledge and problem hand-off.
const (
	CmdStartTask      Command = "start task"
	CmdResolveTask    Command = "resolve task"
	CmdRaiseProblem   Command = "raise problem"
	CmdOfferKnowledge Command = "offer knowledge"
	CmdSuggest        Command = "suggest"
)

// ErrForbidden is matched by the error of a command the permission hook
// refused (a *ForbiddenError). Nothing is written.
var ErrForbidden = errors.New("incident: not allowed")

// ForbiddenError reports a command the permission hook (Config.Authorize)
// refused: who, what, and why. It matches ErrForbidden, and through Unwrap
// the hook's own error.
type ForbiddenError struct {
	Actor   string  // who was refused
	Command Command // the command refused
	Reason  string  // why, as the hook said
	Err     error   // the hook's error
}

// Error says who may not do which command, and why.
func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("%v: %s may not %s: %s", ErrForbidden, e.Actor, e.Command, e.Reason)
}

// Is reports whether target is ErrForbidden.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// Unwrap returns the hook's error.
func (e *ForbiddenError) Unwrap() error { return e.Err }

// Request is what the permission hook is asked: may Actor do Command on
// Ticket with Input?
type Request struct {
	Actor   string  // who does the command
	Command Command // the command asked for
	// Ticket is the ticket as loaded, before the command; nil for a
	// registration. Read it; do not change it.
	Ticket *Ticket
	// Input is the command's input, by value: a Registration, Assignment,
	// Resolution, Confirmation, Closing, Reprioritization (with Priority
	// set to the priority it gives, through the matrix when it gives impact
	// and urgency), Update, Link, TaskSpec or TaskResult; for the commands
	// with none of their own (start, pend, reopen, comment, ...) the
	// Action.
	Input any
}

// Authorizer decides whether a command may run: nil allows it, an error
// refuses it, and the Desk returns a *ForbiddenError with the error's text
// as the reason. It is asked before every command of people (not before
// Apply, Record and the Desk's own automatic actions, which the escalation
// engine and integrations use), after the ticket is read and before
// anything is written; a refused command writes nothing. It must be safe
// for concurrent use. An Authorizer that panics is a bug, but the Desk
// recovers and refuses the command.
//
// The ready-made ones compose with AllOf:
//
//	rule                       the process documents' words
//	RegistrarCloses            谁开单谁关闭: whoever opened a ticket confirms, rejects
//	                           or closes it (the service desk opens the tickets
//	                           users report, so it closes them too)
//	GradingsNotLowered         原有分级不得降低: a priority is corrected but not
//	                           lowered, unless the command says it corrects a
//	                           wrong grading and the actor may
//	GroupMembers               a ticket is taken up (started) only by a member
//	                           of its group
//	RegisterOnly               only the service desk records incidents
//	                           (服务支持小组不允许直接记录事件; a choice, since other
//	                           channels may register too)
//	AllowAll                   no rule
//
// The Desk's default is AllOf(RegistrarCloses(), GradingsNotLowered(nil)),
// the rules the library has always applied.
type Authorizer func(ctx context.Context, r *Request) error

// DefaultAuthorizer returns the Desk's default permission rules:
// RegistrarCloses and GradingsNotLowered(nil).
func DefaultAuthorizer() Authorizer { return AllOf(RegistrarCloses(), GradingsNotLowered(nil)) }

// AllowAll allows every command.
func AllowAll() Authorizer { return func(context.Context, *Request) error { return nil } }

// AllOf allows a command that every one of rules allows; the first refusal
// is the answer.
func AllOf(rules ...Authorizer) Authorizer {
	rules = slices.DeleteFunc(slices.Clone(rules), func(a Authorizer) bool { return a == nil })
	return func(ctx context.Context, r *Request) error {
		for _, a := range rules {
			if err := a(ctx, r); err != nil {
				return err
			}
		}
		return nil
	}
}

// RegistrarCloses allows only the ticket's registrar to confirm, reject or
// close it (谁开单谁关闭: whoever opened a ticket closes it; the service desk
// opens the tickets users report and so closes them). The Desk's own
// automatic closes are not asked.
func RegistrarCloses() Authorizer {
	return func(_ context.Context, r *Request) error {
		switch r.Command {
		case CmdConfirm, CmdReject, CmdClose:
			if r.Ticket != nil && r.Actor != r.Ticket.Registrar {
				return fmt.Errorf("only %s, who registered the ticket, closes it (whoever opens a ticket closes it)", r.Ticket.Registrar)
			}
		}
		return nil
	}
}

// GradingsNotLowered refuses a reprioritization that lowers the ticket's
// priority (P2 to P4, say), unless it says it corrects a wrong grading
// (Reprioritization.Correction) and may, if not nil, allows the actor to
// (an incident manager, for example). Raising a priority is always allowed
// (原则上,原有分级不得降低: in principle a grading is not lowered).
func GradingsNotLowered(may func(ctx context.Context, actor string) (bool, error)) Authorizer {
	return func(ctx context.Context, r *Request) error {
		rp, ok := r.Input.(Reprioritization)
		if r.Command != CmdReprioritize || !ok || r.Ticket == nil {
			return nil
		}
		// The priority the command gives: the Desk has derived it through
		// the matrix when the command gives impact and urgency.
		p := rp.Priority
		if p == 0 || p <= r.Ticket.Priority {
			return nil // raised or kept: P1 is the highest
		}
		return lowering(ctx, r, rp, may)
	}
}

func lowering(ctx context.Context, r *Request, rp Reprioritization, may func(ctx context.Context, actor string) (bool, error)) error {
	if !rp.Correction {
		return fmt.Errorf("a grading is not lowered (%s to %s) unless the change corrects a wrong grading", r.Ticket.Priority, rp.Priority)
	}
	if may != nil {
		ok, err := may(ctx, r.Actor)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s may not correct a grading downwards", r.Actor)
		}
	}
	return nil
}

// Membership tells whether a person belongs to a group, for the rules that
// ask (GroupMembers, RegisterOnly). It must be safe for concurrent use.
type Membership interface {
	// Member reports whether person belongs to group.
	Member(ctx context.Context, person, group string) (bool, error)
}

// Groups is a Membership from a map of group names to their members.
type Groups map[string][]string

// Member reports whether person is listed in group.
func (g Groups) Member(_ context.Context, person, group string) (bool, error) {
	return slices.Contains(g[group], person), nil
}

// GroupMembers allows the commands listed (default: start) on a ticket
// only to members of the ticket's group, when it has one: a ticket in a
// group's queue is taken up by one of the group.
func GroupMembers(m Membership, cmds ...Command) Authorizer {
	if len(cmds) == 0 {
		cmds = []Command{CmdStart}
	}
	return func(ctx context.Context, r *Request) error {
		if r.Ticket == nil || r.Ticket.Group == "" || !slices.Contains(cmds, r.Command) {
			return nil
		}
		ok, err := m.Member(ctx, r.Actor, r.Ticket.Group)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s is not a member of %s, whose ticket it is", r.Actor, r.Ticket.Group)
		}
		return nil
	}
}

// RegisterOnly allows registrations only to members of the groups listed
// (the service desk, say): support groups do not record incidents
// themselves.
func RegisterOnly(m Membership, groups ...string) Authorizer {
	return func(ctx context.Context, r *Request) error {
		if r.Command != CmdRegister {
			return nil
		}
		for _, g := range groups {
			ok, err := m.Member(ctx, r.Actor, g)
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
		}
		return fmt.Errorf("only members of %s register incidents", strings.Join(groups, ", "))
	}
}

// authorize asks the permission hook about a command, turning a refusal or
// a panic into a *ForbiddenError.
func (d *Desk) authorize(ctx context.Context, cmd Command, actor string, t *Ticket, input any) (err error) {
	if d.cfg.Authorize == nil || actor == d.cfg.System {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = &ForbiddenError{Actor: actor, Command: cmd, Reason: fmt.Sprintf("the permission hook panicked: %v", p)}
		}
	}()
	r := &Request{Actor: actor, Command: cmd, Ticket: t, Input: input}
	if e := d.cfg.Authorize(ctx, r); e != nil {
		var fe *ForbiddenError
		if errors.As(e, &fe) {
			return e
		}
		return &ForbiddenError{Actor: actor, Command: cmd, Reason: e.Error(), Err: e}
	}
	return nil
}
