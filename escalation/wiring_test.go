package escalation_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// A Desk compiles its rules against its own policy: a rule naming a target,
// a status or a calendar the policy lacks is a configuration error of the
// Desk, with the rule's path, matching both packages' sentinels.
func TestDeskRefusesRulesItCannotRun(t *testing.T) {
	t.Parallel()
	rule := func(edit func(*escalation.Rule)) escalation.Config {
		r := escalation.Rule{Name: "late", From: escalation.Anchor{Kind: escalation.FromTargetStarted, Target: sla.Resolution},
			Levels: []escalation.Level{{After: dur(time.Hour), Actions: page}}}
		edit(&r)
		return escalation.Config{Rules: []escalation.Rule{r}}
	}
	for _, c := range []struct {
		name string
		cfg  escalation.Config
		want string
	}{
		{"a misspelt target", rule(func(r *escalation.Rule) { r.From.Target = "resolutoin" }),
			`rules[0].from.target: unknown target "resolutoin" (the SLA policy's targets: response, resolution)`},
		{"an unknown calendar", rule(func(r *escalation.Rule) {
			r.From = escalation.Anchor{Kind: escalation.FromRegistered}
			r.Clock = "moon"
		}),
			`rules[0].clock: unknown calendar "moon" (known: 24x7, office)`},
		{"an unknown status", rule(func(r *escalation.Rule) { r.From = escalation.Anchor{Kind: escalation.FromStatus, Status: "pendng"} }),
			`rules[0].from.status: unknown status "pendng"`},
		{"a clock to wait on the policy lacks", rule(func(r *escalation.Rule) {
			r.From = escalation.Anchor{Kind: escalation.FromRegistered}
			r.WaitOn = []string{"fix"}
		}), `rules[0].wait_on[0]: unknown target "fix"`},
	} {
		_, err := incident.NewDesk(incident.Config{Store: memstore.New(), Escalation: c.cfg})
		if !errors.Is(err, incident.ErrInvalidConfig) || !errors.Is(err, escalation.ErrInvalidRules) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: NewDesk = %v, want ErrInvalidConfig and ErrInvalidRules saying %s", c.name, err, c.want)
		}
		var re *escalation.RulesError
		if !errors.As(err, &re) || len(re.Problems) != 1 {
			t.Errorf("%s: errors.As gives %+v, want the one problem", c.name, re)
		}
	}
	// Rules compiled against another policy are compiled again against the
	// Desk's.
	other, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	rules, err := escalation.New(pathsConfig(), other)
	if err != nil {
		t.Fatal(err)
	}
	d, err := incident.NewDesk(incident.Config{Store: memstore.New(), Escalation: rules})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Scheduler().(*escalation.Rules); got.Policy() != d.Policy() {
		t.Error("the Desk schedules rules compiled against another policy")
	}
	d, err = incident.NewDesk(incident.Config{Store: memstore.New(), Policy: other, Escalation: rules})
	if err != nil {
		t.Fatal(err)
	}
	if d.Scheduler().(*escalation.Rules) != rules {
		t.Error("rules compiled against the Desk's policy were compiled again")
	}
}

