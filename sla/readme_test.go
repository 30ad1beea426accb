package sla_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
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

// readmeYAML returns the README's YAML block whose first line begins with
// the comment marker.
func readmeYAML(t *testing.T, marker string) []byte {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not beside the module:", err)
	}
	_, rest, ok := strings.Cut(string(readme), "```yaml\n"+marker)
	if !ok {
		t.Fatalf("README.md has no YAML block beginning %q", marker)
	}
	doc, _, _ := strings.Cut(rest, "```")
	return []byte(marker + doc)
}

// TestReadmePolicy loads the README's policy and checks what its comments
// say: the specific rule wins, a VIP's P1 counts around the clock, the
// pending status pauses resolution.
func TestReadmePolicy(t *testing.T) {
	t.Parallel()
	p, err := sla.Load(readmeYAML(t, "# sla.Load"), sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	sat := time.Date(2026, 3, 7, 10, 0, 0, 0, beijing) // a Saturday
	r, err := sla.Evaluate(p, sla.History{
		{At: sat, Attr: sla.AttrCustomerTier, Value: "vip"},
		sla.Prioritized(sat, codes.P1),
		sla.Entered(sat, codes.StatusRegistered),
		sla.Entered(sat.Add(20*time.Minute), codes.StatusPending),
	}, sat.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	res, _ := r.Target(sla.Response)
	if res.Rule != "vip P1, around the clock" || res.State != sla.Breached {
		t.Errorf("response: rule %q, state %v; want the VIP rule, breached on a Saturday", res.Rule, res.State)
	}
	sol, _ := r.Target(sla.Resolution)
	if sol.State != sla.Paused || sol.Elapsed != 20*time.Minute {
		t.Errorf("resolution: %v with %v elapsed; want paused at 20m", sol.State, sol.Elapsed)
	}
}
