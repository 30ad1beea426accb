package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// fixture is a store of varied tickets and what it should hold.
type fixture struct {
	s       incident.Store
	tickets map[codes.ID]*incident.Ticket // as stored, Version included
	logLen  map[codes.ID]int
	order   []codes.ID // id text order
}

var (
	fixStatuses = []codes.Status{
		codes.StatusRegistered, codes.StatusAssigned, codes.StatusInProgress,
		codes.StatusPending, codes.StatusResolved, codes.StatusClosed,
	}
	fixSources   = []codes.Source{codes.SourcePhone, codes.SourceMonitoring, codes.SourceEmail}
	fixKeys      = []string{"alert-1", "alert-2", "alert-3"}
	fixGroups    = []string{"", "network", "dba"}
	fixAssignees = []string{"", "ann", "bob"}
)

// newFixture creates 90 tickets over three days and two kinds, in random
// order, with every field a filter looks at drawn from a few values.
func newFixture(t *testing.T, newStore func(*testing.T) incident.Store) *fixture {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	f := &fixture{s: newStore(t), tickets: map[codes.ID]*incident.Ticket{}, logLen: map[codes.ID]int{}}
	var all []*incident.Ticket
	var logs [][]incident.Entry
	open := map[string]bool{} // the alerts held by a ticket made so far
	for i := range 90 {
		kind := codes.KindIncident
		if i%9 == 4 {
			kind = codes.KindServiceRequest
		}
		spec := Spec{
			ID:       newID(t, kind, base.AddDate(0, 0, i%3-1), 1+i/3*11),
			Created:  base.Add(time.Duration(i*37) * time.Minute),
			Status:   fixStatuses[r.IntN(len(fixStatuses))],
			Priority: codes.Priority(1 + r.IntN(5)),
			Source:   fixSources[r.IntN(len(fixSources))],
			Group:    fixGroups[r.IntN(len(fixGroups))],
			Assignee: fixAssignees[r.IntN(len(fixAssignees))],
		}
		if spec.Source == codes.SourceMonitoring {
			spec.ExternalKey = fixKeys[r.IntN(len(fixKeys))]
		}
		if spec.Status == codes.StatusClosed {
			spec.Closed = spec.Created.Add(time.Hour)
		} else if spec.ExternalKey != "" {
			// One open ticket per alert: the others are closed already.
			if open[spec.ExternalKey] {
				spec.Status, spec.Closed = codes.StatusClosed, spec.Created.Add(time.Hour)
			}
			open[spec.ExternalKey] = true
		}
		if r.IntN(4) > 0 {
			spec.NextDue = base.Add(time.Duration(r.IntN(40)) * 15 * time.Minute)
		}
		tk, log := NewTicket(t, spec)
		all = append(all, tk)
		logs = append(logs, log)
	}
	for _, i := range r.Perm(len(all)) {
		create(t, f.s, all[i], logs[i])
		f.tickets[all[i].ID] = atVersion(all[i], 1)
		f.logLen[all[i].ID] = len(logs[i])
		f.order = append(f.order, all[i].ID)
	}
	slices.SortFunc(f.order, func(a, b codes.ID) int { return strings.Compare(a.String(), b.String()) })
	return f
}

// update saves new values of the indexed fields on every third ticket,
// moving tickets in and out of every index, and keeps f up to date.
func (f *fixture) update(t *testing.T) {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	for i, id := range f.order {
		if i%3 != 0 {
			continue
		}
		tk := f.tickets[id].Clone()
		tk.Status = fixStatuses[r.IntN(len(fixStatuses))]
		tk.Priority = codes.Priority(1 + r.IntN(5))
		tk.Group = fixGroups[r.IntN(len(fixGroups))]
		tk.Assignee = fixAssignees[r.IntN(len(fixAssignees))]
		tk.Source = fixSources[r.IntN(len(fixSources))]
		tk.ExternalKey = ""
		if tk.Source == codes.SourceMonitoring {
			tk.ExternalKey = fixKeys[r.IntN(len(fixKeys))]
		}
		tk.Closed = time.Time{}
		if tk.Status == codes.StatusClosed || f.alertHeld(tk) {
			tk.Status, tk.Closed = codes.StatusClosed, base.Add(48*time.Hour)
		}
		if tk.NextDue.IsZero() {
			tk.NextDue = base.Add(time.Duration(r.IntN(40)) * 15 * time.Minute)
		} else if r.IntN(3) == 0 {
			tk.NextDue = time.Time{}
		} else {
			tk.NextDue = tk.NextDue.Add(time.Duration(r.IntN(9)-4) * time.Hour)
		}
		e := incident.Entry{Seq: f.logLen[id] + 1, At: base.Add(48 * time.Hour), Actor: "agent", Type: incident.EntryUpdate, Status: tk.Status}
		read := tk.Version
		if err := f.s.Save(context.Background(), tk, []incident.Entry{e}, read); err != nil {
			t.Fatalf("Save(%s): %v", id, err)
		}
		f.tickets[id] = atVersion(tk, read+1)
		f.logLen[id]++
	}
}

