package escalation

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// hiddenCal hides every method of a calendar but those sla.Calendar names:
// rules measure in it with Add and Between.
type hiddenCal struct{ sla.Calendar }

// onwardCal is a hidden calendar that only counts forward.
type onwardCal struct{ sla.Calendar }

var errOnward = errors.New("this calendar counts forward only")

func (c onwardCal) Add(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, errOnward
	}
	return c.Calendar.Add(t, d)
}

func (c onwardCal) Between(a, b time.Time) (time.Duration, error) {
	if b.Before(a) {
		return 0, errOnward
	}
	return c.Calendar.Between(a, b)
}

var testShanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// monoBase carries a monotonic reading: instants derived from it with Add
// carry one too.
var monoBase = time.Now()

// randGen draws the inputs of the random comparisons.
type randGen struct {
	*rand.Rand
	base time.Time
}

func (g *randGen) pick(n int) int { return g.IntN(n) }

// instant draws an instant in the fortnight after base, at a whole minute,
// second or nanosecond, now and then far away or with a monotonic reading.
func (g *randGen) instant() time.Time {
	var t time.Time
	switch g.pick(4) {
	case 0:
		t = g.base.Add(time.Duration(g.Int64N(int64(14 * 24 * time.Hour))))
	case 1:
		t = g.base.Add(time.Duration(g.IntN(14*24*60)) * time.Minute)
	default:
		t = g.base.Add(time.Duration(g.IntN(14*24*3600)) * time.Second)
	}
	switch g.pick(40) {
	case 0:
		t = t.AddDate(-400, 0, 0) // before any calendar's years
	case 1:
		t = t.AddDate(300, 0, 0)
	case 2, 3, 4, 5:
		t = monoBase.Add(t.Sub(monoBase)) // the same wall time, a monotonic reading
	case 6:
		t = t.UTC()
	}
	return t
}

func (g *randGen) duration(max time.Duration) time.Duration {
	switch g.pick(3) {
	case 0:
		return time.Duration(g.IntN(int(max/time.Minute)+1)) * time.Minute
	case 1:
		return time.Duration(g.IntN(int(max/(15*time.Minute))+1)) * 15 * time.Minute
	}
	return time.Duration(g.Int64N(int64(max) + 1))
}

var testStatuses = []codes.Status{codes.StatusRegistered, codes.StatusAssigned, codes.StatusInProgress, codes.StatusResolved, codes.StatusClosed, codes.StatusPending}

// rule draws a valid rule (or one New rejects, which the caller drops).
func (g *randGen) rule(i int, cals []string) Rule {
	r := Rule{Name: fmt.Sprintf("r%d", i)}
	kinds := []AnchorKind{FromRegistered, FromAssigned, FromStatus, FromTier, FromTaskDone, FromTargetStarted, FromTargetShare, FromBeforeBreach, FromBreached, FromEndOfDay}
	r.From.Kind = kinds[g.pick(len(kinds))]
	targets := []string{sla.Response, sla.Resolution}
	switch r.From.Kind {
	case FromStatus:
		r.From.Status = testStatuses[g.pick(len(testStatuses))]
	case FromTargetShare:
		r.From.Percent = float64(1 + g.pick(100))
	case FromBeforeBreach:
		r.From.Before = sla.Duration(1 + g.duration(4*time.Hour))
	case FromEndOfDay:
		r.From.Before = sla.Duration(g.duration(2 * time.Hour))
	}
	if isTargetKind(r.From.Kind) {
		r.From.Target = targets[g.pick(2)]
	} else {
		if g.pick(3) > 0 || r.From.Kind == FromEndOfDay {
			r.Clock = cals[g.pick(len(cals))]
		}
		if g.pick(3) == 0 {
			r.WaitOn = []string{targets[g.pick(2)]}
			if g.pick(4) == 0 {
				r.WaitOn = append(r.WaitOn, targets[g.pick(2)])
			}
		}
	}
	n := 1 + g.pick(5)
	var after time.Duration
	for j := range n {
		switch g.pick(4) {
		case 0:
			after = g.duration(6 * time.Hour) // unordered
		case 1: // the same as the level before
		default:
			after += g.duration(3 * time.Hour)
		}
		if j == 0 && g.pick(3) == 0 {
			after = 0
		}
		acts := notify(RoleIncidentManager)
		switch g.pick(6) {
		case 0:
			acts = []Action{{Kind: RaiseTier}}
		case 1:
			acts = []Action{{Kind: FlagMajor}, {Kind: Custom, Name: "x"}}
		}
		r.Levels = append(r.Levels, Level{After: sla.Duration(after), Actions: acts})
	}
	if r.From.Kind != FromEndOfDay && g.pick(3) == 0 {
		r.Repeat.Every = sla.Duration(1 + g.duration(3*time.Hour))
		r.Repeat.Times = g.pick(4)
	}
	c := &r.When
	if g.pick(2) == 0 {
		for p := codes.P1; p <= codes.P5; p++ {
			if g.pick(2) == 0 {
				c.Priorities = append(c.Priorities, p)
			}
		}
	}
	switch g.pick(8) {
	case 0:
		c.Statuses = []codes.Status{testStatuses[g.pick(len(testStatuses))], testStatuses[g.pick(len(testStatuses))]}
	case 1:
		c.NotStatuses = []codes.Status{testStatuses[g.pick(len(testStatuses))]}
	case 2:
		c.Tiers = []codes.Tier{codes.TierL1, codes.TierL2}
	case 3:
		m := g.pick(2) == 0
		c.Major = &m
	case 4:
		c.MinReassignments = g.pick(4)
	case 5:
		c.Categories = []codes.Category{"hardware"}
	case 6:
		c.Sources = []codes.Source{codes.SourcePhone}
	}
	r.EvenWhenDone = g.pick(5) == 0
	return r
}

