package escalation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// Roles resolved from the ticket itself rather than by the Directory.
const (
	// RoleRequester is the person who reported the ticket
	// (incident.Ticket.Requester).
	RoleRequester = "requester" // 报告人, 用户
	// RoleAssignee is the ticket's handler (incident.Ticket.Assignee).
	RoleAssignee = "assignee" // 主单处理人
)

// fromTicket returns the people a role resolves to from the ticket alone:
// the requester or the assignee, if it has one. ok is false for the other
// roles, and for these when the ticket names nobody: the Directory is asked
// then (a portal account, the group's lead).
func fromTicket(role string, t *incident.Ticket) ([]string, bool) {
	switch {
	case role == RoleRequester && t.Requester != "":
		return []string{t.Requester}, true
	case role == RoleAssignee && t.Assignee != "":
		return []string{t.Assignee}, true
	}
	return nil, false
}

// completesTask reports whether e completes a task.
func completesTask(e *incident.Entry) bool {
	for _, c := range e.Changes {
		if c.Field == incident.FieldTaskDone {
			return true
		}
	}
	return false
}

// RequesterRules returns the notices that keep the requester informed
// (及时向最终用户通报事件的处理情况), a new copy on every call; every one tells RoleRequester:
//
//	rule                    when                                      says
//	requester.registered    at registration                           the ticket's id
//	requester.resolved      each time the ticket is resolved           please confirm the solution
//	requester.progress      every `every` of working time while open   how it stands
//	requester.end_of_day    30 minutes before close of business, each  how it stands and what is next
//	                        working day the ticket is open             (当天下班前半小时告知客户)
//
// The progress and end-of-day notices count in the calendar
// sla.OfficeCalendar and stop once the ticket is done (resolved, closed);
// the registration and resolution notices fire in the Done statuses too
// (Rule.EvenWhenDone), so a ticket resolved at once still tells its
// requester. What each says is the Notifier's to write: the Notification
// names the rule and carries the ticket. Replace any of them with your own
// rules; every is 4 hours in DefaultConfig.
func RequesterRules(every time.Duration) []Rule {
	tell := notify(RoleRequester)
	return []Rule{
		{Name: "requester.registered", From: Anchor{Kind: FromRegistered}, Levels: []Level{{Actions: tell}}, EvenWhenDone: true},
		{Name: "requester.resolved", From: Anchor{Kind: FromStatus, Status: codes.StatusResolved}, Levels: []Level{{Actions: tell}}, EvenWhenDone: true},
		{
			Name: "requester.progress", From: Anchor{Kind: FromRegistered}, Clock: sla.OfficeCalendar,
			Levels: []Level{{After: d(every), Actions: tell}}, Repeat: Repeat{Every: d(every)},
		},
		{Name: "requester.end_of_day", From: Anchor{Kind: FromEndOfDay, Before: d(30 * time.Minute)}, Clock: sla.OfficeCalendar, Levels: []Level{{Actions: tell}}},
	}
}

// StageRules returns the notices before and at a breach, for every
// priority, a new copy on every call:
//
//	rule                        when                                  notify
//	stage.response              80% of the response goal used         post owner, technical lead
//	stage.resolution            80% of the resolution goal used       post owner, technical lead
//	breach.response.p1p2        the response goal breached (at once)  incident manager, centre leadership
//	breach.resolution.p1p2      the resolution goal breached          incident manager, centre leadership
//	breach.response             P3–P5: the response goal breached     incident manager
//	breach.resolution           P3–P5: the resolution goal breached   incident manager
//
// 80% is the presets' about-to-breach stage (即将超出时限,
// sla.StageAboutToBreach); a breach escalates at once
// (超出规定的响应或者解决时限之后,需要立即升级: past the response or
// resolution time, escalate at once), to the incident manager, and for a major incident to the centre's
// leadership too. They count in the clocks of sla.Response and
// sla.Resolution, so they follow those clocks' calendars and pauses, and
// fire once per clock cycle.
func StageRules() []Rule {
	postTech := notify(RolePostOwner, RoleTechnicalLead)
	major := []codes.Priority{codes.P1, codes.P2}
	minor := []codes.Priority{codes.P3, codes.P4, codes.P5}
	var rules []Rule
	for _, target := range []string{sla.Response, sla.Resolution} {
		rules = append(rules, Rule{Name: "stage." + target, From: Anchor{Kind: FromTargetShare, Target: target, Percent: 80}, Levels: []Level{{Actions: postTech}}})
	}
	for _, target := range []string{sla.Response, sla.Resolution} {
		rules = append(rules,
			Rule{Name: "breach." + target + ".p1p2", When: Condition{Priorities: major}, From: Anchor{Kind: FromBreached, Target: target},
				Levels: []Level{{Actions: notify(RoleIncidentManager, RoleCentreLeadership)}}},
			Rule{Name: "breach." + target, When: Condition{Priorities: minor}, From: Anchor{Kind: FromBreached, Target: target},
				Levels: []Level{{Actions: notify(RoleIncidentManager)}}},
		)
	}
	return rules
}

