package incident_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
)

// Seed 001 程序 1.3 (各类可以对应到相应的支持组) and 4.2.2 (the service desk
// sends a ticket to the L1 or L2 group of its category and nature); seed
// 004 §三 (assigned by type and priority): the first rule that matches
// gives the group, at registration and when the category or system
// changes, logged under the rule's name.
func TestRoutingRules(t *testing.T) {
	t.Parallel()
	rules := incident.AssignmentRules{Rules: []incident.AssignmentRule{
		{Name: "vip-trading", When: incident.RouteCondition{Systems: []codes.System{"trading"}, CustomerTiers: []string{"vip"}}, Group: "trading-l2", Tier: codes.TierL2, Assignee: "chen"},
		{Name: "p1-network", When: incident.RouteCondition{Categories: []codes.Category{"hardware.network"}, Priorities: []codes.Priority{codes.P1}}, Group: "network-l2", Tier: codes.TierL2},
		{Name: "network", When: incident.RouteCondition{Categories: []codes.Category{"hardware.network"}}, Group: "network"},
		{Name: "complaints", When: incident.RouteCondition{Natures: []codes.Nature{codes.NatureComplaint}, Sources: []codes.Source{codes.SourcePhone}}, Group: "service-quality"},
		{Name: "database", When: incident.RouteCondition{Categories: []codes.Category{"software.system.database"}}, Group: "dba"},
	}}
	d, _ := newDesk(t, incident.Config{Routing: rules})
	reg := func(r incident.Registration) *incident.Ticket {
		t.Helper()
		r.Actor, r.Summary = "desk", "routed"
		if r.Priority == 0 {
			r.Priority = codes.P3
		}
		tk, err := d.Register(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	for _, c := range []struct {
		name            string
		r               incident.Registration
		group, assignee string
		tier            codes.Tier
		status          codes.Status
		rule            string
	}{
		{"subtree", incident.Registration{Category: "hardware.network.router"}, "network", "", codes.TierServiceDesk, codes.StatusAssigned, "network"},
		{"first match wins", incident.Registration{Category: "hardware.network.switch", Priority: codes.P1}, "network-l2", "", codes.TierL2, codes.StatusAssigned, "p1-network"},
		{"system and customer tier, with a person", incident.Registration{System: "trading", CustomerTier: "vip"}, "trading-l2", "chen", codes.TierL2, codes.StatusAssigned, "vip-trading"},
		{"nature and source", incident.Registration{Nature: codes.NatureComplaint, Source: codes.SourcePhone}, "service-quality", "", codes.TierServiceDesk, codes.StatusAssigned, "complaints"},
		{"no rule: stays with the service desk", incident.Registration{Category: "hardware.server", System: "trading"}, "", "", codes.TierServiceDesk, codes.StatusRegistered, ""},
	} {
		tk := reg(c.r)
		if tk.Group != c.group || tk.Assignee != c.assignee || tk.Tier != c.tier || tk.Status != c.status {
			t.Errorf("%s: group %q assignee %q tier %s status %s, want %q %q %s %s", c.name, tk.Group, tk.Assignee, tk.Tier, tk.Status, c.group, c.assignee, c.tier, c.status)
		}
		_, log, _ := d.Get(ctx, tk.ID)
		var got string
		for _, e := range log {
			if e.Type == incident.EntryRoute {
				got = e.Text
				if e.Actor != "system" {
					t.Errorf("%s: routed by %q, want the Desk's system actor", c.name, e.Actor)
				}
			}
		}
		if want := map[bool]string{true: "assignment rule " + c.rule, false: ""}[c.rule != ""]; got != want {
			t.Errorf("%s: route entry %q, want %q", c.name, got, want)
		}
		if tk.Reassignments != 0 {
			t.Errorf("%s: %d reassignments at registration", c.name, tk.Reassignments)
		}
	}

	// 4.2.5.1: dispatched wrongly (a network fault in the database group),
	// the ticket goes where its corrected category says.
	tk := reg(incident.Registration{Category: "software.system.database"})
	tk, err := d.Claim(ctx, tk.ID, incident.Action{Actor: "ma"})
	if err != nil {
		t.Fatal(err)
	}
	tk, err = d.Update(ctx, tk.ID, incident.Update{Action: incident.Action{Actor: "ma"}, Category: "hardware.network.link"})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Group != "network" || tk.Assignee != "" || tk.Reassignments != 1 {
		t.Errorf("after the category changed: group %q assignee %q reassignments %d, want network, nobody yet, 1", tk.Group, tk.Assignee, tk.Reassignments)
	}
	// A change that leaves the route where it is writes no route entry.
	tk, _ = d.Update(ctx, tk.ID, incident.Update{Action: incident.Action{Actor: "ma"}, Category: "hardware.network.router"})
	_, log, _ := d.Get(ctx, tk.ID)
	if n := countType(log, incident.EntryRoute); n != 2 {
		t.Errorf("%d route entries, want 2 (registration, category change)", n)
	}
	// A summary change does not ask the router.
	if _, err := d.Update(ctx, tk.ID, incident.Update{Action: incident.Action{Actor: "ma"}, Summary: "link flaps"}); err != nil {
		t.Fatal(err)
	}
}

func countType(log []incident.Entry, typ incident.EntryType) int {
	n := 0
	for _, e := range log {
		if e.Type == typ {
			n++
		}
	}
	return n
}

// A Router of one's own (skills, load, on-call) is asked with the ticket; an
// error refuses the registration and writes nothing.
func TestRouterOfOnesOwn(t *testing.T) {
	t.Parallel()
	down := errors.New("rota service down")
	var fail bool
	r := incident.RouterFunc(func(_ context.Context, tk *incident.Ticket) (incident.Route, error) {
		if fail {
			return incident.Route{}, down
		}
		return incident.Route{Rule: "on-call", Group: "night", Assignee: "oncall-" + string(tk.Priority.String())}, nil
	})
	d, _ := newDesk(t, incident.Config{Routing: r})
	tk, err := d.Register(ctx, p3("desk"))
	if err != nil {
		t.Fatal(err)
	}
	if tk.Assignee != "oncall-P3" || tk.Group != "night" {
		t.Errorf("routed to %s/%s", tk.Group, tk.Assignee)
	}
	fail = true
	if _, err := d.Register(ctx, p3("desk")); !errors.Is(err, down) {
		t.Errorf("router failing: %v", err)
	}
	if got, _ := d.Store().Find(ctx, incident.Filter{}); len(got) != 1 {
		t.Errorf("%d tickets after a refused registration, want 1", len(got))
	}
}

// Rules naming unknown categories, systems, codes, or missing a group, are
// configuration errors with their paths, every one at once.
func TestRoutingRulesChecked(t *testing.T) {
	t.Parallel()
	bad := incident.AssignmentRules{Rules: []incident.AssignmentRule{
		{Name: "a", When: incident.RouteCondition{Categories: []codes.Category{"hardware.nope"}}, Group: "g"},
		{Name: "a", When: incident.RouteCondition{Systems: []codes.System{"mainframe"}, Sources: []codes.Source{"fax"}}, Group: "g"},
		{Name: "c", When: incident.RouteCondition{Priorities: []codes.Priority{9}, Natures: []codes.Nature{"gossip"}, CustomerTiers: []string{""}}},
		{Name: "d", Group: "g", Tier: "l9"},
	}}
	_, err := incident.NewDesk(incident.Config{Store: memstore.New(), Routing: bad})
	var ce *incident.ConfigError
	if !errors.As(err, &ce) || !errors.Is(err, incident.ErrInvalidConfig) {
		t.Fatalf("NewDesk: %v, want a *ConfigError", err)
	}
	var paths []string
	for _, p := range ce.Problems {
		paths = append(paths, p.Path)
	}
	want := []string{
		"Routing.rules[0].when.categories[0]",
		"Routing.rules[1].name",
		"Routing.rules[1].when.systems[0]",
		"Routing.rules[1].when.sources[0]",
		"Routing.rules[2].group",
		"Routing.rules[2].when.priorities[0]",
		"Routing.rules[2].when.natures[0]",
		"Routing.rules[2].when.customer_tiers[0]",
		"Routing.rules[3].tier",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("problem paths (-want +got):\n%s\n%v", diff, err)
	}
	if _, err := incident.NewDesk(incident.Config{Store: memstore.New(), Routing: incident.DefaultAssignmentRules()}); err != nil {
		t.Errorf("the default rules against the default tables: %v", err)
	}
}

func TestParseAssignmentRules(t *testing.T) {
	t.Parallel()
	a, err := incident.ParseAssignmentRules([]byte(`
rules:
  - name: network
    when: {categories: [hardware.network], priorities: [P1, P2]}
    group: network
    tier: l2
`))
	if err != nil {
		t.Fatal(err)
	}
	want := incident.AssignmentRules{Rules: []incident.AssignmentRule{{Name: "network", When: incident.RouteCondition{Categories: []codes.Category{"hardware.network"}, Priorities: []codes.Priority{codes.P1, codes.P2}}, Group: "network", Tier: codes.TierL2}}}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("parsed (-want +got):\n%s", diff)
	}
	_, err = incident.ParseAssignmentRules([]byte("rules:\n  - name: x\n    grup: typo\n"))
	var ce *incident.ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "grup") {
		t.Errorf("unknown key: %v", err)
	}
}