// config draws a rule set: one of the library's or random rules.
func (g *randGen) config(cals []string) Config {
	switch g.pick(4) {
	case 0:
		return DefaultConfig()
	case 1:
		return Config{Name: "paths", Done: DefaultDone(), Rules: EscalationRules()}
	}
	cfg := Config{Name: "random"}
	if g.pick(3) == 0 {
		cfg.Done = []codes.Status{codes.StatusResolved}
	}
	for i := range 1 + g.pick(20) {
		cfg.Rules = append(cfg.Rules, g.rule(i, cals))
	}
	return cfg
}

func (g *randGen) ticket() incident.Ticket {
	t := incident.Ticket{
		Status:        testStatuses[g.pick(len(testStatuses))],
		Priority:      codes.Priority(g.pick(7)),
		Tier:          []codes.Tier{codes.TierServiceDesk, codes.TierL1, codes.TierL2, codes.TierL3}[g.pick(4)],
		Major:         g.pick(4) == 0,
		Reassignments: g.pick(6),
		Reopens:       g.pick(2),
		Category:      []codes.Category{"", "hardware", "hardware.server", "software"}[g.pick(4)],
		Source:        []codes.Source{codes.SourcePhone, codes.SourceEmail}[g.pick(2)],
		Created:       g.instant(),
	}
	if g.pick(8) == 0 {
		t.Priority = codes.P1 + codes.Priority(g.pick(5))
	}
	return t
}

// facts draws a log's facts for r, with firings recorded of its rules.
func (g *randGen) facts(r *Rules) Facts {
	f := Facts{entries: 1 + g.pick(20), statusAt: make([]time.Time, len(r.statuses)), statusN: make([]int, len(r.statuses))}
	maybe := func() (time.Time, int) {
		if g.pick(4) == 0 {
			return time.Time{}, 0
		}
		return g.instant(), 1 + g.pick(3)
	}
	if g.pick(5) > 0 {
		f.registered = g.instant()
	}
	f.assigned, f.assignments = maybe()
	f.tierAt, f.tierChanges = maybe()
	f.taskDoneAt, f.tasksDone = maybe()
	for i := range r.statuses {
		f.statusAt[i], f.statusN[i] = maybe()
	}
	if g.pick(3) > 0 {
		for range g.pick(12) {
			ri := g.pick(len(r.rules))
			f.fired = append(f.fired, fired{rule: ri, level: g.pick(len(r.rules[ri].levels) + 1), cycle: int64(g.pick(4)), rep: g.pick(4) - 1})
		}
	}
	return f
}

// result draws an SLA result as at now or before or after it.
func (g *randGen) result(now time.Time) sla.Result {
	res := sla.Result{Now: now}
	switch g.pick(4) {
	case 0:
		res.Now = now.Add(-g.duration(3 * time.Hour))
	case 1:
		res.Now = now.Add(g.duration(time.Hour))
	}
	names := []string{sla.Response, sla.Resolution, sla.Response, "other"}
	for range g.pick(4) {
		s := sla.Status{Target: names[g.pick(len(names))], Goal: g.duration(24 * time.Hour),
			Calendar: []string{sla.OfficeCalendar, sla.AllHoursCalendar, "hidden", "onward", "nope"}[g.pick(5)],
			Cycle:    g.pick(4), Elapsed: g.duration(30 * time.Hour)}
		if g.pick(5) > 0 {
			s.Started = g.instant()
		}
		if g.pick(6) == 0 {
			s.Stopped = g.instant()
		}
		switch g.pick(6) {
		case 0:
			s.State = sla.Paused
		case 1:
			s.PausedBy = "pending"
		default:
			s.State = sla.Running
		}
		res.Targets = append(res.Targets, s)
	}
	return res
}

