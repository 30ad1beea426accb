package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Store is an incident.Store in a SQL database. Make one with Open on a
// database that Migrate has brought up to date. A Store is safe for
// concurrent use, and any number of Stores, in any number of processes, may
// share one database: versions and transactions, not locks in memory, keep
// them consistent. On SQLite, whose database has one writer at a time, a
// Store also makes its own writes take turns, so that they queue in the
// process instead of waiting on the database file's lock.
//
// Tickets and entries are copied in and out (View shares the log it
// returns, as incident.Viewer says): the store keeps JSON of them.
// Instants come back as the same instants, with the UTC offset they were
// given (not their time.Location's name), to the nanosecond; Find compares
// them to the nanosecond too. Create sets the caller's t.Version to 1 and
// Save sets it to read+1, on success only.
//
// A Store keeps the decoded logs of the tickets it used last, since an
// entry never changes once written: Load then reads only the entries
// appended since. A database emptied or restored from a backup under a
// running Store needs a new Store.
type Store struct {
	db      *sql.DB
	dialect Dialect
	q       queries
	// writes serializes this Store's writes on SQLite.
	writes sync.Mutex
	logs   *logCache
	// schemaOK is set once the database's schema version is found right.
	schemaOK atomic.Bool
}

// A Store is an incident.Viewer: the Desk reads logs without copying them;
// and an incident.HeadReader: the Desk reads a ticket without its log.
var (
	_ incident.Viewer     = (*Store)(nil)
	_ incident.HeadReader = (*Store)(nil)
)

// queries are the fixed statements, in the dialect's placeholders.
type queries struct {
	insertTicket, updateTicket, exists, alertHolder, loadTicket, loadEntries, nextSeq string
}

var _ incident.Store = (*Store)(nil)

// Open returns a Store on db, whose SQL is dialect's. It does no I/O: run
// Migrate on db first. The Store's first operation checks the schema
// version the database records and, on a database never migrated or at
// another version than SchemaVersion, returns a *SchemaError matching
// ErrSchema that says what to do (run Migrate), and does nothing else; it
// checks again on every operation until the schema is right, then never
// again. The caller keeps db and closes it when done with the Store.
//
// db comes from sql.Open with the driver of the dialect, which the program
// imports:
//
//	import _ "github.com/jackc/pgx/v5/stdlib"
//	db, err := sql.Open("pgx", "postgres://user:password@host:5432/itsm?sslmode=verify-full")
//
//	import _ "modernc.org/sqlite"
//	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN("/var/lib/itsm/tickets.db"))
//
// See SQLiteDSN for the settings SQLite needs; a SQLite database must be a
// file (each connection to ":memory:" is a database of its own).
func Open(db *sql.DB, dialect Dialect) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: open: no database")
	}
	if err := dialect.validate(); err != nil {
		return nil, err
	}
	r := dialect.rebind
	s := &Store{db: db, dialect: dialect, logs: newLogCache(cachedBytes), q: queries{
		// A second open ticket of an alert inserts nothing and returns no
		// row; any other conflict (the id) is an error.
		insertTicket: r(`INSERT INTO itsm_tickets
	(status, priority, source, external_key, grp, assignee, created, next_due, closed, body, checkpoint, id, version, log_len)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (source, external_key, open_dup) WHERE external_key <> '' AND closed IS NULL DO NOTHING
	RETURNING version`),
		updateTicket: r(`UPDATE itsm_tickets SET
	status = ?, priority = ?, source = ?, external_key = ?, grp = ?, assignee = ?, created = ?, next_due = ?, closed = ?, body = ?,
	checkpoint = ?, version = version + 1, log_len = log_len + ?
	WHERE id = ? AND version = ?
	RETURNING log_len`),
		exists: r(`SELECT version FROM itsm_tickets WHERE id = ?`),
		alertHolder: r(`SELECT id FROM itsm_tickets
	WHERE source = ? AND external_key = ? AND open_dup = 0 AND external_key <> '' AND closed IS NULL`),
		loadTicket:  r(`SELECT version, log_len, priority, body, checkpoint FROM itsm_tickets WHERE id = ?`),
		loadEntries: r(`SELECT body FROM itsm_entries WHERE ticket_id = ? AND seq > ? AND seq <= ? ORDER BY seq`),
		nextSeq: r(`INSERT INTO itsm_sequences (kind, day, last) VALUES (?, ?, 1)
	ON CONFLICT (kind, day) DO UPDATE SET last = itsm_sequences.last + 1
	WHERE itsm_sequences.last < ?
	RETURNING last`),
	}}
	return s, nil
}

