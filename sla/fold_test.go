package sla_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// foldPolicies are the policies folds are checked on: the presets, and
// policies of several versions (a clock is measured by the version in force
// when it first started, which a fold must follow as Evaluate does).
func foldPolicies(tb testing.TB) map[string]*sla.Policy {
	tb.Helper()
	versions := func(cfg sla.Config, at ...string) sla.Config {
		base := cfg.Versions[0]
		for i, a := range at {
			v := base
			v.Effective = bj(a)
			if i%2 == 0 {
				// A later version with other goals and the targets the
				// other way round.
				v.Targets = []sla.Target{base.Targets[1], base.Targets[0]}
				v.Rules = append([]sla.Rule{{Name: "quick", When: sla.Match{CustomerTiers: []string{"vip"}}, Goals: []sla.Goal{
					{Target: sla.Response, Goal: sla.Duration(10 * time.Minute)}, {Target: sla.Resolution, Goal: sla.Duration(90 * time.Minute)},
				}}}, base.Rules...)
			}
			cfg.Versions = append(cfg.Versions, v)
		}
		return cfg
	}
	// Every way a clock moves: a reset on a change of tier, a pause on an
	// attribute (tier l3), a restart on reopen and on a change of
	// priority, a rule giving one target no goal (P5: response only) and
	// one counting its goal in another calendar (P1 resolution, 24×7).
	features := func() sla.Config {
		cfg := sla.RegistrationConfig()
		v := &cfg.Versions[0]
		res := &v.Targets[1]
		res.Reset = []sla.Condition{{Attr: sla.AttrTier}}
		res.Pause = append(res.Pause, sla.Condition{Attr: sla.AttrTier, Value: string(codes.TierL3)})
		res.Reopen, res.OnPriority = sla.ReopenRestart, sla.RematchRestart
		for i := range v.Rules {
			r := &v.Rules[i]
			switch {
			case slices.Contains(r.When.Priorities, codes.P5):
				r.Goals = slices.DeleteFunc(r.Goals, func(g sla.Goal) bool { return g.Target == sla.Resolution })
			case slices.Contains(r.When.Priorities, codes.P1):
				for j := range r.Goals {
					if r.Goals[j].Target == sla.Resolution {
						r.Goals[j].Calendar = sla.AllHoursCalendar
					}
				}
			}
		}
		return cfg
	}
	out := map[string]*sla.Policy{}
	for name, cfg := range map[string]sla.Config{
		"every way a clock moves":  features(),
		"seed":                     sla.SeedConfig(),
		"registration":             sla.RegistrationConfig(),
		"seed, 3 versions":         versions(sla.SeedConfig(), "2026-09-29 12:00", "2026-10-02 09:00"),
		"registration, 2 versions": versions(sla.RegistrationConfig(), "2026-09-30 10:30"),
	} {
		p, err := sla.New(cfg, sla.DefaultCalendars())
		if err != nil {
			tb.Fatal(name, err)
		}
		out[name] = p
	}
	return out
}

// checkFold folds h in the pieces cuts give and projects at now and at the
// last fact, against Evaluate of the whole history.
func checkFold(t *testing.T, name string, p *sla.Policy, h sla.History, now time.Time, cuts []int) {
	t.Helper()
	var f *sla.Fold
	from := 0
	for _, c := range append(cuts, len(h)) {
		if c < from || c > len(h) {
			continue
		}
		next, err := p.Fold(f, h[from:c])
		if err != nil {
			t.Fatalf("%s: Fold(%d..%d): %v", name, from, c, err)
		}
		if f.Facts() != from || next.Facts() != c {
			t.Fatalf("%s: folds %d then %d facts, want %d then %d", name, f.Facts(), next.Facts(), from, c)
		}
		// Written and read back, as another process would, it folds on
		// and projects the same.
		if data, err := next.MarshalBinary(); err == nil {
			back, err := p.UnmarshalFold(data)
			if err != nil {
				t.Fatalf("%s: UnmarshalFold after %d facts: %v", name, c, err)
			}
			next = back
		} else if p.Fingerprint() != "" {
			t.Fatalf("%s: MarshalBinary: %v", name, err)
		}
		f, from = next, c
		at := now
		if c < len(h) {
			at = h[c].At // between two pieces: project just before the next fact
			if c > 0 && at.Before(h[c-1].At) {
				continue
			}
			if c > 0 {
				at = h[c-1].At
			}
		}
		want, werr := p.Evaluate(h[:c], at)
		got, gerr := p.Project(f, at)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%s: after %d facts at %v: Project error %v, Evaluate error %v", name, c, at, gerr, werr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: after %d facts at %v, Project (-Evaluate +Project):\n%s", name, c, at, diff)
		}
	}
}

// Folding a history in pieces and projecting gives what Evaluate gives, on
// random histories — statuses that pause, stop and reopen clocks, priority
// and tier changes, a customer tier — under policies of one and several
// versions.
func TestFoldAgreesWithEvaluate(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	pols := foldPolicies(t)
	for i := range 400 {
		data := make([]byte, 64)
		for j := range data {
			data[j] = byte(rng.IntN(256))
		}
		h, now := genHistory(data, i%3 == 0)
		cuts := []int{rng.IntN(len(h) + 1)}
		cuts = append(cuts, cuts[0]+rng.IntN(len(h)+1-cuts[0]))
		for name, p := range pols {
			checkFold(t, name, p, h, now, cuts)
			// One fact at a time, as a service desk folds them.
			var one []int
			for c := range len(h) {
				one = append(one, c)
			}
			checkFold(t, name+", one at a time", p, h, now, one)
		}
	}
}

