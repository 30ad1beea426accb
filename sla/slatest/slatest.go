// Package slatest checks SLA scenarios in a user's own test suite: a
// calendar, a policy, the facts about one record, and the deadlines and
// states expected at given instants. A scenario is stated in Go or in a
// YAML (or JSON) file; a failure shows a go-cmp diff of what was expected
// against what the policy gives.
//
//	func TestOurSLA(t *testing.T) {
//		slatest.Run(t, slatest.Scenario{
//			Name:   "P3 registered Friday afternoon",
//			Zone:   "Asia/Shanghai",
//			Preset: "registration",
//			Facts: []slatest.Fact{
//				{At: "2026-03-06 16:30", Priority: "P3"},
//				{At: "2026-03-06 16:30", Status: "registered"},
//			},
//			Checks: []slatest.Check{
//				{At: "2026-03-06 16:30", Target: "resolution", State: "running", Deadline: "2026-03-09 10:30"},
//			},
//		})
//	}
//
// or, with the scenarios in a file, slatest.RunFile(t, "testdata/sla.yaml").
// The file may name the team's own policy and calendar files (see File),
// so that the scenarios check the policy the service runs, not a copy of
// it:
//
//	policy: ../config/sla.yaml
//	calendars: {office: ../config/berlin.yaml}
//	scenarios: [...]
//
// A check names a target of the policy: a name the policy does not have (a
// misspelt "respnse") fails the scenario with the policy's target names,
// so a check can never pass by mistake.
package slatest

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// File is the document RunFile and Load read: a list of scenarios and,
// optionally, the team's own policy and calendar files they check.
//
//	policy: ../sla/policy.yaml        # sla.ParseConfig's form
//	calendars:
//	  office: ../sla/berlin.yaml      # calendar.ParseConfig's form
//	scenarios:
//	- name: P3 on a Friday afternoon
//	  ...
//
// Paths are relative to the scenario file (for Parse, to the working
// directory).
type File struct {
	// Policy is the path of a policy file, used by every scenario that
	// names neither a preset nor a policy of its own.
	Policy string `json:"policy,omitempty"`
	// Calendars are paths of calendar files by name, added to (or
	// replacing) sla.DefaultCalendars in every scenario; a scenario's own
	// calendar of the same name wins.
	Calendars map[string]string `json:"calendars,omitempty"`
	// Scenarios are the scenarios; at least one.
	Scenarios []Scenario `json:"scenarios"`
}

// Scenario is one test of a policy against one record.
type Scenario struct {
	// Name names the scenario in failures and subtests.
	Name string `json:"name"`
	// Zone is the IANA time zone that local times in Facts and Checks are
	// read in ("2026-03-06 16:30"), and that expected instants are shown
	// in. Default "UTC". Times in RFC 3339 carry their own offset.
	Zone string `json:"zone,omitempty"`
	// Calendars are calendar configurations by name, added to (or
	// replacing) sla.DefaultCalendars ("office": China office hours,
	// "24x7").
	Calendars map[string]calendar.Config `json:"calendars,omitempty"`
	// Preset names a policy of package sla: "seed" (sla.SeedConfig) or
	// "registration" (sla.RegistrationConfig). Ignored when Policy is set;
	// one of the two is required.
	Preset string `json:"preset,omitempty"`
	// Policy is the policy under test.
	Policy *sla.Config `json:"policy,omitempty"`
	// Facts are the record's history, in time order.
	Facts []Fact `json:"facts"`
	// Checks are what must hold at given instants.
	Checks []Check `json:"checks"`
}

// Fact is one fact of a scenario's history. Set exactly one of Status,
// Priority, or Attr with Value.
type Fact struct {
	// At is "2006-01-02 15:04" (or with ":05" seconds) in the scenario's
	// zone, or RFC 3339.
	At       string       `json:"at"`
	Status   codes.Status `json:"status,omitempty"`   // a status entered, such as "pending"
	Priority string       `json:"priority,omitempty"` // a priority set, "P1" to "P5"
	Attr     sla.Attr     `json:"attr,omitempty"`     // an attribute set (tier, service, ...), to Value
	Value    string       `json:"value,omitempty"`    // the value Attr is set to
}

