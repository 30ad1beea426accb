package sqlstore

import (
	"fmt"
	"strconv"
	"strings"
)

// Dialect is the SQL a database speaks. The zero Dialect is not valid.
type Dialect int

const (
	// Postgres is PostgreSQL (and engines that speak its protocol and
	// SQL), through github.com/jackc/pgx/v5/stdlib (driver name "pgx").
	Postgres Dialect = iota + 1
	// SQLite is SQLite 3.37 or later, through modernc.org/sqlite (driver
	// name "sqlite"), which needs no cgo.
	SQLite
)

// String returns "postgres" or "sqlite".
func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case SQLite:
		return "sqlite"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

// goName returns the name of the constant of d, for messages.
func (d Dialect) goName() string {
	switch d {
	case Postgres:
		return "Postgres"
	case SQLite:
		return "SQLite"
	}
	return d.String()
}

func (d Dialect) validate() error {
	if d != Postgres && d != SQLite {
		return fmt.Errorf("sqlstore: unknown dialect %v", d)
	}
	return nil
}

// rebind turns the ? placeholders of query into the dialect's: $1, $2, ...
// for PostgreSQL. The package's queries hold no ? in literals.
func (d Dialect) rebind(query string) string {
	if d != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SQLiteDSN returns the data source name to open the SQLite database file at
// path with modernc.org/sqlite (sql.Open("sqlite", SQLiteDSN(path))), with
// the settings the Store is meant to run with:
//
//   - journal_mode(WAL): readers do not wait for the writer;
//   - busy_timeout(10000): a writer waits up to 10 s for another process's
//     write to finish instead of failing with SQLITE_BUSY;
//   - foreign_keys(1): entries must belong to a ticket;
//   - synchronous(NORMAL): durable at every checkpoint, safe with WAL;
//   - _txlock=immediate: a transaction takes the write lock when it
//     begins, so two writers queue rather than deadlock.
//
// The path must not contain '?'.
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}
