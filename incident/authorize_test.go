package incident_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

// mallory may do nothing; everyone else anything.
func refuseMallory(_ context.Context, r *incident.Request) error {
	if r.Actor == "mallory" {
		return fmt.Errorf("mallory is not to be trusted with %s", r.Command)
	}
	return nil
}

// Every command of people passes the permission hook: refused, it returns a
// *ForbiddenError and leaves the ticket and its log as they were, on every
// store; allowed, it runs.
func TestAuthorizeEveryCommand(t *testing.T) {
	t.Parallel()
	stores := map[string]func(t *testing.T) incident.Store{
		"memstore": func(*testing.T) incident.Store { return memstore.New() },
		"sqlite": func(t *testing.T) incident.Store {
			db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "itsm.db")))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite); err != nil {
				t.Fatal(err)
			}
			s, err := sqlstore.Open(db, sqlstore.SQLite)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
	type call func(d *incident.Desk, id codes.ID, a incident.Action) error
	cases := []struct {
		cmd   incident.Command
		state codes.Status
		task  bool
		call  call
	}{
		{incident.CmdAssign, codes.StatusRegistered, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Assign(ctx, id, incident.Assignment{Action: a, Assignee: "wang"})
			return err
		}},
		{incident.CmdReassign, codes.StatusAssigned, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Reassign(ctx, id, incident.Assignment{Action: a, Assignee: "zhao"})
			return err
		}},
		{incident.CmdEscalate, codes.StatusAssigned, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Escalate(ctx, id, incident.Assignment{Action: a, Group: "l2"})
			return err
		}},
		{incident.CmdStart, codes.StatusAssigned, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Start(ctx, id, a)
			return err
		}},
		{incident.CmdPend, codes.StatusInProgress, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Pend(ctx, id, a, "waiting")
			return err
		}},
		{incident.CmdResume, codes.StatusPending, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Resume(ctx, id, a)
			return err
		}},
		{incident.CmdResolve, codes.StatusInProgress, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Resolve(ctx, id, incident.Resolution{Action: a, Solution: "restarted", Closure: codes.ClosureL1})
			return err
		}},
		{incident.CmdConfirm, codes.StatusResolved, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Confirm(ctx, id, incident.Confirmation{Action: a})
			return err
		}},
		{incident.CmdReject, codes.StatusResolved, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, _, err := d.Reject(ctx, id, a, "not solved")
			return err
		}},
		{incident.CmdClose, codes.StatusResolved, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Close(ctx, id, incident.Closing{Action: a})
			return err
		}},
		{incident.CmdReopen, codes.StatusResolved, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Reopen(ctx, id, a, "back again")
			return err
		}},
		{incident.Command(incident.EventReview), codes.StatusResolved, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Fire(ctx, id, incident.EventReview, a, "for review")
			return err
		}},
		{incident.CmdReprioritize, codes.StatusAssigned, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Reprioritize(ctx, id, incident.Reprioritization{Action: a, Priority: codes.P2})
			return err
		}},
		{incident.CmdUpdate, codes.StatusAssigned, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Update(ctx, id, incident.Update{Action: a, Summary: "Mail down"})
			return err
		}},
		{incident.CmdMarkDuplicate, codes.StatusRegistered, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			first, _ := codes.ParseID("IM251117000001")
			_, err := d.MarkDuplicate(ctx, id, first, a)
			return err
		}},
		{incident.CmdComment, codes.StatusRegistered, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.Comment(ctx, id, a, "called again")
			return err
		}},
		{incident.CmdLink, codes.StatusRegistered, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			pm, _ := codes.ParseID("PM251117000001")
			_, err := d.Link(ctx, id, incident.Link{To: pm, Kind: "caused_by"}, a)
			return err
		}},
		{incident.CmdAddTask, codes.StatusInProgress, false, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, _, err := d.AddTask(ctx, id, incident.TaskSpec{Action: a, Summary: "swap the disk"})
			return err
		}},
		{incident.CmdCompleteTask, codes.StatusInProgress, true, func(d *incident.Desk, id codes.ID, a incident.Action) error {
			_, err := d.CompleteTask(ctx, id, 1, incident.TaskResult{Action: a, Closure: codes.ClosureL1})
			return err
		}},
	}
	wf, err := incident.NewWorkflow(incident.ReviewWorkflowConfig())
	if err != nil {
		t.Fatal(err)
	}
	for name, newStore := range stores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d, _ := newDesk(t, incident.Config{Store: newStore(t), Workflow: wf, Authorize: refuseMallory})
			act := incident.Action{Actor: "desk"}
			// A registration refused writes nothing and takes no number.
			_, err := d.Register(ctx, p3("mallory"))
			var fe *incident.ForbiddenError
			if !errors.Is(err, incident.ErrForbidden) || !errors.As(err, &fe) || fe.Actor != "mallory" || fe.Command != incident.CmdRegister {
				t.Fatalf("register by mallory: %v", err)
			}
			first, err := d.Register(ctx, p3("desk"))
			if err != nil || first.ID.String() != "IM251117000001" {
				t.Fatalf("the first registration allowed: %v, %v", first, err)
			}
			for _, c := range cases {
				tk, _ := d.Register(ctx, p3("desk"))
				id := tk.ID
				steps := map[codes.Status][]func() error{
					codes.StatusAssigned: {func() error {
						_, err := d.Assign(ctx, id, incident.Assignment{Action: act, Assignee: "wang"})
						return err
					}},
					codes.StatusInProgress: {func() error { _, err := d.Start(ctx, id, act); return err }},
					codes.StatusPending:    {func() error { _, err := d.Pend(ctx, id, act, "waiting"); return err }},
					codes.StatusResolved: {func() error {
						_, err := d.Resolve(ctx, id, incident.Resolution{Action: act, Solution: "restarted", Closure: codes.ClosureL1})
						return err
					}},
				}
				order := map[codes.Status][]codes.Status{
					codes.StatusRegistered: nil,
					codes.StatusAssigned:   {codes.StatusAssigned},
					codes.StatusInProgress: {codes.StatusAssigned, codes.StatusInProgress},
					codes.StatusPending:    {codes.StatusAssigned, codes.StatusInProgress, codes.StatusPending},
					codes.StatusResolved:   {codes.StatusAssigned, codes.StatusInProgress, codes.StatusResolved},
				}
				for _, st := range order[c.state] {
					if err := steps[st][0](); err != nil {
						t.Fatalf("%s: to %s: %v", c.cmd, st, err)
					}
				}
				if c.task {
					if _, _, err := d.AddTask(ctx, id, incident.TaskSpec{Action: act, Summary: "swap the disk"}); err != nil {
						t.Fatal(err)
					}
				}
				before, beforeLog, _ := d.Get(ctx, id)
				err := c.call(d, id, incident.Action{Actor: "mallory"})
				var fe *incident.ForbiddenError
				if !errors.Is(err, incident.ErrForbidden) || !errors.As(err, &fe) || fe.Command != c.cmd || fe.Actor != "mallory" || fe.Reason == "" {
					t.Errorf("%s by mallory: %v, want a *ForbiddenError for %q", c.cmd, err, c.cmd)
					continue
				}
				after, afterLog, _ := d.Get(ctx, id)
				if diff := cmp.Diff(before, after); diff != "" {
					t.Errorf("%s refused changed the ticket:\n%s", c.cmd, diff)
				}
				if diff := cmp.Diff(beforeLog, afterLog); diff != "" {
					t.Errorf("%s refused changed the log:\n%s", c.cmd, diff)
				}
				if err := c.call(d, id, act); err != nil {
					t.Errorf("%s by the registrar: %v", c.cmd, err)
				}
			}
		})
	}
}