// ready checks, until it once finds it right, that the database's schema
// is at SchemaVersion.
func (s *Store) ready(ctx context.Context) error {
	if s.schemaOK.Load() {
		return nil
	}
	have, err := schemaVersion(ctx, s.db, s.dialect)
	if err != nil {
		return translate(ctx, "check the schema version", "", err)
	}
	if have != SchemaVersion {
		return &SchemaError{Dialect: s.dialect, Have: have, Want: SchemaVersion}
	}
	s.schemaOK.Store(true)
	return nil
}

// Create stores a copy of t at Version 1 with a copy of log, in one
// transaction, and on success sets t.Version to 1. The log must number its
// entries 1, 2, ... (a *incident.LogError otherwise); an empty log is
// accepted. It returns an error matching incident.ErrExists if a ticket has
// the id already, an *incident.AlertOpenError naming the open ticket if t
// would be a second open ticket of its alert, an error for the zero id,
// and one matching ctx.Err() if ctx is done.
func (s *Store) Create(ctx context.Context, t *incident.Ticket, log []incident.Entry) error {
	return s.Write(ctx, func(tx incident.Tx) error { return tx.Create(t, log) })
}

// Load returns the ticket with the id and its whole log, oldest entry
// first. It returns an error matching incident.ErrNotFound if there is
// none, and one matching ctx.Err() if ctx is done. The ticket and log are
// consistent with each other without a transaction: the ticket's row
// says how long its log was when it was written, and entries are only
// ever appended.
func (s *Store) Load(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	t, log, err := s.load(ctx, id)
	return t, cloneEntries(log), err
}

// View is Load without the copy of the log (incident.Viewer): the log is
// the Store's own decoded entries, shared with every other reader, which
// must never change them. The Desk reads logs through it, so a command on a
// ticket with a long history decodes and copies only what is new.
func (s *Store) View(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	return s.load(ctx, id)
}