// A fold refuses what Evaluate refuses, and leaves the fold given as it was.
func TestFoldRefuses(t *testing.T) {
	t.Parallel()
	p := seedPolicy(t)
	f, err := p.Fold(nil, sla.History{prio("2026-03-09 09:00", 3), in("2026-03-09 09:00", "assigned")})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := p.Project(f, bj("2026-03-09 10:00"))
	var he *sla.HistoryError
	if _, err := p.Fold(f, sla.History{in("2026-03-09 08:00", "in_progress")}); !errors.As(err, &he) || he.Index != 2 {
		t.Errorf("a fact before the last: %v, want a *HistoryError at index 2", err)
	}
	if _, err := p.Fold(f, sla.History{in("2026-03-09 09:30", "nowhere")}); !errors.Is(err, sla.ErrInvalidHistory) {
		t.Errorf("an unknown status: %v", err)
	}
	if after, _ := p.Project(f, bj("2026-03-09 10:00")); !cmp.Equal(before, after) {
		t.Error("a refused fold changed the fold given")
	}
	if _, err := p.Project(f, bj("2026-03-09 08:59")); !errors.Is(err, sla.ErrInvalidHistory) {
		t.Errorf("projecting before the last fact: %v", err)
	}
	other := registrationPolicy(t)
	if _, err := other.Fold(f, nil); !errors.Is(err, sla.ErrInvalidPolicy) {
		t.Errorf("another policy's fold: %v", err)
	}
}

// FuzzCheckpoint: folding a fuzzed history in two pieces and projecting
// agrees with Evaluate, under policies of one and several versions.
func FuzzCheckpoint(f *testing.F) {
	f.Add([]byte{3, 2, 9, 1, 4, 200, 1, 3, 7, 9, 9, 9, 2, 0, 5}, uint8(3))
	f.Add([]byte("pending then resolved and reopened again and again"), uint8(10))
	pols := foldPolicies(f)
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		h, now := genHistory(data, false)
		c := int(cut) % (len(h) + 1)
		for name, p := range pols {
			checkFold(t, name, p, h, now, []int{c})
		}
	})
}

// A preset is changed by target or rule name, in every version.
func TestConfigByName(t *testing.T) {
	t.Parallel()
	cfg := sla.SeedConfig()
	ts := cfg.Target(sla.Response)
	if len(ts) != 1 || len(cfg.Target("respnse")) != 0 {
		t.Fatalf("Target found %d and %d", len(ts), len(cfg.Target("respnse")))
	}
	ts[0].Calendar = sla.OfficeCalendar
	if cfg.Versions[0].Targets[0].Calendar != sla.OfficeCalendar {
		t.Error("the change did not reach the config")
	}
	rs := cfg.Rule("P1")
	if len(rs) != 1 {
		t.Fatalf("Rule(P1) found %d", len(rs))
	}
	rs[0].Goals[0].Goal = sla.Duration(10 * time.Minute)
	p, err := sla.New(cfg, sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	r, _ := p.Evaluate(sla.History{prio("2026-03-09 09:00", 1), in("2026-03-09 09:00", "assigned")}, bj("2026-03-09 09:00"))
	if s, _ := r.Target(sla.Response); s.Goal != 10*time.Minute || s.Calendar != sla.OfficeCalendar {
		t.Errorf("the changed preset gives %v in %s", s.Goal, s.Calendar)
	}
}

// A fold is read back only by the policy that wrote it.
func TestUnmarshalFoldRefuses(t *testing.T) {
	t.Parallel()
	p := seedPolicy(t)
	if p.Fingerprint() == "" {
		t.Fatal("the seed policy on the default calendars has no fingerprint")
	}
	f, err := p.Fold(nil, sla.History{prio("2026-03-09 09:00", 3), in("2026-03-09 09:00", "assigned")})
	if err != nil {
		t.Fatal(err)
	}
	data, err := f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := registrationPolicy(t).UnmarshalFold(data); !errors.Is(err, sla.ErrFold) {
		t.Errorf("another policy's fold: %v", err)
	}
	if _, err := p.UnmarshalFold(data[:len(data)/2]); !errors.Is(err, sla.ErrFold) {
		t.Errorf("a damaged fold: %v", err)
	}
	if _, err := p.UnmarshalFold(data); err != nil {
		t.Fatalf("its own fold: %v", err)
	}
	// A fold whose rule is not the one its record matches.
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	eng := raw["engines"].([]any)[0].(map[string]any)
	eng["rule"] = eng["rule"].(float64) + 1
	bad, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UnmarshalFold(bad); !errors.Is(err, sla.ErrFold) {
		t.Errorf("a fold with another rule than its record's: %v", err)
	}
	if seedPolicy(t).Fingerprint() != p.Fingerprint() {
		t.Error("two policies of one config and calendars differ in fingerprint")
	}
}
