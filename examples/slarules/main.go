// Slarules keeps an SLA policy as data and tests it as data. The policy is
// the YAML file policy.yaml, validated as it loads; a malformed policy is
// refused with every problem listed by its path. The scenarios in
// scenarios.yaml state facts about a ticket and the deadlines, states and
// warning stages expected; package sla/slatest checks each one, and the
// program prints pass or fail with the difference. Last, sla.Explain shows
// which spans of one ticket's clock counted and why the others did not.
// Everything is computed from fixed instants, so the program finishes at
// once and prints the same every time.
//
// Run it with:
//
//	go run ./examples/slarules
package main

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/itsmkit/itsm/sla"
	"github.com/itsmkit/itsm/sla/slatest"
)

// The policy and its scenarios, kept beside the program and built into it.
var (
	//go:embed policy.yaml
	policyYAML []byte
	//go:embed scenarios.yaml
	scenariosYAML []byte
)

// broken is a policy with mistakes in it, as a person might write one.
const broken = `
name: broken
versions:
- order: best
  targets:
  - name: response
    calendar: moon
    start: [{status: registered}]
    stop: []
    stages: [{name: warning, percent: 120}]
  - name: resolution
    calendar: office
    start: [{status: opened}]
    stop: [{status: resolved}]
  rules:
  - name: P1
    when: {priorities: [P1]}
    goals: [{target: response, goal: 0s}, {target: fix, goal: 4h}]
`

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "slarules:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	heading := func(title string) {
		fmt.Fprintf(w, "%s\n%s\n", title, strings.Repeat("-", len([]rune(title))))
	}

	// The calendars the policy names: "office" (China office hours) and
	// "24x7".
	calendars := sla.DefaultCalendars()

	heading("The policy in policy.yaml")
	cfg, err := sla.ParseConfig(policyYAML)
	if err != nil {
		return err
	}
	policy, err := sla.New(cfg, calendars)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%q: valid, %d warnings\n", policy.Name(), len(policy.Warnings()))
	for _, r := range cfg.Versions[0].Rules {
		var goals []string
		for _, g := range r.Goals {
			goals = append(goals, fmt.Sprintf("%s %s", g.Target, dur(g.Goal.D())))
			if g.Calendar != "" {
				goals[len(goals)-1] += " (" + g.Calendar + ")"
			}
		}
		fmt.Fprintf(w, "  %-10s %s\n", r.Name, strings.Join(goals, ", "))
	}

	// A malformed policy is refused with every problem at once, each with
	// the path of its field. errors.Is tells the kind of error; errors.As
	// gives the list.
	fmt.Fprintln(w)
	heading("A malformed policy")
	_, err = sla.Load([]byte(broken), calendars)
	var bad *sla.PolicyError
	if !errors.As(err, &bad) {
		return fmt.Errorf("the malformed policy: %v, want an *sla.PolicyError", err)
	}
	fmt.Fprintf(w, "errors.Is(err, sla.ErrInvalidPolicy) = %t; %d problems:\n", errors.Is(err, sla.ErrInvalidPolicy), len(bad.Problems))
	for _, p := range bad.Problems {
		fmt.Fprintf(w, "  %-42s %s\n", p.Path, p.Message)
	}
	// A misspelt key is refused too, with a guess at what was meant, and
	// with the problems of meaning it leaves.
	_, err = sla.Load([]byte("versions: [{targets: [{name: response, calender: office}]}]"), calendars)
	if !errors.As(err, &bad) {
		return fmt.Errorf("the misspelt policy: %v, want an *sla.PolicyError", err)
	}
	fmt.Fprintln(w, "A misspelt key is refused with the rest:")
	for _, p := range bad.Problems {
		fmt.Fprintf(w, "  %-42s %s\n", p.Path, p.Message)
	}

	// The scenarios are slatest's, in YAML; each is checked against the
	// policy above. In a test suite slatest.RunFile does this and reports
	// to the test; Scenario.Check gives the outcomes as values.
	fmt.Fprintln(w)
	heading("Scenarios in scenarios.yaml")
	scenarios, err := slatest.Parse(scenariosYAML)
	if err != nil {
		return fmt.Errorf("scenarios.yaml: %w", err)
	}
	passed := 0
	for _, s := range scenarios {
		if s.Policy == nil && s.Preset == "" {
			s.Policy = &cfg
		}
		r, err := s.Check()
		if err != nil {
			return err
		}
		if r.Passed() {
			passed++
			fmt.Fprintf(w, "PASS  %s\n", s.Name)
			continue
		}
		fmt.Fprintf(w, "FAIL  %s\n", s.Name)
		for _, i := range r.Failed() {
			want, got := r.Want[i], r.Got[i]
			fmt.Fprintf(w, "      at %s, %s:\n", want.At, want.Target)
			fmt.Fprintf(w, "        want %s\n", outcome(want))
			fmt.Fprintf(w, "        got  %s\n", outcome(got))
		}
	}
	fmt.Fprintf(w, "%d of %d scenarios pass\n", passed, len(scenarios))

	// Explain the Golden Week scenario's resolution clock: every span from
	// registration to now, counted or not, and why.
	fmt.Fprintln(w)
	var golden slatest.Scenario
	for _, s := range scenarios {
		if strings.Contains(s.Name, "Golden Week") {
			golden = s
		}
	}
	golden.Policy = &cfg
	p, h, loc, err := golden.Build()
	if err != nil {
		return err
	}
	now := time.Date(2025, 10, 10, 12, 0, 0, 0, loc)
	heading(fmt.Sprintf("sla.Explain: %s, at %s", golden.Name, now.Format("Mon 01-02 15:04 MST")))
	x, err := sla.Explain(p, h, now)
	if err != nil {
		return err
	}
	for i, s := range x.Targets {
		if s.Target != sla.Resolution {
			continue
		}
		for _, sp := range x.Spans[i] {
			working := "" // the working time a span counted, or a pause kept from counting
			if sp.Working > 0 {
				working = dur(sp.Working)
			}
			line := fmt.Sprintf("  %s – %s  %-21s %-6s %s", sp.From.Format("Mon 01-02 15:04"), sp.To.Format("Mon 01-02 15:04"), sp.Why, working, sp.Detail)
			fmt.Fprintln(w, strings.TrimRight(line, " "))
		}
		fmt.Fprintf(w, "  %s under rule %q: %s, %s of %s counted, %s paused, due %s\n",
			s.Target, s.Rule, s.State, dur(s.Elapsed), dur(s.Goal), dur(s.PausedFor), s.Deadline.Format("Mon 2006-01-02 15:04 MST"))
	}
	return nil
}

// outcome writes the fields of a check's outcome that it checks.
func outcome(o slatest.Outcome) string {
	if o.Absent {
		return "absent"
	}
	var parts []string
	for _, f := range []struct{ name, v string }{
		{"state", o.State}, {"deadline", o.Deadline}, {"breached", o.Breached},
		{"elapsed", o.Elapsed}, {"remaining", o.Remaining}, {"stage", o.Stage},
	} {
		if f.v != "" {
			parts = append(parts, f.name+" "+f.v)
		}
	}
	return strings.Join(parts, ", ")
}

// dur writes a duration without trailing zero units: 2h30m, 5m, 0s.
func dur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
