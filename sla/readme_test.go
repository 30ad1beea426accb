package sla_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeGantt checks that the README's SLA timeline is the golden Gantt
// chart the library renders (gantt_test.go keeps the golden file current).
func TestReadmeGantt(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not beside the module:", err)
	}
	chart, err := os.ReadFile("testdata/gantt_breach.mmd")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```mermaid\n"+string(chart)+"```") {
		t.Errorf("README.md does not show testdata/gantt_breach.mmd; paste:\n%s", chart)
	}
}
