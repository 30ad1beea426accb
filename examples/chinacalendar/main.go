// Chinacalendar shows SLA deadlines on China's office calendar across the
// National Day holiday of 2025 (Golden Week, 1–8 October) and the make-up
// working days around it (调休上班: Sunday 28 September and Saturday
// 11 October are worked). Five incidents, P1 to P5, are opened on the last
// afternoon before the holiday; their deadlines, counted in office hours,
// skip the eight days off and count the make-up Saturday. Then the
// calendar is asked directly about that Saturday. The clock is simulated,
// so the program finishes at once and prints the same story every time.
//
// Run it with:
//
//	go run ./examples/chinacalendar
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "chinacalendar:", err)
		os.Exit(1)
	}
}

// Layouts of instants and dates, with the weekday (and the zone).
const (
	when = "Mon 2006-01-02 15:04 MST"
	day  = "Mon 2006-01-02"
)

func run(w io.Writer) error {
	ctx := context.Background()

	// China mainland office hours: Monday to Friday 09:00–12:00 and
	// 13:30–18:00 in Asia/Shanghai, with the State Council's days off and
	// make-up working days for the years the library knows.
	office, err := calendar.New(calendar.ChinaOffice())
	if err != nil {
		return err
	}
	beijing := office.Location()
	date := func(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, beijing) }
	heading := func(title string) {
		fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Repeat("-", len([]rune(title))))
	}

	fmt.Fprintf(w, "China office hours, %s: Mon–Fri 09:00–12:00 and 13:30–18:00\n", beijing)
	fmt.Fprintf(w, "holidays and make-up days known through %d\n", office.KnownThrough())

	heading("The State Council's notice for 2025")
	for _, n := range calendar.ChinaNotices() {
		if n.Year != 2025 {
			continue
		}
		for _, h := range n.Off {
			to := h.Date
			if h.To != (calendar.Date{}) {
				to = h.To
			}
			fmt.Fprintf(w, "  off   %s .. %s  %s\n", h.Date, to, h.Name)
		}
		for _, d := range n.Work {
			fmt.Fprintf(w, "  work  %s (%s)  调休上班: a make-up working day\n", d, d.Weekday())
		}
	}

	// The seed's SLA policy (response from assignment, counted day and
	// night; resolution from the start of work, counted in working time of
	// this calendar), goals per priority.
	cals := sla.DefaultCalendars()
	cals[sla.OfficeCalendar] = office
	policy, err := sla.New(sla.SeedConfig(), cals)
	if err != nil {
		return err
	}
	now := date(9, 30, 17, 30) // Tuesday, the last working afternoon before the holiday
	desk, err := incident.NewDesk(incident.Config{
		Store:    memstore.New(),
		Policy:   policy,
		Location: beijing,
		Now:      func() time.Time { return now },
	})
	if err != nil {
		return err
	}

	// goal returns the working time the policy allows a ticket for a
	// target: the goal of the rule that matches the ticket's history.
	goal := func(t *incident.Ticket, target string) (time.Duration, error) {
		_, log, err := desk.Get(ctx, t.ID)
		if err != nil {
			return 0, err
		}
		r, err := policy.Evaluate(incident.History(log), now)
		if err != nil {
			return 0, err
		}
		s, ok := r.Target(target)
		if !ok {
			return 0, fmt.Errorf("%s: no %s target applies", t.ID, target)
		}
		return s.Goal, nil
	}

	heading("Five incidents on the eve of Golden Week")
	reports := []struct {
		p       codes.Priority
		summary string
	}{
		{codes.P1, "Core trading system unavailable"},
		{codes.P2, "Member services portal failing for all members"},
		{codes.P3, "Office mail slow for the whole building"},
		{codes.P4, "Shared printer on floor 3 offline"},
		{codes.P5, "New monitor for desk 12"},
	}
	desk1 := incident.Action{Actor: "desk.zhang"}
	var tickets []*incident.Ticket
	for _, r := range reports {
		t, err := desk.Register(ctx, incident.Registration{Action: desk1, Summary: r.summary, Priority: r.p})
		if err != nil {
			return err
		}
		tickets = append(tickets, t)
	}
	fmt.Fprintf(w, "%s  registered:\n", now.Format(when))
	for _, t := range tickets {
		fmt.Fprintf(w, "  %s  %s  %s\n", t.ID, t.Priority, t.Summary)
	}

	// The response clock runs from assignment, day and night: the seed's
	// table marks only the resolution as working time.
	now = date(9, 30, 17, 40)
	fmt.Fprintf(w, "\n%s  assigned; the response (counted 24×7) is due:\n", now.Format(when))
	for i, t := range tickets {
		if tickets[i], err = desk.Assign(ctx, t.ID, incident.Assignment{Action: desk1, Group: "on call", Assignee: "wang"}); err != nil {
			return err
		}
		g, err := goal(tickets[i], sla.Response)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s  %-4s  %s\n", t.Priority, dur(g), tickets[i].PlannedResponse.Format(when))
	}

	// The resolution clock runs from the start of work. A wall clock would
	// put P1–P3 due that same evening and P4–P5 inside the holiday; office
	// hours carry them all past it, and count the make-up Saturday.
	now = date(9, 30, 17, 45)
	fmt.Fprintf(w, "\n%s  work starts; the resolution is due:\n", now.Format(when))
	fmt.Fprintf(w, "  %-2s  %-4s  %-26s  %s\n", "", "goal", "in office hours", "on a wall clock")
	for i, t := range tickets {
		if tickets[i], err = desk.Start(ctx, t.ID, incident.Action{Actor: "wang"}); err != nil {
			return err
		}
		g, err := goal(tickets[i], sla.Resolution)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s  %-4s  %-26s  %s\n", t.Priority, dur(g), tickets[i].PlannedResolution.Format(when), now.Add(g).Format(when))
	}

	// Where the P4's 24 working hours fall: 15 minutes on Tuesday, then
	// nothing until Thursday 9 October, and the make-up Saturday counts.
	p4 := tickets[3]
	fmt.Fprintf(w, "\nThe %s's 24h of office time, window by window:\n", p4.Priority)
	var total time.Duration
	for win, err := range office.Windows(now, p4.PlannedResolution) {
		if err != nil {
			return err
		}
		total += win.Duration()
		fmt.Fprintf(w, "  %s  %s–%s  %-6s (total %s)\n", win.Start.Format(day), win.Start.Format("15:04"), win.End.Format("15:04"), dur(win.Duration()), dur(total))
	}

	heading("Asking the calendar about the make-up days")
	// Holiday, IsWorking and OwnHours, as a caller sees them: a make-up day
	// is working time, no holiday, and works hours of its own.
	for _, q := range []struct {
		t    time.Time
		note string
	}{
		{date(9, 28, 10, 0), "make-up Sunday"},
		{date(10, 3, 10, 0), "National Day holiday"},
		{date(10, 11, 10, 0), "make-up Saturday"},
		{date(10, 11, 12, 30), "its lunch break"},
		{date(10, 12, 10, 0), "the Sunday after"},
		{date(10, 18, 10, 0), "an ordinary Saturday"},
	} {
		ok, err := office.IsWorking(q.t)
		if err != nil {
			return err
		}
		name, off := office.Holiday(q.t)
		line := fmt.Sprintf("  %s  %-20s  IsWorking %-5t  Holiday (%q, %t)", q.t.Format(when), q.note, ok, name, off)
		if own, _, special := office.OwnHours(q.t); special {
			line += fmt.Sprintf("  OwnHours %q", own)
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
	for _, q := range []struct {
		a, b time.Time
		note string
	}{
		{date(9, 30, 18, 0), date(10, 9, 9, 0), "eight days off"},
		{date(10, 10, 18, 0), date(10, 13, 9, 0), "the weekend of the make-up Saturday"},
		{date(10, 17, 18, 0), date(10, 20, 9, 0), "an ordinary weekend"},
	} {
		d, err := office.Between(q.a, q.b)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  Between %s and %s: %-6s %s\n", q.a.Format("Mon 01-02 15:04"), q.b.Format("Mon 01-02 15:04"), dur(d), q.note)
	}
	next, err := office.Next(date(9, 30, 18, 0))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  Next working instant after %s: %s\n", date(9, 30, 18, 0).Format("Mon 01-02 15:04"), next.Format(when))
	fmt.Fprint(w, "  Windows on Saturday 10-11:")
	for win, err := range office.Windows(date(10, 11, 0, 0), date(10, 12, 0, 0)) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, " %s–%s", win.Start.Format("15:04"), win.End.Format("15:04"))
	}
	fmt.Fprintln(w)
	return nil
}

// dur writes a duration without trailing zero units: 2h30m, 5m, 0s.
func dur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
