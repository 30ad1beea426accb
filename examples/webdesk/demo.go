package main

import (
	"context"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// seed registers the demo's tickets, a few of each priority, at simulated
// times over the hours before now, and moves each some way through the
// workflow: one waiting for the service desk, one assigned, one in
// progress, one pending, one resolved and one closed. It returns how many
// it registered.
func seed(ctx context.Context, d *incident.Desk, now time.Time) (int, error) {
	type step func(id codes.ID, at time.Time) error
	act := func(who string, at time.Time) incident.Action { return incident.Action{Actor: who, At: at} }
	assign := func(group, who string) step {
		return func(id codes.ID, at time.Time) error {
			_, err := d.Assign(ctx, id, incident.Assignment{Action: act("desk", at), Group: group, Assignee: who, Tier: codes.TierL1})
			return err
		}
	}
	start := func(who string) step {
		return func(id codes.ID, at time.Time) error { _, err := d.Start(ctx, id, act(who, at)); return err }
	}
	pend := func(who, why string) step {
		return func(id codes.ID, at time.Time) error { _, err := d.Pend(ctx, id, act(who, at), why); return err }
	}
	resolve := func(who, how string) step {
		return func(id codes.ID, at time.Time) error {
			_, err := d.Resolve(ctx, id, incident.Resolution{Action: act(who, at), Solution: how, Closure: codes.ClosureL1})
			return err
		}
	}
	confirm := func(who string) step {
		return func(id codes.ID, at time.Time) error {
			_, err := d.Confirm(ctx, id, incident.Confirmation{Action: act(who, at), Satisfaction: codes.SatisfactionVeryGood})
			return err
		}
	}
	type demo struct {
		ago     time.Duration // registered this long before now
		summary string
		prio    codes.Priority
		steps   []step // each ten minutes after the one before
	}
	demos := []demo{
		{7 * time.Hour, "Core switch down in the data centre", codes.P1,
			[]step{assign("network", "sun"), start("sun"), resolve("sun", "Failed over to the standby supervisor"), confirm("desk")}},
		{90 * time.Minute, "Trading front end refuses logins", codes.P1,
			[]step{assign("application", "qian"), start("qian")}},
		{5 * time.Hour, "Mail delayed for the whole building", codes.P2,
			[]step{assign("mail", "wang"), start("wang")}},
		{5 * time.Hour, "VPN drops every few minutes", codes.P3,
			[]step{assign("network", "wu"), start("wu"), pend("wu", "waiting for the user's logs")}},
		{40 * time.Minute, "Printer on floor 3 jams", codes.P3,
			[]step{assign("desktop", "zhou")}},
		{6 * time.Hour, "New starter needs a laptop", codes.P4,
			[]step{assign("desktop", "zhou"), start("zhou"), resolve("zhou", "Laptop imaged and handed over")}},
		{2 * time.Hour, "Payroll export fails for one department", codes.P2,
			[]step{assign("application", "qian"), start("qian"), pend("qian", "waiting for the vendor's patch")}},
		{25 * time.Minute, "Shared drive full on the finance server", codes.P4, []step{assign("desktop", "zhou")}},
		{15 * time.Minute, "Wi-Fi slow in meeting room B", codes.P5, nil},
		{4 * time.Hour, "Spelling mistake on the intranet home page", codes.P5,
			[]step{assign("application", "qian"), start("qian"), resolve("qian", "Corrected"), confirm("desk")}},
	}
	n := 0
	for _, dm := range demos {
		at := now.Add(-dm.ago)
		t, err := d.Register(ctx, incident.Registration{
			Action: act("desk", at), Summary: dm.summary, Requester: "li.lei", Source: codes.SourcePhone,
			Priority: dm.prio,
		})
		if err != nil {
			return n, fmt.Errorf("%q: %w", dm.summary, err)
		}
		n++
		for _, s := range dm.steps {
			at = at.Add(10 * time.Minute)
			if err := s(t.ID, at); err != nil {
				return n, fmt.Errorf("%s: %w", t.ID, err)
			}
		}
	}
	return n, nil
}
