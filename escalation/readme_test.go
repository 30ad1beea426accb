package escalation_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// TestReadmeRules loads the README's escalation rules and checks what its
// comments say, under both SLA presets (the rules are compiled against each):
// the ladder counts office time from registration, the end-of-day report
// comes an hour before the close, and the reminder to a ticket waiting for
// the customer comes every day while it waits, three times — also under the
// preset whose resolution clock is paused while the ticket is pending.
func TestReadmeRules(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not beside the module:", err)
	}
	const marker = "# escalation.ParseConfig"
	_, rest, ok := strings.Cut(string(readme), "```yaml\n"+marker)
	if !ok {
		t.Fatalf("README.md has no YAML block beginning %q", marker)
	}
	doc, _, _ := strings.Cut(rest, "```")
	cfg, err := escalation.ParseConfig([]byte(marker + doc))
	if err != nil {
		t.Fatal(err)
	}
	wf, err := incident.NewWorkflow(incident.PendingWorkflowConfig())
	if err != nil {
		t.Fatal(err)
	}
	for name, preset := range map[string]sla.Config{"seed": sla.SeedConfig(), "registration": sla.RegistrationConfig()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pol, err := sla.New(preset, sla.DefaultCalendars())
			if err != nil {
				t.Fatal(err)
			}
			rules, err := escalation.New(cfg, pol)
			if err != nil {
				t.Fatal(err)
			}
			w := newWorld(t, incident.Config{Policy: pol, Workflow: wf}, rules)
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
			// A P4 waiting for the customer from Monday 10:00.
			id = w.register(bj(17, 9, 0), codes.P4)
			w.assign(bj(17, 9, 0), id, codes.TierL1)
			w.start(bj(17, 9, 0), id)
			w.do(bj(17, 10, 0), func(a incident.Action) (*incident.Ticket, error) {
				return w.desk.Pend(ctx, id, a, "waiting for the customer")
			})
			waiting := func(keys []string) []string {
				return slices.DeleteFunc(keys, func(k string) bool { return !strings.HasPrefix(k, "waiting.customer/") })
			}
			for _, c := range []struct {
				day, h int
				want   []string
			}{
				{18, 9, nil},
				{18, 10, []string{"waiting.customer/0/1/0"}},
				{19, 10, []string{"waiting.customer/0/1/1"}},
				{22, 10, []string{"waiting.customer/0/1/2"}}, // three times in all
			} {
				keys, _ := w.eval(id, bj(c.day, c.h, 0))
				if got := waiting(keys); !slices.Equal(got, c.want) {
					t.Errorf("waiting since Monday 10:00, at %d %02d:00: due %v, want %v", c.day, c.h, got, c.want)
				}
			}
		})
	}
}
