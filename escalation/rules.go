package escalation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// Config describes a rule set as plain data, in Go, JSON or YAML. New
// validates it and compiles it into immutable Rules.
type Config struct {
	// Name names the rule set in messages; optional.
	Name string `json:"name,omitempty"`

	// Done lists the statuses in which no rule fires: a resolved or closed
	// ticket escalates no further. Default: resolved, closed,
	// awaiting_review and archived.
	Done []codes.Status `json:"done,omitempty"`

	// Rules are the rules, each with a unique name.
	Rules []Rule `json:"rules"`

	// RedeliverAfter is how long a firing recorded but not marked
	// delivered waits before it is delivered again (by this engine or
	// another sharing the store). It must exceed the time a delivery
	// takes, or a slow delivery is made twice. Default
	// DefaultRedeliverAfter.
	RedeliverAfter sla.Duration `json:"redeliver_after,omitempty"`

	// Calendars are calendars, by name, that rules may count in (Rule.Clock)
	// beyond the SLA policy's own, which every rule set compiled against
	// the policy knows. Not part of the JSON or YAML form.
	Calendars map[string]sla.Calendar `json:"-"`
}

// Rule says when a ticket escalates and what happens then: a condition on the
// ticket (When), a moment measured from an anchor (From, plus each level's
// After), the actions of each level, and how often a level repeats.
//
// A rule never fires while the ticket's status is one of the rule set's Done
// statuses. A rule measured from an SLA target follows that target's clock:
// it fires only while the clock runs, and waits while it is paused (the
// ticket is pending, waiting for the customer). A rule measured from an
// event, a status or the end of the day fires during a pause — a rule about
// the pause itself must — unless it names in WaitOn the clocks whose pause
// holds it. A moment measured in working time is always a working instant of
// its calendar.
type Rule struct {
	// Name identifies the rule in idempotency keys and messages: required,
	// unique, and free of "/" and spaces.
	Name string `json:"name"`

	// When is the condition on the ticket; the zero Condition matches every
	// ticket.
	When Condition `json:"when,omitzero"`

	// From is the anchor the levels' offsets count from.
	From Anchor `json:"from"`

	// Clock names the calendar whose working time the offsets of an event
	// anchor (registered, assigned, status, tier) count in; empty counts
	// wall-clock time. An end_of_day anchor requires it: its working day
	// closes when the calendar's last window of the day ends. Offsets from
	// an SLA target always count in that target's clock (its calendar,
	// pauses excluded), so Clock must be empty for them.
	Clock string `json:"clock,omitempty"`

	// Levels are the steps of the rule, each fired once (or as Repeat
	// says) when its offset has passed; at least one. A ladder lists one
	// level per rung, with offsets that increase.
	Levels []Level `json:"levels"`

	// Repeat says how each level fires again; the zero Repeat fires once.
	Repeat Repeat `json:"repeat,omitzero"`

	// WaitOn names SLA targets whose pause holds a rule measured from an
	// event, a status or the end of the day: while any of them is paused,
	// the rule does not fire (its moments still pass, and the latest one
	// due fires when the clock runs again). A rule measured from a target
	// always waits on that target, and needs no WaitOn.
	WaitOn []string `json:"wait_on,omitempty"`

	// EvenWhenDone lets the rule fire while the ticket's status is one of
	// the rule set's Done statuses: a notice at resolution (from the
	// status resolved) or of a task closed late. Other rules stop there.
	EvenWhenDone bool `json:"even_when_done,omitempty"`
}

// Condition is what a ticket must be for a rule to apply. Each non-empty list
// constrains one field: the ticket's value must be one of those listed.
type Condition struct {
	Priorities  []codes.Priority `json:"priorities,omitempty"`   // the ticket's priority is one of these
	Statuses    []codes.Status   `json:"statuses,omitempty"`     // the ticket is in one of these statuses
	NotStatuses []codes.Status   `json:"not_statuses,omitempty"` // the ticket is in none of these statuses
	// Categories match the category or any below it ("hardware" matches
	// "hardware.server").
	Categories []codes.Category `json:"categories,omitempty"`
	Sources    []codes.Source   `json:"sources,omitempty"` // the ticket came in through one of these sources
	Tiers      []codes.Tier     `json:"tiers,omitempty"`   // the ticket is held by one of these tiers of support
	// Major, if set, requires the ticket to be (true) or not to be (false)
	// a major incident.
	Major *bool `json:"major,omitempty"`
	// MinReassignments and MinReopens require at least this many
	// reassignments or reopens ("reassigned more than three times" is
	// MinReassignments 4).
	MinReassignments int `json:"min_reassignments,omitempty"`
	MinReopens       int `json:"min_reopens,omitempty"` // at least this many reopens
}

