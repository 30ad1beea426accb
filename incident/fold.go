package incident

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// FoldingScheduler is a Scheduler that reads a ticket's log one piece at a
// time (package escalation's Rules are one). The Desk keeps, beside each
// ticket it works on, the state FoldLog gives of its log, and after a
// command folds in only the command's entries, so that the cost of a
// command does not grow with the ticket's history. FoldLog must leave the
// state it is given unchanged (the Desk may share it), and NextFolded on
// the state of a whole log must give what Next gives on the log.
type FoldingScheduler interface {
	Scheduler
	// FoldLog returns the state of ticket id's log after entries, given
	// state, the state of the log before them (nil for an empty log).
	FoldLog(state any, id codes.ID, entries []Entry) any
	// NextFolded is Next on the state of the ticket's whole log.
	NextFolded(t *Ticket, state any, res *sla.Result, now time.Time) time.Time
}

// PersistentScheduler is a FoldingScheduler whose state a Desk can write in
// a ticket's Checkpoint (package escalation's Rules are one): MarshalState
// writes the state FoldLog gives, UnmarshalState reads it back, and
// Fingerprint names the rules and calendars it was computed under ("" when
// it cannot be written), so that a state of other rules is never read.
type PersistentScheduler interface {
	FoldingScheduler
	Fingerprint() string
	MarshalState(state any) ([]byte, error)
	UnmarshalState(data []byte) (any, error)
}

// logFold is what the Desk keeps of a ticket's log between commands: the
// fold of its SLA history, the escalation Scheduler's state, the keys
// recorded and the instants derive needs. It is immutable once made:
// foldMore returns a new one.
type logFold struct {
	entries int       // entries folded
	sla     *sla.Fold // own, or an earlier logFold's when no SLA fact came since
	own     sla.Fold  // where sla points when this logFold folded SLA facts
	sched   any
	keys    keySet // the idempotency keys folded; shared, never changed
	// keysPartial says keys lacks the keys of the entries read from a
	// Checkpoint, which does not keep them (writing every key on every
	// save would make a command's cost grow with the keyed entries): a
	// command that records under a key folds the log whole first.
	keysPartial  bool
	lastAt       time.Time // the last entry's
	lastStatusAt time.Time // the last entry that changed the status
	resolvedAt   time.Time // the last entry that entered resolved
	// majorFlagged says an entry set FieldMajor to true: the ticket was
	// flagged major on its own, not only by a P1 or P2 grading.
	majorFlagged bool
	// offerSeq is the Seq of the last entry that made the knowledge offer
	// pending (offerKey), 0 if none did.
	offerSeq int
	// shared is set once more than one may read the fold (a Snapshot
	// holds it, or the cache handed it out to read): it is then never
	// changed in place. Set before the fold is published, or under the
	// cache's lock.
	shared bool
}

// hasKey reports whether an entry folded has key k. f must not be
// keysPartial (see knowsKeys).
func (f *logFold) hasKey(k string) bool {
	return f.keys.has(k)
}

// knowsKeys reports whether f can say which keys its entries have, as a
// command that records under keys needs: false for a fold read from a
// Checkpoint.
func (f *logFold) knowsKeys() bool { return !f.keysPartial }

// foldMore returns the fold of f's entries followed by entries; f may be
// nil for an empty log. It returns an error only for a history the SLA
// policy refuses.
func (d *Desk) foldMore(f *logFold, id codes.ID, entries []Entry, sc *scratch) (*logFold, error) {
	g := &logFold{}
	if f != nil {
		// Every field but own (g folds its own SLA facts into it).
		g.entries, g.sla, g.sched, g.keys, g.keysPartial = f.entries, f.sla, f.sched, f.keys, f.keysPartial
		g.lastAt, g.lastStatusAt, g.resolvedAt, g.majorFlagged = f.lastAt, f.lastStatusAt, f.resolvedAt, f.majorFlagged
		g.offerSeq = f.offerSeq
	}
	if err := d.foldInto(g, id, entries, sc); err != nil {
		return nil, err
	}
	return g, nil
}

// foldInto makes g, a logFold nobody else holds yet, the fold of its
// entries followed by entries. On error g is unusable.
func (d *Desk) foldInto(g *logFold, id codes.ID, entries []Entry, sc *scratch) error {
	prev := g.sla
	if sc.h = appendHistory(sc.h[:0], entries, nil); len(sc.h) > 0 || prev == nil {
		// One allocation for both: the SLA fold lives inside g.
		if err := d.pol.FoldTo(&g.own, prev, sc.h); err != nil {
			return err
		}
		g.sla = &g.own
	}
	if fs, ok := d.sched.(FoldingScheduler); ok {
		g.sched = fs.FoldLog(g.sched, id, entries)
	}
	var added []string
	for i := range entries {
		e := &entries[i]
		if e.Key != "" {
			added = append(added, e.Key)
		}
		if e.Status != "" {
			g.lastStatusAt = e.At
			if e.Status == codes.StatusResolved {
				g.resolvedAt = e.At
			}
		}
		for _, c := range e.Changes {
			if c.Field == FieldMajor && c.Value == "true" {
				g.majorFlagged = true
			}
		}
		g.offerSeq = offerSeqAfter(g.offerSeq, e)
	}
	g.keys = g.keys.with(added)
	if len(entries) > 0 {
		g.lastAt = entries[len(entries)-1].At
	}
	g.entries += len(entries)
	return nil
}

