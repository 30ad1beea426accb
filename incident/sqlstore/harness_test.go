package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/itsmkit/itsm/incident/sqlstore"
)

// postgresEnv names the variable that holds the URL of a PostgreSQL
// database the tests may create schemas in, such as
// postgres://postgres@127.0.0.1:5432/itsm?sslmode=disable. Without it the
// PostgreSQL tests skip.
const postgresEnv = "ITSM_TEST_POSTGRES_URL"

// database is an empty, migrated database of a test's own: a SQLite file,
// or a PostgreSQL schema. Each Open is one more client of it, as another
// process would be.
type database struct {
	driver, dsn string
	dialect     sqlstore.Dialect
}

// dialects are the databases the tests run on.
var dialects = []struct {
	name  string
	new   func(testing.TB) database // migrated
	empty func(testing.TB) database // not migrated
}{
	{"sqlite", newSQLite, emptySQLite},
	{"postgres", newPostgres, emptyPostgres},
}

// migrated returns d once Migrate has run on it.
func migrated(tb testing.TB, d database) database {
	tb.Helper()
	if err := sqlstore.Migrate(context.Background(), d.open(tb), d.dialect); err != nil {
		tb.Fatal(err)
	}
	return d
}

func newSQLite(tb testing.TB) database   { tb.Helper(); return migrated(tb, emptySQLite(tb)) }
func newPostgres(tb testing.TB) database { tb.Helper(); return migrated(tb, emptyPostgres(tb)) }

// open returns a new *sql.DB on the database, closed with tb.Cleanup.
func (d database) open(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open(d.driver, d.dsn)
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	tb.Cleanup(func() { db.Close() })
	return db
}

// store returns a Store on a new *sql.DB on the database.
func (d database) store(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	s, err := sqlstore.Open(d.open(tb), d.dialect)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// emptySQLite returns an SQLite database in a new file.
func emptySQLite(tb testing.TB) database {
	tb.Helper()
	return database{"sqlite", sqlstore.SQLiteDSN(filepath.Join(tb.TempDir(), "itsm.db")), sqlstore.SQLite}
}

var pgAdmin struct {
	once sync.Once
	db   *sql.DB
	err  error
}

// emptyPostgres returns a PostgreSQL schema of its own, dropped with
// tb.Cleanup, or skips tb when ITSM_TEST_POSTGRES_URL is not set.
func emptyPostgres(tb testing.TB) database {
	tb.Helper()
	skipWithoutPostgres(tb)
	dsn := os.Getenv(postgresEnv)
	pgAdmin.once.Do(func() {
		pgAdmin.db, pgAdmin.err = sql.Open("pgx", dsn)
		if pgAdmin.err == nil {
			pgAdmin.err = pgAdmin.db.Ping()
		}
	})
	if pgAdmin.err != nil {
		tb.Fatalf("%s: %v", postgresEnv, pgAdmin.err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s is not a URL: %v", postgresEnv, err)
	}
	ctx := context.Background()
	schema := "itsm_test_" + randomHex(tb)
	if _, err := pgAdmin.db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	// Registered first, so it runs after the databases' own cleanups
	// have closed them.
	tb.Cleanup(func() {
		if _, err := pgAdmin.db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return database{"pgx", u.String(), sqlstore.Postgres}
}

// skipWithoutPostgres skips tb, saying why, when ITSM_TEST_POSTGRES_URL is
// not set.
func skipWithoutPostgres(tb testing.TB) {
	tb.Helper()
	if os.Getenv(postgresEnv) == "" {
		tb.Skipf("PostgreSQL tests skipped: set %s to the URL of a database to run them (see the README)", postgresEnv)
	}
}

func randomHex(tb testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// scanRows returns every row of rows, each as its columns' values, and
// closes rows.
func scanRows(tb testing.TB, rows *sql.Rows) [][]any {
	tb.Helper()
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		tb.Fatal(err)
	}
	var all [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		all = append(all, vals)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return all
}
