package sla_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

func TestLoadSeedYAMLEqualsPreset(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/seed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := sla.ParseConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sla.SeedConfig(), got); diff != "" {
		t.Errorf("testdata/seed.yaml differs from SeedConfig (-want +got):\n%s", diff)
	}
	if _, err := sla.Load(data, sla.DefaultCalendars()); err != nil {
		t.Fatal(err)
	}
}

func TestLoadJSON(t *testing.T) {
	t.Parallel()
	p, err := sla.Load([]byte(`{"versions":[{"targets":[{"name":"fix","calendar":"24x7",
		"start":[{"status":"registered"}],"stop":[{"status":"resolved"}]}],
		"rules":[{"goals":[{"target":"fix","goal":"1h30m"}]}]}]}`), sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 7, 23, 0, 0, 0, time.UTC) // a Saturday night: 24×7 counts it
	r, err := p.Evaluate(sla.History{sla.Entered(start, codes.StatusRegistered)}, start)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := status(t, r, "fix").Deadline, start.Add(90*time.Minute); !got.Equal(want) {
		t.Errorf("deadline %v, want %v", got, want)
	}
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`versions: [{targets: [], rules: [], colour: red}]`,
		`versions: [{rules: [{goals: [{target: x, goal: soon}]}]}]`,
		`versions: [{rules: [{when: {priorities: [P9]}}]}]`,
		`versions: [`,
	} {
		_, err := sla.ParseConfig([]byte(doc))
		if !errors.Is(err, sla.ErrInvalidPolicy) {
			t.Errorf("ParseConfig(%q) = %v, want ErrInvalidPolicy", doc, err)
		}
	}
}