// Check is what must hold of one target at one instant. Only the fields set
// are compared; instants are written as in Fact.At, durations as Go
// duration strings ("1h30m").
type Check struct {
	At     string `json:"at"`     // the instant the check is made
	Target string `json:"target"` // the target checked, one of the policy's
	// State is "not_started", "running", "paused", "met" or "breached".
	State string `json:"state,omitempty"`
	// Deadline is the expected deadline; Breached the breach instant, or
	// "none" for a target that must not have breached.
	Deadline string `json:"deadline,omitempty"`
	Breached string `json:"breached,omitempty"` // the breach instant expected, or "none"
	// Elapsed and Remaining are expected working times.
	Elapsed   string `json:"elapsed,omitempty"`
	Remaining string `json:"remaining,omitempty"` // the working time left to the goal, negative past it
	// Stage is the last warning stage expected to be reached.
	Stage string `json:"stage,omitempty"`
	// Absent expects the target not to apply at all. The target must
	// still be one of the policy's: a name it does not have is an error.
	Absent bool `json:"absent,omitempty"`
}

// ErrInvalidFile is matched by every error Parse and Load return for data
// that is not a suite of scenarios (a *FileError): malformed YAML or JSON,
// an unknown key, or no scenario at all, so that a suite file emptied by
// mistake fails instead of passing with nothing checked.
var ErrInvalidFile = errors.New("slatest: invalid scenario file")

// FileError reports data Parse or Load cannot read as scenarios. It matches
// ErrInvalidFile.
type FileError struct {
	Path    string // the file Load read; "" for Parse
	Problem string // e.g. `no scenarios: the "scenarios" list is empty`
}

// Error says which file and what is wrong with it.
func (e *FileError) Error() string {
	if e.Path == "" {
		return "slatest: " + e.Problem
	}
	return "slatest: " + e.Path + ": " + e.Problem
}

// Is reports whether target is ErrInvalidFile.
func (e *FileError) Is(target error) bool { return target == ErrInvalidFile }

// Load reads scenarios from a YAML or JSON file in the form of File, as
// Parse does; its errors name the file.
func Load(path string) ([]Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	scenarios, err := parse(data, filepath.Dir(path))
	if fe, ok := err.(*FileError); ok {
		fe.Path = path
	}
	return scenarios, err
}

// Parse reads scenarios from YAML or JSON data in the form of File, with
// the policy and calendar files it names read from paths relative to the
// working directory. Unknown keys are errors, and so is a document without
// a scenario (empty, null, without "scenarios" or with an empty list), and
// a policy or calendar file that cannot be read: each returns a *FileError
// matching ErrInvalidFile.
func Parse(data []byte) ([]Scenario, error) { return parse(data, ".") }

func parse(data []byte, dir string) ([]Scenario, error) {
	var f File
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		return nil, &FileError{Problem: err.Error()}
	}
	if len(f.Scenarios) > 0 {
		if err := f.useFiles(dir); err != nil {
			return nil, err
		}
		return f.Scenarios, nil
	}
	// Say which way the document is empty, to point at the mistake.
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err == nil && doc == nil {
		return nil, &FileError{Problem: `no scenarios: the document is empty (want a "scenarios" list)`}
	}
	if _, ok := doc["scenarios"]; !ok {
		return nil, &FileError{Problem: `no scenarios: the document has no "scenarios" key`}
	}
	return nil, &FileError{Problem: `no scenarios: the "scenarios" list is empty`}
}

// useFiles reads the policy and calendar files f names, relative to dir,
// into its scenarios.
func (f *File) useFiles(dir string) error {
	var problems []string
	read := func(key, name string) []byte {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			problems = append(problems, key+": "+err.Error())
		}
		return data
	}
	var policy *sla.Config
	if f.Policy != "" {
		if data := read("policy", f.Policy); data != nil {
			cfg, err := sla.ParseConfig(data)
			if err != nil {
				problems = append(problems, "policy: "+f.Policy+": "+err.Error())
			}
			policy = &cfg
		}
	}
	cals := map[string]calendar.Config{}
	for _, name := range slices.Sorted(maps.Keys(f.Calendars)) {
		key := "calendars." + name
		if data := read(key, f.Calendars[name]); data != nil {
			cfg, err := calendar.ParseConfig(data)
			if err != nil {
				problems = append(problems, key+": "+f.Calendars[name]+": "+err.Error())
			}
			cals[name] = cfg
		}
	}
	if len(problems) > 0 {
		return &FileError{Problem: strings.Join(problems, "; ")}
	}
	for i := range f.Scenarios {
		s := &f.Scenarios[i]
		if policy != nil && s.Preset == "" && s.Policy == nil {
			s.Policy = policy
		}
		if len(cals) > 0 {
			merged := maps.Clone(cals)
			maps.Copy(merged, s.Calendars)
			s.Calendars = merged
		}
	}
	return nil
}

