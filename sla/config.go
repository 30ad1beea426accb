package sla

import (
	"time"

	"github.com/itsmkit/itsm/codes"
)

// Config describes an SLA policy as plain data, in Go, JSON or YAML. New
// validates it and compiles it into an immutable Policy.
//
// A policy has one or more versions, each in force from its Effective instant
// until the next one's. A clock is measured by the version in force when it
// first started (a clock not started yet, by the version in force when the
// record was opened, its first fact), so a new version never rewrites the
// outcome of clocks that started before it: editing a policy leaves closed
// tickets as they were.
type Config struct {
	// Name names the policy in messages and renderings; optional.
	Name string `json:"name,omitempty"`

	// Statuses are the statuses histories and conditions may use. Default:
	// the codes of codes.ExtendedStatuses (registered, assigned, in_progress,
	// resolved, closed, pending, awaiting_review, archived).
	Statuses []codes.Status `json:"statuses,omitempty"`

	// Versions are the versions of the policy in order of Effective; at least
	// one is required.
	Versions []Version `json:"versions"`
}

// Version is one version of a policy: the targets it measures and the rules
// that give them goals.
type Version struct {
	// Effective is the instant from which the version is in force. The zero
	// time (the default) means "from the beginning"; each later version must
	// be strictly later than the one before. A record opened before the first
	// version's Effective is measured by the first version.
	Effective time.Time `json:"effective,omitzero"`

	// Order says how a rule is chosen when several match: OrderFirst (the
	// default) or OrderSpecific.
	Order Order `json:"order,omitempty"`

	// Targets are the clocks the version measures, such as response and
	// resolution, in the order Evaluate reports them.
	Targets []Target `json:"targets"`

	// Rules choose the goals of the targets from the record's attributes.
	Rules []Rule `json:"rules"`
}

// Order says which rule applies when more than one matches a record.
type Order string

const (
	// OrderFirst picks the first matching rule in the order given: list the
	// narrow rules (VIP customers, one service) before the broad ones.
	OrderFirst Order = "first"
	// OrderSpecific picks the matching rule that constrains the most
	// attributes (priority, service, category, customer tier, nature each
	// count one); among equally specific rules, the first given wins.
	OrderSpecific Order = "specific"
)

// Target is a clock: what starts, pauses, stops and resets it, the calendar
// it counts working time in, and its warning stages. The goal comes from the
// rule that matches the record.
type Target struct {
	// Name identifies the target, such as "response" or "resolution";
	// required and unique in its version.
	Name string `json:"name"`

	// Calendar names the calendar the clock counts in, a key of the map
	// given to New; required. A rule's goal may name another.
	Calendar string `json:"calendar"`

	// Start lists the events that start the clock (or reopen a stopped one,
	// as Reopen says); at least one is required.
	Start []Condition `json:"start"`

	// Stop lists the events that stop the clock; at least one is required.
	// A stop while the clock has not started is ignored.
	Stop []Condition `json:"stop"`

	// Pause lists the states in which a started clock does not count: while
	// the record is in one of these statuses, or has one of these attribute
	// values, the clock is paused. It resumes when none holds. Optional.
	Pause []Condition `json:"pause,omitempty"`

	// Reset lists the events that clear the clock back to not started, with
	// no elapsed time (a new cycle). If the same event also matches Start,
	// the clock starts again at once. Optional.
	Reset []Condition `json:"reset,omitempty"`

	// Reopen says what a Start event does to a stopped clock. Default
	// ReopenContinue.
	Reopen Reopen `json:"reopen,omitempty"`

	// OnPriority says what a change of priority does to a started clock.
	// Default RematchKeep.
	OnPriority Rematch `json:"on_priority,omitempty"`

	// Stages are the warning stages ("about to breach"), each reached when
	// the elapsed working time reaches a share of the goal or comes within a
	// duration of it. Optional.
	Stages []Stage `json:"stages,omitempty"`
}