// folds keeps the logFolds of the tickets a Desk used last, each for the
// version of the ticket it was made at: a ticket saved since by anyone else
// (another Desk, another process) has another version, and its fold is made
// again from its log.
type folds struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *foldSlot, most recent first
	byID  map[codes.ID]*list.Element
}

type foldSlot struct {
	id      codes.ID
	version int64
	fold    *logFold
}

// defaultFolds is how many tickets' folds a Desk keeps by default
// (Config.Folds).
const defaultFolds = 4096

// newFolds returns a cache of max folds; nil, which keeps none, for max 0.
func newFolds(max int) *folds {
	if max <= 0 {
		return nil
	}
	return &folds{max: max, order: list.New(), byID: map[codes.ID]*list.Element{}}
}

// get returns the fold of ticket id at version with n entries, or nil. The
// fold is shared from then on: the caller may keep it, and no one changes
// it.
func (c *folds) get(id codes.ID, version int64, n int) *logFold {
	f, _ := c.lookup(id, version, n, false)
	return f
}

// take is get for a caller that folds a command's entries into the fold
// in place: when owned, the caller holds the fold alone, and the cache has
// none for id until put gives it one; otherwise the fold is shared, as get
// gives it.
func (c *folds) take(id codes.ID, version int64, n int) (f *logFold, owned bool) {
	return c.lookup(id, version, n, true)
}

func (c *folds) lookup(id codes.ID, version int64, n int, take bool) (*logFold, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	s := el.Value.(*foldSlot)
	if s.fold == nil || s.version != version || s.fold.entries != n {
		return nil, false
	}
	c.order.MoveToFront(el)
	f := s.fold
	if take && !f.shared {
		s.fold = nil
		return f, true
	}
	f.shared = true
	return f, false
}

// put keeps f as the fold of ticket id at version, evicting the least
// recently used past the bound.
func (c *folds) put(id codes.ID, version int64, f *logFold) {
	if c == nil || f == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		s := el.Value.(*foldSlot)
		if version >= s.version {
			s.version, s.fold = version, f
		}
		c.order.MoveToFront(el)
		return
	}
	if c.order.Len() >= c.max && c.max > 0 {
		// Full: the least recently used slot takes the new ticket.
		last := c.order.Back()
		s := last.Value.(*foldSlot)
		delete(c.byID, s.id)
		*s = foldSlot{id: id, version: version, fold: f}
		c.order.MoveToFront(last)
		c.byID[id] = last
		return
	}
	c.byID[id] = c.order.PushFront(&foldSlot{id: id, version: version, fold: f})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(*foldSlot).id)
	}
}

// checkpoint is the written form of a logFold, kept in Ticket.Checkpoint
// after its digest (writeFold).
type checkpoint struct {
	Desk         string          `json:"desk"` // the fingerprints it was made under
	Entries      int             `json:"entries"`
	SLA          json.RawMessage `json:"sla,omitempty"`
	Scheduler    []byte          `json:"scheduler,omitempty"`
	LastAt       time.Time       `json:"last_at,omitzero"`
	LastStatusAt time.Time       `json:"last_status_at,omitzero"`
	ResolvedAt   time.Time       `json:"resolved_at,omitzero"`
	MajorFlagged bool            `json:"major_flagged,omitempty"`
	OfferSeq     int             `json:"offer_seq,omitempty"`
}

// checkpointFormat names the form of the checkpoints the Desk writes; one
// of another form (without a field the Desk now folds, or with the
// idempotency keys it no longer keeps) is not read, and the log is folded
// whole instead.
const checkpointFormat = "5"

// deskFingerprint returns what a checkpoint of this Desk is written under,
// or "" when the Desk's folds cannot be written (a policy or rules without
// a fingerprint, a Scheduler that does not write its state). NewDesk keeps
// it in d.fp.
func (d *Desk) deskFingerprint() string {
	fp := d.pol.Fingerprint()
	if fp == "" {
		return ""
	}
	fp = checkpointFormat + "/" + fp
	switch s := d.sched.(type) {
	case nil:
		return fp
	case PersistentScheduler:
		if s.Fingerprint() == "" {
			return ""
		}
		return fp + "/" + s.Fingerprint()
	}
	return ""
}

