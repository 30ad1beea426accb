package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

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
