package incident

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsm/internal/confload"

	"github.com/itsmkit/itsm/codes"
)

// Router chooses who takes a ticket: the Desk asks it when a ticket is
// registered and when its category or owning system changes
// (Config.Routing). AssignmentRules is the ready-made one, rules as data;
// write your own to route by skills, load or an on-call rota, and return
// the zero Route to leave the ticket where it is.
//
// Route is given the ticket as it will be after the command (read it, do not
// change or keep it) and must be safe for concurrent use. It may be asked
// again for the same ticket if the command loses a race. An error refuses
// the command, which writes nothing.
type Router interface {
	// Route returns where t goes; the zero Route leaves it where it is.
	Route(ctx context.Context, t *Ticket) (Route, error)
}

// RouterFunc is a function that is a Router.
type RouterFunc func(ctx context.Context, t *Ticket) (Route, error)

// Route calls f.
func (f RouterFunc) Route(ctx context.Context, t *Ticket) (Route, error) { return f(ctx, t) }

// Route is where a Router sends a ticket: a group's queue, and optionally a
// person and the tier the group works at. The zero Route sends it nowhere.
type Route struct {
	// Rule names the rule (or the reason) that chose the route; the log
	// records the assignment under it.
	Rule     string
	Group    string     // the group whose queue takes the ticket
	Assignee string     // a person of the group, or "" to leave it to the group
	Tier     codes.Tier // the tier the group works at, or "" to keep the ticket's
}

// IsZero reports whether r sends the ticket nowhere.
func (r Route) IsZero() bool { return r.Group == "" && r.Assignee == "" }

// AssignmentRules are assignment rules as data (各类可以对应到相应的支持组: each
// category goes to its support group; tickets are also assigned by owning
// system, priority, source, nature and customer tier): the first rule whose
// condition the ticket meets gives its group, and optionally a person and a
// tier. A ticket no rule matches stays with the service desk. Write them in
// Go, or in JSON or YAML (ParseAssignmentRules); NewDesk checks them against
// its code tables (Config.Routing) and reports every problem with its path.
//
//	rules:
//	  - name: network
//	    when: {categories: [hardware.network]}
//	    group: network
//	  - name: vip-trading
//	    when: {systems: [trading], customer_tiers: [vip]}
//	    group: trading-support
//	    tier: l2
//
// AssignmentRules are a Router. They are immutable once given to a Desk;
// DefaultAssignmentRules returns example rules for the default category
// tree.
type AssignmentRules struct {
	Rules []AssignmentRule `json:"rules"` // tried in order; the first that matches routes the ticket
}

// AssignmentRule is one assignment rule: a condition and a destination.
type AssignmentRule struct {
	// Name identifies the rule in the activity log: required, unique.
	Name string `json:"name"`
	// When is the condition; the zero RouteCondition matches every ticket
	// (a catch-all, last).
	When RouteCondition `json:"when,omitzero"`
	// Group is the support group whose queue takes the ticket: required.
	Group string `json:"group"`
	// Assignee, if set, is the person who takes it at once.
	Assignee string `json:"assignee,omitempty"`
	// Tier, if set, is the tier of support the group works at (一线 L1,
	// 二线 L2, ...); empty keeps the ticket's tier.
	Tier codes.Tier `json:"tier,omitempty"`
}

// RouteCondition is what a ticket must be for an assignment rule to apply.
// Each non-empty list constrains one field: the ticket's value must be one
// of those listed.
type RouteCondition struct {
	// Categories match the category or any below it ("hardware.network"
	// matches "hardware.network.router").
	Categories    []codes.Category `json:"categories,omitempty"`
	Systems       []codes.System   `json:"systems,omitempty"`        // the owning system is one of these
	Priorities    []codes.Priority `json:"priorities,omitempty"`     // the priority is one of these
	Sources       []codes.Source   `json:"sources,omitempty"`        // the ticket came in through one of these sources
	Natures       []codes.Nature   `json:"natures,omitempty"`        // the nature is one of these
	CustomerTiers []string         `json:"customer_tiers,omitempty"` // the requester's class of service is one of these, such as "vip"
}

// Match reports whether t meets every condition of c.
func (c *RouteCondition) Match(t *Ticket) bool {
	return (len(c.Categories) == 0 || slices.ContainsFunc(c.Categories, t.Category.Within)) &&
		(len(c.Systems) == 0 || slices.Contains(c.Systems, t.System)) &&
		(len(c.Priorities) == 0 || slices.Contains(c.Priorities, t.Priority)) &&
		(len(c.Sources) == 0 || slices.Contains(c.Sources, t.Source)) &&
		(len(c.Natures) == 0 || slices.Contains(c.Natures, t.Nature)) &&
		(len(c.CustomerTiers) == 0 || slices.Contains(c.CustomerTiers, t.CustomerTier))
}

