package slatest_test

import (
	"os"
	"path/filepath"
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
	if _, err := slatest.Load(path); err == nil {
		t.Error("Load accepted an unknown key")
	}
}
