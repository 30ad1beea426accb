// Kpireport simulates a month at a service desk — November 2025 in
// Beijing, a few hundred incidents of every priority — and reports the key
// indicators of incident management on it: how many were closed, and
// closed successfully; how many overran their resolution deadline; how
// long a response and a resolution took; how many the service desk solved
// itself; how many were solved the first time; how many went to a vendor,
// and how long the vendor took; how satisfied the requesters were. Each
// figure comes for the whole month, per priority and per group.
//
// The month is played on the embedded in-memory store with a simulated
// clock: every registration, assignment, escalation, resolution,
// confirmation and rejection is a real command of the Desk. Calls come in
// from 08:00 to 19:00, days off included; the work on them is done in
// office hours (China's office calendar decides when people work). The
// program finishes in a moment and prints the same report every time.
//
// Run it with:
//
//	go run ./examples/kpireport
package main

import (
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/kpi"
	"github.com/itsmkit/itsm/incident/memstore"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kpireport:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	office := calendar.Must(calendar.New(calendar.ChinaOffice()))
	loc := office.Location()
	from := time.Date(2025, 11, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 1, 0)

	store := memstore.New()
	s := &sim{ctx: ctx, office: office, rng: rand.New(rand.NewPCG(2025, 11)), now: from}
	desk, err := incident.NewDesk(incident.Config{
		Store:    store,
		Location: loc,
		Now:      func() time.Time { return s.now },
	})
	if err != nil {
		return err
	}
	s.desk = desk
	if err := s.month(from, to); err != nil {
		return err
	}

	heading(w, "A month at the service desk: November 2025, Beijing")
	fmt.Fprintf(w, "%d incidents registered, %d of them duplicates of another\n", s.registered, s.duplicates)
	fmt.Fprintf(w, "%d resolved by the service desk at once, %d escalated to L2, %d of those to a vendor (L3)\n", s.atDesk, s.toL2, s.toL3)
	fmt.Fprintf(w, "%d resolutions rejected by the requester and continued as a new ticket\n", s.rejected)
	fmt.Fprintf(w, "%d still open when the month ended\n", s.registered-s.closed)

	// The report: every ticket registered in November, read from the
	// store a page at a time, with the month's end as the instant at which
	// overdue tickets still unresolved are counted.
	rep, err := kpi.Compute(ctx, store, kpi.Options{
		From:    from,
		To:      to,
		GroupBy: []kpi.Dimension{kpi.ByPriority, kpi.ByGroup},
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	heading(w, "The key indicators (kpi.Report.WriteText)")
	if err := rep.WriteText(w); err != nil {
		return err
	}

	// The same figures are plain data for a program.
	fmt.Fprintln(w)
	heading(w, "Read from Go")
	t := &rep.Total
	pct := func(sh kpi.Share) string {
		r, ok := sh.Rate()
		if !ok {
			return "no data"
		}
		return fmt.Sprintf("%.1f%%", 100*r)
	}
	fmt.Fprintf(w, "successfully closed     %d of %d tickets (%s)\n", t.Successful.Count, t.Successful.Of, pct(t.Successful))
	fmt.Fprintf(w, "never reopened          %s (first-time resolution); resolved by the service desk %s\n", pct(t.FirstTime), pct(t.ServiceDesk))
	fmt.Fprintf(w, "overdue                 %d resolved late, %d past due and unresolved at the month's end\n", t.Overdue.Count, t.OverdueUnresolved)
	fmt.Fprintf(w, "mean resolution         %s from registration; a vendor's %s from the hand-over to L3\n", mean(t.Resolution), mean(t.ThirdParty))
	for _, b := range rep.Breakdowns {
		if b.By != kpi.ByPriority {
			continue
		}
		for _, r := range b.Rows {
			fmt.Fprintf(w, "  %s: %3d tickets, mean response %6s, mean resolution %7s\n", r.Key, r.Tickets, mean(r.Response), mean(r.Resolution))
		}
	}

	// For a spreadsheet: CSV, the total and one row per key of each
	// breakdown, ratios and seconds.
	fmt.Fprintln(w)
	heading(w, "CSV (kpi.Report.WriteCSV), the first lines")
	var csv strings.Builder
	if err := rep.WriteCSV(&csv); err != nil {
		return err
	}
	n := 0
	for line := range strings.Lines(csv.String()) {
		if n++; n > 3 {
			break
		}
		fmt.Fprint(w, line)
	}

	// For a dashboard: JSON, rates and means null where there is no data.
	fmt.Fprintln(w)
	heading(w, "JSON (encoding/json), two figures of the total")
	for _, v := range []any{t.Closed, t.ThirdParty} {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, string(b))
	}
	return nil
}

// mean writes a mean time in hours and minutes (38h41m, 26m), or "-" when
// no ticket has the time.
func mean(a kpi.Average) string {
	if a.Count == 0 {
		return "-"
	}
	d := a.Mean.Round(time.Minute)
	if d < time.Hour {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return fmt.Sprintf("%dh%02dm", d/time.Hour, d%time.Hour/time.Minute)
}

func heading(w io.Writer, s string) {
	fmt.Fprintln(w, s)
	fmt.Fprintln(w, strings.Repeat("-", len([]rune(s))))
}

// A team: its group, its people and the tier it works at.
type team struct {
	group  string
	people []string
	tier   codes.Tier
}

var (
	desk    = team{"servicedesk", []string{"desk.zhang", "desk.li"}, codes.TierServiceDesk}
	l2      = team{"platform", []string{"sun", "zhou"}, codes.TierL2}
	vendors = team{"vendor", []string{"hp.liu"}, codes.TierL3}
	// The L1 team each category goes to.
	byCategory = []struct {
		category codes.Category
		summary  string
		team     team
	}{
		{"software.application", "OA approvals fail", team{"apps", []string{"chen", "王伟"}, codes.TierL1}},
		{"software.system.database", "reports time out", team{"database", []string{"qian"}, codes.TierL1}},
		{"software.system.os", "server disk full", team{"apps", []string{"chen", "王伟"}, codes.TierL1}},
		{"hardware.network.switch", "floor 3 network down", team{"network", []string{"zhao", "李娜"}, codes.TierL1}},
	}
	requesters = []string{"li.lei", "han.mei", "wu.fan", "ma.li", "guo.jing"}
)

// sim plays the month: a queue of events in time order, each a command of
// the Desk at its instant, scheduling the ticket's next step.
type sim struct {
	ctx    context.Context
	desk   *incident.Desk
	office *calendar.Calendar
	rng    *rand.Rand
	now    time.Time
	q      events
	seq    int

	open []codes.ID // recent tickets, for duplicates to point at

	registered, duplicates, atDesk, toL2, toL3, rejected, closed int
}

type event struct {
	at  time.Time
	seq int // ties keep the order of scheduling
	do  func() error
}

type events []*event

func (q events) Len() int { return len(q) }
func (q events) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q events) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *events) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *events) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// at schedules do at t.
func (s *sim) at(t time.Time, do func() error) {
	s.seq++
	heap.Push(&s.q, &event{at: t, seq: s.seq, do: do})
}

