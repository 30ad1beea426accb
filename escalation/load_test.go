package escalation_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/escalation"
)

func TestLoadYAML(t *testing.T) {
	t.Parallel()
	doc := `
name: ops
rules:
  - name: p3.breach
    when: {priorities: [P3], not_statuses: [pending]}
    from: {kind: breached, target: resolution}
    levels:
      - actions: [{kind: notify, roles: [incident_manager]}]
      - after: 30m
        actions: [{kind: raise_tier}, {kind: custom, name: page}]
    repeat: {every: 1h, times: 3}
  - name: report
    from: {kind: end_of_day, before: 1h}
    clock: office
    levels: [{actions: [{kind: notify, roles: [project_manager]}]}]
`
	r, err := escalation.Load([]byte(doc), seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	cfg := r.Config()
	if cfg.Name != "ops" || len(cfg.Rules) != 2 || cfg.Rules[0].Levels[1].After.D().Minutes() != 30 || cfg.Rules[0].Repeat.Times != 3 {
		t.Errorf("loaded %+v", cfg)
	}
}

// TestDefaultConfigRoundTrip: the default rules survive JSON and load back
// the same.
func TestDefaultConfigRoundTrip(t *testing.T) {
	t.Parallel()
	want := escalation.DefaultConfig()
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := escalation.ParseConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, err := escalation.New(got, seedPolicy); err != nil {
		t.Error(err)
	}
}

// TestInvalidRules: every problem is listed with its path.
func TestInvalidRules(t *testing.T) {
	t.Parallel()
	doc := `
rules:
  - name: a/b
    when: {priorities: [P3], min_reopens: -1}
    from: {kind: target_share, percent: 120}
    clock: moon
    levels:
      - after: -5m
        actions: []
      - actions: [{kind: notify}, {kind: fly}, {kind: custom}]
    repeat: {times: 2}
  - name: x
    from: {kind: end_of_day}
    levels: [{actions: [{kind: flag_major}]}]
  - name: x
    from: {kind: sometime}
`
	_, err := escalation.Load([]byte(doc), seedPolicy)
	if !errors.Is(err, escalation.ErrInvalidRules) {
		t.Fatalf("err = %v, want ErrInvalidRules", err)
	}
	var re *escalation.RulesError
	if !errors.As(err, &re) {
		t.Fatalf("err is %T", err)
	}
	var got []string
	for _, p := range re.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`rules[0].name: "a/b" must not contain "/" or spaces`,
		`rules[0].when.min_reopens: must not be negative`,
		`rules[0].from.percent: must be in (0, 100], is 120`,
		`rules[0].from.target: required for a "target_share" anchor`,
		`rules[0].clock: must be empty: offsets from an SLA target count in its clock`,
		`rules[0].clock: unknown calendar "moon" (known: 24x7, office)`,
		`rules[0].levels[0].after: must not be negative`,
		`rules[0].levels[0].actions: at least one action is required`,
		`rules[0].levels[1].actions[0].roles: a notify action needs at least one role`,
		`rules[0].levels[1].actions[1].kind: unknown action "fly"`,
		`rules[0].levels[1].actions[2].name: a custom action needs a name`,
		`rules[0].repeat.every: required to repeat 2 times`,
		`rules[1].clock: an end_of_day anchor needs a calendar`,
		`rules[2].name: "x" is also the name of rules[1]`,
		`rules[2].from.kind: unknown anchor "sometime"`,
		`rules[2].levels: at least one level is required`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestParseConfigUnknownKey(t *testing.T) {
	t.Parallel()
	_, err := escalation.ParseConfig([]byte(`{"rules": [], "rulez": 1}`))
	if !errors.Is(err, escalation.ErrInvalidRules) {
		t.Errorf("err = %v, want ErrInvalidRules", err)
	}
	if _, err := escalation.New(escalation.Config{}, nil); !errors.Is(err, escalation.ErrInvalidRules) {
		t.Errorf("empty config: err = %v", err)
	}
}

// FuzzLoad: nothing panics on bad input.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`rules: [{name: a, from: {kind: registered}, levels: [{actions: [{kind: flag_major}]}]}]`))
	f.Add([]byte(`{"rules":[{"name":"b","from":{"kind":"breached","target":"response"},"levels":[{"after":"1h","actions":[{"kind":"notify","roles":["x"]}]}],"repeat":{"every":"10m"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := escalation.Load(data, seedPolicy)
		if err != nil && !errors.Is(err, escalation.ErrInvalidRules) {
			t.Fatalf("error %v does not match ErrInvalidRules", err)
		}
		if err == nil && r == nil {
			t.Fatal("nil rules without error")
		}
	})
}

// Problems of decoding and of meaning come in one error, each with its path.
func TestLoadEveryProblem(t *testing.T) {
	t.Parallel()
	doc := `
rules:
  - name: late
    when: {priorities: [P0]}
    from: {kind: breached, target: resolution}
    levels:
      - after: 90
        actions: [{kind: notify, roles: [incident_manager]}]
  - name: late
    form: {kind: breached, target: resolution}
    levels: [{actions: [{kind: flag_major}]}]
`
	_, err := escalation.Load([]byte(doc), seedPolicy)
	var re *escalation.RulesError
	if !errors.As(err, &re) || !errors.Is(err, escalation.ErrInvalidRules) {
		t.Fatalf("err = %v, want a *RulesError", err)
	}
	var got []string
	for _, p := range re.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`rules[0].levels[0].after: "90" is not a duration such as 90m or 1h30m`,
		`rules[0].when.priorities[0]: unknown priority "P0" (P1–P5)`,
		`rules[1].form: unknown key (did you mean from?)`,
		`rules[1].name: "late" is also the name of rules[0]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s\nerror:\n%v", diff, err)
	}
}
