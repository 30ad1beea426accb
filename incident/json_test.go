package incident_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/internal/golden"
)

// A ticket and its log have a stable JSON form: snake_case keys, instants in
// RFC 3339 in the Desk's zone, zero values left out; and they read back as
// they were.
func TestTicketJSON(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	act := incident.Action{Actor: "desk"}
	tk, _ := d.Register(ctx, p3("desk"))
	clk.Set(bj(9, 5))
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Group: "mail", Assignee: "wang", Tier: codes.TierL1})
	clk.Set(bj(9, 20))
	d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	clk.Set(bj(10, 40))
	d.Resolve(ctx, tk.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "Queue cleared", Closure: codes.ClosureL1})
	got, log, err := d.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{"json_ticket.json": got, "json_log.json": log} {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, name, string(b)+"\n")
	}
	b, _ := json.Marshal(got)
	var back incident.Ticket
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(*got, back) {
		t.Errorf("the ticket does not read back as it was:\n%s", cmp.Diff(*got, back))
	}
}