// alertHeld reports whether another ticket of f holds the alert of t.
func (f *fixture) alertHeld(t *incident.Ticket) bool {
	if t.ExternalKey == "" {
		return false
	}
	for _, o := range f.tickets {
		if o.ID != t.ID && o.Source == t.Source && o.ExternalKey == t.ExternalKey && o.Closed.IsZero() {
			return true
		}
	}
	return false
}

// want returns the ids Find should give, worked out without Filter.Match.
func (f *fixture) want(keep func(*incident.Ticket) bool, after codes.ID, limit int) []string {
	out := []string{}
	for _, id := range f.order {
		if limit > 0 && len(out) == limit {
			break
		}
		if (after.IsZero() || id.String() > after.String()) && keep(f.tickets[id]) {
			out = append(out, id.String())
		}
	}
	return out
}

// find runs Find, checks that the tickets it returns are the stored ones,
// and returns their ids in the order found.
func (f *fixture) find(t *testing.T, filter incident.Filter) []string {
	t.Helper()
	got, err := f.s.Find(context.Background(), filter)
	if err != nil {
		t.Fatalf("Find(%+v): %v", filter, err)
	}
	for _, tk := range got {
		if diff := cmp.Diff(f.tickets[tk.ID], tk, cmpOpts); diff != "" {
			t.Errorf("Find(%+v) gave %s (-stored +got):\n%s", filter, tk.ID, diff)
		}
	}
	out := ids(got)
	if out == nil {
		out = []string{}
	}
	return out
}