// Route returns the destination of the first rule t matches, or the zero
// Route.
func (a AssignmentRules) Route(_ context.Context, t *Ticket) (Route, error) {
	for i := range a.Rules {
		r := &a.Rules[i]
		if r.When.Match(t) {
			return Route{Rule: r.Name, Group: r.Group, Assignee: r.Assignee, Tier: r.Tier}, nil
		}
	}
	return Route{}, nil
}

// ParseAssignmentRules reads AssignmentRules from JSON or YAML. Keys are the
// json tags of AssignmentRules and the types it holds; priorities are "P1"
// to "P5". Unknown and duplicate keys are errors: a *ConfigError lists every
// problem of decoding, each at its path under "Routing"
// ("Routing.rules[0].when.priorities[0]: unknown priority "P9" (P1–P5)"). The result is checked against the code tables when given to a
// Desk (Config.Routing).
func ParseAssignmentRules(data []byte) (AssignmentRules, error) {
	var a AssignmentRules
	if r := confload.Decode(data, &a); !r.OK() {
		ps := make([]ConfigProblem, len(r.Problems))
		for i, p := range r.Problems {
			path := "Routing"
			if p.Path != confload.Document {
				path += "." + p.Path
			}
			ps[i] = ConfigProblem{Path: path, Message: p.Message}
		}
		return AssignmentRules{}, &ConfigError{Problems: ps}
	}
	return a, nil
}

// check lists every problem of a against the code tables, with paths under
// "Routing".
func (a *AssignmentRules) check(t *codes.Tables) []ConfigProblem {
	var ps []ConfigProblem
	bad := func(path, format string, args ...any) {
		ps = append(ps, ConfigProblem{Path: "Routing." + path, Message: fmt.Sprintf(format, args...)})
	}
	if len(a.Rules) == 0 {
		bad("rules", "at least one rule is required")
	}
	names := map[string]int{}
	for i := range a.Rules {
		r := &a.Rules[i]
		p := fmt.Sprintf("rules[%d]", i)
		switch j, dup := names[r.Name]; {
		case strings.TrimSpace(r.Name) == "":
			bad(p+".name", "required")
		case dup:
			bad(p+".name", "%q is also the name of rules[%d]", r.Name, j)
		default:
			names[r.Name] = i
		}
		if err := checkInput("routing", nameIn(p+".name", r.Name), nameIn(p+".group", r.Group), nameIn(p+".assignee", r.Assignee)); err != nil {
			bad(p, "%v", err.(*CommandError).Reason)
		}
		if r.Group == "" {
			bad(p+".group", "required: the support group whose queue takes the ticket")
		}
		if r.Tier != "" && !t.Tiers().Has(r.Tier) {
			bad(p+".tier", "unknown tier %q", r.Tier)
		}
		c := &r.When
		for j, cat := range c.Categories {
			if _, err := t.Categories().Lookup(cat); err != nil {
				bad(fmt.Sprintf("%s.when.categories[%d]", p, j), "%v", err)
			}
		}
		for j, s := range c.Systems {
			if _, err := t.Systems().Lookup(s); err != nil {
				bad(fmt.Sprintf("%s.when.systems[%d]", p, j), "%v", err)
			}
		}
		for j, pr := range c.Priorities {
			if !pr.Valid() {
				bad(fmt.Sprintf("%s.when.priorities[%d]", p, j), "%d is not a priority (P1–P5)", int(pr))
			}
		}
		for j, s := range c.Sources {
			if _, err := t.Sources().Lookup(s); err != nil {
				bad(fmt.Sprintf("%s.when.sources[%d]", p, j), "%v", err)
			}
		}
		for j, n := range c.Natures {
			if _, err := t.Natures().Lookup(n); err != nil {
				bad(fmt.Sprintf("%s.when.natures[%d]", p, j), "%v", err)
			}
		}
		for j, ct := range c.CustomerTiers {
			if ct == "" {
				bad(fmt.Sprintf("%s.when.customer_tiers[%d]", p, j), "empty")
			}
		}
	}
	return ps
}