// Seed 002 領取: a member of the group takes the ticket from its queue and
// becomes its assignee; a claim is not a reassignment, so three claims do
// not make "reassigned more than three times".
func TestClaim(t *testing.T) {
	t.Parallel()
	members := incident.Groups{"network": {"sun", "wu", "he", "qian"}}
	d, _ := newDesk(t, incident.Config{Members: members, Routing: incident.DefaultAssignmentRules()})
	r := p3("desk")
	r.Category = "hardware.network.router"
	tk, err := d.Register(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Group != "network" || tk.Assignee != "" {
		t.Fatalf("routed to %q/%q", tk.Group, tk.Assignee)
	}
	queue, _ := d.Queue(ctx, incident.Filter{Group: "network", Unassigned: true})
	if len(queue) != 1 {
		t.Fatalf("the group's queue holds %d tickets, want 1", len(queue))
	}
	if _, err := d.Claim(ctx, tk.ID, incident.Action{Actor: "li"}); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("a claim from outside the group: %v, want ErrForbidden", err)
	}
	_, log, _ := d.Get(ctx, tk.ID)
	if len(log) != 2 {
		t.Errorf("a refused claim wrote: %d entries", len(log))
	}
	tk, err = d.Claim(ctx, tk.ID, incident.Action{Actor: "sun"})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Assignee != "sun" || tk.Status != codes.StatusAssigned {
		t.Errorf("claimed: assignee %q status %s", tk.Assignee, tk.Status)
	}
	if _, err := d.Claim(ctx, tk.ID, incident.Action{Actor: "wu"}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("claiming another's ticket: %v, want ErrInvalidCommand", err)
	}
	queue, _ = d.Queue(ctx, incident.Filter{Group: "network", Unassigned: true})
	if len(queue) != 0 {
		t.Errorf("a claimed ticket is still in the unassigned queue")
	}
	// Three more claims by members, each after the ticket went back to the
	// queue: none is a reassignment.
	for _, who := range []string{"wu", "he", "qian"} {
		if _, err := d.Reassign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Group: "network"}); err != nil {
			t.Fatal(err)
		}
		// Reassign to the group keeps the assignee; clear it by routing
		// the ticket back to its queue through an update of the field.
		if _, _, err := d.Record(ctx, tk.ID, incident.Action{Actor: "desk"}, []incident.Entry{{Type: incident.EntryUpdate, Changes: []incident.Change{{Field: incident.FieldAssignee, Value: ""}}}}); err != nil {
			t.Fatal(err)
		}
		if tk, err = d.Claim(ctx, tk.ID, incident.Action{Actor: who}); err != nil {
			t.Fatal(err)
		}
	}
	if tk.Reassignments != 3 || tk.Assignee != "qian" {
		t.Errorf("reassignments %d assignee %q, want 3 (the reassigns, not the claims) and qian", tk.Reassignments, tk.Assignee)
	}
	_, log, _ = d.Get(ctx, tk.ID)
	if n := countType(log, incident.EntryClaim); n != 4 {
		t.Errorf("%d claim entries, want 4", n)
	}

	// Without a group there is no queue to claim from.
	other, _ := d.Register(ctx, p3("desk"))
	if _, err := d.Claim(ctx, other.ID, incident.Action{Actor: "sun"}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("claiming a ticket in no queue: %v", err)
	}
}