// writeFold returns f's checkpoint for ticket id, or nil when it cannot be
// written. The checkpoint opens with a digest of the ticket's id and of the
// rest, which readFold checks: a checkpoint damaged in the store, or another
// ticket's, is not read.
func (d *Desk) writeFold(id codes.ID, f *logFold) []byte {
	fp := d.fp
	if fp == "" || f == nil {
		return nil
	}
	cp := checkpoint{Desk: fp, Entries: f.entries, LastAt: f.lastAt, LastStatusAt: f.lastStatusAt, ResolvedAt: f.resolvedAt, MajorFlagged: f.majorFlagged, OfferSeq: f.offerSeq}
	if f.sla != nil {
		b, err := f.sla.MarshalBinary()
		if err != nil {
			return nil
		}
		cp.SLA = b
	}
	if s, ok := d.sched.(PersistentScheduler); ok {
		b, err := s.MarshalState(f.sched)
		if err != nil {
			return nil
		}
		cp.Scheduler = b
	}
	b, err := json.Marshal(cp)
	if err != nil || len(b) < 2 || b[0] != '{' {
		return nil
	}
	// {"sum":"<digest>", then the rest of the object.
	out := make([]byte, 0, sumLen+len(b)-1)
	out = append(out, sumOpen...)
	out = hex.AppendEncode(out, checkpointSum(id, b[1:]))
	out = append(out, sumClose...)
	return append(out, b[1:]...)
}

// The digest a checkpoint opens with: {"sum":"<32 hex digits>",
const (
	sumOpen  = `{"sum":"`
	sumClose = `",`
	sumLen   = len(sumOpen) + 32 + len(sumClose)
)

// checkpointSum returns the digest of a checkpoint of ticket id whose object
// after its digest is rest.
func checkpointSum(id codes.ID, rest []byte) []byte {
	h := sha256.New()
	h.Write([]byte(id.String()))
	h.Write([]byte{0})
	h.Write(rest)
	var sum [sha256.Size]byte
	return h.Sum(sum[:0])[:16]
}

// readFold returns the logFold a checkpoint of ticket id holds of a log of
// n entries, or nil when the checkpoint is missing, of another log length,
// written under another policy or rules, damaged (its digest does not
// match) or another ticket's.
func (d *Desk) readFold(id codes.ID, data []byte, n int) *logFold {
	fp := d.fp
	if fp == "" || len(data) <= sumLen || string(data[:len(sumOpen)]) != sumOpen || string(data[sumLen-len(sumClose):sumLen]) != sumClose {
		return nil
	}
	var want [16]byte
	if k, err := hex.Decode(want[:], data[len(sumOpen):sumLen-len(sumClose)]); err != nil || k != len(want) ||
		!bytes.Equal(want[:], checkpointSum(id, data[sumLen:])) {
		return nil
	}
	var cp checkpoint
	if err := json.Unmarshal(data, &cp); err != nil || cp.Desk != fp || cp.Entries != n {
		return nil
	}
	f := &logFold{entries: cp.Entries, lastAt: cp.LastAt, lastStatusAt: cp.LastStatusAt, resolvedAt: cp.ResolvedAt, majorFlagged: cp.MajorFlagged, offerSeq: cp.OfferSeq}
	if len(cp.SLA) > 0 {
		s, err := d.pol.UnmarshalFold(cp.SLA)
		if err != nil {
			return nil
		}
		f.sla = s
	}
	if s, ok := d.sched.(PersistentScheduler); ok {
		st, err := s.UnmarshalState(cp.Scheduler)
		if err != nil {
			return nil
		}
		f.sched = st
	}
	f.keysPartial = true
	return f
}

// keySet is an immutable set of idempotency keys, shared by the folds of
// one ticket's log: a fold that extends another adds its keys without
// copying the other's. It is a few maps, never changed once made, each at
// most half the size of the one before: adding keys makes a small map and
// merges it into the ones before while they are not twice its size, so
// that a key is copied O(log n) times over n additions, and a lookup reads
// O(log n) maps.
type keySet struct {
	levels []map[string]struct{} // the largest first
}

// has reports whether k is in s.
func (s keySet) has(k string) bool {
	for i := len(s.levels) - 1; i >= 0; i-- {
		if _, ok := s.levels[i][k]; ok {
			return true
		}
	}
	return false
}

// with returns s with keys added; s is unchanged.
func (s keySet) with(keys []string) keySet {
	if len(keys) == 0 {
		return s
	}
	top := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		top[k] = struct{}{}
	}
	levels := s.levels
	for len(levels) > 0 && len(levels[len(levels)-1]) <= 2*len(top) {
		below := levels[len(levels)-1]
		merged := make(map[string]struct{}, len(below)+len(top))
		for k := range below {
			merged[k] = struct{}{}
		}
		for k := range top {
			merged[k] = struct{}{}
		}
		top, levels = merged, levels[:len(levels)-1]
	}
	// A new slice: s's, and any other set made from it, stay as they are.
	return keySet{levels: append(slices.Clip(levels), top)}
}
