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

// dialects are the databases the tests run on: each opens an empty,
// migrated database of its own for t, closed with t.Cleanup.
var dialects = []struct {
	name string
	open func(testing.TB) (*sql.DB, sqlstore.Dialect)
}{
	{"sqlite", openSQLite},
	{"postgres", openPostgres},
}

// openSQLite returns a migrated SQLite database in a new file.
func openSQLite(tb testing.TB) (*sql.DB, sqlstore.Dialect) {
	tb.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(tb.TempDir(), "itsm.db")))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	tb.Cleanup(func() { db.Close() })
	if err := sqlstore.Migrate(context.Background(), db, sqlstore.SQLite); err != nil {
		tb.Fatal(err)
	}
	return db, sqlstore.SQLite
}

var pgAdmin struct {
	once sync.Once
	db   *sql.DB
	err  error
}

// openPostgres returns a migrated PostgreSQL schema of its own, dropped
// with tb.Cleanup, or skips tb when ITSM_TEST_POSTGRES_URL is not set.
func openPostgres(tb testing.TB) (*sql.DB, sqlstore.Dialect) {
	tb.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		tb.Skipf("PostgreSQL tests skipped: set %s to the URL of a database to run them (see the README)", postgresEnv)
	}
	pgAdmin.once.Do(func() {
		pgAdmin.db, pgAdmin.err = sql.Open("pgx", dsn)
		if pgAdmin.err == nil {
			pgAdmin.err = pgAdmin.db.Ping()
		}
	})
	if pgAdmin.err != nil {
		tb.Fatalf("%s: %v", postgresEnv, pgAdmin.err)
	}
	ctx := context.Background()
	schema := "itsm_test_" + randomHex(tb)
	if _, err := pgAdmin.db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s is not a URL: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	tb.Cleanup(func() {
		db.Close()
		if _, err := pgAdmin.db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	if err := sqlstore.Migrate(ctx, db, sqlstore.Postgres); err != nil {
		tb.Fatal(err)
	}
	return db, sqlstore.Postgres
}

func randomHex(tb testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// openStore returns a Store on a database open returns.
func openStore(tb testing.TB, open func(testing.TB) (*sql.DB, sqlstore.Dialect)) *sqlstore.Store {
	tb.Helper()
	db, d := open(tb)
	s, err := sqlstore.Open(db, d)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
