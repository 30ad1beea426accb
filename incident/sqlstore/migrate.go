package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// The numbered migrations of each dialect, applied in order: NNN_name.sql.
//
//go:embed migrations
var migrationFS embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// Migrations returns the SQL files Migrate applies to a database of
// dialect, for teams whose own migration tool (goose, Atlas, Flyway, ...)
// applies them instead. The files are at the root of the fs.FS, named
// NNN_name.sql (001_tickets.sql, 002_open_alerts.sql, ...) and numbered
// from 001 without gaps; apply them in the order of their numbers, each in
// a transaction of its own, and never change one once applied: a new
// version of the package adds files, it does not edit them. The files are
// plain SQL without a tool's annotations: add them as the tool wants
// (goose's "-- +goose Up" line, Flyway's V001__tickets.sql names).
//
// A Store checks the schema version in the table itsm_schema_version, which
// Migrate keeps. A tool of your own must keep it too: create it once,
//
//	CREATE TABLE IF NOT EXISTS itsm_schema_version (
//		version integer NOT NULL PRIMARY KEY,
//		name    text    NOT NULL
//	);
//
// and, in the transaction that applies NNN_name.sql, insert its number and
// name: INSERT INTO itsm_schema_version (version, name) VALUES (1,
// 'tickets'). An unknown dialect is an error.
func Migrations(dialect Dialect) (fs.FS, error) {
	if err := dialect.validate(); err != nil {
		return nil, err
	}
	return fs.Sub(migrationFS, path.Join("migrations", dialect.String()))
}

// migrations returns the dialect's migrations in order, from the files
// Migrations gives.
func migrations(d Dialect) ([]migration, error) {
	fsys, err := Migrations(d)
	if err != nil {
		return nil, err
	}
	files, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, f := range files {
		num, name, ok := strings.Cut(strings.TrimSuffix(f.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(f.Name(), ".sql") {
			return nil, fmt.Errorf("sqlstore: migration %s is not named NNN_name.sql", f.Name())
		}
		text, err := fs.ReadFile(fsys, f.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(text)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("sqlstore: migrations of %v: %03d_%s, want number %d", d, m.version, m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the version of the schema Migrate brings a database to.
const SchemaVersion = 3

// migrateLock is the PostgreSQL advisory lock that serializes Migrate calls
// on one database.
const migrateLock = 0x6974736d // "itsm"

// Migrate brings the schema of the database to SchemaVersion, applying each
// numbered migration not applied yet in a transaction of its own and
// recording its version in the table itsm_schema_version. It is idempotent:
// run it at every start. Several processes may run it at once on
// PostgreSQL, where an advisory lock makes them take turns.
//
// The tables are created in the connection's current schema (PostgreSQL's
// search_path). Migrate returns an error, and changes nothing, if the
// database has a schema newer than this package knows.
func Migrate(ctx context.Context, db *sql.DB, dialect Dialect) error {
	return migrateTo(ctx, db, dialect, SchemaVersion)
}

// migrateTo applies the migrations up to version top.
func migrateTo(ctx context.Context, db *sql.DB, dialect Dialect, top int) error {
	if err := dialect.validate(); err != nil {
		return err
	}
	ms, err := migrations(dialect)
	if err != nil {
		return err
	}
	for _, m := range ms[:min(top, len(ms))] {
		if err := migrateOne(ctx, db, dialect, m, len(ms)); err != nil {
			return fmt.Errorf("sqlstore: migrate %v to %03d_%s: %w", dialect, m.version, m.name, err)
		}
	}
	return nil
}

// schemaVersion returns the schema version of the database: 0 if it was
// never migrated (it has no itsm_schema_version table, or the table is
// empty). It asks the catalog rather than reading an error, so that a
// database that cannot be reached is an error and not version 0.
func schemaVersion(ctx context.Context, db *sql.DB, d Dialect) (int, error) {
	q := `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'itsm_schema_version'`
	if d == Postgres {
		q = `SELECT count(*) FROM (SELECT to_regclass('itsm_schema_version') AS t) AS r WHERE t IS NOT NULL`
	}
	var tables int
	if err := db.QueryRowContext(ctx, q).Scan(&tables); err != nil {
		return 0, err
	}
	if tables == 0 {
		return 0, nil
	}
	var have int
	if err := db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM itsm_schema_version").Scan(&have); err != nil {
		return 0, err
	}
	return have, nil
}

// migrateOne applies m unless the database has it already.
func migrateOne(ctx context.Context, db *sql.DB, d Dialect, m migration, known int) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, rollback(tx))
		}
	}()
	if d == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return err
		}
	}
	const create = `CREATE TABLE IF NOT EXISTS itsm_schema_version (
	version integer NOT NULL PRIMARY KEY,
	name    text    NOT NULL
)`
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return err
	}
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM itsm_schema_version").Scan(&have); err != nil {
		return err
	}
	if have > known {
		return fmt.Errorf("the database is at schema version %d, newer than this package's %d", have, known)
	}
	if have >= m.version {
		return tx.Rollback()
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, d.rebind("INSERT INTO itsm_schema_version (version, name) VALUES (?, ?)"), m.version, m.name); err != nil {
		return err
	}
	return tx.Commit()
}

// rollback rolls tx back, ignoring the error of a transaction that is over.
func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}
