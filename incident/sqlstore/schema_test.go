package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
	"github.com/itsmkit/itsm/incident/storetest"
)

// checkSchemaError checks that every operation of s fails with a
// *SchemaError matching ErrSchema, with the versions given, saying what to
// do.
func checkSchemaError(t *testing.T, s *sqlstore.Store, have int, advice string) {
	t.Helper()
	ctx := context.Background()
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	id, _ := codes.NewID(codes.KindIncident, day, 1)
	tk, log := storetest.NewTicket(t, storetest.Spec{ID: id, Created: day})
	_, _, loadErr := s.Load(ctx, id)
	_, findErr := s.Find(ctx, incident.Filter{})
	for op, err := range map[string]error{
		"Create": s.Create(ctx, tk, log),
		"Load":   loadErr,
		"Find":   findErr,
		"Write":  s.Write(ctx, func(incident.Tx) error { return nil }),
	} {
		var se *sqlstore.SchemaError
		if !errors.Is(err, sqlstore.ErrSchema) || !errors.As(err, &se) {
			t.Errorf("%s: %v, want ErrSchema", op, err)
			continue
		}
		if se.Have != have || se.Want != sqlstore.SchemaVersion {
			t.Errorf("%s: %+v, want schema %d of %d", op, se, have, sqlstore.SchemaVersion)
		}
		if !strings.Contains(err.Error(), advice) {
			t.Errorf("%s: %q does not say %q", op, err, advice)
		}
	}
}

// TestSchemaNeverMigrated: a Store on a database Migrate never ran on
// says so on its first use, and works once Migrate has run.
func TestSchemaNeverMigrated(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			dbase := d.empty(t)
			db := dbase.open(t)
			s, err := sqlstore.Open(db, dbase.dialect)
			if err != nil {
				t.Fatal(err)
			}
			checkSchemaError(t, s, 0, "never migrated (it has no itsm_schema_version table): run sqlstore.Migrate(ctx, db, sqlstore.")
			if err := sqlstore.Migrate(context.Background(), db, dbase.dialect); err != nil {
				t.Fatal(err)
			}
			if n, err := nextSeq(context.Background(), s, "IM", incident.Day{Year: 2026, Month: 3, Day: 2}); err != nil || n != 1 {
				t.Errorf("NextSeq after Migrate: %d, %v", n, err)
			}
		})
	}
}

// TestSchemaBehind: a database one migration behind, or ahead of the
// package, is refused.
func TestSchemaBehind(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dbase := d.empty(t)
			db := dbase.open(t)
			if err := sqlstore.MigrateTo(ctx, db, dbase.dialect, sqlstore.SchemaVersion-1); err != nil {
				t.Fatal(err)
			}
			s, err := sqlstore.Open(db, dbase.dialect)
			if err != nil {
				t.Fatal(err)
			}
			behind := fmt.Sprintf("at schema version %d, behind this package's %d: run sqlstore.Migrate(", sqlstore.SchemaVersion-1, sqlstore.SchemaVersion)
			checkSchemaError(t, s, sqlstore.SchemaVersion-1, behind)

			if err := sqlstore.Migrate(ctx, db, dbase.dialect); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, fmt.Sprintf("INSERT INTO itsm_schema_version (version, name) VALUES (%d, 'future')", sqlstore.SchemaVersion+1)); err != nil {
				t.Fatal(err)
			}
			s, err = sqlstore.Open(db, dbase.dialect)
			if err != nil {
				t.Fatal(err)
			}
			checkSchemaError(t, s, sqlstore.SchemaVersion+1, "newer than this package's")
		})
	}
}

// TestMigrationsFS: the files Migrations gives are the migrations Migrate
// records, in order, and applied by hand as the documentation tells a
// team with a migration tool of its own, they give a database the Store
// works on.
func TestMigrationsFS(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			fsys, err := sqlstore.Migrations(d.empty(t).dialect)
			if err != nil {
				t.Fatal(err)
			}
			entries, err := fs.ReadDir(fsys, ".")
			if err != nil {
				t.Fatal(err)
			}
			type file struct {
				version int
				name    string
			}
			var files []file
			for _, e := range entries {
				num, name, _ := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
				v, err := strconv.Atoi(num)
				if err != nil || len(num) != 3 || !strings.HasSuffix(e.Name(), ".sql") {
					t.Fatalf("%s is not named NNN_name.sql", e.Name())
				}
				files = append(files, file{v, name})
			}
			if len(files) != sqlstore.SchemaVersion {
				t.Errorf("%d files, want SchemaVersion %d", len(files), sqlstore.SchemaVersion)
			}

			// What Migrate records.
			migrated := d.new(t)
			rows, err := migrated.open(t).QueryContext(ctx, "SELECT version, name FROM itsm_schema_version ORDER BY version")
			if err != nil {
				t.Fatal(err)
			}
			var applied []file
			for rows.Next() {
				var f file
				if err := rows.Scan(&f.version, &f.name); err != nil {
					t.Fatal(err)
				}
				applied = append(applied, f)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(files, applied) {
				t.Errorf("the FS has %v, Migrate applied %v", files, applied)
			}

			// A tool of the team's own.
			by := d.empty(t)
			db := by.open(t)
			const create = "CREATE TABLE IF NOT EXISTS itsm_schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL)"
			for _, e := range entries {
				text, err := fs.ReadFile(fsys, e.Name())
				if err != nil {
					t.Fatal(err)
				}
				num, name, _ := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{create, string(text), "INSERT INTO itsm_schema_version (version, name) VALUES (" + num + ", '" + name + "')"} {
					if _, err := tx.ExecContext(ctx, q); err != nil {
						t.Fatalf("%s: %v", e.Name(), err)
					}
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := nextSeq(ctx, by.store(t), "IM", incident.Day{Year: 2026, Month: 3, Day: 2}); err != nil || n != 1 {
				t.Errorf("NextSeq on the database migrated by hand: %d, %v", n, err)
			}
		})
	}
	if _, err := sqlstore.Migrations(sqlstore.Dialect(0)); err == nil {
		t.Error("Migrations of the zero dialect: no error")
	}
}
