package escalation_test

import (
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

// TestStateKeepsLatestCycle folds a log in which one level of a rule fired
// in 400 cycles, one after another (as an end-of-day rule fires every
// working day for more than a year): the state stays the size of one
// firing's, and the latest cycle, the one due now, is still known as fired.
func TestStateKeepsLatestCycle(t *testing.T) {
	r, id, tk, log, res, now, d := stateScene(t)
	// The firings (delivered) of d's level in the n cycles up to d's.
	firings := func(n int) []incident.Entry {
		out := log[:1:1]
		for c := range n {
			x := d
			x.Cycle = d.Cycle - int64(n-1-c)
			key := x.Key(id)
			out = append(out,
				incident.Entry{Seq: len(out) + 1, At: now, Actor: "escalation", Type: escalation.EntryFiring, Key: key},
				incident.Entry{Seq: len(out) + 2, At: now, Actor: "escalation", Type: escalation.EntryDelivered, Key: key + "/delivered"})
		}
		return out
	}
	size := func(log []incident.Entry) int { return stateSize(t, r, id, log) }
	if a, b := size(firings(1)), size(firings(400)); b > a+8 {
		t.Errorf("the state of 1 cycle fired is %d bytes, of 400 cycles %d: it grows with them", a, b)
	}
	fm := r.Facts(id, firings(400))
	again, _ := r.Evaluate(tk, &fm, &res, now, nil)
	for _, x := range again {
		if x.Key(id) == d.Key(id) {
			t.Errorf("%s, fired in the latest cycle, is due again", d.Key(id))
		}
	}
	// Written and read back, the state knows it too.
	data, err := r.MarshalState(r.FoldLog(nil, id, firings(400)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
}