// DefaultAssignmentRules returns example assignment rules for the default
// category tree (codes.DefaultTables), a new copy on every call: a ticket
// goes to the support group of its category's branch, the trading floor and
// business terminals to the desktop team, and what no rule matches stays
// with the service desk. Group names are examples: replace them with yours.
//
//	rule             categories                         group
//	network          hardware.network                   network
//	security         hardware.security, software.system.security   security
//	storage          hardware.storage, software.system.backup      storage
//	server           hardware.server, software.system.os, software.system.cluster   systems
//	database         software.system.database           dba
//	middleware       software.system.middleware         middleware
//	monitoring       software.system.monitoring         monitoring
//	application      software.application               applications
//	facility         other.facility                     facilities
//	desktop          trading_floor, terminal            desktop
func DefaultAssignmentRules() AssignmentRules {
	rule := func(name, group string, cats ...codes.Category) AssignmentRule {
		return AssignmentRule{Name: name, When: RouteCondition{Categories: cats}, Group: group}
	}
	return AssignmentRules{Rules: []AssignmentRule{
		rule("network", "network", "hardware.network"),
		rule("security", "security", "hardware.security", "software.system.security"),
		rule("storage", "storage", "hardware.storage", "software.system.backup"),
		rule("server", "systems", "hardware.server", "software.system.os", "software.system.cluster"),
		rule("database", "dba", "software.system.database"),
		rule("middleware", "middleware", "software.system.middleware"),
		rule("monitoring", "monitoring", "software.system.monitoring"),
		rule("application", "applications", "software.application"),
		rule("facility", "facilities", "other.facility"),
		rule("desktop", "desktop", "trading_floor", "terminal"),
	}}
}

// EntryRoute is the type of the entry that records an assignment a Router
// chose; its Text names the rule.
const EntryRoute EntryType = "route"

// routeSteps asks the Router where t (as the command leaves it) goes, and
// returns the step that sends it there, if it is not there already: an
// assignment (the assign event) from the workflow's initial status, a
// reassignment (counted as one) from a status that allows it, else the
// fields alone.
func (d *Desk) routeSteps(ctx context.Context, t *Ticket) ([]step, error) {
	if d.cfg.Routing == nil || d.wf.Final(t.Status) {
		return nil, nil
	}
	r, err := d.cfg.Routing.Route(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("incident: routing %s: %w", t.ID, err)
	}
	if r.IsZero() {
		return nil, nil
	}
	if err := checkInput("route", nameIn("route.rule", r.Rule), nameIn("route.group", r.Group), nameIn("route.assignee", r.Assignee)); err != nil {
		return nil, err
	}
	if r.Tier != "" && !d.cfg.Codes.Tiers().Has(r.Tier) {
		return nil, &CommandError{Command: "route", Field: "route.tier", Reason: fmt.Sprintf("unknown tier %q", r.Tier)}
	}
	var c []Change
	if r.Group != "" && r.Group != t.Group {
		c = append(c, Change{FieldGroup, r.Group})
		if r.Assignee == "" && t.Assignee != "" {
			c = append(c, Change{FieldAssignee, ""}) // the new group's queue: nobody of it has claimed the ticket yet
		}
	}
	if r.Assignee != "" && r.Assignee != t.Assignee {
		c = append(c, Change{FieldAssignee, r.Assignee})
	}
	if r.Tier != "" && r.Tier != tierOf(t.Tier) {
		c = append(c, Change{FieldTier, string(r.Tier)})
	}
	if len(c) == 0 {
		return nil, nil
	}
	s := step{typ: EntryRoute, changes: c, system: true, text: "assignment rule " + r.Rule}
	switch {
	case t.Status == d.wf.Initial() && d.wf.Can(t.Status, EventAssign):
		s.event = EventAssign
	case d.wf.Can(t.Status, EventReassign):
		s.event = EventReassign
	}
	return []step{s}, nil
}

// routeAfter returns t as the changes leave it, for the Router.
func routeAfter(t *Ticket, changes []Change) (*Ticket, error) {
	next := t.Clone()
	e := Entry{Type: EntryUpdate, Changes: changes}
	if err := applyEntry(next, &e); err != nil {
		return nil, err
	}
	return next, nil
}

// reroute returns the routing step of an Update whose changes move the
// ticket's category or owning system.
func (d *Desk) reroute(ctx context.Context, t *Ticket, changes []Change) ([]step, error) {
	if d.cfg.Routing == nil || !slices.ContainsFunc(changes, func(c Change) bool { return c.Field == FieldCategory || c.Field == FieldSystem }) {
		return nil, nil
	}
	next, err := routeAfter(t, changes)
	if err != nil {
		return nil, err
	}
	return d.routeSteps(ctx, next)
}

// routeRegistration returns the routing step of a registration whose
// register entry has changes; the Router sees the ticket without its id,
// which is taken when it is saved.
func (d *Desk) routeRegistration(ctx context.Context, at time.Time, actor string, changes []Change) ([]step, error) {
	if d.cfg.Routing == nil {
		return nil, nil
	}
	t, err := Replay(codes.ID{}, []Entry{{Seq: 1, At: at, Actor: actor, Type: EntryRegister, Status: d.wf.Initial(), Changes: changes}})
	if err != nil {
		return nil, err
	}
	return d.routeSteps(ctx, t)
}