func testFind(t *testing.T, newStore func(*testing.T) incident.Store) {
	f := newFixture(t, newStore)
	in := func(set ...codes.Status) func(*incident.Ticket) bool {
		return func(t *incident.Ticket) bool {
			for _, s := range set {
				if t.Status == s {
					return true
				}
			}
			return false
		}
	}
	dueBy := func(at time.Time) func(*incident.Ticket) bool {
		return func(t *incident.Ticket) bool { return !t.NextDue.IsZero() && t.NextDue.Compare(at) <= 0 }
	}
	all := func(*incident.Ticket) bool { return true }
	mid := f.order[len(f.order)/2]
	absent := newID(t, codes.KindIncident, base, 500) // sorts among the stored ids
	closed := []codes.Status{codes.StatusResolved, codes.StatusClosed}
	cases := []struct {
		name   string
		filter incident.Filter
		keep   func(*incident.Ticket) bool
	}{
		{"zero", incident.Filter{}, all},
		{"Statuses one", incident.Filter{Statuses: []codes.Status{codes.StatusInProgress}}, in(codes.StatusInProgress)},
		{"Statuses two", incident.Filter{Statuses: []codes.Status{codes.StatusAssigned, codes.StatusPending}}, in(codes.StatusAssigned, codes.StatusPending)},
		{"Statuses repeated", incident.Filter{Statuses: []codes.Status{codes.StatusPending, codes.StatusPending}}, in(codes.StatusPending)},
		{"Statuses none held", incident.Filter{Statuses: []codes.Status{codes.StatusArchived}}, in()},
		{"Statuses all", incident.Filter{Statuses: fixStatuses}, all},
		{"NotStatuses", incident.Filter{NotStatuses: closed}, func(t *incident.Ticket) bool { return !in(closed...)(t) }},
		{"Statuses and NotStatuses", incident.Filter{Statuses: []codes.Status{codes.StatusAssigned, codes.StatusClosed}, NotStatuses: []codes.Status{codes.StatusClosed}}, in(codes.StatusAssigned)},
		{"DueBy early", incident.Filter{DueBy: base.Add(2 * time.Hour)}, dueBy(base.Add(2 * time.Hour))},
		{"DueBy on a quarter", incident.Filter{DueBy: base.Add(5 * time.Hour)}, dueBy(base.Add(5 * time.Hour))},
		{"DueBy late", incident.Filter{DueBy: base.Add(100 * time.Hour)}, dueBy(base.Add(100 * time.Hour))},
		{"DueBy before all", incident.Filter{DueBy: base.Add(-100 * time.Hour)}, dueBy(base.Add(-100 * time.Hour))},
		{"Source", incident.Filter{Source: codes.SourceMonitoring}, func(t *incident.Ticket) bool { return t.Source == codes.SourceMonitoring }},
		{"ExternalKey", incident.Filter{ExternalKey: "alert-1"}, func(t *incident.Ticket) bool { return t.ExternalKey == "alert-1" }},
		{"ExternalKey none held", incident.Filter{ExternalKey: "alert-9"}, in()},
		{"Source and ExternalKey", incident.Filter{Source: codes.SourceMonitoring, ExternalKey: "alert-2"}, func(t *incident.Ticket) bool { return t.Source == codes.SourceMonitoring && t.ExternalKey == "alert-2" }},
		{"Source other than the key's", incident.Filter{Source: codes.SourcePhone, ExternalKey: "alert-2"}, in()},
		{"ExternalKey open", incident.Filter{ExternalKey: "alert-3", NotStatuses: closed}, func(t *incident.Ticket) bool { return t.ExternalKey == "alert-3" && !in(closed...)(t) }},
		{"Priorities", incident.Filter{Priorities: []codes.Priority{codes.P1, codes.P2}}, func(t *incident.Ticket) bool { return t.Priority == codes.P1 || t.Priority == codes.P2 }},
		{"Group", incident.Filter{Group: "network"}, func(t *incident.Ticket) bool { return t.Group == "network" }},
		{"Assignee", incident.Filter{Assignee: "ann"}, func(t *incident.Ticket) bool { return t.Assignee == "ann" }},
		{"Group and Assignee", incident.Filter{Group: "dba", Assignee: "bob"}, func(t *incident.Ticket) bool { return t.Group == "dba" && t.Assignee == "bob" }},
		{"CreatedFrom", incident.Filter{CreatedFrom: base.Add(30 * 37 * time.Minute)}, func(t *incident.Ticket) bool { return !t.Created.Before(base.Add(30 * 37 * time.Minute)) }},
		{"CreatedBefore", incident.Filter{CreatedBefore: base.Add(30 * 37 * time.Minute)}, func(t *incident.Ticket) bool { return t.Created.Before(base.Add(30 * 37 * time.Minute)) }},
		{"CreatedFrom and CreatedBefore", incident.Filter{CreatedFrom: base.Add(10 * 37 * time.Minute), CreatedBefore: base.Add(20 * 37 * time.Minute)}, func(t *incident.Ticket) bool {
			return !t.Created.Before(base.Add(10*37*time.Minute)) && t.Created.Before(base.Add(20*37*time.Minute))
		}},
		{"CreatedFrom after CreatedBefore", incident.Filter{CreatedFrom: base.Add(20 * time.Hour), CreatedBefore: base.Add(10 * time.Hour)}, in()},
		{"open and due, by priority", incident.Filter{NotStatuses: closed, DueBy: base.Add(6 * time.Hour), Priorities: []codes.Priority{codes.P2, codes.P3, codes.P4}}, func(t *incident.Ticket) bool {
			return !in(closed...)(t) && dueBy(base.Add(6*time.Hour))(t) && t.Priority >= codes.P2 && t.Priority <= codes.P4
		}},
		{"everything at once", incident.Filter{
			Statuses: fixStatuses[:4], NotStatuses: []codes.Status{codes.StatusRegistered}, DueBy: base.Add(9 * time.Hour),
			Source: codes.SourceMonitoring, Priorities: []codes.Priority{codes.P1, codes.P3, codes.P5},
			CreatedFrom: base.Add(5 * time.Hour), CreatedBefore: base.Add(50 * time.Hour),
		}, func(t *incident.Ticket) bool {
			return in(fixStatuses[1:4]...)(t) && dueBy(base.Add(9*time.Hour))(t) && t.Source == codes.SourceMonitoring &&
				t.Priority%2 == 1 && !t.Created.Before(base.Add(5*time.Hour)) && t.Created.Before(base.Add(50*time.Hour))
		}},
	}
	// Each case also runs from an After, with a Limit, and with both.
	type variant struct {
		name  string
		after codes.ID
		limit int
	}
	variants := []variant{{"", codes.ID{}, 0}, {"/After", mid, 0}, {"/After absent", absent, 0}, {"/Limit", codes.ID{}, 4}, {"/After+Limit", mid, 3}}

	check := func(t *testing.T) {
		nonEmpty := 0
		for _, c := range cases {
			for _, v := range variants {
				filter := c.filter
				filter.After, filter.Limit = v.after, v.limit
				want := f.want(c.keep, v.after, v.limit)
				if len(want) > 0 {
					nonEmpty++
				}
				if diff := cmp.Diff(want, f.find(t, filter)); diff != "" {
					t.Errorf("%s%s: Find(%+v) ids (-want +got):\n%s", c.name, v.name, filter, diff)
				}
			}
		}
		// The fixture must leave most cases something to find.
		if nonEmpty < len(cases)*len(variants)/2 {
			t.Fatalf("only %d of %d filters select anything: the fixture is too thin", nonEmpty, len(cases)*len(variants))
		}
	}
	t.Run("created", check)
	f.update(t)
	t.Run("saved", check)
}

