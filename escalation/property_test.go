package escalation_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// opaque hides every method of a calendar but those sla.Calendar names, so
// that the rules measure working time with Add and Between alone.
type opaque struct{ sla.Calendar }

// forward is an opaque calendar that only counts forward: Between with b
// before a and Add with a negative d fail, as sla.Calendar allows of
// Between (Add must count back: see its documentation).
type forward struct{ sla.Calendar }

var errBackward = errors.New("this calendar counts forward only")

func (c forward) Add(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, errBackward
	}
	return c.Calendar.Add(t, d)
}

func (c forward) Between(a, b time.Time) (time.Duration, error) {
	if b.Before(a) {
		return 0, errBackward
	}
	return c.Calendar.Between(a, b)
}

// propertyWorld registers tickets of every priority at working and
// non-working hours of a week, assigned, started, paused, escalated or
// reassigned, for the properties below.
func propertyWorld(t *testing.T, pending bool) (*world, []codes.ID) {
	t.Helper()
	var cfg incident.Config
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
	w := newWorld(t, cfg, nil)
	var ids []codes.ID
	for i := range 30 {
		// Monday 17th 08:10 onwards, every 3h17m: mornings, evenings,
		// nights and the weekend.
		at := bj(17, 8, 10).Add(time.Duration(i) * (3*time.Hour + 17*time.Minute))
		if at.After(bj(22, 23, 0)) {
			break
		}
		id := w.register(at, codes.Priority(1+i%5))
		ids = append(ids, id)
		if i%6 == 5 {
			continue // never assigned
		}
		w.assign(at.Add(4*time.Minute), id, codes.TierL1)
		switch i % 6 {
		case 1, 2:
			w.start(at.Add(9*time.Minute), id)
		case 3:
			w.start(at.Add(9*time.Minute), id)
			if !pending {
				break
			}
			w.do(at.Add(40*time.Minute), func(a incident.Action) (*incident.Ticket, error) {
				return w.desk.Pend(ctx, id, a, "waiting for the user")
			})
		case 4:
			w.do(at.Add(20*time.Minute), func(a incident.Action) (*incident.Ticket, error) {
				return w.desk.Escalate(ctx, id, incident.Assignment{Action: a, Group: "net", Assignee: "zhao"})
			})
			for j, who := range []string{"qian", "sun", "li", "zhou"} {
				w.reassign(at.Add(time.Duration(30+j)*time.Minute), id, who)
			}
		}
	}
	return w, ids
}

// evaluation is one evaluation of one ticket at one instant.
type evaluation struct {
	due  []escalation.Due
	next time.Time
}

func evaluateAt(t *testing.T, w *world, r *escalation.Rules, id codes.ID, now time.Time) evaluation {
	t.Helper()
	return evaluateWith(t, w, r, id, now, now)
}

// evaluateWith evaluates at now with the SLA result evaluated at then, at
// or before now: an engine may hold a result from earlier.
func evaluateWith(t *testing.T, w *world, r *escalation.Rules, id codes.ID, then, now time.Time) evaluation {
	t.Helper()
	tk, log, err := w.desk.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.desk.Policy().Evaluate(incident.History(log), then)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Facts(id, log)
	due, next := r.Evaluate(tk, &f, &res, now, nil)
	return evaluation{due: due, next: next}
}

func keysOf(id codes.ID, due []escalation.Due) []string {
	var ks []string
	for i := range due {
		ks = append(ks, due[i].Key(id))
	}
	return ks
}

// TestEvaluateProperties checks the evaluator against what its answers
// promise, over a week of instants and tickets in every state:
//   - a calendar seen only through Add and Between gives the same answers,
//     and one that only counts forward does for rules counted from events;
//   - a firing is due from its At and not a nanosecond before;
//   - nothing new falls due before next, and something does at next.
func TestEvaluateProperties(t *testing.T) {
	for _, pending := range []bool{false, true} {
		name := "seed"
		if pending {
			name = "pending"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkProperties(t, pending)
		})
	}
}