// after returns the instant d of office time after the current one, with a
// random spread of up to half of d either way.
func (s *sim) after(d time.Duration) time.Time {
	d = d/2 + time.Duration(s.rng.Int64N(int64(d)+1))
	t, err := s.office.Add(s.now, max(d, time.Minute))
	if err != nil {
		panic(err) // November 2025 is inside the calendar's years
	}
	return t
}

func (s *sim) pick(xs []string) string { return xs[s.rng.IntN(len(xs))] }

// month registers the month's incidents and plays every event before to.
func (s *sim) month(from, to time.Time) error {
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		n := 2 // a quiet day off: monitoring and the odd call
		if working, _ := s.office.IsWorking(day.Add(10 * time.Hour)); working {
			n = 10 + s.rng.IntN(8)
		}
		for range n {
			at := day.Add(8*time.Hour + time.Duration(s.rng.IntN(11*60))*time.Minute)
			s.at(at, s.register)
		}
	}
	for s.q.Len() > 0 {
		e := heap.Pop(&s.q).(*event)
		if !e.at.Before(to) {
			break // the month is over: what is open stays open
		}
		s.now = e.at
		if err := e.do(); err != nil {
			return fmt.Errorf("%s: %w", e.at.Format("01-02 15:04"), err)
		}
	}
	return nil
}

var priorities = []struct {
	p      codes.Priority
	weight int
	assign time.Duration // office time before a team takes it
	fix    time.Duration // office time the fix takes
}{
	{codes.P1, 2, 5 * time.Minute, 45 * time.Minute},
	{codes.P2, 5, 10 * time.Minute, 40 * time.Minute},
	{codes.P3, 38, 20 * time.Minute, 3 * time.Hour},
	{codes.P4, 35, 40 * time.Minute, 10 * time.Hour},
	{codes.P5, 20, 90 * time.Minute, 20 * time.Hour},
}

