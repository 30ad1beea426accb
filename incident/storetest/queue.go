package storetest

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// testFindQueue checks the conditions of a work queue (R-ROUTE-3; seed 001
// 4.2.3: the urgent first when short of staff, so a queue filters on
// category, tier, major, nature and customer tier): each kept ticket, and
// only those, against a reference written out here case by case.
func testFindQueue(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	r := rand.New(rand.NewPCG(3, 4))
	categories := []string{"", "hardware", "hardware.server", "hardware.server.blade", "hardware_x", "software.system.os"}
	tiers := []codes.Tier{codes.TierServiceDesk, codes.TierL1, codes.TierL2, codes.TierL3}
	natures := []codes.Nature{"", codes.NatureIncident, codes.NatureServiceRequest, codes.NatureComplaint}
	customerTiers := []string{"", "vip", "gold"}
	assignees := []string{"", "ann"}
	var all []*incident.Ticket
	for i := range 60 {
		id := newID(t, codes.KindIncident, base, i+1)
		changes := []incident.Change{
			{Field: incident.FieldSummary, Value: "queue " + id.String()},
			{Field: incident.FieldRegistrar, Value: "desk"},
			{Field: incident.FieldPriority, Value: codes.Priority(3 + r.IntN(3)).String()}, // P3–P5: not major by priority
			{Field: incident.FieldTier, Value: string(tiers[r.IntN(len(tiers))])},
		}
		add := func(f incident.Field, v string) {
			if v != "" {
				changes = append(changes, incident.Change{Field: f, Value: v})
			}
		}
		add(incident.FieldCategory, categories[r.IntN(len(categories))])
		add(incident.FieldNature, string(natures[r.IntN(len(natures))]))
		add(incident.FieldCustomerTier, customerTiers[r.IntN(len(customerTiers))])
		add(incident.FieldAssignee, assignees[r.IntN(len(assignees))])
		if r.IntN(3) == 0 {
			add(incident.FieldMajor, "true")
		}
		log := []incident.Entry{{Seq: 1, At: base.Add(time.Duration(i) * time.Minute), Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered, Changes: changes}}
		tk, err := incident.Replay(id, log)
		if err != nil {
			t.Fatal(err)
		}
		create(t, s, tk, log)
		all = append(all, tk)
	}
	under := func(c codes.Category, p string) bool { return string(c) == p || strings.HasPrefix(string(c), p+".") }
	yes, no := true, false
	cases := []struct {
		name string
		f    incident.Filter
		want func(*incident.Ticket) bool
	}{
		{"category subtree", incident.Filter{Categories: []codes.Category{"hardware"}}, func(k *incident.Ticket) bool { return under(k.Category, "hardware") }},
		{"two subtrees", incident.Filter{Categories: []codes.Category{"hardware.server", "software"}}, func(k *incident.Ticket) bool {
			return under(k.Category, "hardware.server") || under(k.Category, "software")
		}},
		{"leaf category", incident.Filter{Categories: []codes.Category{"hardware.server.blade"}}, func(k *incident.Ticket) bool { return k.Category == "hardware.server.blade" }},
		{"tier", incident.Filter{Tiers: []codes.Tier{codes.TierL2, codes.TierL3}}, func(k *incident.Ticket) bool { return k.Tier == codes.TierL2 || k.Tier == codes.TierL3 }},
		{"nature", incident.Filter{Natures: []codes.Nature{codes.NatureComplaint}}, func(k *incident.Ticket) bool { return k.Nature == codes.NatureComplaint }},
		{"customer tier", incident.Filter{CustomerTiers: []string{"vip"}}, func(k *incident.Ticket) bool { return k.CustomerTier == "vip" }},
		{"major", incident.Filter{Major: &yes}, func(k *incident.Ticket) bool { return k.Major }},
		{"not major", incident.Filter{Major: &no}, func(k *incident.Ticket) bool { return !k.Major }},
		{"unassigned", incident.Filter{Unassigned: true}, func(k *incident.Ticket) bool { return k.Assignee == "" }},
		{"all together", incident.Filter{Categories: []codes.Category{"hardware"}, Tiers: []codes.Tier{codes.TierL1, codes.TierL2}, CustomerTiers: []string{"", "vip"}, Major: &no, Unassigned: true, Priorities: []codes.Priority{codes.P3, codes.P4}},
			func(k *incident.Ticket) bool {
				return under(k.Category, "hardware") && (k.Tier == codes.TierL1 || k.Tier == codes.TierL2) && (k.CustomerTier == "" || k.CustomerTier == "vip") &&
					!k.Major && k.Assignee == "" && (k.Priority == codes.P3 || k.Priority == codes.P4)
			}},
	}
	for _, c := range cases {
		got, err := s.Find(context.Background(), c.f)
		if err != nil {
			t.Fatalf("%s: Find: %v", c.name, err)
		}
		var want []*incident.Ticket
		for _, k := range all {
			if c.want(k) {
				want = append(want, k)
			}
		}
		if len(want) == 0 {
			t.Fatalf("%s: the fixture has no ticket to keep; the case proves nothing", c.name)
		}
		if diff := cmp.Diff(ids(want), ids(got)); diff != "" {
			t.Errorf("%s: Find (-want +got):\n%s", c.name, diff)
		}
	}
}