func checkProperties(t *testing.T, pending bool) {
	w, ids := propertyWorld(t, pending)
	cals := sla.DefaultCalendars()
	hidden := map[string]sla.Calendar{}
	for n, c := range cals {
		hidden[n] = opaque{c}
	}
	// The same policy on other calendars of the same names: the rules
	// measure on them, the SLA results come from the Desk's.
	policyOn := func(cals map[string]sla.Calendar) *sla.Policy {
		cfg := sla.SeedConfig()
		if pending {
			cfg = sla.RegistrationConfig()
		}
		p, err := sla.New(cfg, cals)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	slow, err := escalation.New(pathsConfig(), policyOn(hidden))
	if err != nil {
		t.Fatal(err)
	}
	// Rules counted from events only need a calendar that counts forward.
	events := pathsConfig()
	events.Rules = slices.DeleteFunc(events.Rules, func(r escalation.Rule) bool {
		switch r.From.Kind {
		case escalation.FromTargetStarted, escalation.FromTargetShare, escalation.FromBeforeBreach, escalation.FromBreached:
			return true
		}
		return false
	})
	onwards := map[string]sla.Calendar{}
	for n, c := range cals {
		onwards[n] = forward{c}
	}
	eventsFast, err := escalation.New(events, policyOn(cals))
	if err != nil {
		t.Fatal(err)
	}
	eventsForward, err := escalation.New(events, policyOn(onwards))
	if err != nil {
		t.Fatal(err)
	}
	same := func(id codes.ID, a, b evaluation) bool {
		return a.next.Equal(b.next) && slices.EqualFunc(a.due, b.due, func(x, y escalation.Due) bool {
			return x.Key(id) == y.Key(id) && x.At.Equal(y.At)
		})
	}
	var checked, dueSeen, nextSeen int
	for now := bj(17, 8, 0); now.Before(bj(24, 12, 0)); now = now.Add(53 * time.Minute) {
		for _, id := range ids {
			tk, _, err := w.desk.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if tk.Updated.After(now) {
				continue // the log is the ticket's whole past only from then
			}
			got := evaluateAt(t, w, w.rules, id, now)
			want := evaluateAt(t, w, slow, id, now)
			if !same(id, got, want) {
				t.Fatalf("%s at %v:\n offsets  %v next %v\n Add/Between %v next %v", id, now, got.due, got.next, want.due, want.next)
			}
			// A result evaluated earlier, with no fact since, gives the
			// same answers.
			if then := now.Add(-37 * time.Minute); !then.Before(tk.Updated) {
				for _, r := range []*escalation.Rules{w.rules, slow} {
					if early := evaluateWith(t, w, r, id, then, now); !same(id, got, early) {
						t.Fatalf("%s at %v with the SLA as at %v:\n %v next %v\n want %v next %v", id, now, then, early.due, early.next, got.due, got.next)
					}
				}
			}
			if a, b := evaluateAt(t, w, eventsFast, id, now), evaluateAt(t, w, eventsForward, id, now); !same(id, a, b) {
				t.Fatalf("%s at %v, rules from events:\n offsets  %v next %v\n forward only %v next %v", id, now, a.due, a.next, b.due, b.next)
			}
			checked++
			keys := keysOf(id, got.due)
			for _, d := range got.due {
				if !d.At.Before(now) || !d.At.After(tk.Updated) {
					continue
				}
				dueSeen++
				k := d.Key(id)
				if at := keysOf(id, evaluateAt(t, w, w.rules, id, d.At).due); !slices.Contains(at, k) {
					t.Errorf("%s: %s has At %v but is not due then (%v)", id, k, d.At, at)
				}
				if before := keysOf(id, evaluateAt(t, w, w.rules, id, d.At.Add(-1)).due); slices.Contains(before, k) {
					t.Errorf("%s: %s has At %v but is due a nanosecond before", id, k, d.At)
				}
			}
			if got.next.IsZero() {
				continue
			}
			nextSeen++
			if !got.next.After(now) {
				t.Errorf("%s at %v: next %v is not ahead", id, now, got.next)
			}
			for _, k := range keysOf(id, evaluateAt(t, w, w.rules, id, got.next.Add(-1)).due) {
				if !slices.Contains(keys, k) {
					t.Errorf("%s at %v: %s falls due before next %v", id, now, k, got.next)
				}
			}
			fresh := false
			for _, k := range keysOf(id, evaluateAt(t, w, w.rules, id, got.next).due) {
				fresh = fresh || !slices.Contains(keys, k)
			}
			if !fresh {
				t.Errorf("%s at %v: nothing new falls due at next %v\n now  %v\n next %v", id, now, got.next, keys, keysOf(id, evaluateAt(t, w, w.rules, id, got.next).due))
			}
		}
	}
	if dueSeen < 100 || nextSeen < 100 {
		t.Fatalf("%d evaluations, %d firings, %d nexts: the tickets exercise too little", checked, dueSeen, nextSeen)
	}
	t.Logf("%d evaluations, %d firings and %d next instants checked", checked, dueSeen, nextSeen)
}
