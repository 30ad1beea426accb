package escalation_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

func mustRules(t *testing.T, rs ...escalation.Rule) *escalation.Rules {
	t.Helper()
	r, err := escalation.New(escalation.Config{Rules: rs}, seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func dur(d time.Duration) sla.Duration { return sla.Duration(d) }

var page = []escalation.Action{{Kind: escalation.Custom, Name: "page"}}

// TestRepeat: a level repeating every 30 min at most three times, from the
// breach of a P3's response (assigned 09:00, goal 30 min → breach 09:30):
// repetitions at 09:30, 10:00 and 10:30 of working time. Repetitions missed
// are not fired one by one: only the latest due fires.
func TestRepeat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, mustRules(t, escalation.Rule{
		Name: "breach", From: escalation.Anchor{Kind: escalation.FromBreached, Target: sla.Response},
		Levels: []escalation.Level{{Actions: page}},
		Repeat: escalation.Repeat{Every: dur(30 * time.Minute), Times: 3},
	}))
	id := w.register(bj(17, 9, 0), codes.P3)
	w.assign(bj(17, 9, 0), id, codes.TierL1)
	checkEval(t, w, id, []evalCase{
		{"before", bj(17, 9, 29), nil, bj(17, 9, 30)},
		{"breach", bj(17, 9, 30), []string{"breach/0/1/0"}, bj(17, 10, 0)},
	})
	w.fire(bj(17, 9, 30), id, "breach/0/1/0")
	checkEval(t, w, id, []evalCase{
		{"second", bj(17, 10, 15), []string{"breach/0/1/1"}, bj(17, 10, 30)},
		{"third, the second missed", bj(17, 10, 45), []string{"breach/0/1/2"}, time.Time{}},
	})
	w.fire(bj(17, 10, 45), id, "breach/0/1/2")
	checkEval(t, w, id, []evalCase{{"capped", bj(17, 17, 0), nil, time.Time{}}})
}

// TestTargetAnchors: a share of the goal and a time before the breach, on a
// P3's response clock (assigned 09:00, goal 30 min): 50% at 09:15, 10 min
// before the breach at 09:20; a level 3 min after that at 09:23.
func TestTargetAnchors(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, mustRules(t,
		escalation.Rule{Name: "half", From: escalation.Anchor{Kind: escalation.FromTargetShare, Target: sla.Response, Percent: 50}, Levels: []escalation.Level{{Actions: page}}},
		escalation.Rule{Name: "soon", From: escalation.Anchor{Kind: escalation.FromBeforeBreach, Target: sla.Response, Before: dur(10 * time.Minute)},
			Levels: []escalation.Level{{Actions: page}, {After: dur(3 * time.Minute), Actions: page}}},
	))
	id := w.register(bj(17, 9, 0), codes.P3)
	w.assign(bj(17, 9, 0), id, codes.TierL1)
	checkEval(t, w, id, []evalCase{
		{"start", bj(17, 9, 0), nil, bj(17, 9, 15)},
		{"half", bj(17, 9, 15), []string{"half/0/1/0"}, bj(17, 9, 20)},
		{"soon", bj(17, 9, 21), []string{"half/0/1/0", "soon/0/1/0"}, bj(17, 9, 23)},
		{"later", bj(17, 9, 23), []string{"half/0/1/0", "soon/0/1/0", "soon/1/1/0"}, time.Time{}},
	})
	// Responded: the clock stopped, nothing fires.
	w.start(bj(17, 9, 24), id)
	checkEval(t, w, id, []evalCase{{"stopped", bj(17, 9, 25), nil, time.Time{}}})
}

// TestStatusAnchor: an hour of wall-clock time in progress; a reopen starts
// cycle 2. Started 09:10 → 10:10; resolved 10:20; reopened 11:00 → 12:00.
func TestStatusAnchor(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, mustRules(t, escalation.Rule{
		Name: "working", From: escalation.Anchor{Kind: escalation.FromStatus, Status: codes.StatusInProgress},
		When:   escalation.Condition{Statuses: []codes.Status{codes.StatusInProgress}},
		Levels: []escalation.Level{{After: dur(time.Hour), Actions: page}},
	}))
	id := w.register(bj(17, 9, 0), codes.P4)
	w.assign(bj(17, 9, 5), id, codes.TierL1)
	checkEval(t, w, id, []evalCase{{"assigned", bj(17, 9, 6), nil, time.Time{}}})
	w.start(bj(17, 9, 10), id)
	checkEval(t, w, id, []evalCase{
		{"started", bj(17, 9, 11), nil, bj(17, 10, 10)},
		{"an hour", bj(17, 10, 10), []string{"working/0/1/0"}, time.Time{}},
	})
	w.do(bj(17, 10, 20), func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Resolve(ctx, id, incident.Resolution{Action: a, Solution: "patched", Closure: codes.ClosureL1})
	})
	checkEval(t, w, id, []evalCase{{"resolved", bj(17, 10, 30), nil, time.Time{}}})
	w.do(bj(17, 11, 0), func(a incident.Action) (*incident.Ticket, error) { return w.desk.Reopen(ctx, id, a, "back again") })
	checkEval(t, w, id, []evalCase{
		{"reopened", bj(17, 11, 0), nil, bj(17, 12, 0)},
		{"again", bj(17, 12, 0), []string{"working/0/2/0"}, time.Time{}},
	})
}

