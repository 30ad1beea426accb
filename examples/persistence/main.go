// Persistence keeps tickets in a database instead of memory. An incident is
// registered, assigned, taken up, resolved and confirmed closed on SQLite,
// in one file in a temporary directory; then the program closes the
// database, opens it again with a fresh Store and Desk, as a restarted
// service would, and shows that the ticket, its SLA fields, its activity
// log and the day's id sequence all survived. The same runs on PostgreSQL
// when ITSM_POSTGRES_URL names a database, in a schema of its own that is
// dropped at the end. The clock is simulated, so the program prints the
// same story every time.
//
// Run it with:
//
//	go run ./examples/persistence
//	ITSM_POSTGRES_URL='postgres://user@localhost:5432/itsm?sslmode=disable' go run ./examples/persistence
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, "pgx"
	_ "modernc.org/sqlite"             // the SQLite driver, "sqlite", without cgo

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

// postgresEnv names the variable holding the URL of a PostgreSQL database
// the program may create a schema in.
const postgresEnv = "ITSM_POSTGRES_URL"

func main() {
	if err := run(os.Stdout, os.Getenv(postgresEnv)); err != nil {
		fmt.Fprintln(os.Stderr, "persistence:", err)
		os.Exit(1)
	}
}

// database is where a demo keeps its tickets: a driver, a data source name
// and the SQL dialect of the store.
type database struct {
	driver, dsn string
	dialect     sqlstore.Dialect
}

func run(w io.Writer, postgresURL string) error {
	ctx := context.Background()
	beijing, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}

	heading(w, "SQLite: tickets.db in a temporary directory")
	dir, err := os.MkdirTemp("", "itsm-persistence-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir) // also when the demo fails
	path := filepath.Join(dir, "tickets.db")
	// SQLiteDSN adds the settings the store needs: WAL, a busy timeout,
	// foreign keys and immediate transactions.
	if err := demo(ctx, w, beijing, database{"sqlite", sqlstore.SQLiteDSN(path), sqlstore.SQLite}); err != nil {
		return err
	}
	// The file and SQLite's journal beside it go with the directory.
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		return fmt.Errorf("%s is still there (%v)", path, err)
	}
	fmt.Fprintln(w, "removed tickets.db and its directory")

	fmt.Fprintln(w)
	if postgresURL == "" {
		fmt.Fprintf(w, "PostgreSQL skipped: set %s to the URL of a database to run the same there\n", postgresEnv)
		return nil
	}
	heading(w, "PostgreSQL: "+postgresEnv)
	return withSchema(ctx, w, postgresURL, func(dsn string) error {
		return demo(ctx, w, beijing, database{"pgx", dsn, sqlstore.Postgres})
	})
}