// RunFile loads the scenarios of a file and runs each as a subtest of t. A
// file that cannot be read or holds no scenario fails t (see Parse).
func RunFile(t *testing.T, path string) {
	t.Helper()
	scenarios, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) { Run(t, s) })
	}
}

// Run checks a scenario in a test: it reports every check that fails in
// one go-cmp diff (-want +got) with Errorf, and a scenario that cannot be
// built (an unknown preset, an invalid policy or time, a check of a target
// the policy does not have) with Fatalf.
func Run(tb testing.TB, s Scenario) {
	tb.Helper()
	r, err := s.Check()
	if err != nil {
		tb.Fatalf("%v", err)
		return
	}
	if diff := r.Diff(); diff != "" {
		tb.Errorf("slatest: scenario %q (-want +got):\n%s", s.Name, diff)
	}
}

// Result is what a scenario's checks want and what the policy gives, check
// by check: Got[i] answers Want[i], with the fields Want[i] leaves empty
// left empty.
type Result struct {
	Scenario string    `json:"scenario"` // the scenario's name
	Want     []Outcome `json:"want"`     // what each check wants
	Got      []Outcome `json:"got"`      // what the policy gives, check by check
}

// Passed reports whether every check passed.
func (r *Result) Passed() bool { return slices.Equal(r.Want, r.Got) }

// Failed returns the indexes of the checks that failed.
func (r *Result) Failed() []int {
	var f []int
	for i := range r.Want {
		if r.Want[i] != r.Got[i] {
			f = append(f, i)
		}
	}
	return f
}

// Diff returns the go-cmp diff of the checks (-want +got), empty when every
// check passes. Its spacing is not stable between runs (go-cmp's choice):
// show it to people, never compare it.
func (r *Result) Diff() string { return cmp.Diff(r.Want, r.Got) }

// Check checks the scenario outside a test: it builds the calendars and the
// policy and evaluates the history at each check's instant. A scenario that
// cannot be built (an unknown preset, an invalid policy or time) returns an
// error, and so does a check of a target the policy does not have (a
// misspelt "respnse"), which could otherwise never fail: the error names
// the target and the policy's targets. Absent is for a target of the policy
// that does not apply to the record.
func (s Scenario) Check() (*Result, error) {
	p, h, loc, err := s.Build()
	if err != nil {
		return nil, fmt.Errorf("slatest: scenario %q: %w", s.Name, err)
	}
	targets := p.Targets()
	for i, c := range s.Checks {
		if c.Target != "" && !slices.Contains(targets, c.Target) {
			return nil, fmt.Errorf("slatest: scenario %q: checks[%d].target: %q is not a target of the policy, whose targets are %s",
				s.Name, i, c.Target, quoteAll(targets))
		}
	}
	r := &Result{Scenario: s.Name}
	for i, c := range s.Checks {
		at, err := parseTime(c.At, loc)
		if err != nil {
			return nil, fmt.Errorf("slatest: scenario %q: checks[%d].at: %w", s.Name, i, err)
		}
		w, err := c.outcome(loc)
		if err != nil {
			return nil, fmt.Errorf("slatest: scenario %q: checks[%d]: %w", s.Name, i, err)
		}
		res, err := p.Evaluate(h, at)
		if err != nil {
			return nil, fmt.Errorf("slatest: scenario %q: checks[%d]: %w", s.Name, i, err)
		}
		g := Outcome{At: w.At, Target: c.Target}
		if st, ok := res.Target(c.Target); !ok {
			g.Absent = true
		} else {
			g.State = st.State.String()
			g.Deadline = format(st.Deadline, loc)
			g.Breached = format(st.Breached, loc)
			g.Elapsed = st.Elapsed.String()
			g.Remaining = st.Remaining.String()
			g.Stage = st.Stage
		}
		r.Want, r.Got = append(r.Want, w), append(r.Got, g.only(w))
	}
	return r, nil
}

