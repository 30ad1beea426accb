package memstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Store is an incident.Store that keeps everything in memory. The zero
// Store is not ready for use: make one with New. A Store is safe for
// concurrent use: reads share a lock, and writes take it alone, a Write for
// the whole of its function.
type Store struct {
	mu       sync.RWMutex
	byID     map[codes.ID]*record
	order    []*record // sorted by key: id text order
	byKey    map[string][]*record
	byStatus map[codes.Status][]*record // each record at its statusPos
	due      dueIndex
	alerts   map[alert]*record // the open ticket of each alert
	seqs     map[seqKey]int
}

// alert is what identifies a monitoring alert: a ticket with an external
// key and no Closed time holds its alert.
type alert struct {
	source codes.Source
	key    string
}

// alertOf returns the alert t holds, if it holds one.
func alertOf(t *incident.Ticket) (alert, bool) {
	return alert{t.Source, t.ExternalKey}, t.ExternalKey != "" && t.Closed.IsZero()
}

// record is one stored ticket. t and log belong to the store and never
// leave it: callers get copies.
type record struct {
	key    string          // the id's text, the sort key
	t      incident.Ticket // held by value: a save copies into it, allocating nothing
	log    []incident.Entry
	dueGen uint64 // the live entry of the due index; 0 when none
	// statusPos is the record's place in byStatus[t.Status], so that a
	// status change moves it in constant time without hashing records.
	statusPos int
}

type seqKey struct {
	kind codes.Kind
	day  incident.Day
}

var (
	_ incident.Store = (*Store)(nil)
	_ incident.Tx    = (*tx)(nil)
)

var errNoID = errors.New("memstore: create: the ticket has no id")

// New returns an empty Store.
func New() *Store {
	return &Store{
		byID:     make(map[codes.ID]*record),
		byKey:    make(map[string][]*record),
		byStatus: make(map[codes.Status][]*record),
		alerts:   make(map[alert]*record),
		seqs:     make(map[seqKey]int),
	}
}

// Create stores a copy of t at Version 1 with a copy of log, and on success
// sets t.Version to 1 as well, so that t can be saved next with read
// t.Version. The log must number its entries 1, 2, ... (a
// *incident.LogError otherwise); Create checks nothing else about it, and
// accepts an empty log. It returns an error matching incident.ErrExists if
// a ticket has the id already, an *incident.AlertOpenError naming the open
// ticket if t would be a second open ticket of its alert, an error for a
// ticket with the zero id, and ctx.Err() if ctx is done before it starts.
//
// Ids that arrive in id order, as Tx.NextSeq gives them, cost O(log n) each;
// an id that sorts before stored ones (a back-filled record) moves the
// later ones along the id index, O(n).
func (s *Store) Create(ctx context.Context, t *incident.Ticket, log []incident.Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	op, err := s.checkCreate(nil, t, log)
	if err != nil {
		return err
	}
	s.apply(op)
	return nil
}

// Load returns a copy of the ticket with the id and of its whole log, oldest
// entry first. It returns an error matching incident.ErrNotFound if there
// is none, and ctx.Err() if ctx is done before it starts.
func (s *Store) Load(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, ok := s.byID[id]
	if !ok {
		return nil, nil, fmt.Errorf("memstore: load %s: %w", id, incident.ErrNotFound)
	}
	return rec.t.Clone(), cloneEntries(rec.log), nil
}

// Save replaces the stored ticket with a copy of t at Version read+1 and
// appends copies of entries to its log, provided the stored ticket is at
// Version read; on success it sets t.Version to read+1 as well. Otherwise
// it writes nothing and returns an error matching incident.ErrNotFound (no
// ticket has t.ID), incident.ErrConflict (the stored version is not read),
// a *incident.LogError (entries do not continue the log's numbering), or
// an *incident.AlertOpenError (t would be a second open ticket of its
// alert), checked in that order; ctx.Err() if ctx is done before it starts.
func (s *Store) Save(ctx context.Context, t *incident.Ticket, entries []incident.Entry, read int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	op, err := s.checkSave(nil, t, entries, read)
	if err != nil {
		return err
	}
	s.apply(op)
	return nil
}

