package escalation

import (
	"strings"
	"time"

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
	f := r.Facts(t.ID, log)
	var buf [8]Due
	due, next := r.Evaluate(t, &f, res, now, buf[:0])
	for i := range due {
		next = sla.Earliest(next, due[i].At)
	}
	for _, p := range pendingOf(log) {
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

// pendingOf returns the firings of log without their delivered twin, in log
// order.
func pendingOf(log []incident.Entry) []pending {
	var ps []pending
	for i := range log {
		e := &log[i]
		switch e.Type {
		case EntryFiring:
			ps = append(ps, pending{firing: *e, claimed: e.At})
		case EntryRetry:
			k, _, ok := strings.Cut(e.Key, retryInfix)
			if !ok {
				continue
			}
			for j := range ps {
				if ps[j].firing.Key == k {
					ps[j].claimed = e.At
					ps[j].retries++
				}
			}
		case EntryDelivered:
			k := strings.TrimSuffix(e.Key, deliveredSuffix)
			for j := range ps {
				if ps[j].firing.Key == k {
					ps = append(ps[:j], ps[j+1:]...)
					break
				}
			}
		}
	}
	return ps
}