// TaskDoneRule returns the notice of a task closed (when a task
// record closes, the system tells the handler of the ticket it belongs to,
// 系统自动发送通知给主单处理人): RoleAssignee hears at once of each task
// completed, even after the ticket is resolved. Tasks completed between two
// ticks of the engine are told in one notice, of the latest.
func TaskDoneRule() Rule {
	return Rule{Name: "task.done", From: Anchor{Kind: FromTaskDone}, Levels: []Level{{Actions: notify(RoleAssignee)}}, EvenWhenDone: true}
}

// ManagementRule is the rule name under which management escalations
// (Engine.EscalateToManagement) are recorded and delivered.
const ManagementRule = "management"

// ManagementRoles returns the management roles of the default ladder for a
// priority (LadderRules): the rungs above the incident manager — service
// manager, service director and executives for P1; service manager and
// service director for P2. The ladder has none for P3 to P5, where the
// service manager, its first management rung, is told.
func ManagementRoles(p codes.Priority) []string {
	switch p {
	case codes.P1:
		return []string{RoleServiceManager, RoleServiceDirector, RoleExecutives}
	case codes.P2:
		return []string{RoleServiceManager, RoleServiceDirector}
	}
	return []string{RoleServiceManager}
}

// ManagementEscalation is an escalation to management by hand (升级到管理层:
// the incident manager brings the incident to management to get more
// resources and agree a solution).
type ManagementEscalation struct {
	// Action is who escalates and when (zero At: now).
	incident.Action
	// Key makes the escalation happen once: a second escalation of the
	// ticket under the same key records and delivers nothing. Required; 1
	// to 64 bytes without "/" or spaces, such as "vendor-silent" or a
	// date.
	Key string
	// Reason says why, for the people told. Required.
	Reason string
}

// EscalateToManagement tells the management roles of the ticket's priority
// (EngineConfig.ManagementRoles, default ManagementRoles) now, with the
// reason: it records a firing of the rule ManagementRule under the key
// "esc/<id>/management/<Key>" through the Desk, as the engine records the
// firings of rules, delivers it through the Notifier at once, and marks it
// delivered. It is on the same ledger as every firing: recorded once
// whatever the retries and however many engines, and if the delivery fails
// the engine's ticks deliver it again (RedeliverAfter later), with the
// roles of the ticket's priority then.
//
// It returns the Notification delivered, or for a key recorded already the
// zero Notification and nil. Bad input is an error matching
// ErrInvalidEscalation and writes nothing; an error from the Notifier is
// returned after the firing is recorded. The Desk's permission hook is not
// asked: decide who may escalate before calling.
func (e *Engine) EscalateToManagement(ctx context.Context, id codes.ID, m ManagementEscalation) (Notification, error) {
	switch {
	case m.Actor == "":
		return Notification{}, fmt.Errorf("%w: who escalates (Actor) is required", ErrInvalidEscalation)
	case m.Key == "" || len(m.Key) > 64 || strings.ContainsAny(m.Key, "/ \t\r\n"):
		return Notification{}, fmt.Errorf("%w: key %q must be 1 to 64 bytes without \"/\" or spaces", ErrInvalidEscalation, m.Key)
	case strings.TrimSpace(m.Reason) == "":
		return Notification{}, fmt.Errorf("%w: a reason is required", ErrInvalidEscalation)
	}
	key := KeyPrefix + id.String() + "/" + ManagementRule + "/" + m.Key
	snap, appended, err := e.desk.Apply(ctx, id, m.Action, nil, func(s *incident.Snapshot) ([]incident.Entry, error) {
		// The text names the roles told, in the form every firing's text
		// has ("notify role, role"), so that a report reading the log
		// (package kpi) counts the escalation to management.
		text := "escalation to management: " + strings.ReplaceAll(m.Reason, "; ", ", ")
		if roles := e.cfg.ManagementRoles(s.Ticket.Priority); len(roles) > 0 {
			text += "; notify " + strings.Join(roles, ", ")
		}
		return []incident.Entry{{Type: EntryFiring, Key: key, Text: text}}, nil
	})
	if err != nil {
		return Notification{}, err
	}
	i := slices.IndexFunc(appended, func(a incident.Entry) bool { return a.Key == key })
	if i < 0 {
		return Notification{}, nil // escalated under this key already
	}
	n := e.notification(ctx, snap.Ticket, delivery{firing: appended[i]})
	if n.err != nil {
		return n.Notification, n.err
	}
	if err := e.cfg.Notifier.Notify(ctx, n.Notification); err != nil {
		return n.Notification, fmt.Errorf("escalation: delivering %s (recorded, to be delivered again): %w", key, err)
	}
	mark := []incident.Entry{{Type: EntryDelivered, Key: key + deliveredSuffix}}
	if _, _, err := e.desk.Apply(ctx, id, incident.Action{Actor: e.cfg.Actor}, snap, func(*incident.Snapshot) ([]incident.Entry, error) { return mark, nil }); err != nil {
		return n.Notification, err
	}
	return n.Notification, nil
}

// managementActions returns the actions of a management escalation of t.
func (e *Engine) managementActions(t *incident.Ticket) []Action {
	return notify(e.cfg.ManagementRoles(t.Priority)...)
}
