package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

// A Desk on a SQLite file: migrate, open, register and assign a ticket,
// and ask what is due.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "itsm-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(dir, "tickets.db")))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite); err != nil {
		panic(err)
	}
	store, err := sqlstore.Open(db, sqlstore.SQLite)
	if err != nil {
		panic(err)
	}

	now := time.Date(2025, 11, 17, 9, 0, 0, 0, shanghai)
	desk, err := incident.NewDesk(incident.Config{Store: store, Location: shanghai, Now: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	t, err := desk.Register(ctx, incident.Registration{
		Action: incident.Action{Actor: "desk"}, Summary: "Office mail slow",
		Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh,
	})
	if err != nil {
		panic(err)
	}
	t, err = desk.Assign(ctx, t.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"})
	if err != nil {
		panic(err)
	}
	fmt.Println(t.ID, t.Status, t.Priority, "version", t.Version)

	// The escalation engine's question: what is due by then?
	due, err := store.Find(ctx, incident.Filter{DueBy: t.NextDue})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(due), "due at", due[0].NextDue.In(shanghai).Format("15:04"))
	// Output:
	// IM251117000001 assigned P3 version 2
	// 1 due at 09:24
}
