package escalation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// A P3 registered Monday 10:00 Beijing time: what is due when, by the default
// rules on China office hours (09:00–12:00, 13:30–18:00).
func ExampleRules_Evaluate() {
	policy, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
	if err != nil {
		panic(err)
	}
	rules, err := escalation.New(escalation.DefaultConfig(), policy)
	if err != nil {
		panic(err)
	}
	bj, _ := time.LoadLocation("Asia/Shanghai")
	registered := time.Date(2025, 11, 17, 10, 0, 0, 0, bj)
	id, _ := codes.NewID(codes.KindIncident, registered, 1)
	log := []incident.Entry{{Seq: 1, At: registered, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered,
		Changes: []incident.Change{{Field: incident.FieldPriority, Value: "P3"}, {Field: incident.FieldTier, Value: "service_desk"}}}}
	t, _ := incident.Replay(id, log)

	for _, now := range []time.Time{registered, registered.Add(4 * time.Hour)} {
		res, _ := policy.Evaluate(incident.History(log), now)
		f := rules.Facts(id, log)
		due, next := rules.Evaluate(t, &f, &res, now, nil)
		fmt.Println("at", now.Format("15:04"))
		for _, d := range due {
			fmt.Println("  due", d.Key(id), "since", d.At.Format("15:04"))
		}
		fmt.Println("  next", next.Format("Mon 15:04"))
	}
	// Output:
	// at 10:00
	//   due esc/IM251117000001/requester.registered/0/1/0 since 10:00
	//   next Mon 13:30
	// at 14:00
	//   due esc/IM251117000001/ladder.p3/0/1/0 since 13:30
	//   due esc/IM251117000001/tier.timeout/0/1/0 since 13:30
	//   due esc/IM251117000001/requester.registered/0/1/0 since 10:00
	//   next Mon 15:30
}

// An engine over a Desk: a P1 notifies at once, and its ladder climbs. The
// Desk is given the rules, checks them against its SLA policy and schedules
// them; the engine is built from the Desk.
func ExampleEngine() {
	ctx := context.Background()
	bj, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, bj)
	clock := func() time.Time { return now }

	desk, err := incident.NewDesk(incident.Config{Store: memstore.New(), Now: clock, Location: bj,
		Escalation: escalation.DefaultConfig()})
	if err != nil {
		panic(err)
	}
	print := escalation.NotifierFunc(func(_ context.Context, n escalation.Notification) error {
		fmt.Println(n.At.Format("15:04"), n.Rule, "level", n.Level, "→", n.Recipients)
		return nil
	})
	engine, err := escalation.NewEngine(desk, escalation.EngineConfig{
		Notifier: print,
		Directory: escalation.StaticDirectory{
			escalation.RoleIncidentManager: {"zhao"}, escalation.RoleTechnicalLead: {"qian"},
			escalation.RolePostOwner: {"sun"}, escalation.RoleCentreLeadership: {"li"},
			escalation.RoleSupportLead: {"zhou"},
		},
	})
	if err != nil {
		panic(err)
	}

	t, _ := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "core switch down", Requester: "wang", Priority: codes.P1})
	for _, m := range []int{0, 1, 5, 10} {
		now = time.Date(2025, 11, 17, 9, m, 0, 0, bj)
		if _, err := engine.Tick(ctx); err != nil {
			panic(err)
		}
	}
	t, _, _ = desk.Get(ctx, t.ID)
	fmt.Println("next due", t.NextDue.Format("15:04"))
	// Output:
	// 09:00 notify.p1p2.registered level 0 → [zhao qian sun li]
	// 09:00 requester.registered level 0 → [wang]
	// 09:05 ladder.p1 level 0 → [zhou]
	// 09:10 ladder.p1 level 1 → [zhao]
	// next due 09:20
}
