package incident_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// NewDesk checks the parts of its Config against each other and reports
// every problem at once, each with the field it is in.
func TestNewDeskChecksItsParts(t *testing.T) {
	t.Parallel()
	wf, err := incident.NewWorkflow(incident.WorkflowConfig{
		Name: "odd", Initial: codes.StatusRegistered,
		Transitions: []incident.Transition{
			{Event: incident.EventAssign, From: []codes.Status{codes.StatusRegistered}, To: "nowhere"},
			{Event: incident.EventClose, From: []codes.Status{"nowhere"}, To: codes.StatusClosed},
		},
	})
	if err != nil {
		t.Fatal(err) // a workflow alone cannot know the code tables
	}
	_, err = incident.NewDesk(incident.Config{
		ResponseTarget: "respons", Workflow: wf, AutoCloseUrgencies: []codes.Urgency{"someday"}, Kind: "XX",
	})
	var ce *incident.ConfigError
	if !errors.Is(err, incident.ErrInvalidConfig) || !errors.As(err, &ce) {
		t.Fatalf("NewDesk = %v, want a *ConfigError", err)
	}
	var paths []string
	for _, p := range ce.Problems {
		paths = append(paths, p.Path)
	}
	want := []string{"Store", "ResponseTarget", "Workflow", "Workflow", "Kind", "AutoCloseUrgencies[0]"}
	if !slices.Equal(paths, want) {
		t.Errorf("problems at %v, want %v:\n%v", paths, want, err)
	}

	// The defaults fit one another, and so does every built-in workflow.
	for _, c := range []incident.WorkflowConfig{incident.DefaultWorkflowConfig(), incident.PendingWorkflowConfig(), incident.ReviewWorkflowConfig()} {
		wf, err := incident.NewWorkflow(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := incident.NewDesk(incident.Config{Store: memstore.New(), Workflow: wf}); err != nil {
			t.Errorf("%s workflow: %v", c.Name, err)
		}
	}
	// A policy with no resolution target: the default name is dropped, an
	// explicit one is refused.
	cfg := sla.SeedConfig()
	cfg.Versions[0].Targets = cfg.Versions[0].Targets[:1]
	for i := range cfg.Versions[0].Rules {
		r := &cfg.Versions[0].Rules[i]
		r.Goals = slices.DeleteFunc(r.Goals, func(g sla.Goal) bool { return g.Target == sla.Resolution })
	}
	pol, err := sla.New(cfg, sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := incident.NewDesk(incident.Config{Store: memstore.New(), Policy: pol}); err != nil {
		t.Errorf("a response-only policy: %v", err)
	}
	if _, err := incident.NewDesk(incident.Config{Store: memstore.New(), Policy: pol, ResolutionTarget: sla.Resolution}); !errors.Is(err, incident.ErrInvalidConfig) {
		t.Errorf("a resolution target the policy lacks: %v", err)
	}
}

// The smaller surprises: a zero id says so; impact without urgency says
// which is missing; the Desk's zone is its policy's calendar's, and every
// instant it records reads in it.
func TestDeskPlainMessagesAndOneZone(t *testing.T) {
	t.Parallel()
	d, err := incident.NewDesk(incident.Config{Store: memstore.New()})
	if err != nil {
		t.Fatal(err)
	}
	var ce *incident.CommandError
	if _, err := d.Comment(ctx, codes.ID{}, incident.Action{Actor: "desk"}, "hello"); !errors.As(err, &ce) || ce.Field != "id" {
		t.Errorf("a command on the zero id: %v", err)
	}
	_, err = d.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "slow", Impact: codes.ImpactHigh})
	if !errors.As(err, &ce) || ce.Field != "urgency" || !strings.Contains(err.Error(), "required with an impact") {
		t.Errorf("impact without urgency: %v", err)
	}
	tk, err := d.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "slow", Priority: codes.P3})
	if err != nil {
		t.Fatal(err)
	}
	if got := tk.Created.Location().String(); got != "Asia/Shanghai" {
		t.Errorf("Created in %s, want the default calendar's Asia/Shanghai", got)
	}
	tk, _ = d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"})
	if tk.Updated.Location() != tk.PlannedResponse.Location() {
		t.Errorf("Updated in %v, the response deadline in %v", tk.Updated.Location(), tk.PlannedResponse.Location())
	}
	if _, _, err := d.SLAAt(ctx, tk.ID, time.Time{}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("SLAAt the zero time: %v", err)
	}
}
