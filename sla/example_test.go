package sla_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// A P3 incident registered on a Friday at 16:30 Beijing time, measured by
// the registration preset on China office hours: 1h30 counts on Friday, the
// rest from Monday 09:00.
func ExampleEvaluate() {
	policy, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	if err != nil {
		panic(err)
	}
	beijing, _ := time.LoadLocation("Asia/Shanghai")
	friday := time.Date(2026, 3, 6, 16, 30, 0, 0, beijing)
	h := sla.History{
		sla.Prioritized(friday, codes.P3),
		sla.Entered(friday, codes.StatusRegistered),
		sla.Entered(friday.Add(15*time.Minute), codes.StatusInProgress),
	}
	r, err := sla.Evaluate(policy, h, friday.Add(time.Hour))
	if err != nil {
		panic(err)
	}
	for _, s := range r.Targets {
		fmt.Printf("%-10s %-7s elapsed %-6v deadline %s\n", s.Target, s.State, s.Elapsed, s.Deadline.Format("Mon 15:04"))
	}
	fmt.Println("next check:", r.Next.Format("Mon 15:04"))
	// Output:
	// response   met     elapsed 15m0s  deadline Fri 17:00
	// resolution running elapsed 1h0m0s deadline Mon 10:30
	// next check: Mon 09:54
}

// A pending ticket does not count; its deadline is projected as if it
// resumed now, and nothing is due until it does. Here 22h are left at Monday
// 14:00: 4h on Monday, 7h30 on Tuesday and Wednesday, 3h on Thursday.
func ExampleEvaluate_paused() {
	policy, _ := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	beijing, _ := time.LoadLocation("Asia/Shanghai")
	monday := time.Date(2026, 3, 9, 9, 0, 0, 0, beijing)
	h := sla.History{
		sla.Prioritized(monday, codes.P4),
		sla.Entered(monday, codes.StatusRegistered),
		sla.Entered(monday.Add(30*time.Minute), codes.StatusInProgress),
		sla.Entered(monday.Add(2*time.Hour), codes.StatusPending),
	}
	r, _ := policy.Evaluate(h, monday.Add(5*time.Hour))
	s, _ := r.Target(sla.Resolution)
	fmt.Println(s.State, "by", s.PausedBy, "elapsed", s.Elapsed, "paused", s.PausedFor)
	fmt.Println("projected deadline", s.Deadline.Format("Mon Jan 2 15:04"), "next", r.Next.IsZero())
	// Output:
	// paused by pending elapsed 2h0m0s paused 1h30m0s
	// projected deadline Thu Mar 12 12:00 next true
}

// Policies are plain data and load from YAML or JSON.
func ExampleLoad() {
	policy, err := sla.Load([]byte(`
name: vip desk
versions:
- order: specific
  targets:
  - name: resolution
    calendar: office
    start: [{status: registered}]
    stop: [{status: resolved}]
    pause: [{status: pending}]
    stages: [{name: warning, before: 30m}]
  rules:
  - name: vip
    when: {customer_tiers: [vip]}
    goals: [{target: resolution, goal: 2h, calendar: 24x7}]
  - name: standard
    goals: [{target: resolution, goal: 8h}]
`), sla.DefaultCalendars())
	if err != nil {
		panic(err)
	}
	saturday := time.Date(2026, 3, 7, 10, 0, 0, 0, time.UTC)
	h := sla.History{
		sla.Set(saturday, sla.AttrCustomerTier, "vip"),
		sla.Entered(saturday, codes.StatusRegistered),
	}
	r, _ := policy.Evaluate(h, saturday)
	s, _ := r.Target("resolution")
	fmt.Println(s.Rule, s.Calendar, s.Deadline.Format(time.Kitchen), s.NextStage, s.NextStageAt.Format(time.Kitchen))
	// Output:
	// vip 24x7 12:00PM warning 11:30AM
}

// Validation reports every problem at once, each with its path.
func ExampleNew_invalid() {
	cfg := sla.SeedConfig()
	cfg.Versions[0].Targets[0].Calendar = "moon"
	cfg.Versions[0].Rules[4].Goals[1].Goal = 0
	_, err := sla.New(cfg, sla.DefaultCalendars())
	fmt.Println(err)
	// Output:
	// sla: invalid policy (2 problems):
	//   versions[0].targets[0].calendar: unknown calendar "moon"
	//   versions[0].rules[4].goals[1].goal: must be positive
}
