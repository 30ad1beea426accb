package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// ErrSchema is matched by the error a Store returns when the database's
// schema is not the one the package needs: never migrated, or at an older
// version (run Migrate), or at a newer one than the package knows (run
// the newer program). The error is a *SchemaError.
var ErrSchema = errors.New("sqlstore: the database schema is not the one this package needs")

// SchemaError says how a database's schema differs from the one the
// package needs. It matches ErrSchema.
type SchemaError struct {
	Dialect Dialect // the database's dialect
	// Have is the database's schema version (0: never migrated) and Want
	// the package's, SchemaVersion.
	Have, Want int
}

// Error says how the versions differ and what to run.
func (e *SchemaError) Error() string {
	run := "run sqlstore.Migrate(ctx, db, sqlstore." + e.Dialect.goName() + ") before using the Store"
	switch {
	case e.Have == 0:
		return "sqlstore: the " + e.Dialect.String() + " database was never migrated (it has no itsm_schema_version table): " + run
	case e.Have < e.Want:
		return fmt.Sprintf("sqlstore: the %v database is at schema version %d, behind this package's %d: %s", e.Dialect, e.Have, e.Want, run)
	}
	return fmt.Sprintf("sqlstore: the %v database is at schema version %d, newer than this package's %d: run the program that migrated it, or a newer version of it", e.Dialect, e.Have, e.Want)
}

// Is reports whether target is ErrSchema.
func (e *SchemaError) Is(target error) bool { return target == ErrSchema }

var errNoID = errors.New("sqlstore: create: the ticket has no id")

// errSeqExhausted: a day's numbers of a kind are all given.
var errSeqExhausted = fmt.Errorf("sqlstore: no sequence number is left past %d", codes.MaxSeq)

// Error codes of the drivers, matched without importing them, so that a
// program links only the driver it uses.
const (
	pgUniqueViolation      = "23505"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"

	sqliteBusy                 = 5
	sqliteLocked               = 6
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

// pgError is what github.com/jackc/pgx/v5/pgconn's *PgError offers.
type pgError interface {
	error
	SQLState() string
}

// sqliteError is what modernc.org/sqlite's *Error offers: the extended
// result code.
type sqliteError interface {
	error
	Code() int
}

// translate turns an error of a store operation into what the
// incident.Store contract promises, and names the operation and the
// ticket. It is the one place that reads driver errors:
//
//   - errors of the package's own making (sentinels, *incident.LogError,
//     *incident.AlertOpenError) keep their identity;
//   - a done ctx gives an error matching ctx.Err();
//   - a unique or primary key violation gives incident.ErrExists;
//   - a serialization failure or deadlock (PostgreSQL), or a busy or locked
//     database (SQLite), gives incident.ErrConflict: the write did not
//     happen and may be tried again.
//
// The driver's error stays in the chain for errors.As.
func translate(ctx context.Context, op, id string, err error) error {
	if err == nil {
		return nil
	}
	where := "sqlstore: " + op
	if id != "" {
		where += " " + id
	}
	var le *incident.LogError
	switch {
	case errors.As(err, &le):
		return err
	case errors.Is(err, incident.ErrNotFound), errors.Is(err, incident.ErrConflict), errors.Is(err, incident.ErrExists),
		errors.Is(err, incident.ErrAlertOpen):
		return fmt.Errorf("%s: %w", where, err)
	case ctx.Err() != nil:
		if errors.Is(err, ctx.Err()) {
			return fmt.Errorf("%s: %w", where, err)
		}
		return fmt.Errorf("%s: %w (%v)", where, ctx.Err(), err)
	}
	if sentinel := classify(err); sentinel != nil {
		return fmt.Errorf("%s: %w: %w", where, sentinel, err)
	}
	return fmt.Errorf("%s: %w", where, err)
}

// classify returns the incident sentinel a driver error means, or nil.
func classify(err error) error {
	var pe pgError
	if errors.As(err, &pe) {
		switch pe.SQLState() {
		case pgUniqueViolation:
			return incident.ErrExists
		case pgSerializationFailure, pgDeadlockDetected:
			return incident.ErrConflict
		}
		return nil
	}
	var se sqliteError
	if errors.As(err, &se) {
		switch code := se.Code(); {
		case code == sqliteConstraintPrimaryKey, code == sqliteConstraintUnique:
			return incident.ErrExists
		case code&0xff == sqliteBusy, code&0xff == sqliteLocked:
			return incident.ErrConflict
		}
	}
	return nil
}

// notFound and conflict are the sentinels Save and Load return, with the
// details.
func notFound() error { return incident.ErrNotFound }

func conflict(read, stored int64) error {
	return fmt.Errorf("at version %d, stored %d: %w", read, stored, incident.ErrConflict)
}