// Write runs fn holding the store's write lock, and applies what fn did
// through tx when it returns nil; otherwise nothing, and the numbers fn
// took are given again. Each Tx call is checked when made, against the
// store as the write's earlier calls leave it. Readers wait while fn runs:
// fn should do little more than its Tx calls, and must not call the
// store's methods (they would wait for fn forever). It returns ctx.Err()
// if ctx is done before fn starts.
func (s *Store) Write(ctx context.Context, fn func(tx incident.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &tx{s: s}
	err := fn(tx)
	tx.done = true
	if err == nil {
		err = tx.err
	}
	if err != nil {
		return err
	}
	for k, n := range tx.seqs {
		s.seqs[k] = n
	}
	for _, op := range tx.ops {
		s.apply(op)
	}
	return nil
}

// tx is a Write in progress: the writes checked and waiting to be
// applied, and what they change of the store's state, which later calls
// of the write are checked against.
type tx struct {
	s      *Store
	ops    []op
	seqs   map[seqKey]int
	alerts map[alert]codes.ID // holders after ops; zero: freed
	ids    map[codes.ID]bool  // the tickets written
	err    error              // the first call that failed
	done   bool
}

var errTxDone = errors.New("memstore: the Tx is used after its Write")

func (tx *tx) fail(err error) error {
	if tx.err == nil {
		tx.err = err
	}
	return err
}

// NextSeq takes the next sequence number of kind on day, counting the
// numbers this write took already.
func (tx *tx) NextSeq(kind codes.Kind, day incident.Day) (int, error) {
	if tx.done {
		return 0, errTxDone
	}
	k := seqKey{kind, day}
	n, ok := tx.seqs[k]
	if !ok {
		n = tx.s.seqs[k]
	}
	if n >= codes.MaxSeq {
		return 0, tx.fail(fmt.Errorf("memstore: no sequence number of %s on %04d-%02d-%02d is left past %d", kind, day.Year, day.Month, day.Day, codes.MaxSeq))
	}
	if tx.seqs == nil {
		tx.seqs = make(map[seqKey]int)
	}
	tx.seqs[k] = n + 1
	return n + 1, nil
}

func (tx *tx) Create(t *incident.Ticket, log []incident.Entry) error {
	if tx.done {
		return errTxDone
	}
	op, err := tx.s.checkCreate(tx, t, log)
	if err != nil {
		return tx.fail(err)
	}
	tx.add(op.own())
	return nil
}

func (tx *tx) Save(t *incident.Ticket, entries []incident.Entry, read int64) error {
	if tx.done {
		return errTxDone
	}
	op, err := tx.s.checkSave(tx, t, entries, read)
	if err != nil {
		return tx.fail(err)
	}
	tx.add(op.own())
	return nil
}

// add records op and what it changes of the alerts' holders.
func (tx *tx) add(o op) {
	tx.ops = append(tx.ops, o)
	if tx.ids == nil {
		tx.ids, tx.alerts = make(map[codes.ID]bool), make(map[alert]codes.ID)
	}
	tx.ids[o.t.ID] = true
	if o.rec != nil {
		if a, ok := alertOf(&o.rec.t); ok {
			tx.alerts[a] = codes.ID{}
		}
	}
	if a, ok := alertOf(o.t); ok {
		tx.alerts[a] = o.t.ID
	}
}

// op is a create (rec nil) or a save (of rec) checked and ready to apply.
// Its ticket and entries are the caller's until own copies them: a Create
// or Save outside a Write applies them at once, under the lock, copying
// them straight into the record, and a Write's, which it applies when fn
// returns, copies them when made.
type op struct {
	rec     *record
	t       *incident.Ticket // the ticket to store
	entries []incident.Entry
	version int64            // the ticket's new version
	caller  *incident.Ticket // whose Version to set
	owned   bool             // t and entries are copies of the op's own
}

// own returns o holding copies of its ticket and entries.
func (o op) own() op {
	if !o.owned {
		o.t, o.entries, o.owned = o.t.Clone(), cloneEntries(o.entries), true
	}
	return o
}

// checkCreate checks a create against the store and tx (nil outside a
// Write) and returns it ready to apply. The caller holds s.mu.
func (s *Store) checkCreate(tx *tx, t *incident.Ticket, log []incident.Entry) (op, error) {
	if t.ID.IsZero() {
		return op{}, errNoID
	}
	if err := checkSeq(log, 0); err != nil {
		return op{}, err
	}
	if _, ok := s.byID[t.ID]; ok || tx.wrote(t.ID) {
		return op{}, fmt.Errorf("memstore: create %s: %w", t.ID, incident.ErrExists)
	}
	if err := s.checkAlert(tx, t, nil); err != nil {
		return op{}, err
	}
	return op{t: t, entries: log, version: 1, caller: t}, nil
}

// checkSave checks a save against the store and tx (nil outside a Write)
// and returns it ready to apply. The caller holds s.mu.
func (s *Store) checkSave(tx *tx, t *incident.Ticket, entries []incident.Entry, read int64) (op, error) {
	rec, ok := s.byID[t.ID]
	if tx.wrote(t.ID) {
		return op{}, fmt.Errorf("memstore: save %s: the ticket is written already in this Write", t.ID)
	}
	if !ok {
		return op{}, fmt.Errorf("memstore: save %s: %w", t.ID, incident.ErrNotFound)
	}
	if rec.t.Version != read {
		return op{}, fmt.Errorf("memstore: save %s at version %d, stored %d: %w", rec.key, read, rec.t.Version, incident.ErrConflict)
	}
	if err := checkSeq(entries, len(rec.log)); err != nil {
		return op{}, err
	}
	if err := s.checkAlert(tx, t, rec); err != nil {
		return op{}, err
	}
	return op{rec: rec, t: t, entries: entries, version: read + 1, caller: t}, nil
}

// checkAlert refuses t, stored as rec (nil for a new ticket), if it would
// be a second open ticket of its alert.
func (s *Store) checkAlert(tx *tx, t *incident.Ticket, rec *record) error {
	a, ok := alertOf(t)
	if !ok {
		return nil
	}
	var holder codes.ID
	if id, ok := tx.alertHolder(a); ok {
		holder = id
	} else if h := s.alerts[a]; h != nil {
		holder = h.t.ID
	}
	if holder.IsZero() || holder == t.ID {
		return nil
	}
	return &incident.AlertOpenError{Source: t.Source, ExternalKey: t.ExternalKey, Open: holder}
}

func (tx *tx) wrote(id codes.ID) bool { return tx != nil && tx.ids[id] }

func (tx *tx) alertHolder(a alert) (codes.ID, bool) {
	if tx == nil {
		return codes.ID{}, false
	}
	id, ok := tx.alerts[a]
	return id, ok
}

// apply writes a checked op. The caller holds s.mu.
func (s *Store) apply(o op) {
	if o.rec == nil {
		rec := &record{key: o.t.ID.String()}
		if o.owned {
			rec.t, rec.log = *o.t, o.entries
		} else {
			rec.t, rec.log = *o.t.Clone(), cloneEntries(o.entries) // Clone inlined: copies into the record
		}
		rec.t.Version = o.version
		s.byID[o.t.ID] = rec
		if n := len(s.order); n == 0 || s.order[n-1].key < rec.key {
			s.order = append(s.order, rec) // ids mostly arrive in order
		} else {
			i, _ := slices.BinarySearchFunc(s.order, rec.key, byKey)
			s.order = slices.Insert(s.order, i, rec)
		}
		s.index(rec)
	} else {
		s.reindex(o.rec, o.t)
		if o.owned {
			o.rec.t = *o.t
			o.rec.log = append(growLog(o.rec.log, len(o.entries)), o.entries...)
		} else {
			o.rec.t = *o.t.Clone() // inlined: copies into the record
			o.rec.log = appendEntries(o.rec.log, o.entries)
		}
		o.rec.t.Version = o.version
	}
	o.caller.Version = o.version
}

// Find returns copies of the tickets that match every condition of f, in
// id text order. A Limit of 0 or less means no limit. It answers DueBy from
// an index of NextDue, ExternalKey and Statuses from indexes of their own,
// and After and Limit from the id order, so that a page costs about its
// own size. It returns ctx.Err() if ctx is done before it starts.
func (s *Store) Find(ctx context.Context, f incident.Filter) ([]*incident.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// After is compared here on the records' keys: Filter.Match would
	// build both ids' text for every ticket it looks at.
	after := f.After.String()
	f.After = codes.ID{}

	s.mu.RLock()
	defer s.mu.RUnlock()
	var cand []*record
	switch {
	case f.ExternalKey != "":
		cand = s.byKey[f.ExternalKey]
	case !f.DueBy.IsZero():
		cand = s.due.collect(f.DueBy, nil)
	case len(f.Statuses) > 0 && 4*s.countStatuses(f.Statuses) <= len(s.order):
		cand = s.withStatuses(f.Statuses)
	default:
		return s.scan(&f, after), nil
	}

	var found []*record
	for _, rec := range cand {
		if rec.key > after && f.Match(&rec.t) {
			found = append(found, rec)
		}
	}
	slices.SortFunc(found, func(a, b *record) int { return strings.Compare(a.key, b.key) })
	if f.Limit > 0 && len(found) > f.Limit {
		found = found[:f.Limit]
	}
	return clones(found), nil
}

// scan walks the tickets in id order from after.
func (s *Store) scan(f *incident.Filter, after string) []*incident.Ticket {
	i := 0
	if after != "" {
		i, _ = slices.BinarySearchFunc(s.order, after, byKey)
		if i < len(s.order) && s.order[i].key == after {
			i++
		}
	}
	var out []*incident.Ticket
	for _, rec := range s.order[i:] {
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		if f.Match(&rec.t) {
			out = append(out, rec.t.Clone())
		}
	}
	return out
}

// index adds a new record to the indexes.
func (s *Store) index(rec *record) {
	if k := rec.t.ExternalKey; k != "" {
		s.byKey[k] = append(s.byKey[k], rec)
	}
	s.addStatus(rec, rec.t.Status)
	s.due.set(rec, rec.t.NextDue)
	if a, ok := alertOf(&rec.t); ok {
		s.alerts[a] = rec
	}
}

// reindex moves rec in the indexes from its stored ticket to t.
func (s *Store) reindex(rec *record, t *incident.Ticket) {
	old := &rec.t
	if a, ok := alertOf(old); ok && s.alerts[a] == rec {
		delete(s.alerts, a)
	}
	if a, ok := alertOf(t); ok {
		s.alerts[a] = rec
	}
	if old.ExternalKey != t.ExternalKey {
		if old.ExternalKey != "" {
			recs := s.byKey[old.ExternalKey]
			if i := slices.Index(recs, rec); i >= 0 {
				recs = slices.Delete(recs, i, i+1)
			}
			if len(recs) == 0 {
				delete(s.byKey, old.ExternalKey)
			} else {
				s.byKey[old.ExternalKey] = recs
			}
		}
		if t.ExternalKey != "" {
			s.byKey[t.ExternalKey] = append(s.byKey[t.ExternalKey], rec)
		}
	}
	if old.Status != t.Status {
		s.removeStatus(rec, old.Status)
		s.addStatus(rec, t.Status)
	}
	if !old.NextDue.Equal(t.NextDue) {
		s.due.set(rec, t.NextDue)
	}
}

func (s *Store) addStatus(rec *record, st codes.Status) {
	rec.statusPos = len(s.byStatus[st])
	s.byStatus[st] = append(s.byStatus[st], rec)
}

// removeStatus takes rec out of byStatus[st], moving the last record of
// that status into its place.
func (s *Store) removeStatus(rec *record, st codes.Status) {
	recs := s.byStatus[st]
	last := recs[len(recs)-1]
	recs[rec.statusPos] = last
	last.statusPos = rec.statusPos
	recs[len(recs)-1] = nil
	// An emptied list keeps its storage for the next ticket to enter the
	// status: the statuses are the workflow's, few.
	s.byStatus[st] = recs[:len(recs)-1]
}

// countStatuses counts the tickets in any of statuses.
func (s *Store) countStatuses(statuses []codes.Status) int {
	n := 0
	for i, st := range statuses {
		if !slices.Contains(statuses[:i], st) {
			n += len(s.byStatus[st])
		}
	}
	return n
}

// withStatuses returns the tickets in any of statuses, in no order.
func (s *Store) withStatuses(statuses []codes.Status) []*record {
	var out []*record
	for i, st := range statuses {
		if slices.Contains(statuses[:i], st) {
			continue
		}
		out = append(out, s.byStatus[st]...)
	}
	return out
}

func byKey(rec *record, key string) int { return strings.Compare(rec.key, key) }

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

// cloneEntries returns a deep copy of entries; nil for none (see
// shareChanges).
func cloneEntries(entries []incident.Entry) []incident.Entry {
	if len(entries) == 0 {
		return nil
	}
	out := slices.Clone(entries)
	shareChanges(out)
	return out
}

// shareChanges gives the entries copies of their changes, sharing one new
// backing array, each capped at its own length, so a caller appending to
// one entry's changes cannot overwrite another's.
func shareChanges(es []incident.Entry) {
	n := 0
	for i := range es {
		n += len(es[i].Changes)
	}
	if n == 0 {
		return
	}
	all := make([]incident.Change, 0, n)
	for i := range es {
		if c := es[i].Changes; c != nil {
			start := len(all)
			all = append(all, c...)
			es[i].Changes = all[start:len(all):len(all)]
		}
	}
}

// minLog is the capacity a log grows to first: room for the entries of a
// ticket's usual life (registered, assigned, started, resolved, closed,
// with a note or two), so that it is copied once rather than at every
// doubling from one entry.
const minLog = 8

// growLog returns log with room for n more entries: doubling, as append
// grows, but to at least minLog.
func growLog(log []incident.Entry, n int) []incident.Entry {
	if len(log)+n <= cap(log) {
		return log
	}
	c := max(2*cap(log), len(log)+n, minLog)
	return append(make([]incident.Entry, 0, c), log...)
}

// appendEntries appends deep copies of entries to log (see shareChanges).
func appendEntries(log, entries []incident.Entry) []incident.Entry {
	n := len(log)
	log = append(growLog(log, len(entries)), entries...)
	shareChanges(log[n:])
	return log
}

func clones(recs []*record) []*incident.Ticket {
	if len(recs) == 0 {
		return nil
	}
	out := make([]*incident.Ticket, len(recs))
	for i, rec := range recs {
		out[i] = rec.t.Clone()
	}
	return out
}

// View is Load without copying the log: the log returned is the store's
// own, to read and never change; it implements incident.Viewer. Entries
// never change once appended, and the slice returned cannot reach entries
// appended later, so it stays as it was whatever is saved afterwards.
func (s *Store) View(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, ok := s.byID[id]
	if !ok {
		return nil, nil, fmt.Errorf("memstore: view %s: %w", id, incident.ErrNotFound)
	}
	return rec.t.Clone(), rec.log[:len(rec.log):len(rec.log)], nil
}
