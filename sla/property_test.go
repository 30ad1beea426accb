package sla_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

var allStatuses = codes.ExtendedStatuses().Codes()

// genHistory builds a history of whole-minute facts from a byte string, so
// that the fuzzer and the property tests share one generator. With
// fixedPriority the priority is set once, first.
func genHistory(data []byte, fixedPriority bool) (sla.History, time.Time) {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[0])
		data = data[1:]
		return b
	}
	t := bj("2026-09-28 08:00").Add(time.Duration(next()%48) * 30 * time.Minute)
	h := sla.History{sla.Prioritized(t, codes.Priority(1+next()%5))}
	for n := 0; len(data) > 0 && n < 24; n++ {
		t = t.Add(time.Duration(next()*next()%1500) * time.Minute)
		switch k := next() % 10; {
		case k < 7:
			h = append(h, sla.Entered(t, allStatuses[next()%len(allStatuses)]))
		case k < 8 && !fixedPriority:
			h = append(h, sla.Prioritized(t, codes.Priority(1+next()%5)))
		case k < 9:
			h = append(h, sla.Set(t, sla.AttrTier, string([]codes.Tier{codes.TierServiceDesk, codes.TierL1, codes.TierL2, codes.TierL3}[next()%4])))
		default:
			h = append(h, sla.Set(t, sla.AttrCustomerTier, "vip"))
		}
	}
	return h, t.Add(time.Duration(next()*7) * time.Minute)
}

// checkInvariants checks what must hold of every result.
func checkInvariants(t *testing.T, p *sla.Policy, h sla.History, now time.Time) {
	t.Helper()
	r, err := p.Evaluate(h, now)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	again, _ := p.Evaluate(slices.Clone(h), now)
	if diff := cmp.Diff(r, again); diff != "" {
		t.Fatalf("not pure (-first +second):\n%s", diff)
	}
	for _, s := range r.Targets {
		if s.Elapsed+s.Remaining != s.Goal {
			t.Errorf("%s: elapsed %v + remaining %v != goal %v", s.Target, s.Elapsed, s.Remaining, s.Goal)
		}
		if s.Elapsed < 0 || s.PausedFor < 0 {
			t.Errorf("%s: negative elapsed %v or paused %v", s.Target, s.Elapsed, s.PausedFor)
		}
		switch s.State {
		case sla.NotStarted:
			if s.Elapsed != 0 || !s.Deadline.IsZero() || !s.Breached.IsZero() {
				t.Errorf("%s: not started but %+v", s.Target, s)
			}
		case sla.Met:
			if s.Stopped.IsZero() || !s.Breached.IsZero() || s.Elapsed > s.Goal || s.Stopped.After(s.Deadline) {
				t.Errorf("%s: met but %+v", s.Target, s)
			}
		case sla.Breached:
			if s.Breached.IsZero() || s.Breached.After(now) || s.Elapsed < s.Goal && s.Stopped.IsZero() {
				t.Errorf("%s: breached but %+v", s.Target, s)
			}
		case sla.Running, sla.Paused:
			if !s.Breached.IsZero() || !s.Stopped.IsZero() || s.Deadline.Before(now) {
				t.Errorf("%s: %v but %+v", s.Target, s.State, s)
			}
		}
		if s.State == sla.Paused && (!s.NextStageAt.IsZero() || s.PausedBy == "") {
			t.Errorf("%s: paused but next stage at %v, paused by %q", s.Target, s.NextStageAt, s.PausedBy)
		}
		if !s.NextStageAt.IsZero() && (s.NextStageAt.Before(now) || s.NextStageAt.After(s.Deadline)) {
			t.Errorf("%s: next stage %v outside [now, deadline %v]", s.Target, s.NextStageAt, s.Deadline)
		}
	}
	if !r.Next.IsZero() && r.Next.Before(now) {
		t.Errorf("Next %v before now %v", r.Next, now)
	}
	checkExplain(t, p, h, now, r)
}

// checkExplain checks that the explanation agrees with the result: its
// counted spans add up to the elapsed time and its paused spans to the
// paused time (for clocks in their first cycle), and spans do not overlap.
func checkExplain(t *testing.T, p *sla.Policy, h sla.History, now time.Time, r sla.Result) {
	t.Helper()
	x, err := sla.Explain(p, h, now)
	if err != nil {
		t.Fatalf("Explain: %v", err)
	}
	if diff := cmp.Diff(r, x.Result); diff != "" {
		t.Fatalf("Explain's result differs from Evaluate's (-Evaluate +Explain):\n%s", diff)
	}
	for i, s := range x.Targets {
		var counted, paused time.Duration
		for j, sp := range x.Spans[i] {
			if !sp.From.Before(sp.To) || j > 0 && sp.From.Before(x.Spans[i][j-1].To) {
				t.Fatalf("%s: span %d %+v empty or overlapping", s.Target, j, sp)
			}
			switch sp.Why {
			case sla.Counted:
				counted += sp.Working
			case sla.PausedSpan:
				paused += sp.Working
			}
		}
		if s.Cycle == 1 && (counted != s.Elapsed || paused != s.PausedFor) {
			t.Errorf("%s: spans count %v and pause %v, status says %v and %v\nhistory %v now %v", s.Target, counted, paused, s.Elapsed, s.PausedFor, h, now)
		}
	}
}

