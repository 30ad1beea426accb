// Package sqlstore is the incident.Store in a SQL database, through
// database/sql: PostgreSQL for programs that outgrow one machine (any
// number of Desks and escalation engines, in any number of processes, share
// one database), and SQLite for a single embedded file.
//
// # Drivers and data source names
//
// The program imports the driver of its database and opens it with
// database/sql; the package itself links neither driver:
//
//   - PostgreSQL (and engines that speak its protocol) through
//     github.com/jackc/pgx/v5/stdlib, driver name "pgx", with a URL such as
//     postgres://user:password@host:5432/itsm?sslmode=verify-full, or the
//     keyword form "host=... dbname=itsm". The tables go in the first schema
//     of the search_path (add &search_path=itsm to the URL to choose one).
//   - SQLite through modernc.org/sqlite, which needs no cgo, driver name
//     "sqlite", with the DSN SQLiteDSN returns: WAL, a busy timeout, foreign
//     keys, immediate transactions.
//
// Size the pool for the callers: database/sql keeps only two idle
// connections by default, so a busy Store opens and closes connections all
// the time unless db.SetMaxIdleConns is raised to about SetMaxOpenConns.
//
// # Schema
//
// Migrate creates the tables from numbered SQL files embedded in the
// package, one transaction per file, and records the version reached in
// itsm_schema_version; run it at every start. A Store checks that version
// on its first use: on a database never migrated, or behind or ahead of
// SchemaVersion, its operations return a *SchemaError matching ErrSchema
// that says to run Migrate, instead of a database's "no such table".
// Teams whose own tool (goose, Atlas, Flyway) migrates their databases take
// the same files from Migrations, an fs.FS per dialect of files
// 001_tickets.sql, 002_open_alerts.sql, ..., applied in the order of their
// numbers; see Migrations for what the tool must record. The tables are itsm_tickets
// (a row per ticket: the ticket as JSON, its version, and the fields Find
// selects on as columns, with indexes on next_due, on source and external
// key, on status and on created, and a unique index on the open alerts:
// source and external key where closed is NULL), itsm_entries (the activity log, one JSON
// row per entry, which the database keeps append-only) and itsm_sequences
// (the daily id sequences).
//
// # Guarantees
//
// Every value is a bound parameter. A Write is one transaction: all or
// nothing, and Create and Save are Writes of one call. Save is optimistic:
// its UPDATE names the version read, so of two writers of one ticket one
// wins and the other gets incident.ErrConflict, on one machine or several.
// Tx.NextSeq is one INSERT ... ON CONFLICT DO UPDATE ... RETURNING
// statement in the Write's transaction, which locks the day's counter until
// the transaction ends: no gaps and no number twice, however many processes
// ask, and a number taken by a Write that rolls back is given again. The
// unique index on open alerts makes a second open ticket of an alert
// insert nothing (incident.ErrAlertOpen, naming the open ticket), however
// many processes register it at once. Database errors are translated to
// the Store's sentinels in one place (a unique violation is
// incident.ErrExists; a serialization failure, a deadlock or a busy SQLite
// database is incident.ErrConflict), with the driver's error still in the
// chain for errors.As.
//
// Migration 002 adds the closed column and the open-alert index to a
// database of an earlier version: tickets in status closed get the time of
// their last change as their Closed, and open duplicates of one alert that
// the earlier version allowed stay as they are (the oldest holds the
// alert); see migrations/*/002_open_alerts.sql.
//
// Times are stored as UTC microseconds in the columns and to the nanosecond
// in the JSON; they come back as the same instants, with their UTC offset
// rather than their time.Location.
//
// SQLite has one writer at a time: a Store makes its own writes take turns
// in the process, and the busy timeout of SQLiteDSN makes writers of other
// processes wait for each other, so a losing Save is incident.ErrConflict,
// never SQLITE_BUSY.
//
// # Example
//
//	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN("tickets.db"))
//	if err != nil { ... }
//	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite); err != nil { ... }
//	store, err := sqlstore.Open(db, sqlstore.SQLite)
//	if err != nil { ... }
//	desk, err := incident.NewDesk(incident.Config{Store: store})
package sqlstore