// testFindBoundaries checks the edges of DueBy and the Created range to
// the microsecond, and instants given in another time zone.
func testFindBoundaries(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	due := base.Add(3 * time.Hour)
	var made []string
	for i, next := range []time.Time{due, due.Add(time.Microsecond), {}} {
		tk, log := NewTicket(t, Spec{
			ID:      newID(t, codes.KindIncident, base, i+1),
			Created: base.Add(time.Duration(i) * time.Microsecond),
			NextDue: next,
		})
		create(t, s, tk, log)
		made = append(made, tk.ID.String())
	}
	a, b, c := made[0], made[1], made[2]
	east := time.FixedZone("UTC+8", 8*60*60)
	cases := []struct {
		name   string
		filter incident.Filter
		want   []string
	}{
		{"DueBy at a NextDue", incident.Filter{DueBy: due}, []string{a}},
		{"DueBy a microsecond later", incident.Filter{DueBy: due.Add(time.Microsecond)}, []string{a, b}},
		{"DueBy a microsecond earlier", incident.Filter{DueBy: due.Add(-time.Microsecond)}, []string{}},
		{"DueBy far ahead: a zero NextDue is never due", incident.Filter{DueBy: due.AddDate(50, 0, 0)}, []string{a, b}},
		{"DueBy in another zone", incident.Filter{DueBy: due.In(east)}, []string{a}},
		{"CreatedFrom inclusive", incident.Filter{CreatedFrom: base.Add(time.Microsecond)}, []string{b, c}},
		{"CreatedBefore exclusive", incident.Filter{CreatedBefore: base.Add(time.Microsecond)}, []string{a}},
		{"Created one microsecond wide", incident.Filter{CreatedFrom: base.Add(time.Microsecond), CreatedBefore: base.Add(2 * time.Microsecond)}, []string{b}},
		{"Created empty range", incident.Filter{CreatedFrom: base.Add(time.Microsecond), CreatedBefore: base.Add(time.Microsecond)}, []string{}},
		{"Created in another zone", incident.Filter{CreatedFrom: base.Add(time.Microsecond).In(east)}, []string{b, c}},
		{"After the last", incident.Filter{After: newID(t, codes.KindIncident, base, 3)}, []string{}},
		{"After the first", incident.Filter{After: newID(t, codes.KindIncident, base, 1)}, []string{b, c}},
		{"Limit 1", incident.Filter{Limit: 1}, []string{a}},
	}
	for _, tc := range cases {
		got, err := s.Find(context.Background(), tc.filter)
		if err != nil {
			t.Fatalf("%s: Find: %v", tc.name, err)
		}
		ids := ids(got)
		if ids == nil {
			ids = []string{}
		}
		if diff := cmp.Diff(tc.want, ids); diff != "" {
			t.Errorf("%s: Find(%+v) ids (-want +got):\n%s", tc.name, tc.filter, diff)
		}
	}
}

// testFindPaging pages through the fixture with After and Limit, alone and
// under filters, and checks that every ticket comes exactly once, in id
// order.
func testFindPaging(t *testing.T, newStore func(*testing.T) incident.Store) {
	f := newFixture(t, newStore)
	filters := []struct {
		name   string
		filter incident.Filter
		keep   func(*incident.Ticket) bool
	}{
		{"all", incident.Filter{}, func(*incident.Ticket) bool { return true }},
		{"open", incident.Filter{NotStatuses: []codes.Status{codes.StatusClosed}}, func(t *incident.Ticket) bool { return t.Status != codes.StatusClosed }},
		{"in progress", incident.Filter{Statuses: []codes.Status{codes.StatusInProgress}}, func(t *incident.Ticket) bool { return t.Status == codes.StatusInProgress }},
		{"due", incident.Filter{DueBy: base.Add(6 * time.Hour)}, func(t *incident.Ticket) bool {
			return !t.NextDue.IsZero() && !t.NextDue.After(base.Add(6*time.Hour))
		}},
	}
	for _, fl := range filters {
		want := f.want(fl.keep, codes.ID{}, 0)
		for _, limit := range []int{1, 2, 7, len(want), len(want) + 1, 1000} {
			if limit == 0 {
				continue
			}
			t.Run(fmt.Sprintf("%s/Limit %d", fl.name, limit), func(t *testing.T) {
				got := []string{}
				filter := fl.filter
				filter.Limit = limit
				for pages := 0; ; pages++ {
					if pages > len(want)+1 {
						t.Fatalf("paging does not end: %d pages so far", pages)
					}
					page := f.find(t, filter)
					if len(page) > limit {
						t.Fatalf("a page of %d tickets, Limit %d", len(page), limit)
					}
					got = append(got, page...)
					if len(page) < limit {
						break
					}
					filter.After, _ = codes.ParseID(page[len(page)-1])
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("pages of %d (-want +got):\n%s", limit, diff)
				}
			})
		}
	}
}
