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

// Scheduler is the incident.Scheduler of a rule set: put it in the Desk's
// Config.Schedulers, so that a ticket's NextDue includes the next instant a
// rule falls due (and the engine's Find(DueBy: now) finds the ticket then),
// a firing due but not yet recorded, and the instant a firing recorded but
// not delivered is to be delivered again. It is safe for concurrent use.
type Scheduler struct {
	// Rules are the rules; required.
	Rules *Rules
	// RedeliverAfter is how long after a firing was recorded (or its
	// delivery last claimed) without being marked delivered it is
	// delivered again. Default DefaultRedeliverAfter. Give the Engine the
	// same value.
	RedeliverAfter time.Duration
}

var _ incident.Scheduler = (*Scheduler)(nil)

// Next returns the earliest of: the instant a due firing not yet recorded
// fell due (at or before now), the next instant a rule falls due, and the
// instant an undelivered firing is to be delivered again. The zero time
// means never.
func (s *Scheduler) Next(t *incident.Ticket, log []incident.Entry, res *sla.Result, now time.Time) time.Time {
	if s == nil || s.Rules == nil {
		return time.Time{}
	}
	f := s.Rules.Facts(t.ID, log)
	var buf [8]Due
	due, next := s.Rules.Evaluate(t, &f, res, now, buf[:0])
	for i := range due {
		next = earliest(next, due[i].At)
	}
	for _, p := range pendingOf(log) {
		next = earliest(next, p.claimed.Add(redeliverAfter(s.RedeliverAfter)))
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
