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
// concurrent use: reads share a lock, writes take it alone, and NextSeq has
// a lock of its own.
type Store struct {
	mu       sync.RWMutex
	byID     map[codes.ID]*record
	order    []*record // sorted by key: id text order
	byKey    map[string][]*record
	byStatus map[codes.Status][]*record // each record at its statusPos
	due      dueIndex

	seqMu sync.Mutex
	seqs  map[seqKey]int
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

var _ incident.Store = (*Store)(nil)

var errNoID = errors.New("memstore: create: the ticket has no id")

// New returns an empty Store.
func New() *Store {
	return &Store{
		byID:     make(map[codes.ID]*record),
		byKey:    make(map[string][]*record),
		byStatus: make(map[codes.Status][]*record),
		seqs:     make(map[seqKey]int),
	}
}

// Create stores a copy of t at Version 1 with a copy of log, and on success
// sets t.Version to 1 as well, so that t can be saved next with read
// t.Version. The log must number its entries 1, 2, ... (a
// *incident.LogError otherwise); Create checks nothing else about it, and
// accepts an empty log. It returns an error matching incident.ErrExists if
// a ticket has the id already, an error for a ticket with the zero id, and
// ctx.Err() if ctx is done before it starts.
//
// Ids that arrive in id order, as NextSeq gives them, cost O(log n) each;
// an id that sorts before stored ones (a back-filled record) moves the
// later ones along the id index, O(n).
func (s *Store) Create(ctx context.Context, t *incident.Ticket, log []incident.Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t.ID.IsZero() {
		return errNoID
	}
	if err := checkSeq(log, 0); err != nil {
		return err
	}
	rec := &record{key: t.ID.String(), t: *t.Clone(), log: cloneEntries(log)}
	rec.t.Version = 1

	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[t.ID]; ok {
		return fmt.Errorf("memstore: create %s: %w", rec.key, incident.ErrExists)
	}
	s.byID[t.ID] = rec
	if n := len(s.order); n == 0 || s.order[n-1].key < rec.key {
		s.order = append(s.order, rec) // ids mostly arrive in order
	} else {
		i, _ := slices.BinarySearchFunc(s.order, rec.key, byKey)
		s.order = slices.Insert(s.order, i, rec)
	}
	s.index(rec)
	t.Version = 1
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
// or a *incident.LogError (entries do not continue the log's numbering),
// checked in that order; ctx.Err() if ctx is done before it starts.
func (s *Store) Save(ctx context.Context, t *incident.Ticket, entries []incident.Entry, read int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := *t.Clone()
	c.Version = read + 1
	entries = cloneEntries(entries)

	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.byID[t.ID]
	if !ok {
		return fmt.Errorf("memstore: save %s: %w", t.ID, incident.ErrNotFound)
	}
	if rec.t.Version != read {
		return fmt.Errorf("memstore: save %s at version %d, stored %d: %w", rec.key, read, rec.t.Version, incident.ErrConflict)
	}
	if err := checkSeq(entries, len(rec.log)); err != nil {
		return err
	}
	s.reindex(rec, &c)
	rec.t = c
	rec.log = append(rec.log, entries...)
	t.Version = read + 1
	return nil
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

// NextSeq allocates the next sequence number of a kind of record on a day:
// 1 for the first, then 2, 3, ..., never the same number twice. It returns
// ctx.Err(), and allocates nothing, if ctx is done before it starts.
func (s *Store) NextSeq(ctx context.Context, kind codes.Kind, day incident.Day) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	k := seqKey{kind, day}
	s.seqs[k]++
	return s.seqs[k], nil
}

// index adds a new record to the indexes.
func (s *Store) index(rec *record) {
	if k := rec.t.ExternalKey; k != "" {
		s.byKey[k] = append(s.byKey[k], rec)
	}
	s.addStatus(rec, rec.t.Status)
	s.due.set(rec, rec.t.NextDue)
}

// reindex moves rec in the indexes from its stored ticket to t.
func (s *Store) reindex(rec *record, t *incident.Ticket) {
	old := &rec.t
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
	if len(recs) == 1 {
		delete(s.byStatus, st)
	} else {
		s.byStatus[st] = recs[:len(recs)-1]
	}
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

// cloneEntries returns a deep copy of entries; nil for none. The entries'
// changes share one new backing array, each capped at its own length, so a
// caller appending to one entry's changes cannot overwrite another's.
func cloneEntries(entries []incident.Entry) []incident.Entry {
	if len(entries) == 0 {
		return nil
	}
	out := slices.Clone(entries)
	n := 0
	for i := range out {
		n += len(out[i].Changes)
	}
	if n == 0 {
		return out
	}
	all := make([]incident.Change, 0, n)
	for i := range out {
		if c := out[i].Changes; c != nil {
			start := len(all)
			all = append(all, c...)
			out[i].Changes = all[start:len(all):len(all)]
		}
	}
	return out
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
