package escalation_test

import (
	"slices"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// stateScene is a ticket registered on a Monday morning and the first
// firing the default rules have due for it a week later, with its log (the
// registration), its SLA result and the instant.
func stateScene(t *testing.T) (*escalation.Rules, codes.ID, *incident.Ticket, []incident.Entry, sla.Result, time.Time, escalation.Due) {
	t.Helper()
	r := compile(t, escalation.DefaultConfig())
	at := bj(17, 9, 0)
	id, _ := codes.NewID(codes.KindIncident, at, 7)
	tk := &incident.Ticket{ID: id, Status: codes.StatusInProgress, Priority: codes.P4, Created: at}
	log := []incident.Entry{{Seq: 1, At: at, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered}}
	// Every firing due at the end of a long week, as an engine records them.
	now := at.Add(7 * 24 * time.Hour)
	res, err := seedPolicy.Evaluate(incident.History(log), now)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Facts(id, log)
	due, _ := r.Evaluate(tk, &f, &res, now, nil)
	if len(due) == 0 {
		t.Fatal("nothing due: the test measures nothing")
	}
	return r, id, tk, log, res, now, due[0]
}

// stateSize returns the size of the state the rules write for a log.
func stateSize(t *testing.T, r *escalation.Rules, id codes.ID, log []incident.Entry) int {
	t.Helper()
	b, err := r.MarshalState(r.FoldLog(nil, id, log))
	if err != nil {
		t.Fatal(err)
	}
	return len(b)
}

// TestStateKeepsHighestRepetition folds a log in which one level of a
// repeating rule fired (and was delivered) a thousand times, in one cycle:
// the state written in
// a ticket's checkpoint stays the size of one firing's (only the highest
// repetition of a level in a cycle is kept), and the rules still know
// every repetition up to it as recorded.
func TestStateKeepsHighestRepetition(t *testing.T) {
	r, id, tk, log, res, now, d := stateScene(t)
	size := func(log []incident.Entry) int { return stateSize(t, r, id, log) }
	// A firing and its delivery, as the engine records them.
	fired := func(log []incident.Entry, rep int) []incident.Entry {
		x := d
		x.Rep = rep
		key := x.Key(id)
		return append(log,
			incident.Entry{Seq: len(log) + 1, At: now, Actor: "escalation", Type: escalation.EntryFiring, Key: key},
			incident.Entry{Seq: len(log) + 2, At: now, Actor: "escalation", Type: escalation.EntryDelivered, Key: key + "/delivered"})
	}
	one := fired(log[:1:1], 0)
	many := log[:1:1]
	for rep := range 1000 {
		many = fired(many, rep)
	}
	if a, b := size(one), size(many); b > a+8 {
		t.Errorf("the state of 1 firing is %d bytes, of 1000 repetitions %d: it grows with them", a, b)
	}
	// Repetitions up to the highest are recorded: none of them is due.
	fm := r.Facts(id, many)
	again, _ := r.Evaluate(tk, &fm, &res, now, nil)
	for _, x := range again {
		if x.Rule == d.Rule && x.Level == d.Level && x.Cycle == d.Cycle && x.Rep <= 999 {
			t.Errorf("repetition %d of %s level %d is due again", x.Rep, x.Rule, x.Level)
		}
	}
}

// eodScene is a ticket registered on a Monday and the end-of-day rule's
// firing due for it on the Monday after, an hour before the close of
// business, with its log (the registration), its SLA result and the
// instant.
func eodScene(t *testing.T) (*escalation.Rules, codes.ID, *incident.Ticket, []incident.Entry, sla.Result, time.Time, escalation.Due) {
	t.Helper()
	r := compile(t, escalation.Config{Rules: []escalation.Rule{escalation.EndOfDayRule()}})
	at := bj(17, 9, 0)
	id, _ := codes.NewID(codes.KindIncident, at, 8)
	tk := &incident.Ticket{ID: id, Status: codes.StatusInProgress, Priority: codes.P4, Created: at}
	log := []incident.Entry{{Seq: 1, At: at, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered}}
	now := bj(24, 17, 30)
	res, err := seedPolicy.Evaluate(incident.History(log), now)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Facts(id, log)
	due, _ := r.Evaluate(tk, &f, &res, now, nil)
	if len(due) != 1 || due[0].Rule != escalation.EndOfDayRule().Name {
		t.Fatalf("due %v: want the end-of-day report", due)
	}
	return r, id, tk, log, res, now, due[0]
}

// firedIn returns log with the firings (delivered) of d's level in the given
// cycles, in order, as an engine records them.
func firedIn(id codes.ID, log []incident.Entry, d escalation.Due, at time.Time, cycles ...int64) []incident.Entry {
	out := slices.Clip(log)
	for _, c := range cycles {
		x := d
		x.Cycle = c
		key := x.Key(id)
		out = append(out,
			incident.Entry{Seq: len(out) + 1, At: at, Actor: "escalation", Type: escalation.EntryFiring, Key: key},
			incident.Entry{Seq: len(out) + 2, At: at, Actor: "escalation", Type: escalation.EntryDelivered, Key: key + "/delivered"})
	}
	return out
}

// TestStateKeepsLatestDay folds a log in which the end-of-day rule fired on
// 400 working days, one after another, for a ticket open for more than a
// year: the state stays the size of one firing's, the day due now is known
// as fired, and so is any day before the latest one fired on (days missed
// are not fired late), also when asked about an earlier instant.
func TestStateKeepsLatestDay(t *testing.T) {
	r, id, tk, log, res, now, d := eodScene(t)
	days := func(n int) []int64 {
		var out []int64
		for day := now.AddDate(0, 0, -n+1); len(out) < n; day = day.AddDate(0, 0, 1) {
			out = append(out, int64(day.Year()*10000+int(day.Month())*100+day.Day()))
		}
		return out
	}
	one, many := firedIn(id, log, d, now, days(1)...), firedIn(id, log, d, now, days(400)...)
	if a, b := stateSize(t, r, id, one), stateSize(t, r, id, many); b > a+8 {
		t.Errorf("the state of 1 day fired is %d bytes, of 400 days %d: it grows with them", a, b)
	}
	for name, lg := range map[string][]incident.Entry{"one day": one, "400 days": many} {
		f := r.Facts(id, lg)
		if again, _ := r.Evaluate(tk, &f, &res, now, nil); len(again) != 0 {
			t.Errorf("%s fired: %v is due again", name, again)
		}
		st, err := r.UnmarshalState(mustState(t, r, id, lg))
		if err != nil {
			t.Fatal(err)
		}
		if next := r.NextFolded(tk, st, &res, now); !next.After(now) {
			t.Errorf("%s fired, read back from the state: next %v, want after %v", name, next, now)
		}
	}
	// A week earlier than the last day fired, that day's report is not
	// due either: a day before the latest fired is over.
	earlier := now.AddDate(0, 0, -7)
	fe := r.Facts(id, firedIn(id, log, d, now, days(1)...))
	resEarlier, err := seedPolicy.Evaluate(incident.History(log), earlier)
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := r.Evaluate(tk, &fe, &resEarlier, earlier, nil); len(due) != 0 {
		t.Errorf("asked a week before the day fired: %v due", due)
	}
}

// mustState returns the state the rules write for a log.
func mustState(t *testing.T, r *escalation.Rules, id codes.ID, log []incident.Entry) []byte {
	t.Helper()
	b, err := r.MarshalState(r.FoldLog(nil, id, log))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFiredInOtherCycles: a rule whose cycles are not days keeps every
// cycle a level fired in. A firing of a rule of the same name in a cycle
// of another kind (a rule set that renamed an end-of-day rule, say) hides
// none of its own.
func TestFiredInOtherCycles(t *testing.T) {
	rule := escalation.Rule{Name: "a", From: escalation.Anchor{Kind: escalation.FromRegistered}, Levels: []escalation.Level{
		{After: sla.Duration(time.Hour), Actions: []escalation.Action{{Kind: escalation.Notify, Roles: []string{escalation.RoleIncidentManager}}}},
	}}
	r := compile(t, escalation.Config{Rules: []escalation.Rule{rule}})
	at := bj(17, 9, 0)
	id, _ := codes.NewID(codes.KindIncident, at, 9)
	tk := &incident.Ticket{ID: id, Status: codes.StatusInProgress, Priority: codes.P4, Created: at}
	log := []incident.Entry{{Seq: 1, At: at, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered}}
	now := at.Add(2 * time.Hour)
	res, err := seedPolicy.Evaluate(incident.History(log), now)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Facts(id, log)
	due, _ := r.Evaluate(tk, &f, &res, now, nil)
	if len(due) != 1 || due[0].Cycle != 1 {
		t.Fatalf("due %v: want rule a's first cycle", due)
	}
	// The foreign cycle recorded after the rule's own, and before it.
	for _, cycles := range [][]int64{{1, 20251117}, {20251117, 1}} {
		fl := r.Facts(id, firedIn(id, log, due[0], now, cycles...))
		if again, _ := r.Evaluate(tk, &fl, &res, now, nil); len(again) != 0 {
			t.Errorf("cycles %v fired: %v due again", cycles, again)
		}
	}
}
