package escalation

import (
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// The roles of the default rules: those the notification paths, the
// ladder and the end-of-day report name. A Directory resolves them to
// people.
const (
	RoleIncidentManager  = "incident_manager"  // 事件经理
	RoleTechnicalLead    = "technical_lead"    // 技术负责人
	RolePostOwner        = "post_owner"        // 相关主岗
	RoleCentreLeadership = "centre_leadership" // 中心领导
	RoleSupportLead      = "support_lead"      // 支持组长
	RoleServiceManager   = "service_manager"   // 运维服务经理
	RoleServiceDirector  = "service_director"  // 运维服务总监
	RoleExecutives       = "executives"        // 公司领导
	RoleProjectManager   = "project_manager"   // 项目经理
)

// LadderFrom says what each rung of a ladder's time counts from.
type LadderFrom int

const (
	// FromPreviousLevel: each rung's time is what the rung before it has
	// before the ticket goes up, so the offsets from registration add up
	// (P1: 5, 10, 20, 30, 45 minutes). The default.
	FromPreviousLevel LadderFrom = iota
	// FromStart: each rung's time counts from registration (P1: 5, 5, 10,
	// 10, 15 minutes; rungs with equal times fire together).
	FromStart
)

func d(x time.Duration) sla.Duration { return sla.Duration(x) }

func notify(roles ...string) []Action { return []Action{{Kind: Notify, Roles: roles}} }

// NotificationRules returns the notification paths of the process
// (事件通告路径), a new copy on every call: a major incident is told to the
// incident manager and the others at once, and any incident late to
// respond or to resolve as follows:
//
//	priority  when                                      notify
//	P1, P2    on registration                           incident manager, technical lead,
//	          5 min after assignment, still assigned    post owner, centre leadership
//	          1 h after registration, not resolved
//	P3        response 30 min / resolution 1 h          incident manager, technical lead,
//	P4        response 2 h / resolution 24 h            post owner
//	P5        response 4 h / resolution 48 h
//
// For P1 and P2, major incidents, the times are wall-clock time, day and
// night: not responded 5 minutes after the latest assignment (the ticket
// still assigned, not in progress; once per assignment) and not resolved 1
// hour after registration (held while the resolution clock is paused: the
// ticket is pending). For P3 to P5, "not responded after d" and "not
// resolved after d" count in the SLA policy's response and resolution
// clocks (sla.Response, sla.Resolution): the time of their calendar, pauses
// excluded, from the clock's start (under sla.SeedConfig the response clock
// counts 24×7 from assignment, the resolution clock office hours from the
// start of work), and fire only while the clock runs, once per clock cycle.
func NotificationRules() []Rule {
	all := []string{RoleIncidentManager, RoleTechnicalLead, RolePostOwner, RoleCentreLeadership}
	three := []string{RoleIncidentManager, RoleTechnicalLead, RolePostOwner}
	major := Condition{Priorities: []codes.Priority{codes.P1, codes.P2}}
	clock := func(name string, p []codes.Priority, target string, after time.Duration, roles []string) Rule {
		return Rule{
			Name: name, When: Condition{Priorities: p},
			From:   Anchor{Kind: FromTargetStarted, Target: target},
			Levels: []Level{{After: d(after), Actions: notify(roles...)}},
		}
	}
	p12 := major.Priorities
	return []Rule{
		{Name: "notify.p1p2.registered", When: major, From: Anchor{Kind: FromRegistered}, Levels: []Level{{Actions: notify(all...)}}},
		// Wall-clock time for a major incident, whatever the calendars:
		// not responded is still assigned (not yet in progress).
		{Name: "notify.p1p2.response", When: Condition{Priorities: p12, Statuses: []codes.Status{codes.StatusAssigned}},
			From: Anchor{Kind: FromAssigned}, Levels: []Level{{After: d(5 * time.Minute), Actions: notify(all...)}}},
		{Name: "notify.p1p2.resolution", When: major, From: Anchor{Kind: FromRegistered}, WaitOn: []string{sla.Resolution},
			Levels: []Level{{After: d(time.Hour), Actions: notify(all...)}}},
		clock("notify.p3.response", []codes.Priority{codes.P3}, sla.Response, 30*time.Minute, three),
		clock("notify.p3.resolution", []codes.Priority{codes.P3}, sla.Resolution, time.Hour, three),
		clock("notify.p4.response", []codes.Priority{codes.P4}, sla.Response, 2*time.Hour, three),
		clock("notify.p4.resolution", []codes.Priority{codes.P4}, sla.Resolution, 24*time.Hour, three),
		clock("notify.p5.response", []codes.Priority{codes.P5}, sla.Response, 4*time.Hour, three),
		clock("notify.p5.resolution", []codes.Priority{codes.P5}, sla.Resolution, 48*time.Hour, three),
	}
}

// LadderRules returns the hierarchical ladder of the process (事件升级: the
// management told as an incident stays unresolved), one rule per priority
// with one level per rung, a new copy on every call:
//
//	priority  support lead  incident manager  service manager  service director  executives
//	P1        5 min         5 min             10 min           10 min            15 min
//	P2        1 h           1 h               1 h              1.5 h             —
//	P3        2 h           2 h               —                —                 —
//	P4        4 h           4 h               —                —                 —
//
// The P1 ladder counts wall-clock time from registration, day and night (a
// critical incident at 03:00 on a Saturday climbs then); the others count
// working time of the calendar sla.OfficeCalendar. Each counts from
// registration, while the ticket is not done, and waits while the
// resolution clock is paused (the ticket is pending: the customer or a
// vendor has the next move, and nobody is late). from says whether a rung's
// time counts from registration (FromStart) or from the rung before
// (FromPreviousLevel: P1's executives hear after 5+5+10+10+15 = 45 minutes).
// The process does not say which; both are offsets from registration once
// compiled, so either is a plain Rule.
func LadderRules(from LadderFrom) []Rule {
	type rung struct {
		role  string
		after time.Duration
	}
	ladder := func(name string, p codes.Priority, rungs ...rung) Rule {
		r := Rule{
			Name: name, When: Condition{Priorities: []codes.Priority{p}},
			From: Anchor{Kind: FromRegistered}, Clock: sla.OfficeCalendar,
			WaitOn: []string{sla.Resolution},
		}
		if p == codes.P1 {
			r.Clock = "" // a critical incident climbs day and night
		}
		var sum time.Duration
		for _, g := range rungs {
			after := g.after
			if from == FromPreviousLevel {
				sum += g.after
				after = sum
			}
			r.Levels = append(r.Levels, Level{After: d(after), Actions: notify(g.role)})
		}
		return r
	}
	m := time.Minute
	return []Rule{
		ladder("ladder.p1", codes.P1, rung{RoleSupportLead, 5 * m}, rung{RoleIncidentManager, 5 * m}, rung{RoleServiceManager, 10 * m}, rung{RoleServiceDirector, 10 * m}, rung{RoleExecutives, 15 * m}),
		ladder("ladder.p2", codes.P2, rung{RoleSupportLead, 60 * m}, rung{RoleIncidentManager, 60 * m}, rung{RoleServiceManager, 60 * m}, rung{RoleServiceDirector, 90 * m}),
		ladder("ladder.p3", codes.P3, rung{RoleSupportLead, 120 * m}, rung{RoleIncidentManager, 120 * m}),
		ladder("ladder.p4", codes.P4, rung{RoleSupportLead, 240 * m}, rung{RoleIncidentManager, 240 * m}),
	}
}

// ReassignmentRule returns the process's count rule: a ticket reassigned
// more than three times goes to the incident manager, once
// (重复派单超过三次直接升级给事件经理).
func ReassignmentRule() Rule {
	return Rule{
		Name: "reassigned.over3", When: Condition{MinReassignments: 4},
		From:   Anchor{Kind: FromRegistered},
		Levels: []Level{{Actions: notify(RoleIncidentManager)}},
	}
}

// TierTimeoutRule returns the tier timeout (事件升级原则: a tier that cannot
// resolve a ticket hands it on in time, or the incident manager steps in): a
// tier (service desk, L1 or L2) that has held a ticket for after of working
// time of the calendar sla.OfficeCalendar without resolving it or handing it
// on brings in the incident manager, once per hand-over; it waits while the
// resolution clock is paused. The process gives no time; DefaultConfig uses
// 2 hours.
func TierTimeoutRule(after time.Duration) Rule {
	return Rule{
		Name:   "tier.timeout",
		When:   Condition{Tiers: []codes.Tier{codes.TierServiceDesk, codes.TierL1, codes.TierL2}},
		From:   Anchor{Kind: FromTier},
		Clock:  sla.OfficeCalendar,
		WaitOn: []string{sla.Resolution},
		Levels: []Level{{After: d(after), Actions: notify(RoleIncidentManager)}},
	}
}

// EndOfDayRule returns the end-of-day report of the process
// (每个工作日下班前1小时告知项目经理): one hour before the close of business of each working day of the calendar sla.OfficeCalendar,
// the project manager hears of every ticket still not done, pending ones
// included.
func EndOfDayRule() Rule {
	return Rule{
		Name:   "report.end_of_day",
		From:   Anchor{Kind: FromEndOfDay, Before: d(time.Hour)},
		Clock:  sla.OfficeCalendar,
		Levels: []Level{{Actions: notify(RoleProjectManager)}},
	}
}

// EscalationRules returns the escalation paths alone, a new copy on every call: NotificationRules, LadderRules(FromPreviousLevel),
// ReassignmentRule, TierTimeoutRule(2h) and EndOfDayRule — DefaultConfig
// without the notices of stages, breaches, the requester and tasks.
func EscalationRules() []Rule {
	rules := NotificationRules()
	rules = append(rules, LadderRules(FromPreviousLevel)...)
	return append(rules, ReassignmentRule(), TierTimeoutRule(2*time.Hour), EndOfDayRule())
}

// DefaultConfig returns the default rule set, a new copy on every call:
// NotificationRules, LadderRules(FromPreviousLevel), ReassignmentRule,
// TierTimeoutRule(2h), EndOfDayRule, StageRules, RequesterRules(4h) and
// TaskDoneRule, done in DefaultDone's statuses. Give
// it to a Desk (incident.Config.Escalation), which compiles it against its
// SLA policy, or compile it yourself with New. Its rules count from the
// targets sla.Response and sla.Resolution and in the calendar
// sla.OfficeCalendar, as the presets sla.SeedConfig and
// sla.RegistrationConfig name them.
//
// Its rules, by name (a name is part of every firing's idempotency key, so
// keep it when you change a rule, and change it to make a rule fire anew):
//
//	notify.p1p2.registered   P1/P2 registered: the incident manager, technical lead, post
//	                         owner and centre leadership at once
//	notify.p1p2.response     P1/P2 not taken up 5 min after assignment: the same people
//	notify.p1p2.resolution   P1/P2 not resolved 1 h after registration: the same people
//	notify.p3.response       P3 not responded in 30 min: the incident manager, technical
//	                         lead and post owner
//	notify.p3.resolution     P3 not resolved in 1 h: the same three
//	notify.p4.response       P4 not responded in 2 h: the same three
//	notify.p4.resolution     P4 not resolved in 24 h: the same three
//	notify.p5.response       P5 not responded in 4 h: the same three
//	notify.p5.resolution     P5 not resolved in 48 h: the same three
//	ladder.p1                the hierarchical ladder of P1: support lead, incident manager,
//	                         service manager, service director, executives, rung by rung
//	ladder.p2                the ladder of P2, up to the service director
//	ladder.p3                the ladder of P3: support lead, incident manager
//	ladder.p4                the ladder of P4: support lead, incident manager
//	reassigned.over3         reassigned more than three times: the incident manager
//	tier.timeout             a tier holding a ticket 2 working hours: the incident manager
//	report.end_of_day        an hour before close of business: the project manager, each
//	                         open ticket
//	stage.response           the response clock at 80% of its goal (about to breach): the
//	                         post owner and technical lead
//	stage.resolution         the same for the resolution clock
//	breach.response.p1p2     a P1/P2 response breached: the incident manager and centre
//	                         leadership at once
//	breach.response          another response breached: the incident manager at once
//	breach.resolution.p1p2   a P1/P2 resolution breached: the incident manager and centre
//	                         leadership at once
//	breach.resolution        another resolution breached: the incident manager at once
//	requester.registered     the requester hears the ticket's id at registration
//	requester.resolved       the requester is asked to confirm the solution
//	requester.progress       the requester hears the progress every 4 working hours
//	requester.end_of_day     the requester hears the state half an hour before close of
//	                         business each day the ticket is open
//	task.done                a task closed: the parent ticket's handler
//
// Config.Rule finds one by name to change it, Config.Remove drops some.
func DefaultConfig() Config {
	rules := EscalationRules()
	rules = append(rules, StageRules()...)
	rules = append(rules, RequesterRules(4*time.Hour)...)
	rules = append(rules, TaskDoneRule())
	return Config{Name: "default", Done: DefaultDone(), Rules: rules}
}
