// Quickstart runs the main flow of incident management on the embedded
// in-memory store: an incident is registered, assigned, taken up, resolved
// and confirmed closed, and at each step the SLA's deadlines and on-time
// flags are printed. The clock is simulated, so the program finishes at
// once and prints the same story every time.
//
// Run it with:
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	beijing, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	// A simulated clock: each step sets the time it happens.
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, beijing) // a Monday
	at := func(h, m int) { now = time.Date(2025, 11, 17, h, m, 0, 0, beijing) }

	// The Desk with its defaults: seed 000's workflow, and its SLA targets
	// (response from assignment, resolution from the start of work) counted
	// in China office hours, 09:00–12:00 and 13:30–18:00.
	desk, err := incident.NewDesk(incident.Config{
		Store:    memstore.New(),
		Location: beijing, // ids are numbered by the Beijing date
		Now:      func() time.Time { return now },
	})
	if err != nil {
		return err
	}
	show := func(step string, t *incident.Ticket) {
		fmt.Fprintf(w, "%s  %-9s %s\n", now.Format("15:04"), step, t.Status)
	}
	due := func(what string, planned time.Time, on incident.OnTime) {
		switch on {
		case incident.OnTimeYes:
			fmt.Fprintf(w, "                 %s met (due %s)\n", what, planned.Format("15:04"))
		case incident.OnTimeNo:
			fmt.Fprintf(w, "                 %s missed (due %s)\n", what, planned.Format("15:04"))
		default:
			fmt.Fprintf(w, "                 %s due %s\n", what, planned.Format("15:04"))
		}
	}

	// The service desk registers what the user reports; impact and urgency
	// give the priority.
	t, err := desk.Register(ctx, incident.Registration{
		Action:    incident.Action{Actor: "desk.zhang"},
		Summary:   "Office mail slow for the whole building",
		Requester: "li.lei",
		Source:    codes.SourcePhone,
		System:    "intranet_mail",
		Impact:    codes.ImpactMedium,
		Urgency:   codes.UrgencyHigh,
	})
	if err != nil {
		return err
	}
	level, err := codes.DefaultTables().Priorities().Lookup(t.Priority)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s  %s (%s, %s / %s)\n", t.ID, t.Summary, t.Priority, level.Name.ZH, level.Name.EN)
	fmt.Fprintf(w, "Monday %s, Beijing time\n\n", now.Format("2006-01-02"))
	show("register", t)

	at(9, 10)
	t, err = desk.Assign(ctx, t.ID, incident.Assignment{
		Action: incident.Action{Actor: "desk.zhang"}, Group: "mail", Assignee: "wang", Tier: codes.TierL1,
	})
	if err != nil {
		return err
	}
	show("assign", t)
	due("response", t.PlannedResponse, t.RespondedOnTime)
	fmt.Fprintf(w, "                 next due %s (80%% warning)\n", t.NextDue.Format("15:04"))

	at(9, 30)
	if t, err = desk.Start(ctx, t.ID, incident.Action{Actor: "wang"}); err != nil {
		return err
	}
	show("start", t)
	due("response", t.PlannedResponse, t.RespondedOnTime)
	due("resolution", t.PlannedResolution, t.ResolvedOnTime)
	// The 3 hours of a P3 count office time only: the lunch break is not.
	if office, ok := desk.Policy().Calendar(sla.OfficeCalendar); ok {
		fmt.Fprint(w, "                 counted in")
		for win, err := range office.Windows(now, t.PlannedResolution) {
			if err != nil {
				return err
			}
			fmt.Fprintf(w, " %s–%s", win.Start.Format("15:04"), win.End.Format("15:04"))
		}
		fmt.Fprintln(w)
	}

	// Resolving needs a solution and a closure code: the workflow refuses
	// without them, and writes nothing.
	at(13, 50)
	if _, err := desk.Resolve(ctx, t.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}}); err != nil {
		fmt.Fprintf(w, "%s  resolve   refused: %v\n", now.Format("15:04"), err)
	}
	t, err = desk.Resolve(ctx, t.ID, incident.Resolution{
		Action:   incident.Action{Actor: "wang"},
		Solution: "Mail queue backed up on mx-01; cleared it and extended the disk",
		Closure:  codes.ClosureL1,
	})
	if err != nil {
		return err
	}
	show("resolve", t)
	due("resolution", t.PlannedResolution, t.ResolvedOnTime)

	// Whoever opened the ticket closes it, once the user confirms.
	at(14, 30)
	t, err = desk.Confirm(ctx, t.ID, incident.Confirmation{
		Action: incident.Action{Actor: "desk.zhang"}, Satisfaction: codes.SatisfactionVeryGood,
	})
	if err != nil {
		return err
	}
	show("confirm", t)

	_, log, err := desk.Get(ctx, t.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nActivity log of %s:\n", t.ID)
	for _, e := range log {
		what := string(e.Type)
		if e.Event != "" {
			what = string(e.Event)
		}
		fmt.Fprintf(w, "  %d  %s  %-10s %-9s", e.Seq, e.At.Format("15:04"), e.Actor, what)
		if e.Status != "" {
			fmt.Fprintf(w, " → %s", e.Status)
		}
		fmt.Fprintln(w)
	}
	return nil
}
