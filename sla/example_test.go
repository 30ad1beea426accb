package sla_test

import (
	"fmt"
	"strings"
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
	bj, _ := time.LoadLocation("Asia/Shanghai") // the zone of the default calendars
	saturday := time.Date(2026, 3, 7, 10, 0, 0, 0, bj)
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

// Explain lists every span of a clock with the reason it counted or not.
func ExampleExplain() {
	policy, _ := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	beijing, _ := time.LoadLocation("Asia/Shanghai")
	at := func(day, hour, min int) time.Time { return time.Date(2026, 9, day, hour, min, 0, 0, beijing) }
	h := sla.History{
		sla.Prioritized(at(30, 16, 0), codes.P3),
		sla.Entered(at(30, 16, 0), codes.StatusRegistered),
		sla.Entered(at(30, 17, 0), codes.StatusPending),
		sla.Entered(at(30, 17, 30), codes.StatusInProgress),
	}
	x, err := sla.Explain(policy, h, time.Date(2026, 10, 8, 10, 0, 0, 0, beijing))
	if err != nil {
		panic(err)
	}
	for _, sp := range x.Spans[1] { // resolution
		line := fmt.Sprintf("%s – %s  %-21s %s", sp.From.Format("01-02 15:04"), sp.To.Format("01-02 15:04"), sp.Why, sp.Detail)
		fmt.Println(strings.TrimSpace(line))
	}
	s := x.Targets[1]
	fmt.Println(s.State, s.Elapsed, "deadline", s.Deadline.Format("01-02 15:04"))
	// Output:
	// 09-30 16:00 – 09-30 17:00  counted
	// 09-30 17:00 – 09-30 17:30  paused                pending
	// 09-30 17:30 – 09-30 18:00  counted
	// 09-30 18:00 – 10-01 00:00  outside working hours
	// 10-01 00:00 – 10-08 00:00  holiday               国庆节 National Day
	// 10-08 00:00 – 10-08 09:00  outside working hours
	// 10-08 09:00 – 10-08 10:00  counted
	// running 2h30m0s deadline 10-08 10:30
}

// SVG draws the same explanation as an image to put inline in a page or an
// e-mail; its classes say what each element shows.
func ExampleExplanation_SVG() {
	policy, _ := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	beijing, _ := time.LoadLocation("Asia/Shanghai")
	at := func(day, hour, min int) time.Time { return time.Date(2026, 9, day, hour, min, 0, 0, beijing) }
	h := sla.History{
		sla.Prioritized(at(30, 16, 0), codes.P3),
		sla.Entered(at(30, 16, 0), codes.StatusRegistered),
		sla.Entered(at(30, 17, 0), codes.StatusPending),
		sla.Entered(at(30, 17, 30), codes.StatusInProgress),
	}
	x, err := sla.Explain(policy, h, time.Date(2026, 10, 8, 10, 0, 0, 0, beijing))
	if err != nil {
		panic(err)
	}
	svg := x.SVG("IM260930000001")
	fmt.Println(svg[:strings.Index(svg, " class=")])
	for _, class := range []string{"lane", "span counted", "span paused", "span holiday", "span outside", "deadline", "stage reached", "now"} {
		fmt.Printf("%-13s %d\n", class, strings.Count(svg, `class="`+class+`"`))
	}
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg"
	// lane          2
	// span counted  4
	// span paused   2
	// span holiday  1
	// span outside  2
	// deadline      2
	// stage reached 2
	// now           1
}

// TierTimes measures the working time each tier of support held a record.
func ExampleTierTimes() {
	beijing, _ := time.LoadLocation("Asia/Shanghai")
	at := func(hour, min int) time.Time { return time.Date(2026, 3, 9, hour, min, 0, 0, beijing) }
	h := sla.History{
		sla.Entered(at(9, 0), codes.StatusRegistered),
		sla.Set(at(9, 0), sla.AttrTier, string(codes.TierServiceDesk)),
		sla.Set(at(9, 15), sla.AttrTier, string(codes.TierL1)),
		sla.Set(at(11, 0), sla.AttrTier, string(codes.TierL2)),
		sla.Entered(at(15, 0), codes.StatusResolved),
	}
	office := sla.DefaultCalendars()[sla.OfficeCalendar]
	tiers, err := sla.TierTimes(h, at(18, 0), sla.TierConfig{Calendar: office})
	if err != nil {
		panic(err)
	}
	for _, t := range tiers {
		fmt.Println(t.Tier, t.Working)
	}
	// Output:
	// service_desk 15m0s
	// l1 1h45m0s
	// l2 2h30m0s
	// l3 0s
}