// TestConditions: each field of a Condition narrows the tickets a rule
// applies to.
func TestConditions(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	base := incident.Ticket{Status: codes.StatusInProgress, Priority: codes.P3, Category: "hardware.server", Source: codes.SourcePhone, Tier: codes.TierL2, Reassignments: 2, Reopens: 1, Created: bj(17, 9, 0)}
	for _, c := range []struct {
		name string
		cond escalation.Condition
		want bool
	}{
		{"zero", escalation.Condition{}, true},
		{"priority", escalation.Condition{Priorities: []codes.Priority{codes.P3, codes.P4}}, true},
		{"other priority", escalation.Condition{Priorities: []codes.Priority{codes.P1}}, false},
		{"status", escalation.Condition{Statuses: []codes.Status{codes.StatusInProgress}}, true},
		{"not status", escalation.Condition{NotStatuses: []codes.Status{codes.StatusInProgress}}, false},
		{"category above", escalation.Condition{Categories: []codes.Category{"hardware"}}, true},
		{"category prefix is not a parent", escalation.Condition{Categories: []codes.Category{"hard"}}, false},
		{"source", escalation.Condition{Sources: []codes.Source{codes.SourceMonitoring}}, false},
		{"tier", escalation.Condition{Tiers: []codes.Tier{codes.TierL2}}, true},
		{"major", escalation.Condition{Major: &yes}, false},
		{"not major", escalation.Condition{Major: &no}, true},
		{"reassignments", escalation.Condition{MinReassignments: 3}, false},
		{"reopens", escalation.Condition{MinReopens: 1}, true},
	} {
		r := mustRules(t, escalation.Rule{Name: "r", When: c.cond, From: escalation.Anchor{Kind: escalation.FromRegistered}, Levels: []escalation.Level{{Actions: page}}})
		tk := base
		var f escalation.Facts
		due, _ := r.Evaluate(&tk, &f, &sla.Result{}, bj(17, 10, 0), nil)
		if got := len(due) == 1; got != c.want {
			t.Errorf("%s: fired %v, want %v", c.name, got, c.want)
		}
	}
}

// TestLadderFrom: the two readings of the seed's ladder.
func TestLadderFrom(t *testing.T) {
	t.Parallel()
	offsets := func(from escalation.LadderFrom) []time.Duration {
		var ds []time.Duration
		for _, l := range escalation.LadderRules(from)[0].Levels {
			ds = append(ds, l.After.D())
		}
		return ds
	}
	m := time.Minute
	if diff := cmp.Diff([]time.Duration{5 * m, 10 * m, 20 * m, 30 * m, 45 * m}, offsets(escalation.FromPreviousLevel)); diff != "" {
		t.Errorf("from the previous level (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{5 * m, 5 * m, 10 * m, 10 * m, 15 * m}, offsets(escalation.FromStart)); diff != "" {
		t.Errorf("from the start (-want +got):\n%s", diff)
	}
}

// TestDueAt: a firing found late says when it fell due. The P3 of
// TestEvaluateP3 at 12:30: the ladder's first rung fell at 11:00, L1's
// timeout at 11:10.
func TestDueAt(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P3)
	w.assign(bj(17, 9, 10), id, codes.TierL1)
	tk, log, _ := w.desk.Get(ctx, id)
	now := bj(17, 12, 30)
	res, _ := w.desk.Policy().Evaluate(incident.History(log), now)
	f := w.rules.Facts(id, log)
	due, _ := w.rules.Evaluate(tk, &f, &res, now, nil)
	got := map[string]time.Time{}
	for _, d := range due {
		got[d.Rule] = d.At
	}
	// The response clock from 09:10: 30 min → 09:40.
	want := map[string]time.Time{"notify.p3.response": bj(17, 9, 40), "ladder.p3": bj(17, 11, 0), "tier.timeout": bj(17, 11, 10)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("due at (-want +got):\n%s", diff)
	}
}

// TestSchedulerRedelivery: a firing recorded and not delivered keeps the
// ticket due: NextDue is when it is to be delivered again.
func TestSchedulerRedelivery(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P1)
	box := &inbox{fail: errors.New("down")}
	rep := w.tick(w.engine(box), bj(17, 9, 0))
	if rep.Fired != 1 || rep.Failed != 1 {
		t.Errorf("report %+v", rep)
	}
	tk, _, _ := w.desk.Get(ctx, id)
	if want := bj(17, 9, 1); !tk.NextDue.Equal(want) {
		t.Errorf("NextDue = %v, want %v", tk.NextDue, want)
	}
}

