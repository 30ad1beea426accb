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
