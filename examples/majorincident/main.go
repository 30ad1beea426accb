// Majorincident follows a P1 major incident through its first hour with the
// escalation engine running the default rules: who hears of it, when, and
// why; a mail server that fails for a minute; and the activity log that is
// the engine's ledger. The clock is simulated, so the program finishes at
// once and prints the same story every time.
//
// Run it with:
//
//	go run ./examples/majorincident
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "majorincident:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	beijing, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, beijing) // a Monday
	clock := func() time.Time { return now }

	// The default rules: the notification paths per priority, the ladder
	// (each rung's time counted from the rung before), the reassignment
	// count, the tier timeout and the end-of-day report, on China office
	// hours. The Desk checks them against its SLA policy and puts their
	// next moment on each ticket's NextDue, so the engine reads only the
	// tickets due.
	desk, err := incident.NewDesk(incident.Config{
		Store: memstore.New(), Location: beijing, Now: clock,
		Escalation: escalation.DefaultConfig(),
	})
	if err != nil {
		return err
	}

	// Mail goes out through a server that is down from 09:20 to 09:21.
	mailDown := false
	mail := escalation.NotifierFunc(func(_ context.Context, n escalation.Notification) error {
		if mailDown {
			fmt.Fprintf(w, "%s  mail server down: %s not sent\n", now.Format("15:04"), n.Rule)
			return errors.New("mail server down")
		}
		again := ""
		if n.Attempt > 0 {
			again = fmt.Sprintf(" (again, attempt %d)", n.Attempt+1)
		}
		fmt.Fprintf(w, "%s  mail %-24s level %d → %s%s\n", now.Format("15:04"), n.Rule, n.Level, strings.Join(n.Recipients, ", "), again)
		return nil
	})
	// The engine is built from the Desk: its store, clock and rules.
	engine, err := escalation.NewEngine(desk, escalation.EngineConfig{
		Notifier: mail,
		Directory: escalation.StaticDirectory{
			escalation.RoleIncidentManager:  {"zhao (incident manager)"},
			escalation.RoleTechnicalLead:    {"qian (network lead)"},
			escalation.RolePostOwner:        {"sun (network post)"},
			escalation.RoleCentreLeadership: {"li (centre head)"},
			escalation.RoleSupportLead:      {"zhou (support lead)"},
			escalation.RoleServiceManager:   {"wu (service manager)"},
			escalation.RoleServiceDirector:  {"zheng (service director)"},
			escalation.RoleExecutives:       {"wang (CIO)"},
		},
	})
	if err != nil {
		return err
	}

	say := func(format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", now.Format("15:04"), fmt.Sprintf(format, args...))
	}
	t, err := desk.Register(ctx, incident.Registration{
		Action: incident.Action{Actor: "desk.zhang"}, Summary: "Core switch down in the data centre",
		Source: codes.SourceMonitoring, Priority: codes.P1, Requester: "ma (trading floor)",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s  %s (P1), Monday 2025-11-17, Beijing time\n\n", t.ID, t.Summary)
	say("registered")

	// The engine ticks every minute; the people act at their moments.
	steps := map[int]func() error{
		3: func() error {
			_, err := desk.Assign(ctx, t.ID, incident.Assignment{Action: incident.Action{Actor: "desk.zhang"}, Group: "network", Assignee: "chen", Tier: codes.TierL2})
			say("assigned to chen (network, L2)")
			return err
		},
		12: func() error {
			_, err := desk.Start(ctx, t.ID, incident.Action{Actor: "chen"})
			say("chen starts work: responded, late")
			return err
		},
		20: func() error { mailDown = true; return nil },
		21: func() error { mailDown = false; return nil },
		50: func() error {
			_, err := desk.Resolve(ctx, t.ID, incident.Resolution{Action: incident.Action{Actor: "chen"}, Solution: "failed over to the standby switch", Closure: codes.ClosureL2})
			say("chen resolves it")
			return err
		},
	}
	for m := 0; m <= 70; m++ {
		now = time.Date(2025, 11, 17, 9, m, 0, 0, beijing)
		if step, ok := steps[m]; ok {
			if err := step(); err != nil {
				return err
			}
		}
		if _, err := engine.Tick(ctx); err != nil {
			return err
		}
	}

	_, log, err := desk.Get(ctx, t.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe engine's ledger in the activity log of %s:\n", t.ID)
	for _, e := range log {
		if e.Key != "" {
			fmt.Fprintf(w, "  %2d  %s  %-21s %s\n", e.Seq, e.At.Format("15:04"), e.Type, strings.TrimPrefix(e.Key, escalation.KeyPrefix+t.ID.String()+"/"))
		}
	}
	return nil
}