func (s *sim) register() error {
	roll := s.rng.IntN(100)
	i := 0
	for acc := priorities[0].weight; roll >= acc; acc += priorities[i].weight {
		i++
	}
	pr := priorities[i]
	c := byCategory[s.rng.IntN(len(byCategory))]
	registrar := s.pick(desk.people)
	t, err := s.desk.Register(s.ctx, incident.Registration{
		Action:    incident.Action{Actor: registrar},
		Summary:   c.summary,
		Requester: s.pick(requesters),
		Source:    codes.SourcePhone,
		Priority:  pr.p,
		Category:  c.category,
	})
	if err != nil {
		return err
	}
	s.registered++
	id := t.ID

	// A second call about a fault already reported: marked, then closed.
	if len(s.open) > 0 && s.rng.IntN(100) < 4 {
		of := s.open[s.rng.IntN(len(s.open))]
		s.at(s.after(10*time.Minute), func() error {
			act := incident.Action{Actor: registrar}
			if _, err := s.desk.MarkDuplicate(s.ctx, id, of, act); err != nil {
				return err
			}
			_, err := s.desk.Close(s.ctx, id, incident.Closing{Action: act, Closure: codes.ClosureRejected, Reason: "duplicate of " + of.String()})
			s.duplicates++
			s.closed++
			return err
		})
		return nil
	}
	s.open = append(s.open, id)
	if len(s.open) > 30 {
		s.open = s.open[1:]
	}

	// A fifth of the calls the service desk solves on the phone.
	if s.rng.IntN(5) == 0 {
		s.atDesk++
		s.at(s.after(5*time.Minute), func() error {
			act := incident.Action{Actor: registrar}
			if _, err := s.desk.Assign(s.ctx, id, incident.Assignment{Action: act, Group: desk.group, Assignee: registrar, Tier: desk.tier}); err != nil {
				return err
			}
			if _, err := s.desk.Start(s.ctx, id, act); err != nil {
				return err
			}
			s.at(s.after(20*time.Minute), func() error { return s.resolve(id, registrar, codes.ClosureServiceDesk, pr.fix) })
			return nil
		})
		return nil
	}
	s.at(s.after(pr.assign), func() error {
		who := s.pick(c.team.people)
		act := incident.Action{Actor: registrar}
		if _, err := s.desk.Assign(s.ctx, id, incident.Assignment{Action: act, Group: c.team.group, Assignee: who, Tier: c.team.tier}); err != nil {
			return err
		}
		s.at(s.after(pr.assign/2), func() error { return s.work(id, who, registrar, pr.fix) })
		return nil
	})
	return nil
}

// work starts work on a ticket, which then goes up the tiers or is resolved.
func (s *sim) work(id codes.ID, who, registrar string, fix time.Duration) error {
	if _, err := s.desk.Start(s.ctx, id, incident.Action{Actor: who}); err != nil {
		return err
	}
	if s.rng.IntN(100) < 15 { // beyond L1: to the platform team
		s.at(s.after(fix/2), func() error {
			s.toL2++
			next := s.pick(l2.people)
			if _, err := s.desk.Escalate(s.ctx, id, incident.Assignment{Action: incident.Action{Actor: who}, Group: l2.group, Assignee: next}); err != nil {
				return err
			}
			if s.rng.IntN(100) < 25 { // beyond the platform team: the vendor
				s.at(s.after(fix/2), func() error {
					s.toL3++
					v := s.pick(vendors.people)
					if _, err := s.desk.Escalate(s.ctx, id, incident.Assignment{Action: incident.Action{Actor: next}, Group: vendors.group, Assignee: v}); err != nil {
						return err
					}
					s.at(s.after(time.Hour), func() error { return s.take(id, v, 4*fix, codes.ClosureL3) })
					return nil
				})
				return nil
			}
			s.at(s.after(20*time.Minute), func() error { return s.take(id, next, fix, codes.ClosureL2) })
			return nil
		})
		return nil
	}
	s.at(s.after(fix), func() error { return s.resolve(id, who, codes.ClosureL1, fix) })
	return nil
}

// take starts work again at a new tier (a hand-over leaves a ticket
// assigned) and resolves it after fix.
func (s *sim) take(id codes.ID, who string, fix time.Duration, closure codes.ClosureCode) error {
	if _, err := s.desk.Start(s.ctx, id, incident.Action{Actor: who}); err != nil {
		return err
	}
	s.at(s.after(fix), func() error { return s.resolve(id, who, closure, fix) })
	return nil
}

// resolve resolves a ticket; its registrar later confirms it, or now and
// then rejects it and the work goes on in a new ticket.
func (s *sim) resolve(id codes.ID, who string, closure codes.ClosureCode, fix time.Duration) error {
	if s.rng.IntN(100) < 5 { // the root cause needs a problem record
		closure = codes.ClosureSuccessWithProblem
	}
	t, err := s.desk.Resolve(s.ctx, id, incident.Resolution{Action: incident.Action{Actor: who}, Solution: "fixed", Closure: closure})
	if err != nil {
		return err
	}
	registrar := t.Registrar
	s.at(s.after(2*time.Hour), func() error {
		act := incident.Action{Actor: registrar}
		if s.rng.IntN(100) < 6 {
			s.rejected++
			s.closed++
			_, again, err := s.desk.Reject(s.ctx, id, act, "still failing")
			if err != nil {
				return err
			}
			s.registered++
			s.at(s.after(30*time.Minute), func() error { return s.work(again.ID, again.Assignee, registrar, fix) })
			return nil
		}
		sat := codes.SatisfactionVeryGood
		switch r := s.rng.IntN(10); {
		case r >= 9:
			sat = codes.SatisfactionNeedsImprovement
		case r >= 6:
			sat = codes.SatisfactionNormal
		}
		s.closed++
		_, err := s.desk.Confirm(s.ctx, id, incident.Confirmation{Action: act, Satisfaction: sat})
		return err
	})
	return nil
}