// The default rules: only the registrar closes; a grading is lowered only as
// a correction, raised always; the Desk's own automatic closes pass.
func TestDefaultAuthorizer(t *testing.T) {
	t.Parallel()
	d, _ := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk")) // P3 by impact medium, urgency high
	wang := incident.Action{Actor: "wang"}
	if _, err := d.Close(ctx, tk.ID, incident.Closing{Action: wang, Closure: codes.ClosureFalseAlarm}); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("close by another than the registrar: %v", err)
	}
	for _, c := range []struct {
		name string
		r    incident.Reprioritization
		ok   bool
	}{
		{"lowered directly", incident.Reprioritization{Action: wang, Priority: codes.P5}, false},
		{"lowered through the matrix", incident.Reprioritization{Action: wang, Urgency: codes.UrgencyLow}, false},
		{"raised", incident.Reprioritization{Action: wang, Priority: codes.P2}, true},
		{"lowered as a correction", incident.Reprioritization{Action: wang, Priority: codes.P4, Correction: true}, true},
	} {
		got, err := d.Reprioritize(ctx, tk.ID, c.r)
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case !c.ok && !errors.Is(err, incident.ErrForbidden):
			t.Errorf("%s: %v, want ErrForbidden", c.name, err)
		case c.ok:
			tk = got
		}
	}
	if tk.Priority != codes.P4 {
		t.Errorf("priority %s, want P4 after the correction", tk.Priority)
	}
}

// Group membership, registration by the service desk only, a correction
// only by an incident manager, composed; a hook that panics refuses.
func TestAuthorizerPieces(t *testing.T) {
	t.Parallel()
	groups := incident.Groups{"service-desk": {"desk"}, "mail": {"wang"}, "managers": {"zhao"}}
	manager := func(ctx context.Context, actor string) (bool, error) { return groups.Member(ctx, actor, "managers") }
	d, _ := newDesk(t, incident.Config{Authorize: incident.AllOf(
		incident.RegistrarCloses(),
		incident.GradingsNotLowered(manager),
		incident.GroupMembers(groups),
		incident.RegisterOnly(groups, "service-desk"),
	)})
	if _, err := d.Register(ctx, p3("wang")); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("a support engineer registers: %v", err)
	}
	tk, err := d.Register(ctx, p3("desk"))
	if err != nil {
		t.Fatal(err)
	}
	d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Group: "mail"})
	if _, err := d.Start(ctx, tk.ID, incident.Action{Actor: "li"}); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("someone outside the group takes it up: %v", err)
	}
	if _, err := d.Start(ctx, tk.ID, incident.Action{Actor: "wang"}); err != nil {
		t.Errorf("a member of the group takes it up: %v", err)
	}
	lower := incident.Reprioritization{Priority: codes.P5, Correction: true}
	lower.Actor = "wang"
	if _, err := d.Reprioritize(ctx, tk.ID, lower); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("a correction by an engineer: %v", err)
	}
	lower.Actor = "zhao"
	if _, err := d.Reprioritize(ctx, tk.ID, lower); err != nil {
		t.Errorf("a correction by an incident manager: %v", err)
	}

	panicky, _ := newDesk(t, incident.Config{Authorize: func(context.Context, *incident.Request) error { panic("nil map") }})
	if _, err := panicky.Register(ctx, p3("desk")); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("a panicking hook: %v", err)
	}
	if got, _ := panicky.Store().Find(ctx, incident.Filter{}); len(got) != 0 {
		t.Errorf("a panicking hook let %d tickets be written", len(got))
	}
}
