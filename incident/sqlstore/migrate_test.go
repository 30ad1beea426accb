package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
	"github.com/itsmkit/itsm/incident/storetest"
)

// TestMigrate runs Migrate again on migrated databases, several at once:
// nothing changes, and the schema version is recorded once. A database
// with a newer schema is refused.
func TestMigrate(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dbase := d.new(t)
			db := dbase.open(t)
			s, err := sqlstore.Open(db, dbase.dialect)
			if err != nil {
				t.Fatal(err)
			}
			n, err := nextSeq(ctx, s, "IM", incident.Day{Year: 2026, Month: 3, Day: 2})
			if err != nil || n != 1 {
				t.Fatalf("NextSeq: %d, %v", n, err)
			}
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					if err := sqlstore.Migrate(ctx, dbase.open(t), dbase.dialect); err != nil {
						t.Errorf("Migrate again: %v", err)
					}
				})
			}
			wg.Wait()
			var versions, top int
			if err := db.QueryRow("SELECT count(*), max(version) FROM itsm_schema_version").Scan(&versions, &top); err != nil {
				t.Fatal(err)
			}
			if versions != sqlstore.SchemaVersion || top != sqlstore.SchemaVersion {
				t.Errorf("itsm_schema_version: %d rows up to %d, want %d", versions, top, sqlstore.SchemaVersion)
			}
			// The data is still there.
			if n, err := nextSeq(ctx, s, "IM", incident.Day{Year: 2026, Month: 3, Day: 2}); err != nil || n != 2 {
				t.Errorf("NextSeq after Migrate: %d, %v; want 2", n, err)
			}

			if _, err := db.Exec(fmt.Sprintf("INSERT INTO itsm_schema_version (version, name) VALUES (%d, 'future')", sqlstore.SchemaVersion+1)); err != nil {
				t.Fatal(err)
			}
			if err := sqlstore.Migrate(ctx, db, dbase.dialect); err == nil {
				t.Error("Migrate of a database with a newer schema: no error")
			}
		})
	}
}

// nextSeq takes a number in a Write of its own.
func nextSeq(ctx context.Context, s incident.Store, kind codes.Kind, day incident.Day) (int, error) {
	var n int
	err := s.Write(ctx, func(tx incident.Tx) error {
		var err error
		n, err = tx.NextSeq(kind, day)
		return err
	})
	return n, err
}

// TestDialectInvalid: Migrate and Open refuse a dialect they do not know.
func TestDialectInvalid(t *testing.T) {
	for _, d := range []sqlstore.Dialect{sqlstore.Dialect(0), sqlstore.Dialect(9)} {
		if err := sqlstore.Migrate(context.Background(), nil, d); err == nil {
			t.Errorf("Migrate with dialect %v: no error", d)
		}
		if _, err := sqlstore.Open(new(sql.DB), d); err == nil {
			t.Errorf("Open with dialect %v: no error", d)
		}
	}
}

// sqliteErr is an error with an SQLite extended result code, as
// modernc.org/sqlite's are.
type sqliteErr int

func (e sqliteErr) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e sqliteErr) Code() int     { return int(e) }

