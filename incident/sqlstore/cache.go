package sqlstore

import (
	"slices"
	"sync"

	"github.com/itsmkit/itsm/incident"
)

// logCache keeps the decoded logs of recently used tickets. An entry, once
// committed, never changes (the log is append-only, and the database
// refuses updates and deletes of entries), so a cached prefix of a log is
// right for every Store on the database, whoever appended since: Load reads
// only the entries past it. The slices it holds are never changed in
// place, only replaced by longer ones, and callers get copies.
type logCache struct {
	mu   sync.Mutex
	logs map[string][]incident.Entry
	max  int // tickets kept; past it an arbitrary one goes
}

// cachedTickets is how many tickets' logs a Store keeps decoded.
const cachedTickets = 4096

func newLogCache(max int) *logCache {
	return &logCache{logs: make(map[string][]incident.Entry), max: max}
}

// get returns the cached prefix of the log of id, at most n entries long.
// The caller must not change it.
func (c *logCache) get(id string, n int) []incident.Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	log := c.logs[id]
	return log[:min(len(log), n)]
}

// put records that the log of id begins with log, unless a longer prefix
// is known already. put keeps log: the caller must not change it after.
func (c *logCache) put(id string, log []incident.Entry) {
	if len(log) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.logs[id]; ok {
		if len(old) < len(log) {
			c.logs[id] = log
		}
		return
	}
	if len(c.logs) >= c.max {
		for k := range c.logs {
			delete(c.logs, k)
			break
		}
	}
	c.logs[id] = log
}

// extend records that entries, numbered from len(prefix)+1, follow prefix
// in the log of id, where prefix is what get gave. The caller keeps
// entries.
func (c *logCache) extend(id string, prefix, entries []incident.Entry) {
	if len(entries) == 0 {
		return
	}
	log := make([]incident.Entry, 0, len(prefix)+len(entries))
	log = append(append(log, prefix...), cloneEntries(entries)...)
	c.put(id, log)
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
