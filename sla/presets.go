package sla

import (
	"sync"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
)

// Names of the targets and calendars the presets use.
const (
	Response   = "response"   // the response target of the presets
	Resolution = "resolution" // the resolution target of the presets

	// OfficeCalendar is the calendar name the presets count in; DefaultCalendars
	// maps it to China office hours.
	OfficeCalendar = "office"
	// AllHoursCalendar is the name DefaultCalendars gives a 24×7 calendar.
	AllHoursCalendar = "24x7"

	// StageAboutToBreach is the warning stage of the presets, reached at 80%
	// of the goal: the clock is about to exceed its limit (即将超出时限),
	// when the process tells the incident manager.
	StageAboutToBreach = "about_to_breach"
)

// seedGoals is the table of seed 000 §6.6 (R-SLA-1): response and resolution
// goals per priority.
var seedGoals = [...]struct {
	p                    codes.Priority
	response, resolution time.Duration
}{
	{codes.P1, 5 * time.Minute, 1 * time.Hour},
	{codes.P2, 10 * time.Minute, 30 * time.Minute},
	{codes.P3, 30 * time.Minute, 3 * time.Hour},
	{codes.P4, 2 * time.Hour, 24 * time.Hour},
	{codes.P5, 4 * time.Hour, 48 * time.Hour},
}

func seedRules() []Rule {
	rules := make([]Rule, 0, len(seedGoals))
	for _, g := range seedGoals {
		rules = append(rules, Rule{
			Name: g.p.String(),
			When: Match{Priorities: []codes.Priority{g.p}},
			Goals: []Goal{
				{Target: Response, Goal: Duration(g.response)},
				{Target: Resolution, Goal: Duration(g.resolution)},
			},
		})
	}
	return rules
}

func presetStages() []Stage {
	return []Stage{{Name: StageAboutToBreach, Percent: 80}}
}

func st(ss ...codes.Status) []Condition {
	c := make([]Condition, len(ss))
	for i, s := range ss {
		c[i] = Condition{Status: s}
	}
	return c
}

// SeedConfig returns the policy the process documents define, a new copy on
// every call: the response runs from assignment (已分派) to the start of
// work (处理中), the resolution from the start of work to the resolution
// (已解决):
//
//	response   = entered in_progress − entered assigned
//	resolution = entered resolved    − entered in_progress
//
// with the goals of the process's table of priorities and limits per
// priority and a warning stage at 80% of each goal. The table (优先级和解决时限) heads its columns 解决时限(工作时间)
// and 响应时限: the resolution goal counts working time, the response goal
// does not. So the response counts wall-clock time, 24×7 (the calendar named
// "24x7"), and the resolution working time of the calendar named "office":
//
//	priority  response (24×7)  resolution (office hours)
//	P1        5 min            1 h
//	P2        10 min           0.5 h
//	P3        0.5 h            3 h
//	P4        2 h              24 h
//	P5        4 h              48 h
//
// A P1 assigned Saturday 03:00 is late to respond at 03:05; its resolution
// clock counts from Monday 09:00 if work starts at the weekend.
// Neither clock pauses. The response is measured once (ReopenNever); a
// reopened ticket continues its resolution clock (ReopenContinue). Closing a
// ticket stops both clocks as resolving does.
//
// Compare RegistrationConfig, which most organisations use.
func SeedConfig() Config {
	return Config{
		Name: "seed",
		Versions: []Version{{
			Targets: []Target{
				{
					Name:     Response,
					Calendar: AllHoursCalendar,
					Start:    st(codes.StatusAssigned),
					Stop:     st(codes.StatusInProgress, codes.StatusResolved, codes.StatusClosed),
					Reopen:   ReopenNever,
					Stages:   presetStages(),
				},
				{
					Name:     Resolution,
					Calendar: OfficeCalendar,
					Start:    st(codes.StatusInProgress),
					Stop:     st(codes.StatusResolved, codes.StatusClosed),
					Reopen:   ReopenContinue,
					Stages:   presetStages(),
				},
			},
			Rules: seedRules(),
		}},
	}
}

// RegistrationConfig returns the policy most organisations use, a new copy on
// every call: both clocks run from registration and pause while the record
// is pending (waiting for the customer or a vendor):
//
//	response   = entered in_progress − registered, less time pending
//	resolution = entered resolved    − registered, less time pending
//
// with the same goals and stages as SeedConfig, both in working time of the
// calendar named "office" (the other reading of the table: an organisation
// whose desk answers in office hours only). A reopened record
// (resolved or closed, then registered, assigned, in progress or pending
// again) continues its resolution clock; the response is measured once.
func RegistrationConfig() Config {
	open := st(codes.StatusRegistered, codes.StatusAssigned, codes.StatusInProgress, codes.StatusPending)
	return Config{
		Name: "registration",
		Versions: []Version{{
			Targets: []Target{
				{
					Name:     Response,
					Calendar: OfficeCalendar,
					Start:    st(codes.StatusRegistered, codes.StatusAssigned),
					Stop:     st(codes.StatusInProgress, codes.StatusResolved, codes.StatusClosed),
					Pause:    st(codes.StatusPending),
					Reopen:   ReopenNever,
					Stages:   presetStages(),
				},
				{
					Name:     Resolution,
					Calendar: OfficeCalendar,
					Start:    open,
					Stop:     st(codes.StatusResolved, codes.StatusClosed),
					Pause:    st(codes.StatusPending),
					Reopen:   ReopenContinue,
					Stages:   presetStages(),
				},
			},
			Rules: seedRules(),
		}},
	}
}

var defaultCalendars = sync.OnceValue(func() map[string]*calendar.Calendar {
	return map[string]*calendar.Calendar{
		OfficeCalendar:   calendar.Must(calendar.New(calendar.ChinaOffice())),
		AllHoursCalendar: calendar.Must(calendar.New(allHours())),
	}
})

// allHours is calendar.TwentyFourSeven on Beijing time, so that the
// deadlines it gives read in the office calendar's zone.
func allHours() calendar.Config {
	c := calendar.TwentyFourSeven()
	c.Zone = "Asia/Shanghai"
	return c
}

// DefaultCalendars returns a new map of the calendars the presets expect:
// "office", China mainland office hours (calendar.ChinaOffice), and "24x7",
// every minute counting (calendar.TwentyFourSeven) on Beijing time, so that
// the instants of both read in one zone. The calendars themselves are
// shared; they are immutable.
func DefaultCalendars() map[string]Calendar {
	m := make(map[string]Calendar, 2)
	for k, v := range defaultCalendars() {
		m[k] = v
	}
	return m
}
