package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
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

// The migrations as files, for a migration tool of the team's own: apply
// them in this order, each in a transaction, recording each in
// itsm_schema_version as Migrations says.
func ExampleMigrations() {
	fsys, err := sqlstore.Migrations(sqlstore.Postgres)
	if err != nil {
		panic(err)
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		fmt.Println(name)
	}
	// Output:
	// 001_tickets.sql
	// 002_open_alerts.sql
	// 003_checkpoint.sql
}

// A Store on a database Migrate never ran on says what to do.
func ExampleErrSchema() {
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
	store, err := sqlstore.Open(db, sqlstore.SQLite)
	if err != nil {
		panic(err)
	}
	_, err = store.Find(context.Background(), incident.Filter{})
	fmt.Println(errors.Is(err, sqlstore.ErrSchema))
	fmt.Println(err)
	// Output:
	// true
	// sqlstore: the sqlite database was never migrated (it has no itsm_schema_version table): run sqlstore.Migrate(ctx, db, sqlstore.SQLite) before using the Store
}
