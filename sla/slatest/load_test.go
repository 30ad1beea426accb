package slatest_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itsmkit/itsm/sla/slatest"
)

func mustScenario(t *testing.T, doc string) []slatest.Scenario {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := slatest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadRejectsUnknownKeys(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte("scenarios: [{name: x, colour: red}]"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := slatest.Load(path); !errors.Is(err, slatest.ErrInvalidFile) || !strings.Contains(err.Error(), `unknown field "colour"`) {
		t.Errorf("Load of an unknown key = %v; want ErrInvalidFile naming the key", err)
	}
}

// TestParseRejectsNoScenarios: a suite emptied by mistake, in any of the
// ways a document can be empty, is an error and not a pass with nothing
// checked.
func TestParseRejectsNoScenarios(t *testing.T) {
	t.Parallel()
	const (
		emptyDoc = `no scenarios: the document is empty (want a "scenarios" list)`
		noKey    = `no scenarios: the document has no "scenarios" key`
		noneInIt = `no scenarios: the "scenarios" list is empty`
	)
	for _, tc := range []struct{ doc, want string }{
		{"", emptyDoc},
		{"  \n\n", emptyDoc},
		{"# every scenario was deleted\n", emptyDoc},
		{"null", emptyDoc},
		{"~", emptyDoc},
		{"---\n", emptyDoc},
		{"{}", noKey},
		{"scenarios:", noneInIt},
		{"scenarios: null", noneInIt},
		{"scenarios: []", noneInIt},
		{`{"scenarios": []}`, noneInIt},
	} {
		got, err := slatest.Parse([]byte(tc.doc))
		var fe *slatest.FileError
		if !errors.Is(err, slatest.ErrInvalidFile) || !errors.As(err, &fe) {
			t.Errorf("Parse(%q) = %d scenarios, %v; want a *FileError matching ErrInvalidFile", tc.doc, len(got), err)
			continue
		}
		if fe.Problem != tc.want || err.Error() != "slatest: "+tc.want {
			t.Errorf("Parse(%q): problem %q, message %q; want %q", tc.doc, fe.Problem, err, tc.want)
		}
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{"", "scenarios: []", "scenarios: [{name: x, colour: red}]"} {
		path := filepath.Join(t.TempDir(), "sla.yaml")
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := slatest.Load(path)
		var fe *slatest.FileError
		if !errors.As(err, &fe) || !errors.Is(err, slatest.ErrInvalidFile) || fe.Path != path || !strings.HasPrefix(err.Error(), "slatest: "+path+": ") {
			t.Errorf("Load of %q = %v; want a *FileError naming %s", doc, err, path)
		}
	}
}

// TestTeamFiles: a file names the team's own policy and calendar files,
// relative to itself, and every scenario without a policy of its own is
// checked against them.
func TestTeamFiles(t *testing.T) {
	t.Parallel()
	slatest.RunFile(t, "testdata/team/sla.yaml")
}

// TestTeamFilesProblems: policy and calendar files that are missing or
// malformed are reported together, each with its key, as ErrInvalidFile.
func TestTeamFilesProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, doc string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("policy.yaml", "versions: [{targets: [{name: fix, colour: red}]}]")
	write("sla.yaml", `
policy: policy.yaml
calendars: {office: missing.yaml}
scenarios: [{name: x, facts: [], checks: []}]`)
	_, err := slatest.Load(filepath.Join(dir, "sla.yaml"))
	if !errors.Is(err, slatest.ErrInvalidFile) {
		t.Fatalf("Load: %v, want ErrInvalidFile", err)
	}
	for _, want := range []string{"policy: policy.yaml:", "versions[0].targets[0].colour: unknown key", "calendars.office:", "missing.yaml"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
}

// TestTeamFilesYieldToScenario: a scenario's own preset keeps its policy,
// and its own calendar of a name wins over the file's.
func TestTeamFilesYieldToScenario(t *testing.T) {
	t.Parallel()
	scenarios, err := slatest.Load("testdata/team/sla.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := scenarios[0]
	if s.Policy == nil || s.Policy.Name != "team" || s.Calendars["office"].Zone != "Europe/Berlin" {
		t.Fatalf("scenario 0: policy %v, calendars %v; want the team's", s.Policy, s.Calendars)
	}
	dir := t.TempDir()
	doc := `
policy: ` + filepath.Join(mustAbs(t, "testdata/team"), "policy.yaml") + `
calendars: {office: ` + filepath.Join(mustAbs(t, "testdata/team"), "berlin.yaml") + `}
scenarios:
- name: preset
  preset: seed
  calendars: {office: {zone: Asia/Tokyo, week: {monday: ["09:00-10:00"]}}}
  facts: []
  checks: []
`
	path := filepath.Join(dir, "sla.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	scenarios, err = slatest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s := scenarios[0]; s.Policy != nil || s.Preset != "seed" || s.Calendars["office"].Zone != "Asia/Tokyo" {
		t.Errorf("the scenario's own preset and calendar: policy %v, preset %q, office in %q", s.Policy, s.Preset, s.Calendars["office"].Zone)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