// Seed 001 4.2.3 (人员安排紧张时,应优先安排紧急程度高的事件): the queue gives the
// most urgent first: priority, then the nearest deadline.
func TestQueueOrder(t *testing.T) {
	t.Parallel()
	d, clk := newDesk(t, incident.Config{})
	var want []string
	reg := func(p codes.Priority, h, m int, label string) codes.ID {
		t.Helper()
		clk.Set(bj(h, m))
		tk, err := d.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: label, Priority: p})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Group: "g"}); err != nil {
			t.Fatal(err)
		}
		return tk.ID
	}
	p4early := reg(codes.P4, 9, 0, "p4 early")
	p2late := reg(codes.P2, 9, 30, "p2 late")
	p4late := reg(codes.P4, 9, 40, "p4 late")
	p2early := reg(codes.P2, 9, 35, "p2 early") // registered after p4late, but due earlier than it and later than p2late
	got, err := d.Queue(ctx, incident.Filter{Group: "g"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []codes.ID{p2late, p2early, p4early, p4late} {
		want = append(want, id.String())
	}
	var ids []string
	for _, tk := range got {
		ids = append(ids, tk.ID.String())
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("queue (-want +got):\n%s", diff)
	}
	top, _ := d.Queue(ctx, incident.Filter{Group: "g", Limit: 1})
	if len(top) != 1 || top[0].ID != p2late {
		t.Errorf("Limit 1 gives %v, want the most urgent", top)
	}
}

// Seed 001 程序 4.2.5.2 (原则上,原有分级不得降低): lowering a grading needs a
// correction, and by default (with Members) an incident manager; a refused
// reprioritisation writes nothing; raising is always allowed. A correction
// below P2 clears the major flag the wrong grading gave; a flag set on its
// own stays.
func TestGradingsNotLoweredByDefault(t *testing.T) {
	t.Parallel()
	members := incident.Groups{incident.GroupIncidentManagers: {"zhao"}}
	d, _ := newDesk(t, incident.Config{Members: members})
	tk, _ := d.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "core switch", Priority: codes.P2})
	_, before, _ := d.Get(ctx, tk.ID)
	for _, c := range []struct {
		who        string
		correction bool
	}{{"wang", false}, {"wang", true}, {"zhao", false}} {
		_, err := d.Reprioritize(ctx, tk.ID, incident.Reprioritization{Action: incident.Action{Actor: c.who}, Priority: codes.P5, Correction: c.correction})
		var fe *incident.ForbiddenError
		if !errors.As(err, &fe) || fe.Command != incident.CmdReprioritize {
			t.Errorf("%s lowers P2 to P5 (correction %v): %v, want a *ForbiddenError", c.who, c.correction, err)
		}
	}
	_, after, _ := d.Get(ctx, tk.ID)
	if len(after) != len(before) {
		t.Errorf("refused reprioritisations wrote %d entries", len(after)-len(before))
	}
	if _, err := d.Reprioritize(ctx, tk.ID, incident.Reprioritization{Action: incident.Action{Actor: "wang"}, Priority: codes.P1}); err != nil {
		t.Errorf("raising: %v", err)
	}
	tk, err := d.Reprioritize(ctx, tk.ID, incident.Reprioritization{Action: incident.Action{Actor: "zhao"}, Priority: codes.P4, Correction: true, Reason: "one user only"})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Priority != codes.P4 || tk.Major {
		t.Errorf("corrected: %s major %v, want P4 and no longer major", tk.Priority, tk.Major)
	}

	flagged, _ := d.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "trading halt", Priority: codes.P1, Major: true})
	flagged, err = d.Reprioritize(ctx, flagged.ID, incident.Reprioritization{Action: incident.Action{Actor: "zhao"}, Priority: codes.P3, Correction: true})
	if err != nil {
		t.Fatal(err)
	}
	if !flagged.Major {
		t.Errorf("a ticket flagged major on its own lost its flag to a correction")
	}
}

