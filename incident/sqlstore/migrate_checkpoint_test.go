package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *settableClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type quietBox struct{}

func (quietBox) Notify(context.Context, escalation.Notification) error { return nil }

var ignoreCheckpoint = cmpopts.IgnoreFields(incident.Ticket{}, "Checkpoint")

func rulesDesk(t *testing.T, s incident.Store, clk *settableClock, wf *incident.Workflow, folds int) *incident.Desk {
	t.Helper()
	d, err := incident.NewDesk(incident.Config{Store: s, Now: clk.Now, Location: shanghai, Escalation: escalation.DefaultConfig(),
		Workflow: wf, Folds: folds, AutoCloseAfter: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func rulesEngine(t *testing.T, d *incident.Desk) *escalation.Engine {
	t.Helper()
	e, err := escalation.NewEngine(d, escalation.EngineConfig{Notifier: quietBox{}, Directory: escalation.StaticDirectory{escalation.RoleIncidentManager: {"zhao"}}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// randomCommand runs a random command, recovering a panic into an error.
func randomCommand(d *incident.Desk, rng *rand.Rand, id codes.ID, now time.Time) (tk *incident.Ticket, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("PANIC: %v\n%s", r, debug.Stack())
		}
	}()
	act := incident.Action{Actor: "desk"}
	if rng.IntN(6) == 0 {
		act.At = now.Add(-time.Duration(rng.IntN(90)) * time.Minute)
	}
	switch rng.IntN(16) {
	case 0, 1:
		return d.Assign(bg, id, incident.Assignment{Action: act, Assignee: "wang", Tier: codes.TierL1})
	case 2, 3:
		return d.Start(bg, id, act)
	case 4:
		return d.Pend(bg, id, act, "waiting")
	case 5:
		return d.Resume(bg, id, act)
	case 6:
		return d.Reprioritize(bg, id, incident.Reprioritization{Action: act, Priority: codes.Priority(1 + rng.IntN(5)), Correction: true})
	case 7:
		return d.Escalate(bg, id, incident.Assignment{Action: act, Group: "next"})
	case 8:
		return d.Resolve(bg, id, incident.Resolution{Action: act, Solution: "fixed", Closure: codes.ClosureL1})
	case 9:
		return d.Reopen(bg, id, act, "back")
	case 10:
		return d.Reassign(bg, id, incident.Assignment{Action: act, Assignee: "zhao"})
	case 11:
		tk, _, err := d.Record(bg, id, act, []incident.Entry{{Type: "chat.message", Text: "keyed", Key: fmt.Sprintf("chat/%d", rng.IntN(4))}})
		return tk, err
	case 12:
		tk, _, err := d.Record(bg, id, act, []incident.Entry{{Type: incident.EntryUpdate, Changes: []incident.Change{{Field: incident.FieldTier, Value: string(codes.TierL2)}}}})
		return tk, err
	case 13:
		return d.Refresh(bg, id)
	default:
		return d.Comment(bg, id, act, "note")
	}
}

var bg = context.Background()

// copyRows copies every row of the tables from one database to another,
// the columns the schema of version 2 has.
func copyRows(t *testing.T, from, to *sql.DB) {
	t.Helper()
	for _, tb := range []struct{ name, cols string }{
		{"itsm_tickets", "id, status, priority, source, external_key, grp, assignee, created, next_due, version, log_len, body, closed, open_dup"},
		{"itsm_entries", "ticket_id, seq, body"},
		{"itsm_sequences", "kind, day, last"},
	} {
		rows, err := from.Query("SELECT " + tb.cols + " FROM " + tb.name)
		if err != nil {
			t.Fatal(err)
		}
		all := scanRows(t, rows)
		n := len(strings.Split(tb.cols, ","))
		q := "INSERT INTO " + tb.name + " (" + tb.cols + ") VALUES (?" + strings.Repeat(", ?", n-1) + ")"
		for _, v := range all {
			if _, err := to.Exec(q, v...); err != nil {
				t.Fatalf("%s: %v", tb.name, err)
			}
		}
	}
}

// Tickets stored at schema version 2 (no checkpoint column), then migrated:
// a Desk on the migrated database (checkpoints read and written) and a
// Desk folding whole logs, each on its own copy, run the same random
// commands and engine ticks and answer alike; the checkpoints appear
// ticket by ticket, as each is saved, and are right when read by a fresh
// Desk.
func TestMigrateCheckpointsLazily(t *testing.T) {
	t.Parallel()
	wf, err := incident.NewWorkflow(incident.PendingWorkflowConfig())
	if err != nil {
		t.Fatal(err)
	}
	clk := &settableClock{t: time.Date(2025, 11, 17, 9, 0, 0, 0, shanghai)}
	// The history, made on a database of today's schema by a Desk with
	// the default rules and an engine.
	gen := newSQLite(t)
	genDB := gen.open(t)
	d := rulesDesk(t, gen.store(t), clk, wf, 0)
	e := rulesEngine(t, d)
	rng := rand.New(rand.NewPCG(8, 13))
	var ids []codes.ID
	for range 150 {
		clk.Set(clk.Now().Add(time.Duration(rng.IntN(60)) * time.Minute))
		if len(ids) < 8 && rng.IntN(4) == 0 || len(ids) == 0 {
			tk, err := d.Register(bg, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "slow", Requester: "li",
				Priority: codes.Priority(1 + rng.IntN(5)), Urgency: codes.UrgencyLow, Impact: codes.ImpactLow})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, tk.ID)
			continue
		}
		if rng.IntN(6) == 0 {
			if _, err := e.Tick(bg); err != nil {
				t.Fatal(err)
			}
			continue
		}
		_, _ = randomCommand(d, rng, ids[rng.IntN(len(ids))], clk.Now())
	}
	// Databases of schema 2 holding those rows, migrated to today's: one
	// for each Desk below.
	var stores [4]*sqlstore.Store
	var dbs [4]*sql.DB
	for i := range stores {
		old := emptySQLite(t)
		db := old.open(t)
		if err := sqlstore.MigrateTo(bg, db, sqlstore.SQLite, 2); err != nil {
			t.Fatal(err)
		}
		var hasCol int
		if err := db.QueryRow("SELECT count(*) FROM pragma_table_info('itsm_tickets') WHERE name = 'checkpoint'").Scan(&hasCol); err != nil || hasCol != 0 {
			t.Fatalf("schema 2 has a checkpoint column: %d, %v", hasCol, err)
		}
		copyRows(t, genDB, db)
		if err := sqlstore.Migrate(bg, db, sqlstore.SQLite); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("SELECT count(*) FROM itsm_tickets WHERE checkpoint IS NOT NULL").Scan(&n); err != nil || n != 0 {
			t.Fatalf("after the migration %d tickets have a checkpoint (%v); want none", n, err)
		}
		stores[i], dbs[i] = old.store(t), db
	}
	// inc keeps no folds: every command reads the ticket's row, and its
	// checkpoint once it has one.
	inc := rulesDesk(t, stores[0], clk, wf, -1)
	full := rulesDesk(t, struct{ incident.Store }{stores[1]}, clk, wf, -1)
	engines := []*escalation.Engine{rulesEngine(t, inc), rulesEngine(t, full)}
	checkpointed := map[codes.ID]bool{}
	cp := func(id codes.ID) []byte {
		var b []byte
		if err := dbs[0].QueryRow("SELECT checkpoint FROM itsm_tickets WHERE id = ?", id.String()).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	saved := func(id codes.ID) int64 {
		var v int64
		if err := dbs[0].QueryRow("SELECT version FROM itsm_tickets WHERE id = ?", id.String()).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// On a third copy: a Refresh through a Desk that checkpoints writes
	// the first ticket's checkpoint (a save of nothing else), and only its;
	// the ticket is what full replay gives.
	{
		lazy := rulesDesk(t, stores[2], clk, wf, 0)
		ref := rulesDesk(t, struct{ incident.Store }{stores[3]}, clk, wf, -1)
		var b0 []byte
		_ = dbs[2].QueryRow("SELECT checkpoint FROM itsm_tickets WHERE id = ?", ids[0].String()).Scan(&b0)
		a, err := lazy.Refresh(bg, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := ref.Refresh(bg, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(b, a, ignoreCheckpoint, cmpopts.IgnoreFields(incident.Ticket{}, "Version")); diff != "" {
			t.Fatalf("the first Refresh: full (-) and checkpointed (+) differ:\n%s", diff)
		}
		if a.Version != b.Version+1 {
			t.Errorf("the first Refresh saved version %d; the full replay left %d", a.Version, b.Version)
		}
		var n int
		if err := dbs[2].QueryRow("SELECT count(*) FROM itsm_tickets WHERE checkpoint IS NOT NULL").Scan(&n); err != nil {
			t.Fatal(err)
		}
		var b1 []byte
		_ = dbs[2].QueryRow("SELECT checkpoint FROM itsm_tickets WHERE id = ?", ids[0].String()).Scan(&b1)
		if len(b0) != 0 || len(b1) == 0 || n != 1 {
			t.Errorf("Refresh of %s: checkpoint %d bytes before, %d after; %d tickets checkpointed, want 1", ids[0], len(b0), len(b1), n)
		}
		// The Desk that checkpointed now reads the row alone, and agrees.
		c, err := rulesDesk(t, stores[2], clk, wf, -1).Refresh(bg, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, c, ignoreCheckpoint); diff != "" {
			t.Errorf("a fresh Desk reading the new checkpoint: (-) and (+) differ:\n%s", diff)
		}
	}
	okSteps := 0
	defer func() { t.Logf("%d of 250 steps went through", okSteps) }()
	for step := range 250 {
		clk.Set(clk.Now().Add(time.Duration(rng.IntN(60)) * time.Minute))
		id := ids[rng.IntN(len(ids))]
		seed := rng.Uint64()
		tick := rng.IntN(6) == 0
		versions := map[codes.ID]int64{}
		for _, id := range ids {
			versions[id] = saved(id)
		}
		var res [2]*incident.Ticket
		var errs [2]error
		for i, d := range []*incident.Desk{inc, full} {
			if tick {
				rep, err := engines[i].Tick(bg)
				res[i], errs[i] = &incident.Ticket{Summary: fmt.Sprintf("%+v", rep)}, err
				continue
			}
			res[i], errs[i] = randomCommand(d, rand.New(rand.NewPCG(seed, 3)), id, clk.Now())
		}
		if (errs[0] == nil) != (errs[1] == nil) || errs[0] != nil && errs[0].Error() != errs[1].Error() {
			t.Fatalf("step %d: checkpointed: %v; full: %v", step, errs[0], errs[1])
		}
		if errs[0] == nil {
			okSteps++
		}
		if diff := cmp.Diff(res[1], res[0], ignoreCheckpoint); diff != "" {
			t.Fatalf("step %d: full (-) and checkpointed (+) differ:\n%s", step, diff)
		}
		// A ticket gets its checkpoint when saved, not before; once it
		// has one it keeps one.
		for _, id := range ids {
			has := len(cp(id)) > 0
			moved := saved(id) != versions[id]
			switch {
			case has && !checkpointed[id] && !moved:
				t.Fatalf("step %d: %s has a checkpoint without being saved", step, id)
			case !has && checkpointed[id]:
				t.Fatalf("step %d: %s lost its checkpoint", step, id)
			case !has && moved:
				t.Fatalf("step %d: %s saved without a checkpoint", step, id)
			}
			checkpointed[id] = has
		}
	}
	// A Refresh writes the checkpoint of a ticket that has none even when
	// nothing else moved.
	for _, id := range ids {
		if !checkpointed[id] {
			t.Logf("%s never saved in the run: Refresh writes its checkpoint", id)
			if _, err := inc.Refresh(bg, id); err != nil {
				t.Fatal(err)
			}
			if len(cp(id)) == 0 {
				t.Errorf("%s: no checkpoint after Refresh", id)
			}
		}
	}
	n := 0
	for _, v := range checkpointed {
		if v {
			n++
		}
	}
	t.Logf("%d of %d tickets checkpointed during the run", n, len(ids))
	// A fresh Desk reading the checkpoints agrees with full replay; the
	// logs agree.
	fresh := rulesDesk(t, stores[0], clk, wf, -1)
	freshFull := rulesDesk(t, struct{ incident.Store }{stores[0]}, clk, wf, -1)
	for _, id := range ids {
		a, err := fresh.Refresh(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := freshFull.Refresh(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(b, a, ignoreCheckpoint); diff != "" {
			t.Errorf("%s: full (-) and a fresh Desk from the checkpoint (+) differ:\n%s", id, diff)
		}
		_, l0, _ := stores[0].Load(bg, id)
		_, l1, _ := stores[1].Load(bg, id)
		if diff := cmp.Diff(l1, l0); diff != "" {
			t.Errorf("%s: logs differ (-full +checkpointed):\n%s", id, diff)
		}
	}
}