// refClock is a slow, obviously right model of a clock for the presets
// (no resets, priority fixed): it walks the history minute by minute and
// asks the calendar whether each minute is working time.
type refClock struct {
	state     sla.State // NotStarted, Running, Paused, or Met for "stopped"
	elapsed   time.Duration
	paused    time.Duration
	breached  time.Time
	stopped   time.Time
	goal      time.Duration
	deadline  time.Time
	calendar  *calendar.Calendar
	start     []codes.Status
	stop      []codes.Status
	pause     []codes.Status
	reopenNot bool
}

func (c *refClock) run(h sla.History, now time.Time) {
	working := func(m time.Time) bool {
		ok, err := c.calendar.IsWorking(m)
		if err != nil {
			panic(err)
		}
		return ok
	}
	status := codes.Status("")
	i := 0
	m := h[0].At
	for ; !m.After(now); m = m.Add(time.Minute) {
		for ; i < len(h) && !h[i].At.After(m); i++ {
			if h[i].Attr != sla.AttrStatus {
				continue
			}
			status = codes.Status(h[i].Value)
			active := c.state == sla.Running || c.state == sla.Paused
			switch {
			case active && slices.Contains(c.stop, status):
				c.state, c.stopped = sla.Met, m
				if c.breached.Equal(m) {
					c.breached = time.Time{}
				}
			case c.state == sla.NotStarted && slices.Contains(c.start, status),
				c.state == sla.Met && !c.reopenNot && slices.Contains(c.start, status):
				c.state, c.stopped = sla.Running, time.Time{}
			}
			if c.state == sla.Running || c.state == sla.Paused {
				c.state = sla.Running
				if slices.Contains(c.pause, status) {
					c.state = sla.Paused
				}
				if c.state == sla.Running && c.elapsed >= c.goal && c.breached.IsZero() {
					c.breached = m
				}
			}
		}
		if m.Equal(now) {
			break
		}
		if !working(m) {
			continue
		}
		switch c.state {
		case sla.Running:
			c.elapsed += time.Minute
			if c.elapsed >= c.goal && c.breached.IsZero() {
				c.breached = m.Add(time.Minute)
			}
		case sla.Paused:
			c.paused += time.Minute
		}
	}
	if c.state == sla.Running && c.breached.IsZero() {
		for e := c.elapsed; ; m = m.Add(time.Minute) {
			if working(m) {
				if e += time.Minute; e >= c.goal {
					c.deadline = m.Add(time.Minute)
					break
				}
			}
		}
	}
}