// A claim's and a route's log lines read as what happened.
func ExampleDesk_Claim() {
	ctx := context.Background()
	desk, clk := exampleDesk(incident.Config{
		Routing: incident.DefaultAssignmentRules(),
		Members: incident.Groups{"network": {"sun", "wu"}},
	})
	t, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "Router down", Priority: codes.P3, Category: "hardware.network.router"})
	fmt.Println(t.Status, t.Group, t.Assignee == "")
	_, err := desk.Claim(ctx, t.ID, incident.Action{Actor: "li"})
	fmt.Println(err)
	clk.at(9, 5)
	t, _ = desk.Claim(ctx, t.ID, incident.Action{Actor: "sun"})
	fmt.Println(t.Assignee, t.Reassignments)
	_, log, _ := desk.Get(ctx, t.ID)
	for _, e := range log {
		fmt.Println(strings.TrimSpace(fmt.Sprint(e.Type, " ", e.Actor, " ", e.Text)))
	}
	// Output:
	// assigned network true
	// incident: not allowed: li may not claim: li is not a member of network, whose queue holds the ticket
	// sun 0
	// register desk
	// route system assignment rule network
	// claim sun claimed from the queue of network
}

// Assignment rules as data: the first rule the ticket matches gives its
// group, by category subtree, owning system, priority, source, nature or
// customer tier.
func ExampleAssignmentRules() {
	rules, err := incident.ParseAssignmentRules([]byte(`
rules:
  - name: vip-trading
    when: {systems: [trading], customer_tiers: [vip]}
    group: trading-support
    tier: l2
  - name: network
    when: {categories: [hardware.network]}
    group: network
`))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	desk, clk := exampleDesk(incident.Config{Routing: rules})
	a, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 0), Summary: "Switch port down", Priority: codes.P3, Category: "hardware.network.switch"})
	b, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 1), Summary: "Orders rejected", Priority: codes.P2, System: "trading", CustomerTier: "vip"})
	c, _ := desk.Register(ctx, incident.Registration{Action: clk.at(9, 2), Summary: "Printer jam", Priority: codes.P5})
	for _, t := range []*incident.Ticket{a, b, c} {
		fmt.Printf("%s %-10s %-15s %s\n", t.Summary[:6], t.Status, t.Group, t.Tier)
	}
	_, err = incident.NewDesk(incident.Config{Store: nil, Routing: incident.AssignmentRules{Rules: []incident.AssignmentRule{{Name: "x", When: incident.RouteCondition{Systems: []codes.System{"mainframe"}}, Group: "g"}}}})
	fmt.Println(strings.Contains(err.Error(), `Routing.rules[0].when.systems[0]`))
	// Output:
	// Switch assigned   network         service_desk
	// Orders assigned   trading-support l2
	// Printe registered                 service_desk
	// true
}

// Every problem of decoding comes at once, each at its path under Routing.
func TestParseAssignmentRulesEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := incident.ParseAssignmentRules([]byte(`
rules:
  - name: major
    when: {priorities: [P9]}
    gruop: major-incident
  - name: rest
    group: [desk]
`))
	var ce *incident.ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *ConfigError", err)
	}
	var got []string
	for _, p := range ce.Problems {
		got = append(got, p.Path+": "+p.Message)
	}
	want := []string{
		`Routing.rules[0].gruop: unknown key (did you mean group?)`,
		`Routing.rules[0].when.priorities[0]: unknown priority "P9" (P1–P5)`,
		`Routing.rules[1].group: want a string, got a list`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
