package sla_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/itsmkit/itsm/sla"
)

// A policy with five mistakes of five kinds gets five problems, each with its
// path: problems of decoding and of meaning in one error.
func TestLoadFiveMistakes(t *testing.T) {
	t.Parallel()
	_, err := sla.Load([]byte(`
versions:
- targets:
  - name: response
    calendar: offce
    start: [{status: registered}]
    stop: [{status: assigned}]
    stpo: [{status: resolved}]
  rules:
  - name: major
    when: {priorities: [P9]}
    goals: [{target: respnse, goal: 30m}]
  - name: others
    goals: [{target: response, goal: -1h}]
`), sla.DefaultCalendars())
	var pe *sla.PolicyError
	if !errors.As(err, &pe) || !errors.Is(err, sla.ErrInvalidPolicy) {
		t.Fatalf("Load = %v, want a *PolicyError", err)
	}
	want := []string{
		`versions[0].rules[0].when.priorities[0]: unknown priority "P9" (P1–P5)`,
		`versions[0].targets[0].stpo: unknown key (did you mean stop?)`,
		`versions[0].targets[0].calendar: unknown calendar "offce"`,
		`versions[0].rules[0].goals[0].target: unknown target "respnse"`,
		`versions[0].rules[1].goals[0].goal: must be positive`,
	}
	var got []string
	for _, p := range pe.Problems {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s\nmessage:\n%v", strings.Join(got, "\n"), strings.Join(want, "\n"), err)
	}
}

// A value of the wrong kind says what it should be, in the document's terms.
func TestParseConfigBadDuration(t *testing.T) {
	t.Parallel()
	_, err := sla.ParseConfig([]byte(`
versions:
- targets: [{name: fix, calendar: 24x7, start: [{status: registered}], stop: [{status: resolved}]}]
  rules: [{goals: [{target: fix, goal: 90}]}, {goals: {target: fix}}]
`))
	const want = `sla: invalid policy (2 problems):
  versions[0].rules[0].goals[0].goal: "90" is not a duration such as 90m or 1h30m
  versions[0].rules[1].goals: want a list, got an object`
	if err == nil || err.Error() != want {
		t.Errorf("ParseConfig = %v, want\n%s", err, want)
	}
}