// Condition matches a status or an attribute value. As an event (Start, Stop,
// Reset) it matches a fact that sets the status or the attribute to the
// value; as a state (Pause) it matches while the record has it. Exactly one
// of Status and Attr is set.
type Condition struct {
	// Status matches the record entering (or being in) this status.
	Status codes.Status `json:"status,omitempty"`
	// Attr and Value match the attribute having this value. As an event, an
	// empty Value matches any change of the attribute (Reset on a change of
	// tier, say); as a state, it matches any value that is set.
	Attr  Attr   `json:"attr,omitempty"`
	Value string `json:"value,omitempty"` // the value Attr must have; see Attr
}

// Reopen says what a Start event does to a stopped clock.
type Reopen string

const (
	// ReopenContinue resumes the clock with the time it had: a resolved
	// ticket that is reopened goes on using what is left of its goal (and is
	// still late if it was).
	ReopenContinue Reopen = "continue"
	// ReopenRestart starts a new cycle from zero with the goal of the rule
	// that matches at the reopen.
	ReopenRestart Reopen = "restart"
	// ReopenNever leaves a stopped clock stopped: the response to a ticket is
	// measured once, however often it is reassigned.
	ReopenNever Reopen = "never"
)

// Rematch says what a change of priority does to a started clock.
type Rematch string

const (
	// RematchKeep keeps the clock's elapsed and paused time and measures it
	// against the goal of the newly matching rule: the deadline moves, the
	// time already spent does not.
	RematchKeep Rematch = "keep"
	// RematchRestart starts a new cycle from zero at the change, as if the
	// record had just arrived with the new priority.
	RematchRestart Rematch = "restart"
)

// Stage is a warning stage of a target. Exactly one of Percent and Before is
// set.
type Stage struct {
	// Name identifies the stage, such as "warning"; required and unique in
	// its target.
	Name string `json:"name"`
	// Percent reaches the stage when elapsed working time is this share of
	// the goal, in (0, 100).
	Percent float64 `json:"percent,omitempty"`
	// Before reaches the stage this much working time before the deadline;
	// positive and shorter than every goal of the target.
	Before Duration `json:"before,omitempty"`
}

// Rule gives goals to targets for the records it matches.
type Rule struct {
	// Name identifies the rule in results and messages; optional.
	Name string `json:"name,omitempty"`
	// When says which records the rule matches; the zero Match matches all.
	When Match `json:"when,omitzero"`
	// Goals are the goals of the targets the rule applies. A target the rule
	// does not name does not apply to the records it matches.
	Goals []Goal `json:"goals"`
}

// Match matches a record's attributes. Each non-empty list constrains one
// attribute: the record's value must be one of those listed (for
// categories, the category or one below it). A record whose attribute is
// unset matches only lists that are empty.
type Match struct {
	Priorities    []codes.Priority `json:"priorities,omitempty"`     // the record's priority is one of these
	Services      []codes.System   `json:"services,omitempty"`       // the record's service (owning system) is one of these
	Categories    []codes.Category `json:"categories,omitempty"`     // the record's category is one of these, or below one
	CustomerTiers []string         `json:"customer_tiers,omitempty"` // the requester's class of service is one of these, such as "vip"
	Natures       []codes.Nature   `json:"natures,omitempty"`        // the record's nature is one of these
}

// Goal is the goal of one target under a rule.
type Goal struct {
	// Target names the target.
	Target string `json:"target"`
	// Goal is the working time allowed; positive.
	Goal Duration `json:"goal"`
	// Calendar, if set, replaces the target's calendar for records the rule
	// matches (a P1 response counted 24×7, say).
	Calendar string `json:"calendar,omitempty"`
}

// Target returns, in every version of c, the target named name, to read or
// change in place (for _, t := range cfg.Target(sla.Response) { t.Calendar =
// "24x7" }); none if no version has it.
func (c *Config) Target(name string) []*Target {
	var out []*Target
	for i := range c.Versions {
		for j := range c.Versions[i].Targets {
			if c.Versions[i].Targets[j].Name == name {
				out = append(out, &c.Versions[i].Targets[j])
			}
		}
	}
	return out
}

// Rule returns, in every version of c, the rule named name, to read or change
// in place; none if no version has it.
func (c *Config) Rule(name string) []*Rule {
	var out []*Rule
	for i := range c.Versions {
		for j := range c.Versions[i].Rules {
			if c.Versions[i].Rules[j].Name == name {
				out = append(out, &c.Versions[i].Rules[j])
			}
		}
	}
	return out
}