// With a policy of two versions, a ticket whose response clock runs while
// its resolution clock has not started is still due: the clock that
// schedules nothing does not hide the one that does, and the engine fires.
func TestTwoVersionsStillEscalate(t *testing.T) {
	t.Parallel()
	for _, reversed := range []bool{false, true} {
		cfg := sla.SeedConfig()
		v := cfg.Versions[0]
		if reversed {
			v.Targets = []sla.Target{v.Targets[1], v.Targets[0]}
		}
		cfg.Versions[0] = v
		v.Effective = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		cfg.Versions = append(cfg.Versions, v)
		pol, err := sla.New(cfg, sla.DefaultCalendars())
		if err != nil {
			t.Fatal(err)
		}
		w := newWorld(t, incident.Config{Policy: pol}, nil)
		id := w.register(bj(17, 10, 0), codes.P3)
		w.assign(bj(17, 10, 0), id, codes.TierL1)
		w.clk.Set(bj(17, 10, 1))
		tk, err := w.desk.Refresh(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := bj(17, 10, 24); !tk.NextDue.Equal(want) {
			t.Errorf("reversed %v: NextDue %v, want the response warning at %v", reversed, tk.NextDue, want)
		}
		box := &inbox{}
		e := w.engine(box)
		w.tick(e, bj(17, 10, 30))
		if got := box.keys(id); !slices.Contains(got, "notify.p3.response/0/1/0") {
			t.Errorf("reversed %v: delivered %v, want the P3 response notice at 10:30", reversed, got)
		}
	}
}

// A rule's raise_tier means what Desk.Escalate means: the next tier, the
// assignee of the tier below gone, a vendor involved at L3, the reassign
// event, counted as an escalation and not as a reassignment.
func TestRaiseTierIsEscalate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, mustRules(t, escalation.Rule{
		Name: "stuck", When: escalation.Condition{Tiers: []codes.Tier{codes.TierL2}},
		From:   escalation.Anchor{Kind: escalation.FromTier},
		Levels: []escalation.Level{{After: dur(10 * time.Minute), Actions: []escalation.Action{{Kind: escalation.RaiseTier, Group: "vendor-oa"}}}},
	}))
	byRule := w.register(bj(17, 9, 0), codes.P4)
	byHand := w.register(bj(17, 9, 0), codes.P4)
	for _, id := range []codes.ID{byRule, byHand} {
		w.assign(bj(17, 9, 1), id, codes.TierL2)
		w.start(bj(17, 9, 2), id)
	}
	w.do(bj(17, 9, 5), func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Escalate(ctx, byHand, incident.Assignment{Action: a, Group: "vendor-oa"})
	})
	w.tick(w.engine(&inbox{}), bj(17, 9, 11))
	view := func(id codes.ID) []any {
		tk, log, err := w.desk.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return []any{tk.Tier, tk.Group, tk.Assignee, tk.Vendor, tk.Status, tk.Escalations, tk.Reassignments, log[len(log)-2].Event}
	}
	got, want := view(byRule), view(byHand)
	want[7] = incident.EventReassign // the hand escalation is the last entry; the rule's firing precedes its delivery
	_, hl, _ := w.desk.Get(ctx, byHand)
	if hl[len(hl)-1].Event != incident.EventReassign {
		t.Fatalf("Escalate's entry: %+v", hl[len(hl)-1])
	}
	if !slices.Equal(got, want) || got[0] != codes.TierL3 || got[3] != true {
		t.Errorf("raised by rule %v, by Escalate %v", got, want)
	}
}

// Rules about the pause itself fire during it; rules counted from a clock
// wait on it; an event rule waits on the clocks it names.
func TestRulesWaitOnTheirClocks(t *testing.T) {
	t.Parallel()
	pol, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	wf, err := incident.NewWorkflow(incident.PendingWorkflowConfig())
	if err != nil {
		t.Fatal(err)
	}
	notice := []escalation.Level{{After: dur(time.Hour), Actions: page}}
	rules, err := escalation.New(escalation.Config{Rules: []escalation.Rule{
		{Name: "waiting", When: escalation.Condition{Statuses: []codes.Status{codes.StatusPending}},
			From: escalation.Anchor{Kind: escalation.FromStatus, Status: codes.StatusPending}, Levels: notice},
		{Name: "open", From: escalation.Anchor{Kind: escalation.FromRegistered}, Levels: notice},
		{Name: "open.working", From: escalation.Anchor{Kind: escalation.FromRegistered}, Levels: notice, WaitOn: []string{sla.Resolution}},
		{Name: "clock", From: escalation.Anchor{Kind: escalation.FromTargetStarted, Target: sla.Resolution}, Levels: notice},
	}}, pol)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, incident.Config{Policy: pol, Workflow: wf}, rules)
	id := w.register(bj(17, 9, 0), codes.P4)
	w.assign(bj(17, 9, 0), id, codes.TierL1)
	w.start(bj(17, 9, 0), id)
	w.do(bj(17, 9, 30), func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Pend(ctx, id, a, "waiting for the user")
	})
	checkEval(t, w, id, []evalCase{
		{"pending an hour and a half", bj(17, 11, 0), []string{"waiting/0/1/0", "open/0/1/0"}, time.Time{}},
	})
}

// Observe sees every tick with its report.
func TestEngineObserve(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	var seen []escalation.TickObservation
	e, err := escalation.NewEngine(w.desk, escalation.EngineConfig{Observe: func(_ context.Context, o escalation.TickObservation) { seen = append(seen, o) }})
	if err != nil {
		t.Fatal(err)
	}
	w.register(bj(17, 9, 0), codes.P1)
	w.tick(e, bj(17, 9, 0))
	w.tick(e, bj(17, 9, 1))
	if len(seen) != 2 || seen[0].Tickets != 1 || seen[0].Fired != 1 || seen[0].Delivered != 1 || seen[1].Fired != 0 || seen[0].Err != nil {
		t.Errorf("observed %+v", seen)
	}
}