// Outcome is what a check compares, in text: instants as "2006-01-02
// 15:04:05" in the scenario's zone (without ":00" seconds; "(none)" for
// no instant), durations as time.Duration strings. Its JSON form has the
// snake_case keys of Check, the empty ones left out.
type Outcome struct {
	At        string `json:"at"`                  // the instant of the check
	Target    string `json:"target"`              // the target checked
	State     string `json:"state,omitempty"`     // "not_started", "running", "paused", "met" or "breached"
	Deadline  string `json:"deadline,omitempty"`  // the deadline
	Breached  string `json:"breached,omitempty"`  // the breach instant, or "(none)"
	Elapsed   string `json:"elapsed,omitempty"`   // the working time counted
	Remaining string `json:"remaining,omitempty"` // the working time left to the goal
	Stage     string `json:"stage,omitempty"`     // the last warning stage reached
	Absent    bool   `json:"absent,omitempty"`    // the target does not apply
}

// only blanks the fields of o that w does not check.
func (o Outcome) only(w Outcome) Outcome {
	if w.Absent {
		return Outcome{At: o.At, Target: o.Target, Absent: o.Absent}
	}
	keep := func(got *string, want string) {
		if want == "" {
			*got = ""
		}
	}
	keep(&o.State, w.State)
	keep(&o.Deadline, w.Deadline)
	keep(&o.Breached, w.Breached)
	keep(&o.Elapsed, w.Elapsed)
	keep(&o.Remaining, w.Remaining)
	keep(&o.Stage, w.Stage)
	return o
}

func (c Check) outcome(loc *time.Location) (Outcome, error) {
	o := Outcome{Target: c.Target, State: c.State, Stage: c.Stage, Absent: c.Absent}
	var errs []error
	inst := func(field, s string) string {
		if s == "" {
			return ""
		}
		if s == "none" {
			return format(time.Time{}, loc)
		}
		t, err := parseTime(s, loc)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
		return format(t, loc)
	}
	dur := func(field, s string) string {
		if s == "" {
			return ""
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
		return d.String()
	}
	o.At = inst("at", c.At)
	o.Deadline = inst("deadline", c.Deadline)
	o.Breached = inst("breached", c.Breached)
	o.Elapsed = dur("elapsed", c.Elapsed)
	o.Remaining = dur("remaining", c.Remaining)
	if c.State != "" {
		var st sla.State
		if err := st.UnmarshalText([]byte(c.State)); err != nil {
			errs = append(errs, fmt.Errorf("state: %w", err))
		}
	}
	if c.Target == "" {
		errs = append(errs, errors.New("target is empty"))
	}
	return o, errors.Join(errs...)
}

// Build returns the policy, the history and the zone a scenario describes.
func (s Scenario) Build() (*sla.Policy, sla.History, *time.Location, error) {
	loc, err := time.LoadLocation(cmpOr(s.Zone, "UTC"))
	if err != nil || s.Zone == "Local" {
		return nil, nil, nil, fmt.Errorf("zone %q: not an IANA time zone", s.Zone)
	}
	cals := sla.DefaultCalendars()
	for name, cfg := range s.Calendars {
		c, err := calendar.New(cfg)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("calendars.%s: %w", name, err)
		}
		cals[name] = c
	}
	var cfg sla.Config
	switch {
	case s.Policy != nil:
		cfg = *s.Policy
	case s.Preset == "seed":
		cfg = sla.SeedConfig()
	case s.Preset == "registration":
		cfg = sla.RegistrationConfig()
	default:
		return nil, nil, nil, fmt.Errorf("preset %q: want \"seed\" or \"registration\", or give a policy", s.Preset)
	}
	p, err := sla.New(cfg, cals)
	if err != nil {
		return nil, nil, nil, err
	}
	h := make(sla.History, 0, len(s.Facts))
	for i, f := range s.Facts {
		at, err := parseTime(f.At, loc)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("facts[%d].at: %w", i, err)
		}
		switch {
		case f.Status != "" && f.Priority == "" && f.Attr == "":
			h = append(h, sla.Entered(at, f.Status))
		case f.Priority != "" && f.Status == "" && f.Attr == "":
			h = append(h, sla.Set(at, sla.AttrPriority, f.Priority))
		case f.Attr != "" && f.Status == "" && f.Priority == "":
			h = append(h, sla.Set(at, f.Attr, f.Value))
		default:
			return nil, nil, nil, fmt.Errorf("facts[%d]: set exactly one of status, priority, attr", i)
		}
	}
	return p, h, loc, nil
}

var layouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"}

func parseTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want \"2006-01-02 15:04\" or RFC 3339", s)
}

func format(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "(none)"
	}
	s := t.In(loc).Format("2006-01-02 15:04:05.999999999")
	return strings.TrimSuffix(s, ":00")
}

// quoteAll returns "a", "b" and "c".
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
