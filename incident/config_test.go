package incident_test

import (
	"errors"
	"slices"
	"testing"

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