func TestValidationListsEveryProblem(t *testing.T) {
	t.Parallel()
	cfg := sla.Config{Versions: []sla.Version{{
		Order: "best",
		Targets: []sla.Target{
			{
				Name: "response", Calendar: "moon",
				Start:  []sla.Condition{{Status: "registered"}, {Status: "limbo"}},
				Stop:   []sla.Condition{{Status: "registered"}},
				Pause:  []sla.Condition{{Attr: "colour", Value: "red"}, {}},
				Reopen: "sometimes",
				Stages: []sla.Stage{{Name: "late", Before: sla.Duration(2 * time.Hour)}, {Name: "x", Percent: 120}},
			},
			{Name: "response", Calendar: "office"},
		},
		Rules: []sla.Rule{
			{Name: "all", Goals: []sla.Goal{{Target: "response", Goal: sla.Duration(time.Hour)}}},
			{Name: "p1", When: sla.Match{Priorities: []codes.Priority{codes.P1}}, Goals: []sla.Goal{
				{Target: "response", Goal: -sla.Duration(time.Minute)},
				{Target: "nothing", Goal: sla.Duration(time.Minute)},
			}},
		},
	}}}
	_, err := sla.New(cfg, sla.DefaultCalendars())
	var pe *sla.PolicyError
	if !errors.As(err, &pe) || !errors.Is(err, sla.ErrInvalidPolicy) {
		t.Fatalf("New = %v, want a *PolicyError", err)
	}
	want := []sla.Problem{
		{Path: "versions[0].order", Message: `unknown order "best" (want "first" or "specific")`},
		{Path: "versions[0].targets[0].calendar", Message: `unknown calendar "moon"`},
		{Path: "versions[0].targets[0].start[1].status", Message: `unknown status "limbo"`},
		{Path: "versions[0].targets[0].pause[0].attr", Message: `unknown attribute "colour"`},
		{Path: "versions[0].targets[0].pause[1]", Message: "set status or attr"},
		{Path: "versions[0].targets[0].stop", Message: `status "registered" both starts and stops the clock`},
		{Path: "versions[0].targets[0].reopen", Message: `unknown value "sometimes" (want continue, restart or never)`},
		{Path: "versions[0].targets[0].stages[1].percent", Message: "must be between 0 and 100 (exclusive)"},
		{Path: "versions[0].targets[1].name", Message: `target "response" defined twice`},
		{Path: "versions[0].targets[1].start", Message: "at least one condition is required"},
		{Path: "versions[0].targets[1].stop", Message: "at least one condition is required"},
		{Path: "versions[0].rules[0].goals[0].goal", Message: `stage "late" (targets[0].stages[0]) is 2h0m0s before the deadline, beyond the goal 1h0m0s`},
		{Path: "versions[0].rules[1].goals[0].goal", Message: "must be positive"},
		{Path: "versions[0].rules[1].goals[1].target", Message: `unknown target "nothing"`},
	}
	if diff := cmp.Diff(want, pe.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestUnreachableRules(t *testing.T) {
	t.Parallel()
	target := []sla.Target{{Name: "fix", Calendar: "24x7", Start: []sla.Condition{{Status: "registered"}}, Stop: []sla.Condition{{Status: "resolved"}}}}
	goal := []sla.Goal{{Target: "fix", Goal: sla.Duration(time.Hour)}}
	rule := func(m sla.Match) sla.Rule { return sla.Rule{When: m, Goals: goal} }
	tests := []struct {
		name  string
		order sla.Order
		rules []sla.Rule
		want  []string // paths of unreachable rules
	}{
		{"broad before narrow", sla.OrderFirst, []sla.Rule{
			rule(sla.Match{Categories: []codes.Category{"hardware"}}),
			rule(sla.Match{Categories: []codes.Category{"hardware.server"}, Priorities: []codes.Priority{codes.P1}}),
		}, []string{"versions[0].rules[1]"}},
		{"narrow before broad", sla.OrderFirst, []sla.Rule{
			rule(sla.Match{Categories: []codes.Category{"hardware.server"}}),
			rule(sla.Match{Categories: []codes.Category{"hardware"}}),
		}, nil},
		{"broad before narrow, most specific", sla.OrderSpecific, []sla.Rule{
			rule(sla.Match{Categories: []codes.Category{"hardware"}}),
			rule(sla.Match{Categories: []codes.Category{"hardware.server"}, Priorities: []codes.Priority{codes.P1}}),
		}, nil},
		{"same match twice, most specific", sla.OrderSpecific, []sla.Rule{
			rule(sla.Match{CustomerTiers: []string{"vip"}}),
			rule(sla.Match{CustomerTiers: []string{"vip"}}),
		}, []string{"versions[0].rules[1]"}},
		{"disjoint", sla.OrderFirst, []sla.Rule{
			rule(sla.Match{Priorities: []codes.Priority{codes.P1}}),
			rule(sla.Match{Priorities: []codes.Priority{codes.P2}}),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sla.New(sla.Config{Versions: []sla.Version{{Order: tt.order, Targets: target, Rules: tt.rules}}}, sla.DefaultCalendars())
			var got []string
			var pe *sla.PolicyError
			if errors.As(err, &pe) {
				for _, p := range pe.Problems {
					got = append(got, p.Path)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("unreachable (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSeedWarnsP2ShorterThanP1(t *testing.T) {
	t.Parallel()
	want := []sla.Problem{{Path: "versions[0].rules[1].goals[1].goal", Message: "P2 resolution goal 30m0s is shorter than P1's 1h0m0s"}}
	for _, p := range []*sla.Policy{seedPolicy(t), registrationPolicy(t)} {
		if diff := cmp.Diff(want, p.Warnings()); diff != "" {
			t.Errorf("%s warnings (-want +got):\n%s", p.Name(), diff)
		}
	}
}

func TestMatchOrder(t *testing.T) {
	t.Parallel()
	target := []sla.Target{{Name: "fix", Calendar: "24x7", Start: []sla.Condition{{Status: "registered"}}, Stop: []sla.Condition{{Status: "resolved"}}}}
	g := func(d time.Duration) []sla.Goal { return []sla.Goal{{Target: "fix", Goal: sla.Duration(d)}} }
	rules := []sla.Rule{
		{Name: "p1", When: sla.Match{Priorities: []codes.Priority{codes.P1}}, Goals: g(time.Hour)},
		{Name: "vip-network-p1", When: sla.Match{Priorities: []codes.Priority{codes.P1}, CustomerTiers: []string{"vip"}, Categories: []codes.Category{"network"}}, Goals: g(30 * time.Minute)},
		{Name: "any", Goals: g(8 * time.Hour)},
	}
	h := sla.History{
		set("2026-03-09 09:00", sla.AttrCustomerTier, "vip"),
		set("2026-03-09 09:00", sla.AttrCategory, "network.wan"),
		prio("2026-03-09 09:00", codes.P1),
		in("2026-03-09 09:00", codes.StatusRegistered),
	}
	narrowFirst := []sla.Rule{rules[1], rules[0], rules[2]}
	// Under OrderFirst the broad p1 rule listed first would make the narrow
	// one unreachable (New rejects that); under OrderSpecific it may come
	// first.
	for _, tt := range []struct {
		order sla.Order
		rules []sla.Rule
		want  string
	}{{sla.OrderFirst, narrowFirst, "vip-network-p1"}, {sla.OrderSpecific, rules, "vip-network-p1"}} {
		p, err := sla.New(sla.Config{Versions: []sla.Version{{Order: tt.order, Targets: target, Rules: tt.rules}}}, sla.DefaultCalendars())
		if err != nil {
			t.Fatal(err)
		}
		r, err := p.Evaluate(h, bj("2026-03-09 09:10"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Rule != tt.want || status(t, r, "fix").Rule != tt.want {
			t.Errorf("order %s: rule %q, want %q", tt.order, r.Rule, tt.want)
		}
	}
}

// A clock is measured by the version in force when it started: a P3
// assigned on Tuesday March 31 (version 0) and taken in hand on Wednesday
// April 1 (version 1, where P3 resolution is 6h) keeps version 0's 30m
// response and gets version 1's 6h resolution.
func TestVersionPerClockStart(t *testing.T) {
	t.Parallel()
	v1 := sla.SeedConfig().Versions[0]
	v2 := sla.SeedConfig().Versions[0]
	v2.Effective = bj("2026-04-01 00:00")
	v2.Rules[2].Goals[1].Goal = sla.Duration(6 * time.Hour)
	v2.Rules[2].Goals[0].Goal = sla.Duration(time.Hour)
	p, err := sla.New(sla.Config{Versions: []sla.Version{v1, v2}}, sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	h := sla.History{
		prio("2026-03-31 17:00", codes.P3), in("2026-03-31 17:00", codes.StatusAssigned),
		in("2026-04-01 09:10", codes.StatusInProgress),
	}
	x, err := sla.Explain(p, h, bj("2026-04-01 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	r := x.Result
	resp, res := status(t, r, sla.Response), status(t, r, sla.Resolution)
	// Response: 17:00–18:00 and 09:00–09:10 is 1h10 of 30m: breached at
	// 17:30 on March 31. Resolution: 50m of 6h from 09:10: deadline 16:40
	// (2h50 to 12:00, 3h10 from 13:30).
	if resp.Version != 0 || resp.Goal != 30*time.Minute || resp.State != sla.Breached || !resp.Breached.Equal(bj("2026-03-31 17:30")) {
		t.Errorf("response %+v", resp)
	}
	if res.Version != 1 || res.Goal != 6*time.Hour || res.Elapsed != 50*time.Minute || !res.Deadline.Equal(bj("2026-04-01 16:40")) {
		t.Errorf("resolution %+v", res)
	}
	if r.Version != 0 || !r.Next.Equal(bj("2026-04-01 15:28")) { // 80% of 6h = 4h48: 2h50, then 1h58 from 13:30
		t.Errorf("result version %d next %v", r.Version, r.Next)
	}
	if len(x.Spans) != 2 || len(x.Spans[1]) == 0 || x.Spans[1][0].From.Before(bj("2026-04-01 09:10")) {
		t.Errorf("resolution spans %+v", x.Spans)
	}
}

func TestVersionsByOpeningInstant(t *testing.T) {
	t.Parallel()
	v1 := sla.SeedConfig().Versions[0]
	v2 := sla.SeedConfig().Versions[0]
	v2.Effective = bj("2026-04-01 00:00")
	v2.Rules[2].Goals[1].Goal = sla.Duration(6 * time.Hour) // P3 resolution 3h → 6h
	p, err := sla.New(sla.Config{Versions: []sla.Version{v1, v2}}, sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	ticket := func(day string) sla.History {
		return sla.History{prio(day+" 09:00", codes.P3), in(day+" 09:00", codes.StatusAssigned), in(day+" 09:00", codes.StatusInProgress)}
	}
	for _, tt := range []struct {
		day     string
		version int
		goal    time.Duration
	}{{"2026-03-31", 0, 3 * time.Hour}, {"2026-04-01", 1, 6 * time.Hour}} {
		r, err := p.Evaluate(ticket(tt.day), bj("2026-04-02 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		if s := status(t, r, sla.Resolution); r.Version != tt.version || s.Goal != tt.goal {
			t.Errorf("opened %s: version %d goal %v, want %d %v", tt.day, r.Version, s.Goal, tt.version, tt.goal)
		}
	}
}

// FuzzLoad checks that no document makes Load panic, and that whatever it
// accepts evaluates a simple history without panicking.
func FuzzLoad(f *testing.F) {
	seed, err := os.ReadFile("testdata/seed.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"versions":[{"order":"specific","targets":[{"name":"x","calendar":"24x7","start":[{"attr":"tier"}],"stop":[{"status":"closed"}],"stages":[{"name":"s","before":"1m"}]}],"rules":[{"when":{"categories":["a.b"]},"goals":[{"target":"x","goal":"2m"}]}]}]}`))
	cals := sla.DefaultCalendars()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := sla.Load(data, cals)
		if err != nil {
			if !errors.Is(err, sla.ErrInvalidPolicy) {
				t.Fatalf("Load error %v does not match ErrInvalidPolicy", err)
			}
			return
		}
		t0 := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
		h := sla.History{
			sla.Prioritized(t0, codes.P2), sla.Set(t0, sla.AttrTier, "l1"), sla.Set(t0, sla.AttrCategory, "a.b.c"),
			sla.Entered(t0, codes.StatusRegistered), sla.Entered(t0.Add(time.Hour), codes.StatusClosed),
		}
		_, _ = p.Evaluate(h, t0.Add(2*time.Hour))
	})
}
