package incident

import (
	"slices"
	"sync"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// History returns the SLA history of an activity log: for each entry, the
// attributes an SLA policy matches on that it changed (priority, system as
// the service, category, nature, customer tier, tier), then the status it
// entered. It is what the Desk evaluates, and what a caller evaluates to
// ask "what if" of a ticket under another policy or calendar.
func History(log []Entry) sla.History {
	return appendHistory(make(sla.History, 0, len(log)+8), log, nil)
}

// appendHistory appends to h the history of the log a followed by b.
func appendHistory(h sla.History, a, b []Entry) sla.History {
	for i := range len(a) + len(b) {
		var e *Entry
		if i < len(a) {
			e = &a[i]
		} else {
			e = &b[i-len(a)]
		}
		for _, c := range e.Changes {
			var a sla.Attr
			switch c.Field {
			case FieldPriority:
				a = sla.AttrPriority
			case FieldSystem:
				a = sla.AttrService
			case FieldCategory:
				a = sla.AttrCategory
			case FieldNature:
				a = sla.AttrNature
			case FieldCustomerTier:
				a = sla.AttrCustomerTier
			case FieldTier:
				a = sla.AttrTier
			default:
				continue
			}
			h = append(h, sla.Set(e.At, a, c.Value))
		}
		if e.Status != "" {
			h = append(h, sla.Entered(e.At, e.Status))
		}
	}
	return h
}

// scratch is what derive needs for one evaluation, reused: Evaluate keeps
// nothing of the history or the result's storage.
type scratch struct {
	h   sla.History
	res sla.Result
	log []Entry // the whole log, for Schedulers, when it comes in two parts
}

var scratches = sync.Pool{New: func() any { return &scratch{h: make(sla.History, 0, 32)} }}

// derive sets the fields of t that the SLA and the workflow give, from its
// whole log (log then more): the planned and actual response and
// resolution, the on-time flags, when it closed, and the next instant
// anything falls due (a warning, a breach, an auto-close, what the
// Schedulers say).
func (d *Desk) derive(t *Ticket, log, more []Entry) error {
	now := d.cfg.Now()
	sc := scratches.Get().(*scratch)
	defer func() {
		clear(sc.h)
		sc.h = sc.h[:0]
		clear(sc.log)
		sc.log = sc.log[:0]
		scratches.Put(sc)
	}()
	sc.h = appendHistory(sc.h[:0], log, more)
	if err := d.pol.EvaluateTo(&sc.res, sc.h, now); err != nil {
		return err
	}
	res := &sc.res
	t.PlannedResponse, t.ActualResponse, t.RespondedOnTime = target(res, d.cfg.ResponseTarget)
	t.PlannedResolution, t.ActualResolution, t.ResolvedOnTime = target(res, d.cfg.ResolutionTarget)
	t.Closed = d.closedAt(t, log, more)
	t.NextDue = time.Time{}
	if !d.wf.Final(t.Status) {
		t.NextDue = res.Next
		if at, ok := d.autoCloseAt(t, log, more); ok {
			t.NextDue = earliest(t.NextDue, at)
		}
	}
	// Schedulers are asked for closed tickets too: a notification recorded
	// but not yet delivered must still be delivered after the ticket closes.
	if len(d.cfg.Schedulers) > 0 {
		whole := log
		if len(more) > 0 {
			sc.log = append(append(sc.log[:0], log...), more...)
			whole = sc.log
		}
		for _, s := range d.cfg.Schedulers {
			t.NextDue = earliest(t.NextDue, s.Next(t, whole, res, now))
		}
	}
	return nil
}

// closedAt returns when t entered its final status, from its log (log then
// more): the time of the last entry that changed the status. It returns the
// zero time for a ticket whose status is not final.
func (d *Desk) closedAt(t *Ticket, log, more []Entry) time.Time {
	if !d.wf.Final(t.Status) {
		return time.Time{}
	}
	for _, l := range [][]Entry{more, log} {
		for i := len(l) - 1; i >= 0; i-- {
			if l[i].Status != "" {
				return l[i].At
			}
		}
	}
	return t.Updated
}

// earliest returns the earlier of two instants, the zero time meaning never.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func target(res *sla.Result, name string) (planned, actual time.Time, on OnTime) {
	s, ok := res.Target(name)
	if !ok {
		return time.Time{}, time.Time{}, OnTimeUnknown
	}
	switch s.State {
	case sla.Met:
		on = OnTimeYes
	case sla.Breached:
		on = OnTimeNo
	}
	return s.Deadline, s.Stopped, on
}

// autoCloseAt returns when a resolved ticket closes by itself, if it does:
// AutoCloseAfter from the last time its log (log then more) entered resolved.
func (d *Desk) autoCloseAt(t *Ticket, log, more []Entry) (time.Time, bool) {
	if d.cfg.AutoCloseAfter <= 0 || t.Status != codes.StatusResolved || !slices.Contains(d.cfg.AutoCloseUrgencies, t.Urgency) {
		return time.Time{}, false
	}
	for _, l := range [][]Entry{more, log} {
		for i := len(l) - 1; i >= 0; i-- {
			if l[i].Status == codes.StatusResolved {
				return l[i].At.Add(d.cfg.AutoCloseAfter), true
			}
		}
	}
	return time.Time{}, false
}