func TestNotifiers(t *testing.T) {
	t.Parallel()
	n := escalation.Notification{Key: "esc/IM251117000001/r/0/1/0", Rule: "r", Recipients: []string{"zhao"}}
	var calls []string
	ok := escalation.NotifierFunc(func(context.Context, escalation.Notification) error { calls = append(calls, "ok"); return nil })
	bad := escalation.NotifierFunc(func(context.Context, escalation.Notification) error {
		calls = append(calls, "bad")
		return errors.New("down")
	})
	if err := escalation.Multi(bad, ok, escalation.Discard).Notify(ctx, n); err == nil || err.Error() != "down" {
		t.Errorf("Multi: %v", err)
	}
	if diff := cmp.Diff([]string{"bad", "ok"}, calls); diff != "" {
		t.Errorf("Multi calls (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	if err := escalation.LogNotifier(l).Notify(ctx, n); err != nil {
		t.Fatal(err)
	}
	want := `level=INFO msg=escalation key=esc/IM251117000001/r/0/1/0 ticket="" rule=r rule_level=0 recipients=[zhao] attempt=0`
	if got := strings.TrimSpace(buf.String()); got != want {
		t.Errorf("log:\n got %s\nwant %s", got, want)
	}
}

func TestNewEngineRequires(t *testing.T) {
	t.Parallel()
	_, err := escalation.NewEngine(nil, escalation.EngineConfig{})
	if !errors.Is(err, escalation.ErrInvalidEngine) || !strings.Contains(err.Error(), "a Desk is required") {
		t.Errorf("no Desk: err = %v", err)
	}
	// A Desk that schedules no rules would never find a ticket due.
	d, err := incident.NewDesk(incident.Config{Store: memstore.New()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = escalation.NewEngine(d, escalation.EngineConfig{})
	if !errors.Is(err, escalation.ErrInvalidEngine) || !strings.Contains(err.Error(), "incident.Config.Escalation") {
		t.Errorf("a Desk without rules: err = %v", err)
	}
}

// TestAssignedAnchor: ten minutes of wall-clock time after each assignment,
// while not taken up; a reassignment starts a new cycle. Assigned 09:00 →
// 09:10; reassigned 09:20 (the second assignment) → 09:30.
func TestAssignedAnchor(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, mustRules(t, escalation.Rule{
		Name: "untouched", From: escalation.Anchor{Kind: escalation.FromAssigned},
		When:   escalation.Condition{Statuses: []codes.Status{codes.StatusAssigned}},
		Levels: []escalation.Level{{After: dur(10 * time.Minute), Actions: page}},
	}))
	id := w.register(bj(17, 8, 0), codes.P4)
	checkEval(t, w, id, []evalCase{{"not assigned", bj(17, 8, 30), nil, time.Time{}}})
	w.assign(bj(17, 9, 0), id, codes.TierL1)
	checkEval(t, w, id, []evalCase{
		{"assigned", bj(17, 9, 0), nil, bj(17, 9, 10)},
		{"ten minutes", bj(17, 9, 10), []string{"untouched/0/1/0"}, time.Time{}},
	})
	w.fire(bj(17, 9, 10), id, "untouched/0/1/0")
	w.reassign(bj(17, 9, 20), id, "li")
	checkEval(t, w, id, []evalCase{
		{"reassigned", bj(17, 9, 20), nil, bj(17, 9, 30)},
		{"again", bj(17, 9, 30), []string{"untouched/0/2/0"}, time.Time{}},
	})
}

// TestManyCalendars: rules counting in more calendars than the evaluator
// keeps side by side still give the earliest next instant, whichever
// calendar it comes from.
func TestManyCalendars(t *testing.T) {
	t.Parallel()
	office := sla.DefaultCalendars()[sla.OfficeCalendar]
	cals := map[string]sla.Calendar{}
	var rs []escalation.Rule
	for i := range 6 {
		name := string(rune('a' + i))
		cals[name] = office
		// The last calendar's rule comes first: after 5 min; the others
		// after 10, 20, ... min.
		after := time.Duration(10*(i+1)) * time.Minute
		if i == 5 {
			after = 5 * time.Minute
		}
		rs = append(rs, escalation.Rule{
			Name: "r." + name, From: escalation.Anchor{Kind: escalation.FromRegistered}, Clock: name,
			Levels: []escalation.Level{{After: dur(after), Actions: page}},
		})
	}
	r, err := escalation.New(escalation.Config{Rules: rs, Calendars: cals}, seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, incident.Config{}, r)
	id := w.register(bj(17, 9, 0), codes.P4)
	checkEval(t, w, id, []evalCase{
		{"before any", bj(17, 9, 1), nil, bj(17, 9, 5)},
		{"the sixth calendar's", bj(17, 9, 5), []string{"r.f/0/1/0"}, bj(17, 9, 10)},
		{"then the first's", bj(17, 9, 10), []string{"r.a/0/1/0", "r.f/0/1/0"}, bj(17, 9, 20)},
	})
}