// AnchorKind says what a rule's moments count from.
type AnchorKind string

// The anchors. Event anchors count from the latest occurrence of the event
// (a new occurrence starts a new cycle of the rule); SLA anchors count in the
// clock of a target, whose cycle is the clock's.
const (
	// FromRegistered counts from the ticket's registration.
	FromRegistered AnchorKind = "registered"
	// FromAssigned counts from the latest assignment or reassignment; the
	// rule waits until the ticket is first assigned.
	FromAssigned AnchorKind = "assigned"
	// FromStatus counts from the latest time the ticket entered
	// Anchor.Status.
	FromStatus AnchorKind = "status"
	// FromTier counts from the latest time the ticket's tier of support
	// changed (at registration, the service desk takes it).
	FromTier AnchorKind = "tier"

	// FromTargetStarted counts working time of Anchor.Target's clock from
	// the start of its current cycle, pauses excluded.
	FromTargetStarted AnchorKind = "target_started"
	// FromTargetShare counts from the moment the clock has used
	// Anchor.Percent of its goal.
	FromTargetShare AnchorKind = "target_share"
	// FromBeforeBreach counts from Anchor.Before of working time before
	// the clock's deadline.
	FromBeforeBreach AnchorKind = "before_breach"
	// FromBreached counts from the clock's breach.
	FromBreached AnchorKind = "breached"

	// FromTaskDone counts from the latest completion of one of the
	// ticket's tasks (an incident.EntryTask entry completing it); each
	// completion starts a new cycle of the rule.
	FromTaskDone AnchorKind = "task_done"

	// FromEndOfDay is Anchor.Before before the close of each working day
	// of the rule's Clock calendar; the rule fires once a working day
	// (the day is its cycle) for the tickets then open and registered
	// before that moment. Levels' offsets are added to it. Only the latest
	// working day matters: a ticket's facts keep the latest day a level
	// fired, and a day before it counts as fired, so a report missed on an
	// earlier day is not sent late once a later day's has been.
	FromEndOfDay AnchorKind = "end_of_day"
)

// Anchor is what a rule's moments count from.
type Anchor struct {
	Kind AnchorKind `json:"kind"` // what the moments count from; the fields below that it uses
	// Status is the status of a FromStatus anchor.
	Status codes.Status `json:"status,omitempty"`
	// Target names the SLA target of the target anchors (sla.Response,
	// sla.Resolution, ...).
	Target string `json:"target,omitempty"`
	// Percent is the share of the goal of FromTargetShare, in (0, 100].
	Percent float64 `json:"percent,omitempty"`
	// Before is the time before the deadline of FromBeforeBreach (working
	// time of the clock) or before the close of business of FromEndOfDay
	// (wall-clock time).
	Before sla.Duration `json:"before,omitempty"`
}

// Level is one step of a rule: the offset from the anchor and what happens.
type Level struct {
	// After is the offset from the anchor; zero fires at the anchor.
	// Not negative.
	After sla.Duration `json:"after,omitempty"`
	// Actions happen when the level fires; at least one.
	Actions []Action `json:"actions"`
}

// ActionKind says what an action does.
type ActionKind string

// The kinds of action.
const (
	// Notify tells the people of Action.Roles (resolved through a
	// Directory) through the Notifier.
	Notify ActionKind = "notify"
	// RaiseTier hands the ticket up to the next tier of support (service
	// desk → L1 → L2 → L3) as Desk.Escalate does (incident.TierRaise):
	// to Action.Group's queue (no group when empty), the assignee of the
	// tier below cleared, a vendor involved at L3, through the workflow's
	// reassign event where the status allows it, and counted as an
	// escalation, not a reassignment. Recorded with the firing; at L3 it
	// does nothing.
	RaiseTier ActionKind = "raise_tier"
	// FlagMajor flags the ticket a major incident, recorded with the
	// firing.
	FlagMajor ActionKind = "flag_major"
	// Custom is a user-defined action named Action.Name; the Notifier
	// receives it and does what it means.
	Custom ActionKind = "custom"
)

