package escalation_test

import (
	"database/sql"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
	"github.com/itsmkit/itsm/sla"

	_ "modernc.org/sqlite"
)

// The Desk folds in only each command's entries (its SLA clocks, the rules'
// facts, the firings pending) and the engine records through the same
// folds; the full replay is the reference. After every one of many random
// commands and ticks, the ticket's derived fields are what evaluating its
// whole log gives: the SLA by sla.Evaluate, the rules by Next on the whole
// log.
var errMailDown = errors.New("mail server down")

func TestFoldedCommandsAgreeWithFullReplay(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		store   string
		pending bool
	}{{"memstore", false}, {"memstore", true}, {"sqlite", false}, {"sqlite", true}} {
		pending := c.pending
		var cfg incident.Config
		var sqlite incident.Store
		steps := 600
		if c.store == "sqlite" {
			// A store that reads a ticket without its log: a fresh Desk
			// reads the ticket's checkpoint instead of folding the log.
			sqlite, steps = sqliteStore(t), 250
			cfg.Store = sqlite
		}
		if pending {
			pol, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
			if err != nil {
				t.Fatal(err)
			}
			wf, err := incident.NewWorkflow(incident.PendingWorkflowConfig())
			if err != nil {
				t.Fatal(err)
			}
			cfg.Policy, cfg.Workflow = pol, wf
		}
		cfg.AutoCloseAfter = 2 * time.Hour
		w := newWorld(t, cfg, nil)
		box := &inbox{}
		e := w.engine(box)
		rng := rand.New(rand.NewPCG(3, 5))
		now := bj(17, 8, 30)
		var ids []codes.ID
		act := func() incident.Action { return incident.Action{Actor: "desk"} }
		for step := range steps {
			now = now.Add(time.Duration(rng.IntN(90)) * time.Minute)
			w.clk.Set(now)
			if len(ids) == 0 || (len(ids) < 6 && rng.IntN(8) == 0) {
				tk, err := w.desk.Register(ctx, incident.Registration{Action: act(), Summary: "slow", Priority: codes.Priority(1 + rng.IntN(5)), Urgency: codes.UrgencyLow, Impact: codes.ImpactLow})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, tk.ID)
				continue
			}
			id := ids[rng.IntN(len(ids))]
			var err error
			switch rng.IntN(12) {
			case 0:
				_, err = w.desk.Assign(ctx, id, incident.Assignment{Action: act(), Assignee: "wang", Tier: codes.TierL1})
			case 1:
				_, err = w.desk.Start(ctx, id, act())
			case 2:
				_, err = w.desk.Pend(ctx, id, act(), "waiting")
			case 3:
				_, err = w.desk.Resume(ctx, id, act())
			case 4:
				_, err = w.desk.Reprioritize(ctx, id, incident.Reprioritization{Action: act(), Priority: codes.Priority(1 + rng.IntN(5)), Correction: true})
			case 5:
				_, err = w.desk.Escalate(ctx, id, incident.Assignment{Action: act(), Group: "next"})
			case 6:
				_, err = w.desk.Resolve(ctx, id, incident.Resolution{Action: act(), Solution: "fixed", Closure: codes.ClosureL1})
			case 7:
				_, err = w.desk.Reopen(ctx, id, act(), "back")
			case 8:
				_, err = w.desk.Reassign(ctx, id, incident.Assignment{Action: act(), Assignee: "zhao"})
			case 9, 10:
				_, err = w.desk.Comment(ctx, id, act(), "note")
			default:
				// The notifier fails now and then, so that firings wait
				// for redelivery.
				box.mu.Lock()
				box.fail = nil
				if rng.IntN(3) == 0 {
					box.fail = errMailDown
				}
				box.mu.Unlock()
				_, err = e.Tick(ctx)
			}
			_ = err // many commands are refused in the status the ticket is in: that is fine
			if step%10 == 0 {
				_, _ = w.desk.AutoClose(ctx)
			}
			// The Desk's own Refresh folds in nothing new; a fresh Desk on
			// the same store folds each log whole. They must agree, so
			// the fresh one has nothing to save.
			fresh := func(s incident.Store) *incident.Desk {
				d, err := incident.NewDesk(incident.Config{Store: s, Now: w.clk.Now, Location: shanghai,
					Policy: w.desk.Policy(), Workflow: w.desk.Workflow(), Escalation: w.rules, AutoCloseAfter: cfg.AutoCloseAfter})
				if err != nil {
					t.Fatal(err)
				}
				return d
			}
			var store incident.Store = w.cs
			if sqlite != nil {
				store = sqlite
			}
			full := fresh(struct{ incident.Store }{store}) // folds each log whole
			var head *incident.Desk                        // reads each ticket's checkpoint
			if sqlite != nil {
				head = fresh(sqlite)
			}
			for _, id := range ids {
				mine, err := w.desk.Refresh(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if head != nil {
					got, err := head.Refresh(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(mine, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
						t.Fatalf("%s, pending %v, step %d, %s: incremental (-) and checkpointed (+) folds disagree:\n%s", c.store, pending, step, id, diff)
					}
					mine = got
				}
				got, err := full.Refresh(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(mine, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
					_, log, _ := w.desk.Get(ctx, id)
					t.Fatalf("%s, pending %v, step %d, %s with %d entries: incremental (-) and full (+) folds disagree:\n%s", c.store, pending, step, id, len(log), diff)
				}
			}
		}
	}
}

// sqliteStore returns a Store on a new SQLite file.
func sqliteStore(t *testing.T) incident.Store {
	t.Helper()
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
}
