package incident

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// TestFireAsTheMachine holds Fire, which checks guards itself, to the
// answers of the workflow's looplab/fsm machine (fireMachine): for every
// status, every event, tickets that pass and fail each guard, with a live
// and a cancelled context, and a guard of the caller's on a transition
// back to the same status.
func TestFireAsTheMachine(t *testing.T) {
	extra := func(tk *Ticket) string {
		if tk.Major {
			return "a major incident is reassigned by its manager"
		}
		return ""
	}
	var cfgs []WorkflowConfig
	for _, c := range []WorkflowConfig{DefaultWorkflowConfig(), PendingWorkflowConfig(), ReviewWorkflowConfig()} {
		cfgs = append(cfgs, c)
		c.Guards = map[Event]Guard{EventReassign: extra, EventStart: extra}
		cfgs = append(cfgs, c)
	}
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tickets := []Ticket{
		{},
		{Solution: "restarted"},
		{Solution: "restarted", Closure: codes.ClosureL1},
		{Solution: "restarted", Closure: codes.ClosureL1, Tasks: []Task{{No: 1}}},
		{Solution: "restarted", Closure: codes.ClosureL1, Tasks: []Task{{No: 1, Completed: time.Date(2025, 11, 17, 10, 0, 0, 0, time.UTC)}}, Major: true},
		{Closure: codes.ClosureL1, Major: true},
	}
	n := 0
	for _, cfg := range cfgs {
		w, err := NewWorkflow(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var events []Event
		for e := range w.guards {
			events = append(events, e)
		}
		for _, tr := range cfg.Transitions {
			events = append(events, tr.Event)
		}
		for _, st := range w.Statuses() {
			for _, ev := range events {
				for _, tk := range tickets {
					for _, ctx := range []context.Context{live, cancelled} {
						tk.Status = st
						got, gerr := w.Fire(ctx, &tk, ev)
						want, werr := w.fireMachine(ctx, &tk, ev)
						n++
						if got != want || (gerr == nil) != (werr == nil) ||
							gerr != nil && (gerr.Error() != werr.Error() || errors.Is(gerr, ErrGuard) != errors.Is(werr, ErrGuard) ||
								errors.Is(gerr, ErrInvalidTransition) != errors.Is(werr, ErrInvalidTransition) ||
								errors.Is(gerr, context.Canceled) != errors.Is(werr, context.Canceled)) {
							t.Errorf("%s: %s on %+v (ctx err %v): Fire gives %q, %v; the machine %q, %v", cfg.Name, ev, tk, ctx.Err(), got, gerr, want, werr)
						}
					}
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d cases", n)
	}
}