// Action is something a level does when it fires.
type Action struct {
	Kind ActionKind `json:"kind"` // what the action does; the fields below that it uses
	// Roles are the roles a Notify action tells, such as
	// RoleIncidentManager.
	Roles []string `json:"roles,omitempty"`
	// Name names a Custom action.
	Name string `json:"name,omitempty"`
	// Group is the group a RaiseTier action hands the ticket to.
	Group string `json:"group,omitempty"`
}

// Repeat says how each level of a rule fires again after its first firing.
// Repetition k (from 0) falls at the level's moment plus k×Every, measured as
// the level's offset is. Repetitions missed while no engine ran are not
// fired one by one: only the latest one due fires.
type Repeat struct {
	// Every is the interval between firings; zero fires once.
	Every sla.Duration `json:"every,omitempty"`
	// Times caps the firings of each level, the first included; zero with
	// Every set repeats without end.
	Times int `json:"times,omitempty"`
}

// Rule returns the rule of cfg named name, to read or change in place
// (cfg.Rule("ladder.p3").Levels[0].After = sla.Duration(time.Hour)), or nil
// if there is none.
func (cfg *Config) Rule(name string) *Rule {
	for i := range cfg.Rules {
		if cfg.Rules[i].Name == name {
			return &cfg.Rules[i]
		}
	}
	return nil
}

// Remove drops the rules of cfg named in names and returns how many it
// dropped: a name that matches none drops nothing, so compare the count when
// a misspelt name matters.
func (cfg *Config) Remove(names ...string) int {
	n := len(cfg.Rules)
	cfg.Rules = slices.DeleteFunc(cfg.Rules, func(r Rule) bool { return slices.Contains(names, r.Name) })
	return n - len(cfg.Rules)
}

// DefaultDone returns the statuses in which no rule fires by default: resolved,
// closed, awaiting review and archived.
func DefaultDone() []codes.Status {
	return []codes.Status{codes.StatusResolved, codes.StatusClosed, codes.StatusAwaitingReview, codes.StatusArchived}
}

