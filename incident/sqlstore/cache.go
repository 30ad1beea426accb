package sqlstore

import (
	"container/list"
	"slices"
	"sync"

	"github.com/itsmkit/itsm/incident"
)

// logCache keeps the decoded logs of recently used tickets. An entry, once
// committed, never changes (the log is append-only, and the database
// refuses updates and deletes of entries), so a cached prefix of a log is
// right for every Store on the database, whoever appended since: Load reads
// only the entries past it.
//
// A cached log grows in place: entries appended are written past the end of
// the slice the cache holds, which no caller can see (callers get slices
// clipped to their length, and never append to them in place), so a command
// on a ticket with a long history costs what it costs on a short one. The
// cache is bounded by an estimate of the bytes it holds, and drops the least
// recently used logs past it.
type logCache struct {
	mu    sync.Mutex
	logs  map[string]*list.Element // of *cachedLog
	order *list.List               // most recently used first
	bytes int
	max   int // bytes
}

type cachedLog struct {
	id    string
	log   []incident.Entry
	bytes int
}

// cachedBytes is about how many bytes of decoded logs a Store keeps.
const cachedBytes = 64 << 20

func newLogCache(max int) *logCache {
	return &logCache{logs: map[string]*list.Element{}, order: list.New(), max: max}
}

// entryBytes estimates the memory an entry holds.
func entryBytes(e *incident.Entry) int {
	n := 160 + len(e.Actor) + len(e.Type) + len(e.Event) + len(e.Status) + len(e.Text) + len(e.Key)
	for _, c := range e.Changes {
		n += 32 + len(c.Field) + len(c.Value)
	}
	return n
}

// get returns the cached prefix of the log of id, at most n entries long,
// clipped. The caller must not change it.
func (c *logCache) get(id string, n int) []incident.Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.logs[id]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	log := el.Value.(*cachedLog).log
	m := min(len(log), n)
	return log[:m:m]
}

// extend records that entries, numbered from from+1, follow the first from
// entries of the log of id, and returns the cached log's first from+len(entries)
// entries, clipped; or nil if the cache does not hold those first from
// entries (then it starts the log afresh when from is 0). entries are the
// cache's after the call: the caller must not change them.
func (c *logCache) extend(id string, from int, entries []incident.Entry) []incident.Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := from + len(entries)
	el, ok := c.logs[id]
	if !ok {
		if from != 0 || n == 0 {
			return nil
		}
		cl := &cachedLog{id: id, log: entries}
		for i := range entries {
			cl.bytes += entryBytes(&entries[i])
		}
		c.logs[id] = c.order.PushFront(cl)
		c.bytes += cl.bytes
		c.evict()
		return entries[:n:n]
	}
	c.order.MoveToFront(el)
	cl := el.Value.(*cachedLog)
	switch {
	case len(cl.log) < from:
		return nil
	case len(cl.log) == from:
		// Past the end of every slice handed out: appending in place is
		// safe.
		cl.log = append(cl.log, entries...)
		for i := range entries {
			b := entryBytes(&entries[i])
			cl.bytes += b
			c.bytes += b
		}
		c.evict()
	}
	if len(cl.log) < n {
		return nil
	}
	return cl.log[:n:n]
}

// evict drops the least recently used logs while the cache holds more than
// its bound, keeping the one just used.
func (c *logCache) evict() {
	for c.bytes > c.max && c.order.Len() > 1 {
		last := c.order.Back()
		cl := last.Value.(*cachedLog)
		c.order.Remove(last)
		delete(c.logs, cl.id)
		c.bytes -= cl.bytes
	}
}

// cloneEntries returns a deep copy of entries; nil for none.
func cloneEntries(entries []incident.Entry) []incident.Entry {
	if len(entries) == 0 {
		return nil
	}
	out := slices.Clone(entries)
	for i := range out {
		out[i].Changes = slices.Clone(out[i].Changes)
	}
	return out
}