// TestClassify checks the translation of driver errors to the Store's
// sentinels.
func TestClassify(t *testing.T) {
	cases := []struct {
		err  error
		want error
	}{
		{&pgconn.PgError{Code: "23505"}, incident.ErrExists},
		{&pgconn.PgError{Code: "40001"}, incident.ErrConflict},
		{&pgconn.PgError{Code: "40P01"}, incident.ErrConflict},
		{&pgconn.PgError{Code: "42P01"}, nil},
		{fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: "23505"}), incident.ErrExists},
		{sqliteErr(1555), incident.ErrExists}, // SQLITE_CONSTRAINT_PRIMARYKEY
		{sqliteErr(2067), incident.ErrExists}, // SQLITE_CONSTRAINT_UNIQUE
		{sqliteErr(787), nil},                 // SQLITE_CONSTRAINT_FOREIGNKEY
		{sqliteErr(5), incident.ErrConflict},  // SQLITE_BUSY
		{sqliteErr(517), incident.ErrConflict},
		{sqliteErr(6), incident.ErrConflict}, // SQLITE_LOCKED
		{errors.New("other"), nil},
	}
	for _, c := range cases {
		if got := sqlstore.Classify(c.err); got != c.want {
			t.Errorf("classify(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// TestMigrateOpenAlerts brings a database of schema 1 holding tickets to
// schema 2: a closed ticket gets its Closed from its last change, and open
// duplicates of one alert, which schema 1 allowed, do not stop the
// migration; the oldest holds the alert, the others stay as they were.
func TestMigrateOpenAlerts(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dbase := d.empty(t)
			db := dbase.open(t)
			if err := sqlstore.MigrateTo(ctx, db, dbase.dialect, 1); err != nil {
				t.Fatal(err)
			}
			day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			closedAt := day.Add(5 * time.Hour)
			const key = "db1/disk-full"
			rows := []struct {
				status codes.Status
				key    string
			}{
				{codes.StatusClosed, key},     // 1: closed before
				{codes.StatusInProgress, key}, // 2: the open ticket
				{codes.StatusAssigned, key},   // 3: an open duplicate
				{codes.StatusRegistered, ""},  // 4: no alert
			}
			for i, r := range rows {
				id, _ := codes.NewID(codes.KindIncident, day, i+1)
				tk := &incident.Ticket{ID: id, Status: r.status, Source: codes.SourceMonitoring, ExternalKey: r.key,
					Priority: codes.P3, Summary: "disk full", Created: day, Updated: day.Add(time.Hour)}
				if r.status == codes.StatusClosed {
					tk.Updated = closedAt
				}
				body, err := json.Marshal(tk)
				if err != nil {
					t.Fatal(err)
				}
				q := `INSERT INTO itsm_tickets (id, status, priority, source, external_key, grp, assignee, created, next_due, version, log_len, body)
					VALUES ('` + id.String() + `', '` + string(r.status) + `', 3, 'monitoring', '` + r.key + `', '', '', ` + fmt.Sprint(day.UnixMicro()) + `, NULL, 1, 0, '` + string(body) + `')`
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := sqlstore.Migrate(ctx, db, dbase.dialect); err != nil {
				t.Fatalf("Migrate of a database with open duplicates: %v", err)
			}
			s, err := sqlstore.Open(db, dbase.dialect)
			if err != nil {
				t.Fatal(err)
			}
			id := func(n int) codes.ID { id, _ := codes.NewID(codes.KindIncident, day, n); return id }
			old, _, err := s.Load(ctx, id(1))
			if err != nil || !old.Closed.Equal(closedAt) {
				t.Errorf("the closed ticket: Closed %v, %v; want %v", old.Closed, err, closedAt)
			}
			for _, n := range []int{2, 3} {
				if tk, _, err := s.Load(ctx, id(n)); err != nil || !tk.Closed.IsZero() {
					t.Errorf("open ticket %d: Closed %v, %v; want open", n, tk.Closed, err)
				}
			}
			// The oldest open ticket holds the alert.
			next, log := storetest.NewTicket(t, storetest.Spec{ID: id(5), Created: day, Source: codes.SourceMonitoring, ExternalKey: key})
			var ao *incident.AlertOpenError
			if err := s.Create(ctx, next, log); !errors.As(err, &ao) || ao.Open != id(2) {
				t.Fatalf("Create of the alert after the migration: %v, want it open as %s", err, id(2))
			}
			// Once it closes, the alert opens again, the duplicate aside.
			holder, _, _ := s.Load(ctx, id(2))
			holder.Status, holder.Closed = codes.StatusClosed, day.Add(6*time.Hour)
			if err := s.Save(ctx, holder, nil, holder.Version); err != nil {
				t.Fatal(err)
			}
			if err := s.Create(ctx, next, log); err != nil {
				t.Errorf("Create of the alert after its ticket closed: %v", err)
			}
		})
	}
}