// validate lists every problem of cfg against the policy: its targets, its
// statuses, and the calendars known (the policy's and cfg.Calendars).
func (cfg *Config) validate(pol *sla.Policy) []Problem {
	targets, statuses := pol.Targets(), pol.Statuses()
	known := func(cal string) bool {
		_, ok := pol.Calendar(cal)
		return ok || cfg.Calendars[cal] != nil
	}
	calendars := func() string {
		names := pol.Calendars()
		for n, c := range cfg.Calendars {
			if c != nil && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		slices.Sort(names)
		return strings.Join(names, ", ")
	}
	var ps []Problem
	add := func(path, format string, args ...any) {
		ps = append(ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	status := func(path string, st codes.Status) {
		if !slices.Contains(statuses, st) {
			add(path, "unknown status %q (the SLA policy's statuses: %s)", st, strings.Join(strs(statuses), ", "))
		}
	}
	target := func(path, name string) {
		if !slices.Contains(targets, name) {
			add(path, "unknown target %q (the SLA policy's targets: %s)", name, strings.Join(targets, ", "))
		}
	}
	if cfg.RedeliverAfter < 0 {
		add("redeliver_after", "must not be negative")
	}
	for i, st := range cfg.Done {
		status(fmt.Sprintf("done[%d]", i), st)
	}
	if len(cfg.Rules) == 0 {
		add("rules", "at least one rule is required")
	}
	names := map[string]int{}
	for i := range cfg.Rules {
		r := &cfg.Rules[i]
		p := fmt.Sprintf("rules[%d]", i)
		switch {
		case r.Name == "":
			add(p+".name", "required")
		case strings.ContainsAny(r.Name, "/ \t\n"):
			add(p+".name", "%q must not contain \"/\" or spaces", r.Name)
		default:
			if j, ok := names[r.Name]; ok {
				add(p+".name", "%q is also the name of rules[%d]", r.Name, j)
			} else {
				names[r.Name] = i
			}
		}
		c := &r.When
		for j, pr := range c.Priorities {
			if pr < codes.P1 || pr > codes.P5 {
				add(fmt.Sprintf("%s.when.priorities[%d]", p, j), "unknown priority %d", int(pr))
			}
		}
		for j, t := range c.Tiers {
			if t.Rank() < 0 {
				add(fmt.Sprintf("%s.when.tiers[%d]", p, j), "unknown tier %q", t)
			}
		}
		for j, st := range c.Statuses {
			status(fmt.Sprintf("%s.when.statuses[%d]", p, j), st)
		}
		for j, st := range c.NotStatuses {
			status(fmt.Sprintf("%s.when.not_statuses[%d]", p, j), st)
		}
		if c.MinReassignments < 0 {
			add(p+".when.min_reassignments", "must not be negative")
		}
		if c.MinReopens < 0 {
			add(p+".when.min_reopens", "must not be negative")
		}
		a := &r.From
		onTarget := false
		switch a.Kind {
		case FromRegistered, FromAssigned, FromTier, FromTaskDone:
		case FromStatus:
			if a.Status == "" {
				add(p+".from.status", "required for a %q anchor", a.Kind)
			} else {
				status(p+".from.status", a.Status)
			}
		case FromTargetStarted, FromBreached:
			onTarget = true
		case FromTargetShare:
			onTarget = true
			if !(a.Percent > 0 && a.Percent <= 100) {
				add(p+".from.percent", "must be in (0, 100], is %v", a.Percent)
			}
		case FromBeforeBreach:
			onTarget = true
			if a.Before <= 0 {
				add(p+".from.before", "must be positive")
			}
		case FromEndOfDay:
			if a.Before < 0 {
				add(p+".from.before", "must not be negative")
			}
			if r.Clock == "" {
				add(p+".clock", "an end_of_day anchor needs a calendar")
			}
		case "":
			add(p+".from.kind", "required")
		default:
			add(p+".from.kind", "unknown anchor %q", a.Kind)
		}
		if onTarget {
			if a.Target == "" {
				add(p+".from.target", "required for a %q anchor", a.Kind)
			} else {
				target(p+".from.target", a.Target)
			}
			if r.Clock != "" {
				add(p+".clock", "must be empty: offsets from an SLA target count in its clock")
			}
			if len(r.WaitOn) > 0 {
				add(p+".wait_on", "must be empty: a rule measured from a target waits on that target")
			}
		}
		for j, w := range r.WaitOn {
			target(fmt.Sprintf("%s.wait_on[%d]", p, j), w)
		}
		if r.Clock != "" && !known(r.Clock) {
			add(p+".clock", "unknown calendar %q (known: %s)", r.Clock, calendars())
		}
		if len(r.Levels) == 0 {
			add(p+".levels", "at least one level is required")
		}
		for j, l := range r.Levels {
			lp := fmt.Sprintf("%s.levels[%d]", p, j)
			if l.After < 0 {
				add(lp+".after", "must not be negative")
			}
			if len(l.Actions) == 0 {
				add(lp+".actions", "at least one action is required")
			}
			for k, ac := range l.Actions {
				ap := fmt.Sprintf("%s.actions[%d]", lp, k)
				if ac.Group != "" && ac.Kind != RaiseTier {
					add(ap+".group", "only a raise_tier action hands the ticket to a group")
				}
				switch ac.Kind {
				case Notify:
					if len(ac.Roles) == 0 {
						add(ap+".roles", "a notify action needs at least one role")
					}
					for m, role := range ac.Roles {
						if role == "" {
							add(fmt.Sprintf("%s.roles[%d]", ap, m), "empty")
						}
					}
				case RaiseTier:
				case FlagMajor:
				case Custom:
					if ac.Name == "" {
						add(ap+".name", "a custom action needs a name")
					}
				case "":
					add(ap+".kind", "required")
				default:
					add(ap+".kind", "unknown action %q", ac.Kind)
				}
			}
		}
		if r.Repeat.Every < 0 {
			add(p+".repeat.every", "must not be negative")
		}
		if r.Repeat.Times < 0 {
			add(p+".repeat.times", "must not be negative")
		}
		if r.Repeat.Times > 1 && r.Repeat.Every == 0 {
			add(p+".repeat.every", "required to repeat %d times", r.Repeat.Times)
		}
		if r.From.Kind == FromEndOfDay && r.Repeat.Every > 0 {
			add(p+".repeat", "an end_of_day rule fires once a working day and does not repeat")
		}
	}
	return ps
}

func strs[S ~string](l []S) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = string(s)
	}
	return out
}