func sameDues(a, b []Due) bool {
	return slices.EqualFunc(a, b, func(x, y Due) bool {
		return x.Rule == y.Rule && x.Level == y.Level && x.Cycle == y.Cycle && x.Rep == y.Rep &&
			x.At == y.At && len(x.Actions) == len(y.Actions) && (len(x.Actions) == 0 || &x.Actions[0] == &y.Actions[0])
	})
}

// TestEvaluateReference compares Evaluate with the reference evaluator on
// random rule sets, tickets, logs, SLA results and instants, on calendars
// with an axis of working time and without one.
func TestEvaluateReference(t *testing.T) {
	pol, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	office, _ := pol.Calendar(sla.OfficeCalendar)
	extra := map[string]sla.Calendar{"hidden": hiddenCal{office}, "onward": onwardCal{office}}
	cals := []string{sla.OfficeCalendar, sla.AllHoursCalendar, "hidden", "onward"}
	seeds, evals := 300, 400
	if testing.Short() {
		seeds = 60
	}
	var sets, dues, nexts int
	for seed := range seeds {
		g := &randGen{Rand: rand.New(rand.NewPCG(uint64(seed), 7)), base: time.Date(2025, 11, 14, 0, 0, 0, 0, testShanghai)}
		cfg := g.config(cals)
		cfg.Calendars = extra
		r, err := New(cfg, pol)
		if err != nil {
			continue // a random rule New rejects
		}
		sets++
		var buf []Due
		for range evals {
			now := g.instant()
			tk := g.ticket()
			f := g.facts(r)
			res := g.result(now)
			if g.pick(3) == 0 {
				buf = make([]Due, g.pick(3), 4+g.pick(4)) // dst with stale room and entries
				for i := range buf {
					buf[i] = Due{Rule: "stale", Level: 9, Cycle: 9, Rep: 9, At: now}
				}
			} else {
				buf = nil
			}
			// Evaluate ignores a monotonic reading of now (g.instant
			// gives some): the reference is asked at now without it.
			want, wnext := refEvaluate(r, &tk, &f, &res, now.Round(0), slices.Clone(buf))
			got, gnext := r.Evaluate(&tk, &f, &res, now, buf)
			// Twice: the caches filled by the first.
			again, anext := r.Evaluate(&tk, &f, &res, now, slices.Clone(buf))
			if !sameDues(got, want) || gnext != wnext || !sameDues(again, want) || anext != wnext {
				t.Fatalf("seed %d, now %v, ticket %+v\nfacts %+v\nresult %+v\n got  %v next %v\n want %v next %v", seed, now, tk, f, res, got, gnext, want, wnext)
			}
			dues += len(want) - len(buf)
			if !wnext.IsZero() {
				nexts++
			}
		}
	}
	if sets < seeds/3 || dues < 1000 || nexts < 1000 {
		t.Fatalf("%d rule sets, %d firings, %d next instants: the inputs exercise too little", sets, dues, nexts)
	}
	t.Logf("%d rule sets, %d firings, %d next instants compared", sets, dues, nexts)
}

// TestEvaluateKeepsArgumentsInPlace checks that Evaluate allocates nothing
// for a caller whose ticket, facts, result and dst live on its stack: none
// of them escapes through the evaluation.
func TestEvaluateKeepsArgumentsInPlace(t *testing.T) {
	pol, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(DefaultConfig(), pol)
	if err != nil {
		t.Fatal(err)
	}
	g := &randGen{Rand: rand.New(rand.NewPCG(1, 2)), base: time.Date(2025, 11, 14, 0, 0, 0, 0, testShanghai)}
	now := time.Date(2025, 11, 18, 10, 0, 0, 0, testShanghai)
	tk0, f0, res0 := g.ticket(), g.facts(r), g.result(now)
	evaluate := func() int {
		var buf [8]Due
		tk, f, res := tk0, f0, res0
		due, _ := r.Evaluate(&tk, &f, &res, now, buf[:0])
		return len(due)
	}
	evaluate() // the caches of now
	if n := testing.AllocsPerRun(100, func() { evaluate() }); n != 0 {
		t.Errorf("Evaluate allocates %v times with its arguments on the caller's stack", n)
	}
}
