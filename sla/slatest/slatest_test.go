package slatest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/itsmkit/itsm/sla/slatest"
)

func TestGoldenWeekTable(t *testing.T) {
	t.Parallel()
	slatest.RunFile(t, "testdata/goldenweek.yaml")
}

func TestScenarioInGo(t *testing.T) {
	t.Parallel()
	// A P3 registered Friday 16:30: 1h30 on Friday, 1h30 on Monday.
	slatest.Run(t, slatest.Scenario{
		Name:   "P3 registered Friday afternoon",
		Zone:   "Asia/Shanghai",
		Preset: "registration",
		Facts: []slatest.Fact{
			{At: "2026-03-06 16:30", Priority: "P3"},
			{At: "2026-03-06 16:30", Status: "registered"},
		},
		Checks: []slatest.Check{
			{At: "2026-03-06 16:30", Target: "resolution", State: "running", Deadline: "2026-03-09 10:30"},
			{At: "2026-03-09 10:31", Target: "resolution", State: "breached", Breached: "2026-03-09 10:30", Remaining: "-1m"},
		},
	})
}

func TestCustomCalendarAndPolicy(t *testing.T) {
	t.Parallel()
	slatest.Run(t, mustScenario(t, `
scenarios:
- name: night shift
  zone: Europe/Berlin
  calendars:
    nights:
      zone: Europe/Berlin
      week: {monday: ["22:00-24:00"], tuesday: ["00:00-06:00"]}
  policy:
    versions:
    - targets:
      - {name: fix, calendar: nights, start: [{status: registered}], stop: [{status: resolved}]}
      - {name: ack, calendar: nights, start: [{status: registered}], stop: [{status: in_progress}]}
      rules:
      - goals: [{target: fix, goal: 3h}]
  facts:
  - {at: '2026-03-09 21:00', status: registered}
  checks:
  # 2h on Monday night, 1h after midnight: Tuesday 01:00.
  - {at: '2026-03-09 21:00', target: fix, state: running, deadline: '2026-03-10 01:00'}
  # No rule gives ack a goal.
  - {at: '2026-03-09 21:00', target: ack, absent: true}
`)[0])
}

// fakeTB records failures instead of failing.
type fakeTB struct {
	testing.TB
	errors, fatals []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}

func TestFailureShowsDiff(t *testing.T) {
	t.Parallel()
	var f fakeTB
	slatest.Run(&f, slatest.Scenario{
		Name:   "wrong expectation",
		Zone:   "Asia/Shanghai",
		Preset: "registration",
		Facts:  []slatest.Fact{{At: "2026-03-06 16:30", Priority: "P3"}, {At: "2026-03-06 16:30", Status: "registered"}},
		Checks: []slatest.Check{{At: "2026-03-06 16:30", Target: "resolution", Deadline: "2026-03-09 11:30"}},
	})
	if len(f.errors) != 1 || len(f.fatals) != 0 {
		t.Fatalf("errors %q fatals %q, want one error", f.errors, f.fatals)
	}
	for _, want := range []string{"-want +got", `-`, `"2026-03-09 11:30"`, `+`, `"2026-03-09 10:30"`} {
		if !strings.Contains(f.errors[0], want) {
			t.Errorf("failure message lacks %q:\n%s", want, f.errors[0])
		}
	}
}

func TestBadScenarios(t *testing.T) {
	t.Parallel()
	for _, s := range []slatest.Scenario{
		{Name: "no policy"},
		{Name: "bad zone", Zone: "Mars/Olympus", Preset: "seed"},
		{Name: "bad fact", Preset: "seed", Facts: []slatest.Fact{{At: "yesterday", Status: "registered"}}},
		{Name: "two kinds", Preset: "seed", Facts: []slatest.Fact{{At: "2026-03-06 16:30", Status: "registered", Priority: "P1"}}},
		{Name: "bad check", Preset: "seed", Checks: []slatest.Check{{At: "2026-03-06 16:30", Target: "response", Elapsed: "long"}}},
		{Name: "bad history", Preset: "seed", Facts: []slatest.Fact{{At: "2026-03-06 16:30", Status: "limbo"}}, Checks: []slatest.Check{{At: "2026-03-06 16:30", Target: "response"}}},
	} {
		var f fakeTB
		slatest.Run(&f, s)
		if len(f.fatals) != 1 {
			t.Errorf("%s: fatals %q, want one", s.Name, f.fatals)
		}
	}
}

// TestCheckOutsideATest: Parse and Scenario.Check give the outcomes as
// values, for programs that are not tests.
func TestCheckOutsideATest(t *testing.T) {
	t.Parallel()
	scenarios, err := slatest.Parse([]byte(`
scenarios:
- name: P3 Friday
  zone: Asia/Shanghai
  preset: registration
  facts:
  - {at: '2026-03-06 16:30', priority: P3}
  - {at: '2026-03-06 16:30', status: registered}
  checks:
  - {at: '2026-03-06 16:30', target: resolution, deadline: '2026-03-09 10:30'}
  - {at: '2026-03-09 10:31', target: resolution, state: running}
`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenarios[0].Check()
	if err != nil {
		t.Fatal(err)
	}
	if r.Passed() || !slices.Equal(r.Failed(), []int{1}) {
		t.Fatalf("Passed %v, Failed %v; want the second check failed", r.Passed(), r.Failed())
	}
	if r.Got[1].State != "breached" || r.Got[1].Deadline != "" || r.Got[0] != r.Want[0] {
		t.Errorf("Got %+v: want the state only of check 1, and check 0 as wanted", r.Got)
	}
	if !strings.Contains(r.Diff(), `"breached"`) {
		t.Errorf("Diff lacks the state got:\n%s", r.Diff())
	}
	if _, err := slatest.Parse([]byte("scenarios: [{name: x, colour: red}]")); err == nil {
		t.Error("Parse accepted an unknown key")
	}
	if _, err := (slatest.Scenario{Name: "no policy"}).Check(); err == nil || !strings.Contains(err.Error(), `"no policy"`) {
		t.Errorf("Check of a scenario with no policy: %v", err)
	}
}

// TestUnknownTarget: a check of a target the policy does not have fails the
// scenario, naming the target and the policy's targets, whatever it
// expects (absent included, which would otherwise always pass).
func TestUnknownTarget(t *testing.T) {
	t.Parallel()
	for _, c := range []slatest.Check{
		{At: "2026-03-06 16:30", Target: "respnse", State: "running"},
		{At: "2026-03-06 16:30", Target: "respnse", Absent: true},
	} {
		var f fakeTB
		slatest.Run(&f, slatest.Scenario{
			Name:   "misspelt",
			Preset: "seed",
			Facts:  []slatest.Fact{{At: "2026-03-06 16:30", Priority: "P3"}, {At: "2026-03-06 16:30", Status: "assigned"}},
			Checks: []slatest.Check{{At: "2026-03-06 16:30", Target: "response"}, c},
		})
		if len(f.fatals) != 1 {
			t.Fatalf("%+v: fatals %q errors %q, want one fatal", c, f.fatals, f.errors)
		}
		want := `slatest: scenario "misspelt": checks[1].target: "respnse" is not a target of the policy, whose targets are "response" and "resolution"`
		if f.fatals[0] != want {
			t.Errorf("%+v:\n got %s\nwant %s", c, f.fatals[0], want)
		}
	}
}