func TestAgainstReference(t *testing.T) {
	t.Parallel()
	// Each target counts in its own calendar: the seed's response 24×7
	// (seed 000 §6.6 marks only the resolution column as working time).
	cals := map[string]*calendar.Calendar{
		sla.OfficeCalendar:   calendar.Must(calendar.New(calendar.ChinaOffice())),
		sla.AllHoursCalendar: calendar.Must(calendar.New(calendar.TwentyFourSeven())),
	}
	goals := map[codes.Priority][2]time.Duration{
		codes.P1: {5 * time.Minute, time.Hour}, codes.P2: {10 * time.Minute, 30 * time.Minute},
		codes.P3: {30 * time.Minute, 3 * time.Hour}, codes.P4: {2 * time.Hour, 24 * time.Hour}, codes.P5: {4 * time.Hour, 48 * time.Hour},
	}
	for _, preset := range []struct {
		name string
		cfg  sla.Config
	}{{"seed", sla.SeedConfig()}, {"registration", sla.RegistrationConfig()}} {
		p := mustNew(t, preset.cfg)
		seen := map[sla.State]int{}
		defer func() { t.Logf("%s: states seen %v", preset.name, seen) }()
		rng := rand.New(rand.NewPCG(1, 2))
		for n := range 300 {
			data := make([]byte, 8+rng.IntN(40))
			for i := range data {
				data[i] = byte(rng.UintN(256))
			}
			h, now := genHistory(data, true)
			pr, _ := codes.ParsePriority(h[0].Value)
			r, err := p.Evaluate(h, now)
			if err != nil {
				t.Fatal(err)
			}
			for ti, tg := range preset.cfg.Versions[0].Targets {
				ref := refClock{goal: goals[pr][ti], calendar: cals[tg.Calendar], reopenNot: tg.Reopen == sla.ReopenNever}
				for _, c := range tg.Start {
					ref.start = append(ref.start, c.Status)
				}
				for _, c := range tg.Stop {
					ref.stop = append(ref.stop, c.Status)
				}
				for _, c := range tg.Pause {
					ref.pause = append(ref.pause, c.Status)
				}
				ref.run(h, now)
				s := status(t, r, tg.Name)
				seen[s.State]++
				got := refClock{state: s.State, elapsed: s.Elapsed, paused: s.PausedFor, breached: s.Breached, stopped: s.Stopped}
				if s.State == sla.Running {
					got.deadline = s.Deadline
				}
				switch {
				case s.State == sla.Breached && !s.Stopped.IsZero():
					got.state = sla.Met
				case s.State == sla.Breached && s.PausedBy != "":
					got.state = sla.Paused
				case s.State == sla.Breached:
					got.state = sla.Running
				}
				want := ref
				want.goal, want.calendar, want.start, want.stop, want.pause, want.reopenNot = 0, nil, nil, nil, nil, false
				if diff := cmp.Diff(want, got, cmp.AllowUnexported(refClock{})); diff != "" {
					t.Fatalf("%s case %d, %s, history %v, now %v (-reference +Evaluate):\n%s", preset.name, n, tg.Name, h, now, diff)
				}
			}
			checkInvariants(t, p, h, now)
		}
	}
}

func TestInvariantsWithPriorityChanges(t *testing.T) {
	t.Parallel()
	for _, cfg := range []sla.Config{sla.SeedConfig(), sla.RegistrationConfig()} {
		p := mustNew(t, cfg)
		rng := rand.New(rand.NewPCG(3, 4))
		for range 500 {
			data := make([]byte, 8+rng.IntN(60))
			for i := range data {
				data[i] = byte(rng.UintN(256))
			}
			h, now := genHistory(data, false)
			checkInvariants(t, p, h, now)
		}
	}
}

// Elapsed time never goes down as now advances, and a priority change never
// changes it (RematchKeep).
func TestElapsedMonotoneAndKeptOnPriorityChange(t *testing.T) {
	t.Parallel()
	p := registrationPolicy(t)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		data := make([]byte, 8+rng.IntN(40))
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		h, now := genHistory(data, false)
		last := now.Add(-48 * time.Hour)
		prev := map[string]time.Duration{}
		for at := last; !at.After(now); at = at.Add(97 * time.Minute) {
			r, err := p.Evaluate(h, at)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range r.Targets {
				if s.Cycle == 1 && s.Elapsed < prev[s.Target] {
					t.Fatalf("%s: elapsed went down to %v from %v at %v; history %v", s.Target, s.Elapsed, prev[s.Target], at, h)
				}
				prev[s.Target] = s.Elapsed
			}
		}
		// Changing the priority at now changes goals only.
		before, _ := p.Evaluate(h, now)
		after, _ := p.Evaluate(append(slices.Clone(h), sla.Prioritized(now, codes.P5)), now)
		for _, s := range before.Targets {
			if a, ok := after.Target(s.Target); ok && (a.Elapsed != s.Elapsed || a.PausedFor != s.PausedFor) {
				t.Fatalf("%s: priority change moved elapsed %v→%v or paused %v→%v", s.Target, s.Elapsed, a.Elapsed, s.PausedFor, a.PausedFor)
			}
		}
	}
}

func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{3, 1, 0, 5, 2, 1, 7, 9, 3, 4, 2, 0, 5, 6})
	f.Add([]byte("registered then pending then resolved and reopened"))
	seed, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
	if err != nil {
		f.Fatal(err)
	}
	reg, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, now := genHistory(data, len(data)%2 == 0)
		checkInvariants(t, seed, h, now)
		checkInvariants(t, reg, h, now)
		// Arbitrary (possibly invalid) facts must give an error, not a panic.
		raw := make(sla.History, 0, len(data)/3)
		for i := 0; i+2 < len(data); i += 3 {
			raw = append(raw, sla.Fact{At: bj("2026-03-09 09:00").Add(time.Duration(int8(data[i])) * time.Hour), Attr: []sla.Attr{"status", "priority", "tier", "x", ""}[data[i+1]%5], Value: string(data[i+2 : i+3])})
		}
		_, _ = seed.Evaluate(raw, bj("2026-03-10 09:00"))
	})
}