// load reads the ticket and its log, the log shared with the cache.
func (s *Store) load(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if err := s.ready(ctx); err != nil {
		return nil, nil, err
	}
	key := id.String()
	t, logLen, err := s.head(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	log, err := s.loadLog(ctx, key, logLen)
	if err != nil {
		return nil, nil, translate(ctx, "load", key, err)
	}
	return t, log, nil
}

// Head reads a ticket without its log, and the number of entries the log
// has (incident.HeadReader): a Desk whose fold of the log is in the
// ticket's Checkpoint reads no entry at all.
func (s *Store) Head(ctx context.Context, id codes.ID) (*incident.Ticket, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if err := s.ready(ctx); err != nil {
		return nil, 0, err
	}
	return s.head(ctx, id.String())
}

// head reads the ticket's row.
func (s *Store) head(ctx context.Context, key string) (*incident.Ticket, int, error) {
	var (
		version    int64
		logLen     int
		priority   int
		body       string
		checkpoint []byte
	)
	err := s.db.QueryRowContext(ctx, s.q.loadTicket, key).Scan(&version, &logLen, &priority, &body, &checkpoint)
	if errors.Is(err, sql.ErrNoRows) {
		err = notFound()
	}
	if err != nil {
		return nil, 0, translate(ctx, "load", key, err)
	}
	t, err := decodeTicket(body, version, priority)
	if err != nil {
		return nil, 0, translate(ctx, "load", key, err)
	}
	if len(checkpoint) > 0 {
		t.Checkpoint = checkpoint
	}
	return t, logLen, nil
}

// loadLog returns the first n entries of the log of id: those the cache
// has, and the rest from the database. The entries are the cache's: the
// caller must not change them. The slice has no room to grow, so that an
// append copies it.
func (s *Store) loadLog(ctx context.Context, id string, n int) ([]incident.Entry, error) {
	cached := s.logs.get(id, n)
	if len(cached) == n {
		return cached, nil
	}
	rows, err := s.db.QueryContext(ctx, s.q.loadEntries, id, len(cached), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	more := make([]incident.Entry, 0, n-len(cached))
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var e incident.Entry
		if err := json.Unmarshal(body, &e); err != nil {
			return nil, fmt.Errorf("entry %d: %w", len(cached)+len(more)+1, err)
		}
		more = append(more, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cached)+len(more) != n {
		return nil, fmt.Errorf("the log has %d entries, the ticket says %d", len(cached)+len(more), n)
	}
	if log := s.logs.extend(id, len(cached), more); log != nil {
		return log, nil
	}
	// The cache moved on meanwhile (another reader extended or dropped
	// the log): hand out a log of the caller's own.
	log := make([]incident.Entry, 0, n)
	return append(append(log, cached...), more...), nil
}

// Save replaces the stored ticket with a copy of t at Version read+1 and
// appends copies of entries to its log, in one transaction, provided the
// stored ticket is at Version read; on success it sets t.Version to
// read+1. Otherwise it writes nothing and returns an error matching
// incident.ErrNotFound (no ticket has t.ID), incident.ErrConflict (the
// stored version is not read), a *incident.LogError (entries do not
// continue the log's numbering), or an *incident.AlertOpenError (t would
// be a second open ticket of its alert; the open ticket's id is not
// given), checked in that order; one matching ctx.Err() if ctx is done.
func (s *Store) Save(ctx context.Context, t *incident.Ticket, entries []incident.Entry, read int64) error {
	return s.Write(ctx, func(tx incident.Tx) error { return tx.Save(t, entries, read) })
}

// Write runs fn in one database transaction, committed if fn returns nil
// and every Tx call succeeded, rolled back otherwise: nothing of it is
// written, and the numbers it took are given again. Each Tx call runs its
// statements when made.
//
// NextSeq locks the day's counter until the transaction ends, so writes
// that take numbers of one day take turns, across processes too; on
// SQLite, where the database has one writer at a time, the whole of every
// Write takes turns, queued in the process. fn must not call the Store's
// methods (on SQLite they would wait for fn forever). Write returns an
// error matching ctx.Err() if ctx is done.
func (s *Store) Write(ctx context.Context, fn func(tx incident.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.ready(ctx); err != nil {
		return err
	}
	defer s.lockWrites()()
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return translate(ctx, "write", "", err)
	}
	tx := &tx{s: s, ctx: ctx, tx: sqlTx}
	err = fn(tx)
	tx.done = true
	if err == nil {
		err = tx.err
	}
	if err != nil {
		if rerr := rollback(sqlTx); rerr != nil {
			err = errors.Join(err, translate(ctx, "write", "", rerr))
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return translate(ctx, "write", "", err)
	}
	for _, w := range tx.wrote {
		s.logs.extend(w.id, w.first-1, cloneEntries(w.entries))
		w.caller.Version = w.version
	}
	return nil
}

// tx is a Write's transaction and what it wrote.
type tx struct {
	s     *Store
	ctx   context.Context
	tx    *sql.Tx
	wrote []written
	err   error // the first call that failed
	done  bool
}

// written is a ticket a tx wrote: what the Store does on commit.
type written struct {
	id      string
	first   int // the number of the first entry appended
	entries []incident.Entry
	caller  *incident.Ticket
	version int64
}

var _ incident.Tx = (*tx)(nil)

var errTxDone = errors.New("sqlstore: the Tx is used after its Write")

func (tx *tx) fail(err error) error {
	if tx.err == nil {
		tx.err = err
	}
	return err
}

// did reports whether the tx wrote the ticket id already.
func (tx *tx) did(id string) bool {
	for _, w := range tx.wrote {
		if w.id == id {
			return true
		}
	}
	return false
}

// NextSeq takes the next sequence number of kind on day in one statement,
// which locks the day's counter until the Write ends.
func (tx *tx) NextSeq(kind codes.Kind, day incident.Day) (int, error) {
	if tx.done {
		return 0, errTxDone
	}
	ctx := tx.ctx
	var n int
	err := tx.tx.QueryRowContext(ctx, tx.s.q.nextSeq, string(kind), day.Year*10000+int(day.Month)*100+day.Day, codes.MaxSeq).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		err = errSeqExhausted
	}
	if err != nil {
		return 0, tx.fail(translate(ctx, "next sequence", fmt.Sprintf("%s %04d-%02d-%02d", kind, day.Year, day.Month, day.Day), err))
	}
	return n, nil
}

func (tx *tx) Create(t *incident.Ticket, log []incident.Entry) error {
	if tx.done {
		return errTxDone
	}
	if t.ID.IsZero() {
		return tx.fail(errNoID)
	}
	id := t.ID.String()
	if err := tx.create(t, log, id); err != nil {
		return tx.fail(translate(tx.ctx, "create", id, err))
	}
	return nil
}

func (tx *tx) create(t *incident.Ticket, log []incident.Entry, id string) error {
	if err := checkSeq(log, 0); err != nil {
		return err
	}
	if tx.did(id) {
		return incident.ErrExists
	}
	cols, err := columnsOf(t, 1)
	if err != nil {
		return err
	}
	bodies, err := entryBodies(log)
	if err != nil {
		return err
	}
	ctx := tx.ctx
	var v int64
	err = tx.tx.QueryRowContext(ctx, tx.s.q.insertTicket, append(cols, id, 1, len(log))...).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		open := &incident.AlertOpenError{Source: t.Source, ExternalKey: t.ExternalKey}
		var holder string
		if err := tx.tx.QueryRowContext(ctx, tx.s.q.alertHolder, string(t.Source), t.ExternalKey).Scan(&holder); err == nil {
			open.Open, _ = codes.ParseID(holder)
		}
		return open
	}
	if err != nil {
		return err
	}
	if err := tx.s.insertEntries(ctx, tx.tx, id, 1, bodies); err != nil {
		return err
	}
	tx.wrote = append(tx.wrote, written{id: id, first: 1, entries: cloneEntries(log), caller: t, version: 1})
	return nil
}

func (tx *tx) Save(t *incident.Ticket, entries []incident.Entry, read int64) error {
	if tx.done {
		return errTxDone
	}
	id := t.ID.String()
	if err := tx.save(t, entries, read, id); err != nil {
		return tx.fail(translate(tx.ctx, "save", id, err))
	}
	return nil
}

func (tx *tx) save(t *incident.Ticket, entries []incident.Entry, read int64, id string) error {
	if tx.did(id) {
		return errors.New("the ticket is written already in this Write")
	}
	cols, err := columnsOf(t, read+1)
	if err != nil {
		return err
	}
	bodies, err := entryBodies(entries)
	if err != nil {
		return err
	}
	ctx := tx.ctx
	// The update comes first: it takes the row's lock (the database's
	// write lock on SQLite), and its condition on the version is the
	// optimistic check.
	var logLen int
	err = tx.tx.QueryRowContext(ctx, tx.s.q.updateTicket, append(cols, len(entries), id, read)...).Scan(&logLen)
	if errors.Is(err, sql.ErrNoRows) {
		var stored int64
		switch err := tx.tx.QueryRowContext(ctx, tx.s.q.exists, id).Scan(&stored); {
		case errors.Is(err, sql.ErrNoRows):
			return notFound()
		case err != nil:
			return err
		}
		return conflict(read, stored)
	}
	if errors.Is(classify(err), incident.ErrExists) {
		// The id is the key and stays: the unique index broken is the
		// open alert's.
		return errors.Join(&incident.AlertOpenError{Source: t.Source, ExternalKey: t.ExternalKey}, err)
	}
	if err != nil {
		return err
	}
	first := logLen - len(entries) + 1
	if err := checkSeq(entries, first-1); err != nil {
		return err
	}
	if err := tx.s.insertEntries(ctx, tx.tx, id, first, bodies); err != nil {
		return err
	}
	tx.wrote = append(tx.wrote, written{id: id, first: first, entries: cloneEntries(entries), caller: t, version: read + 1})
	return nil
}

// lockWrites makes this Store's writes take turns on SQLite, and returns
// the function that lets the next one go.
func (s *Store) lockWrites() func() {
	if s.dialect != SQLite {
		return func() {}
	}
	s.writes.Lock()
	return s.writes.Unlock
}

// entryBatch is how many entries one INSERT statement writes, well below
// the parameter limits of both dialects.
const entryBatch = 200

// insertEntries appends bodies to the log of the ticket id, numbered from
// first.
func (s *Store) insertEntries(ctx context.Context, tx *sql.Tx, id string, first int, bodies []string) error {
	for len(bodies) > 0 {
		n := min(len(bodies), entryBatch)
		var q strings.Builder
		q.WriteString("INSERT INTO itsm_entries (ticket_id, seq, body) VALUES ")
		args := make([]any, 0, 3*n)
		for i := range n {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?)")
			args = append(args, id, first+i, bodies[i])
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(q.String()), args...); err != nil {
			return err
		}
		bodies, first = bodies[n:], first+n
	}
	return nil
}

