package escalation_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
)

// TestReadmeRules loads the README's escalation rules and checks what its
// comments say on one P1: the ladder counts office time from registration,
// and the end-of-day report comes an hour before the close.
func TestReadmeRules(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not beside the module:", err)
	}
	const marker = "# escalation.Load"
	_, rest, ok := strings.Cut(string(readme), "```yaml\n"+marker)
	if !ok {
		t.Fatalf("README.md has no YAML block beginning %q", marker)
	}
	doc, _, _ := strings.Cut(rest, "```")
	rules, err := escalation.Load([]byte(marker+doc), seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, incident.Config{}, rules)
	id := w.register(bj(17, 11, 55), codes.P1) // Monday, five minutes before lunch
	for _, c := range []struct {
		h, m int
		keys []string
	}{
		{13, 0, nil}, // 5 min of office time passed at noon: the rung waits for work to resume
		{13, 30, []string{"p1.ladder/0/1/0"}},
		{13, 40, []string{"p1.ladder/0/1/0", "p1.ladder/1/1/0"}},
		{17, 0, []string{"p1.ladder/0/1/0", "p1.ladder/1/1/0", "report.end_of_day/0/20251117/0"}}, // an hour before the close
	} {
		keys, _ := w.eval(id, bj(17, c.h, c.m))
		if !slices.Equal(keys, c.keys) {
			t.Errorf("%02d:%02d: due %v, want %v", c.h, c.m, keys, c.keys)
		}
	}
}
