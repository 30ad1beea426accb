package incident_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
)

// However many folds a Desk keeps (Config.Folds), a command gives the same
// ticket: one whose fold was dropped is folded from its whole log, the
// reference. Three desks, keeping none, two and the default, each on a
// memory store of its own, run the same random commands on six tickets
// (more than two, so that the small cache drops folds all along) and must
// answer alike, entry for entry.
func TestFoldsKeptOrNotAgree(t *testing.T) {
	t.Parallel()
	type run struct {
		name  string
		desk  *incident.Desk
		store *memstore.Store
	}
	clk := &clock{t: bj(8, 30)}
	var runs []run
	for _, n := range []int{-1, 2, 0} {
		s := memstore.New()
		d, err := incident.NewDesk(incident.Config{Store: s, Now: clk.Now, Location: shanghai, Folds: n, AutoCloseAfter: 2 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, run{fmt.Sprintf("Folds %d", n), d, s})
	}
	act := incident.Action{Actor: "desk"}
	rng := rand.New(rand.NewPCG(7, 11))
	var ids []codes.ID
	done := 0
	for step := range 400 {
		clk.Set(clk.Now().Add(time.Duration(rng.IntN(120)) * time.Minute))
		k := rng.IntN(10)
		var id codes.ID
		if len(ids) > 0 {
			id = ids[rng.IntN(len(ids))]
		}
		if len(ids) < 6 && (len(ids) == 0 || rng.IntN(6) == 0) {
			k = -1
		}
		p := codes.Priority(1 + rng.IntN(5))
		var first *incident.Ticket
		var firstErr error
		for i, r := range runs {
			d := r.desk
			var tk *incident.Ticket
			var err error
			switch k {
			case -1:
				tk, err = d.Register(ctx, incident.Registration{Action: act, Summary: "disk full", Priority: p, Urgency: codes.UrgencyLow, Impact: codes.ImpactLow})
			case 0:
				tk, err = d.Assign(ctx, id, incident.Assignment{Action: act, Assignee: "wang", Tier: codes.TierL1})
			case 1:
				tk, err = d.Start(ctx, id, act)
			case 2:
				tk, err = d.Reprioritize(ctx, id, incident.Reprioritization{Action: act, Priority: p, Correction: true})
			case 3:
				tk, err = d.Escalate(ctx, id, incident.Assignment{Action: act, Group: "network"})
			case 4:
				tk, err = d.Resolve(ctx, id, incident.Resolution{Action: act, Solution: "freed space", Closure: codes.ClosureL1})
			case 5:
				tk, err = d.Reopen(ctx, id, act, "full again")
			case 6:
				tk, err = d.Reassign(ctx, id, incident.Assignment{Action: act, Assignee: "zhao"})
			default:
				tk, err = d.Comment(ctx, id, act, "looked at it")
			}
			if i == 0 {
				first, firstErr = tk, err
				if err == nil {
					done++
				}
				if k == -1 && err == nil {
					ids = append(ids, tk.ID)
				}
				continue
			}
			if (err == nil) != (firstErr == nil) || (err != nil && err.Error() != firstErr.Error()) {
				t.Fatalf("step %d: %s: %v; %s: %v", step, runs[0].name, firstErr, r.name, err)
			}
			if diff := cmp.Diff(first, tk); diff != "" {
				t.Fatalf("step %d: %s and %s differ (-+):\n%s", step, runs[0].name, r.name, diff)
			}
		}
	}
	if done < 150 {
		t.Fatalf("only %d of 400 commands went through: the test tests little", done)
	}
	// The logs agree too.
	for _, id := range ids {
		_, want, err := runs[0].store.Load(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs[1:] {
			_, got, err := r.store.Load(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: the log of %s differs (-+):\n%s", r.name, id, diff)
			}
		}
	}
}