// demo runs the flow on db, then reads it back through a fresh Store.
func demo(ctx context.Context, w io.Writer, beijing *time.Location, db database) error {
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, beijing) // a Monday
	at := func(h, m int) { now = time.Date(2025, 11, 17, h, m, 0, 0, beijing) }
	clock := func() time.Time { return now }

	// The first run of the service: migrate the schema (run Migrate at
	// every start; it does nothing when the schema is up to date), open a
	// Store on the database and a Desk on the Store.
	conn, desk, err := open(ctx, db, beijing, clock)
	if err != nil {
		return err
	}
	defer conn.Close()
	step := func(what string, t *incident.Ticket) {
		fmt.Fprintf(w, "%s  %-9s %-12s version %d\n", now.Format("15:04"), what, t.Status, t.Version)
	}
	desk1 := incident.Action{Actor: "desk.zhang"}
	t, err := desk.Register(ctx, incident.Registration{
		Action: desk1, Summary: "Office mail slow for the whole building", Requester: "li.lei",
		Source: codes.SourcePhone, System: "intranet_mail", Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh,
	})
	if err != nil {
		return err
	}
	id := t.ID
	fmt.Fprintf(w, "%s  %s (%s)\n", id, t.Summary, t.Priority)
	step("register", t)
	at(9, 10)
	if t, err = desk.Assign(ctx, id, incident.Assignment{Action: desk1, Group: "mail", Assignee: "wang", Tier: codes.TierL1}); err != nil {
		return err
	}
	step("assign", t)
	at(9, 30)
	if t, err = desk.Start(ctx, id, incident.Action{Actor: "wang"}); err != nil {
		return err
	}
	step("start", t)
	at(13, 50)
	if t, err = desk.Resolve(ctx, id, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "Mail queue on mx-01 cleared, disk extended", Closure: codes.ClosureL1}); err != nil {
		return err
	}
	step("resolve", t)
	at(14, 30)
	if t, err = desk.Confirm(ctx, id, incident.Confirmation{Action: desk1, Satisfaction: codes.SatisfactionVeryGood}); err != nil {
		return err
	}
	step("confirm", t)
	if err := conn.Close(); err != nil {
		return err
	}
	fmt.Fprintln(w, "database closed")

	// The service starts again: a new connection, a new Store with nothing
	// cached, a new Desk.
	at(15, 0)
	conn, desk, err = open(ctx, db, beijing, clock)
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Fprintln(w, "database opened again with a fresh Store")
	t, log, err := desk.Get(ctx, id)
	if err != nil {
		return err
	}
	// Instants come back as the same instants, with their UTC offset
	// rather than a named zone: show them in the zone you want.
	bj := func(t time.Time) string { return t.In(beijing).Format("Mon 15:04 MST") }
	fmt.Fprintf(w, "\n%s  %s, %s, %s\n", t.ID, t.Status, t.Priority, t.Summary)
	fmt.Fprintf(w, "  assignee %s (%s), tier %s, closure %s, satisfaction %s, version %d\n", t.Assignee, t.Group, t.Tier, t.Closure, t.Satisfaction, t.Version)
	fmt.Fprintf(w, "  response   planned %s, actual %s, on time: %s\n", bj(t.PlannedResponse), bj(t.ActualResponse), t.RespondedOnTime)
	fmt.Fprintf(w, "  resolution planned %s, actual %s, on time: %s\n", bj(t.PlannedResolution), bj(t.ActualResolution), t.ResolvedOnTime)
	fmt.Fprintln(w, "  activity log:")
	for _, e := range log {
		what := string(e.Type)
		if e.Event != "" {
			what = string(e.Event)
		}
		fmt.Fprintf(w, "    %d  %s  %-10s %-9s → %s\n", e.Seq, bj(e.At), e.Actor, what, e.Status)
	}

	// The day's id sequence is in the database too: the next ticket of
	// the day is number 2.
	next, err := desk.Register(ctx, incident.Registration{Action: desk1, Summary: "Printer offline on floor 3", Priority: codes.P4})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the next ticket registered today is %s\n", next.ID)
	return conn.Close()
}

// open connects to db, brings its schema up to date and returns the
// connection and a Desk on a new Store.
func open(ctx context.Context, db database, loc *time.Location, clock func() time.Time) (*sql.DB, *incident.Desk, error) {
	conn, err := sql.Open(db.driver, db.dsn)
	if err != nil {
		return nil, nil, err
	}
	if err := sqlstore.Migrate(ctx, conn, db.dialect); err != nil {
		conn.Close()
		return nil, nil, err
	}
	store, err := sqlstore.Open(conn, db.dialect)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	desk, err := incident.NewDesk(incident.Config{Store: store, Location: loc, Now: clock})
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, desk, nil
}

// withSchema creates a schema of its own in the PostgreSQL database at
// pgURL, calls f with a data source name whose search_path is that schema,
// and drops the schema again, so that the demo leaves nothing behind.
func withSchema(ctx context.Context, w io.Writer, pgURL string, f func(dsn string) error) error {
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	if err := admin.PingContext(ctx); err != nil {
		return fmt.Errorf("%s: %w", postgresEnv, err)
	}
	// A new name every run; it is kept out of the output, which stays the
	// same.
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	schema := "itsm_example_" + hex.EncodeToString(b[:])
	// pgx takes run-time parameters such as search_path in both forms of
	// data source name: a URL's query, or a keyword=value list.
	dsn := pgURL + " search_path=" + schema
	if strings.HasPrefix(pgURL, "postgres://") || strings.HasPrefix(pgURL, "postgresql://") {
		u, err := url.Parse(pgURL)
		if err != nil {
			return fmt.Errorf("%s: %w", postgresEnv, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return err
	}
	fmt.Fprintln(w, "created a schema of the demo's own")
	err = f(dsn)
	if _, dropErr := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); dropErr != nil {
		return errors.Join(err, fmt.Errorf("dropping schema %s: %w", schema, dropErr))
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "dropped the demo's schema")
	return nil
}

func heading(w io.Writer, title string) {
	fmt.Fprintf(w, "%s\n%s\n", title, strings.Repeat("-", len([]rune(title))))
}
