package memstore

import "time"

// dueIndex finds the tickets whose NextDue is at or before an instant. It is
// a binary min-heap of (NextDue, ticket) entries with lazy deletion: when a
// ticket's NextDue changes, a new entry is pushed and the old one is left in
// place, stale. An entry is live while its generation is the one its record
// holds. A query walks only the entries due by the instant, pruning every
// subtree whose root is later, so when nothing is due it looks at the root
// alone. Stale entries are popped when they reach the root, and the heap is
// rebuilt from its live entries once stale ones outnumber them.
type dueIndex struct {
	heap []dueEntry
	live int    // the records with a live entry
	gen  uint64 // the last generation given out
}

type dueEntry struct {
	sec  int64 // NextDue as Unix seconds and nanoseconds, which order
	nsec int64 // instants as time.Time.Compare does
	gen  uint64
	rec  *record
}

// minRebuild is the heap size below which stale entries are left to be
// popped rather than rebuilt away.
const minRebuild = 64

func (e *dueEntry) before(f *dueEntry) bool {
	return e.sec < f.sec || e.sec == f.sec && e.nsec < f.nsec
}

func (e *dueEntry) stale() bool { return e.gen != e.rec.dueGen }

// set records that rec is next due at due; zero when never.
func (d *dueIndex) set(rec *record, due time.Time) {
	if rec.dueGen != 0 {
		d.live--
		rec.dueGen = 0
	}
	if !due.IsZero() {
		d.gen++
		rec.dueGen = d.gen
		d.live++
		d.push(dueEntry{sec: due.Unix(), nsec: int64(due.Nanosecond()), gen: d.gen, rec: rec})
	}
	for len(d.heap) > 0 && d.heap[0].stale() {
		d.pop()
	}
	if len(d.heap) >= minRebuild && len(d.heap)-d.live > d.live {
		d.rebuild()
	}
}

// collect appends to dst the records due at or before by, in no order.
func (d *dueIndex) collect(by time.Time, dst []*record) []*record {
	bound := dueEntry{sec: by.Unix(), nsec: int64(by.Nanosecond())}
	return d.walk(0, &bound, dst)
}

func (d *dueIndex) walk(i int, bound *dueEntry, dst []*record) []*record {
	if i >= len(d.heap) || bound.before(&d.heap[i]) {
		return dst
	}
	if e := &d.heap[i]; !e.stale() {
		dst = append(dst, e.rec)
	}
	dst = d.walk(2*i+1, bound, dst)
	return d.walk(2*i+2, bound, dst)
}

func (d *dueIndex) push(e dueEntry) {
	d.heap = append(d.heap, e)
	d.up(len(d.heap) - 1)
}

func (d *dueIndex) pop() {
	n := len(d.heap) - 1
	d.heap[0] = d.heap[n]
	d.heap[n] = dueEntry{}
	d.heap = d.heap[:n]
	if n > 0 {
		d.down(0)
	}
}

// rebuild drops the stale entries and restores the heap order.
func (d *dueIndex) rebuild() {
	kept := d.heap[:0]
	for _, e := range d.heap {
		if !e.stale() {
			kept = append(kept, e)
		}
	}
	clear(d.heap[len(kept):])
	d.heap = kept
	for i := len(d.heap)/2 - 1; i >= 0; i-- {
		d.down(i)
	}
}

func (d *dueIndex) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !d.heap[i].before(&d.heap[p]) {
			return
		}
		d.heap[i], d.heap[p] = d.heap[p], d.heap[i]
		i = p
	}
}

func (d *dueIndex) down(i int) {
	n := len(d.heap)
	for {
		m := i
		if l := 2*i + 1; l < n && d.heap[l].before(&d.heap[m]) {
			m = l
		}
		if r := 2*i + 2; r < n && d.heap[r].before(&d.heap[m]) {
			m = r
		}
		if m == i {
			return
		}
		d.heap[i], d.heap[m] = d.heap[m], d.heap[i]
		i = m
	}
}
