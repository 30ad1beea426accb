package escalation

import (
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// DefaultRedeliverAfter is the default time after which a firing recorded
// but not marked delivered is delivered again.
const DefaultRedeliverAfter = time.Minute

// Next is the rules' incident.Scheduler: the Desk asks it after every
// command (Config.Escalation), so that a ticket's NextDue includes the next
// instant a rule falls due, and the engine's Find(DueBy: now) finds the
// ticket then. It returns the earliest of: the instant a due firing not yet
// recorded fell due (at or before now), the next instant a rule falls due,
// and the instant an undelivered firing is to be delivered again
// (RedeliverAfter after it was recorded or its delivery last claimed). The
// zero time means never. It is safe for concurrent use.
func (r *Rules) Next(t *incident.Ticket, log []incident.Entry, res *sla.Result, now time.Time) time.Time {
	st := r.FoldLog(nil, t.ID, log)
	return r.NextFolded(t, st, res, now)
}

// logState is what the rules keep of a ticket's log between commands: its
// Facts and the firings recorded and not yet delivered.
type logState struct {
	facts   Facts
	pending []pending
}

// FoldLog makes the rules an incremental incident.Scheduler: it returns the
// state of ticket id's log after entries, given state, the state of the log
// before them (nil for an empty log), which it leaves unchanged. The Desk
// keeps the state beside the ticket, so that a command on a ticket with a
// long history reads only its own entries.
func (r *Rules) FoldLog(state any, id codes.ID, entries []incident.Entry) any {
	old, _ := state.(*logState)
	if old != nil && old.facts.entries > 0 && !slices.ContainsFunc(entries, r.matters) {
		return old // nothing the rules keep changes
	}
	var st logState
	if old != nil {
		st.facts = old.facts.clone()
		st.pending = slices.Clip(old.pending)
	} else {
		st.facts = Facts{statusAt: make([]time.Time, len(r.statuses)), statusN: make([]int, len(r.statuses))}
	}
	r.foldFacts(&st.facts, id, entries)
	st.pending = foldPending(st.pending, entries)
	return &st
}

// matters reports whether an entry changes what the rules keep of a log.
func (r *Rules) matters(e incident.Entry) bool {
	if e.Type == incident.EntryRegister || e.Event != "" || e.Status != "" || e.Key != "" {
		return true
	}
	switch e.Type {
	case EntryFiring, EntryRetry, EntryDelivered, incident.EntryTask:
		return true
	}
	return slices.ContainsFunc(e.Changes, func(c incident.Change) bool { return c.Field == incident.FieldTier })
}

// NextFolded is Next on the state FoldLog gives of the ticket's whole log.
func (r *Rules) NextFolded(t *incident.Ticket, state any, res *sla.Result, now time.Time) time.Time {
	st, ok := state.(*logState)
	if !ok || st == nil {
		st = r.FoldLog(nil, t.ID, nil).(*logState)
	}
	var buf [8]Due
	due, next := r.Evaluate(t, &st.facts, res, now, buf[:0])
	for i := range due {
		next = sla.Earliest(next, due[i].At)
	}
	for _, p := range st.pending {
		next = sla.Earliest(next, p.claimed.Add(r.redeliver))
	}
	return next
}

func redeliverAfter(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultRedeliverAfter
	}
	return d
}

// pending is a firing recorded and not yet marked delivered.
type pending struct {
	firing  incident.Entry // the EntryFiring entry
	claimed time.Time      // when it was recorded or its delivery last claimed
	retries int            // the EntryRetry claims so far
}

const (
	deliveredSuffix = "/delivered"
	retryInfix      = "/retry/"
)

// foldPending returns ps, the firings pending before entries, as entries
// leave them. It never changes ps in place: it copies what it changes.
func foldPending(ps []pending, entries []incident.Entry) []pending {
	owned := false
	own := func() {
		if !owned {
			ps, owned = slices.Clone(ps), true
		}
	}
	for i := range entries {
		e := &entries[i]
		switch e.Type {
		case EntryFiring:
			ps = append(slices.Clip(ps), pending{firing: *e, claimed: e.At})
			owned = true
		case EntryRetry:
			k, _, ok := strings.Cut(e.Key, retryInfix)
			if !ok {
				continue
			}
			for j := range ps {
				if ps[j].firing.Key == k {
					own()
					ps[j].claimed = e.At
					ps[j].retries++
				}
			}
		case EntryDelivered:
			k := strings.TrimSuffix(e.Key, deliveredSuffix)
			for j := range ps {
				if ps[j].firing.Key == k {
					own()
					ps = append(ps[:j:j], ps[j+1:]...)
					break
				}
			}
		}
	}
	return ps
}