// columnsOf returns the values of the ticket columns the insert and update
// statements set, in their order, for t at version.
func columnsOf(t *incident.Ticket, version int64) ([]any, error) {
	body, err := encodeTicket(t, version)
	if err != nil {
		return nil, err
	}
	var nextDue, closed sql.NullInt64
	if !t.NextDue.IsZero() {
		nextDue = sql.NullInt64{Int64: floorMicros(t.NextDue), Valid: true}
	}
	if !t.Closed.IsZero() {
		closed = sql.NullInt64{Int64: floorMicros(t.Closed), Valid: true}
	}
	var checkpoint []byte
	if len(t.Checkpoint) > 0 {
		checkpoint = t.Checkpoint
	}
	return []any{
		string(t.Status), int(t.Priority), string(t.Source), t.ExternalKey, t.Group, t.Assignee,
		floorMicros(t.Created), nextDue, closed, body, checkpoint,
	}, nil
}

// encodeTicket returns the JSON the body column holds for t at version.
func encodeTicket(t *incident.Ticket, version int64) (string, error) {
	c := *t
	c.Version = version
	b, err := json.Marshal(&c)
	if err != nil {
		return "", fmt.Errorf("encoding the ticket: %w", err)
	}
	return string(b), nil
}

func decodeTicket(body string, version int64, priority int) (*incident.Ticket, error) {
	t := new(incident.Ticket)
	if err := json.Unmarshal([]byte(body), t); err != nil {
		return nil, fmt.Errorf("decoding the ticket: %w", err)
	}
	t.Version = version
	t.Priority = codes.Priority(priority)
	return t, nil
}

func entryBodies(entries []incident.Entry) ([]string, error) {
	out := make([]string, len(entries))
	for i := range entries {
		b, err := json.Marshal(&entries[i])
		if err != nil {
			return nil, fmt.Errorf("encoding entry %d: %w", entries[i].Seq, err)
		}
		out[i] = string(b)
	}
	return out, nil
}

// checkSeq reports whether entries continue a log of n entries: numbered
// n+1, n+2, ...
func checkSeq(entries []incident.Entry, n int) error {
	for i, e := range entries {
		if want := n + i + 1; e.Seq != want {
			return &incident.LogError{Seq: e.Seq, Reason: fmt.Sprintf("numbered %d, want %d", e.Seq, want)}
		}
	}
	return nil
}

// floorMicros returns t in unix microseconds, rounded down: the key the
// time columns hold.
func floorMicros(t time.Time) int64 { return t.UnixMicro() }

// ceilMicros returns t in unix microseconds, rounded up.
func ceilMicros(t time.Time) int64 {
	us := t.UnixMicro()
	if t.Nanosecond()%1000 != 0 {
		us++
	}
	return us
}
