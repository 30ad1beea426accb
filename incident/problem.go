package incident

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// ErrProblemExists is matched by a *ProblemExistsError: the incident has
// a problem record already.
var ErrProblemExists = errors.New("incident: a problem is raised for the incident already")

// ProblemExistsError reports a second RaiseProblem for one incident. It
// matches ErrProblemExists.
type ProblemExistsError struct {
	Incident codes.ID // the incident RaiseProblem was asked about
	Problem  codes.ID // the problem raised before
}

// Error names the incident and the problem raised before.
func (e *ProblemExistsError) Error() string {
	return fmt.Sprintf("%v: %s has %s", ErrProblemExists, e.Incident, e.Problem)
}

// Is reports whether target is ErrProblemExists.
func (e *ProblemExistsError) Is(target error) bool { return target == ErrProblemExists }

// ErrFollowUp is matched by a *FollowUpError: a command was saved, and a
// step the Desk runs after it failed.
var ErrFollowUp = errors.New("incident: a follow-up of a saved command failed")

// FollowUpError reports a follow-up that failed after its command was
// saved, such as the problem record Config.ProblemForMajor raises after a
// resolution. The command stands; run the follow-up's own command
// (FollowUp) to do it. It matches ErrFollowUp and unwraps to the cause.
type FollowUpError struct {
	Ticket   codes.ID // the ticket of the saved command
	Command  Command  // the command saved
	FollowUp Command  // the step that failed
	Err      error    // why the follow-up failed
}

// Error names the saved command, the ticket and the failed follow-up,
// with its error.
func (e *FollowUpError) Error() string {
	return fmt.Sprintf("%v: %s of %s was saved, %s failed: %v", ErrFollowUp, e.Command, e.Ticket, e.FollowUp, e.Err)
}

// Is reports whether target is ErrFollowUp.
func (e *FollowUpError) Is(target error) bool { return target == ErrFollowUp }

// Unwrap returns the follow-up's error.
func (e *FollowUpError) Unwrap() error { return e.Err }

// ProblemSpec is the hand-off of an incident to problem management.
type ProblemSpec struct {
	Action
	// Summary and Description of the problem record; default the
	// incident's.
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"` // see Summary
	// Reason is why a problem is raised (the root cause is unknown, the
	// incident recurs, a major incident); logged on both records.
	Reason string `json:"reason,omitempty"`
}

// Link kinds of a problem hand-off: the incident links to its problem
// record with LinkProblem, the problem record to the incident with
// LinkIncident.
const (
	LinkProblem  = "problem"
	LinkIncident = "incident"
)

// RaiseProblem hands an incident to problem management (提交问题管理): it
// opens a problem record, a ticket of kind PM numbered by the same daily
// allocator as the Desk's tickets (PM251117000001), and links the two both
// ways — the incident's Problem field and a LinkProblem link, the problem
// record's Incident field and a LinkIncident link — in one Store.Write:
// both land or neither, and a refused write takes no number. The problem
// record starts in the workflow's initial status with the incident's
// category, system, summary and description (or s's), registered by
// s.Actor; it has no priority and no SLA of the Desk's until someone works
// it. The incident may be in any status.
//
// An incident raises one problem: a second RaiseProblem is a
// *ProblemExistsError (ErrProblemExists) naming the first, and writes
// nothing. A lost race runs again up to Config.Retries times. It returns
// the incident and the problem record as saved.
func (d *Desk) RaiseProblem(ctx context.Context, id codes.ID, s ProblemSpec) (inc, problem *Ticket, err error) {
	const cmd = "raise problem"
	start := time.Now()
	obs := Observation{Command: CmdRaiseProblem, Ticket: id, Actor: s.Actor}
	defer func() {
		obs.Duration, obs.Err = time.Since(start), err
		d.observe(ctx, &obs)
	}()
	if s.Actor == "" {
		return nil, nil, &CommandError{Command: cmd, Field: "actor", Reason: "who does it is required"}
	}
	if err := checkInput(cmd, nameIn("actor", s.Actor), textIn("summary", s.Summary), textIn("description", s.Description), textIn("reason", s.Reason)); err != nil {
		return nil, nil, err
	}
	for attempt := 0; ; attempt++ {
		obs.Attempts++
		obs.Loads++
		old, log, err := d.load(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if !old.Problem.IsZero() {
			return nil, nil, &ProblemExistsError{Incident: id, Problem: old.Problem}
		}
		if id.Kind() == codes.KindProblem {
			return nil, nil, &CommandError{Command: cmd, Field: "ticket", Reason: fmt.Sprintf("%s is a problem record", id)}
		}
		if err := d.authorize(ctx, CmdRaiseProblem, s.Actor, old, s); err != nil {
			return nil, nil, err
		}
		at, err := d.when(cmd, s.Action, log[len(log)-1].At, d.cfg.Now())
		if err != nil {
			return nil, nil, err
		}
		summary := s.Summary
		if strings.TrimSpace(summary) == "" {
			summary = old.Summary
		}
		desc := s.Description
		if desc == "" {
			desc = old.Description
		}
		local := at.In(d.cfg.Location)
		read := old.Version
		var entries, plog []Entry
		err = d.cfg.Store.Write(ctx, func(tx Tx) error {
			seq, err := tx.NextSeq(codes.KindProblem, DayOf(local))
			if err != nil {
				return err
			}
			pid, err := codes.NewID(codes.KindProblem, local, seq)
			if err != nil {
				return err
			}
			inc, entries, err = d.append(ctx, old.Clone(), len(log), s.Actor, at, []step{{typ: EntryLink, text: s.Reason, changes: []Change{
				{FieldLink, Link{To: pid, Kind: LinkProblem}.String()},
				{FieldProblem, pid.String()},
			}}})
			if err != nil {
				return err
			}
			obs.Evaluations++
			if err := d.derive(inc, log, entries); err != nil {
				return err
			}
			c := []Change{{FieldSummary, summary}, {FieldRegistrar, s.Actor}}
			if desc != "" {
				c = append(c, Change{FieldDescription, desc})
			}
			if old.Category != "" {
				c = append(c, Change{FieldCategory, string(old.Category)})
			}
			if old.System != "" {
				c = append(c, Change{FieldSystem, string(old.System)})
			}
			c = append(c, Change{FieldLink, Link{To: id, Kind: LinkIncident}.String()}, Change{FieldIncident, id.String()})
			plog = []Entry{{Seq: 1, At: at, Actor: s.Actor, Type: EntryRegister, Status: d.wf.Initial(), Changes: c, Text: s.Reason}}
			if problem, err = Replay(pid, plog); err != nil {
				return err
			}
			if err := tx.Save(inc, entries, read); err != nil {
				return err
			}
			return tx.Create(problem, plog)
		})
		if errors.Is(err, ErrConflict) && attempt < d.cfg.Retries && ctx.Err() == nil {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		inc.Version, problem.Version = read+1, 1
		d.notify(ctx, inc, entries)
		d.notify(ctx, problem, plog)
		return inc, problem, nil
	}
}
