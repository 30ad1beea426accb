package incident

import (
	"context"
	"fmt"

	"github.com/itsmkit/itsm/codes"
)

// CmdClaim is the command of Desk.Claim.
const CmdClaim Command = "claim"

// EntryClaim is the type of the entry that records a claim: a member of the
// ticket's group took it from the group's queue.
const EntryClaim EntryType = "claim"

// GroupIncidentManagers is the group whose members the Desk's default
// permission rules let correct a grading downwards, when Config.Members is
// set (see GradingsNotLowered).
const GroupIncidentManagers = "incident_manager"

// Claim lets act.Actor take a ticket from its group's queue (領取: a ticket
// given to a group is taken by a suitable member of the group): the actor
// becomes its assignee. A claim is logged as a claim (an EntryClaim entry)
// and is not a reassignment: Ticket.Reassignments does not count it, so
// members taking tickets from their queue never trip a rule on "reassigned
// more than three times". A ticket in the workflow's initial status is
// assigned by the claim (the assign event); in any other open status its
// status is kept.
//
// The ticket must have a group and be open, and must not be another
// person's already (that is a reassignment: Reassign); claiming a ticket
// one holds already is a *CommandError (ErrInvalidCommand). When
// Config.Members is set, only a member of the ticket's group may claim it:
// anyone else gets a *ForbiddenError (ErrForbidden) and nothing is written.
// The permission hook (Config.Authorize) is asked too, with the Action as
// input, as for every command.
func (d *Desk) Claim(ctx context.Context, id codes.ID, act Action) (*Ticket, error) {
	const cmd = string(CmdClaim)
	t, _, err := d.run(ctx, cmd, id, act, act, func(t *Ticket) ([]step, error) {
		switch {
		case d.wf.Final(t.Status):
			return nil, &CommandError{Command: cmd, Field: "status", Reason: fmt.Sprintf("the ticket is %s", t.Status)}
		case t.Group == "":
			return nil, &CommandError{Command: cmd, Field: "group", Reason: "the ticket is in no group's queue: assign it to a group first"}
		case t.Assignee == act.Actor:
			return nil, &CommandError{Command: cmd, Field: "assignee", Reason: fmt.Sprintf("%s holds the ticket already", act.Actor)}
		case t.Assignee != "":
			return nil, &CommandError{Command: cmd, Field: "assignee", Reason: fmt.Sprintf("%s holds the ticket; handing it over is a reassignment", t.Assignee)}
		}
		if m := d.cfg.Members; m != nil {
			ok, err := m.Member(ctx, act.Actor, t.Group)
			if err != nil {
				return nil, fmt.Errorf("incident: claim: asking whether %s is a member of %s: %w", act.Actor, t.Group, err)
			}
			if !ok {
				return nil, &ForbiddenError{Actor: act.Actor, Command: CmdClaim, Reason: fmt.Sprintf("%s is not a member of %s, whose queue holds the ticket", act.Actor, t.Group)}
			}
		}
		s := step{typ: EntryClaim, changes: []Change{{FieldAssignee, act.Actor}}, text: "claimed from the queue of " + t.Group}
		if t.Status == d.wf.Initial() && d.wf.Can(t.Status, EventAssign) {
			s.event = EventAssign
		}
		return []step{s}, nil
	})
	return t, err
}

// defaultRules are the Desk's permission rules when Config.Authorize is not
// set: DefaultAuthorizer's, and with m set a downward correction of a
// grading by members of GroupIncidentManagers only.
func defaultRules(m Membership) Authorizer {
	if m == nil {
		return DefaultAuthorizer()
	}
	return AllOf(RegistrarCloses(), GradingsNotLowered(func(ctx context.Context, actor string) (bool, error) {
		return m.Member(ctx, actor, GroupIncidentManagers)
	}))
}
