package incident

import (
	"cmp"
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

// slaAttr returns the SLA attribute a field sets, if any.
func slaAttr(f Field) (sla.Attr, bool) {
	switch f {
	case FieldPriority:
		return sla.AttrPriority, true
	case FieldSystem:
		return sla.AttrService, true
	case FieldCategory:
		return sla.AttrCategory, true
	case FieldNature:
		return sla.AttrNature, true
	case FieldCustomerTier:
		return sla.AttrCustomerTier, true
	case FieldTier:
		return sla.AttrTier, true
	}
	return "", false
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
			if a, ok := slaAttr(c.Field); ok {
				h = append(h, sla.Set(e.At, a, c.Value))
			}
		}
		if e.Status != "" {
			h = append(h, sla.Entered(e.At, e.Status))
		}
	}
	return h
}

// addsFacts reports whether entries add anything to the SLA history: a
// status entered or an attribute the policy matches on.
func addsFacts(entries []Entry) bool {
	for i := range entries {
		if entries[i].Status != "" {
			return true
		}
		for _, c := range entries[i].Changes {
			if _, ok := slaAttr(c.Field); ok {
				return true
			}
		}
	}
	return false
}

// scratch is what one change needs for its evaluations, reused: Evaluate
// keeps nothing of the history or the result's storage.
type scratch struct {
	h   sla.History
	res sla.Result
	log []Entry // the whole log, for the Scheduler, when it comes in two parts
}

var scratches = sync.Pool{New: func() any { return &scratch{h: make(sla.History, 0, 32)} }}

func getScratch() *scratch { return scratches.Get().(*scratch) }

func (sc *scratch) put() {
	clear(sc.h)
	sc.h = sc.h[:0]
	clear(sc.log)
	sc.log = sc.log[:0]
	clear(sc.res.Targets)
	sc.res.Targets = sc.res.Targets[:0]
	scratches.Put(sc)
}

// derive sets the fields of t that the SLA and the workflow give, from its
// whole log (log then more) at the Desk's now.
func (d *Desk) derive(t *Ticket, log, more []Entry) error {
	sc := getScratch()
	defer sc.put()
	now := d.cfg.Now()
	f, err := d.foldMore(nil, t.ID, log, sc)
	if err == nil && len(more) > 0 {
		f, err = d.foldMore(f, t.ID, more, sc)
	}
	if err != nil {
		return err
	}
	if err := d.pol.ProjectTo(&sc.res, f.sla, now); err != nil {
		return err
	}
	d.deriveFrom(t, f, &sc.res, now, logView{base: log}, more, sc)
	if d.heads {
		t.Checkpoint = d.writeFold(t.ID, f)
	}
	return nil
}

// deriveFrom sets the fields of t that the SLA and the workflow give from f,
// the fold of its whole log (log then more), and res, its SLA evaluated at
// or before now with no fact since: the planned and actual response and
// resolution, the on-time flags, when it closed, and NextDue, the one place
// the next instant anything falls due is computed — a warning stage or a
// breach of a running clock, the auto-close, and what the escalation
// Scheduler says (a rule's moment, a redelivery). The zero NextDue means
// never.
func (d *Desk) deriveFrom(t *Ticket, f *logFold, res *sla.Result, now time.Time, log logView, more []Entry, sc *scratch) {
	t.PlannedResponse, t.ActualResponse, t.RespondedOnTime = target(res, d.cfg.ResponseTarget)
	t.PlannedResolution, t.ActualResolution, t.ResolvedOnTime = target(res, d.cfg.ResolutionTarget)
	t.Closed = time.Time{}
	if d.wf.Final(t.Status) {
		t.Closed = cmp.Or(f.lastStatusAt, t.Updated)
	}
	t.NextDue = time.Time{}
	if !d.wf.Final(t.Status) {
		t.NextDue = res.Next
		if at, ok := d.autoCloseFrom(t, f.resolvedAt); ok {
			t.NextDue = sla.Earliest(t.NextDue, at)
		}
	}
	// The Scheduler is asked about closed tickets too: a notification
	// recorded but not yet delivered must still be delivered after the
	// ticket closes.
	switch s := d.sched.(type) {
	case nil:
	case FoldingScheduler:
		t.NextDue = sla.Earliest(t.NextDue, s.NextFolded(t, f.sched, res, now))
	default:
		whole := log.base
		if len(log.added) > 0 || len(more) > 0 {
			sc.log = append(append(append(sc.log[:0], log.base...), log.added...), more...)
			whole = sc.log
		}
		t.NextDue = sla.Earliest(t.NextDue, s.Next(t, whole, res, now))
	}
}

func target(res *sla.Result, name string) (planned, actual time.Time, on OnTime) {
	if name == "" {
		return time.Time{}, time.Time{}, OnTimeUnknown
	}
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

// autoCloseFrom returns when a resolved ticket that last entered resolved at
// resolved closes by itself, if it does.
func (d *Desk) autoCloseFrom(t *Ticket, resolved time.Time) (time.Time, bool) {
	if d.cfg.AutoCloseAfter <= 0 || t.Status != codes.StatusResolved || resolved.IsZero() || !slices.Contains(d.cfg.AutoCloseUrgencies, t.Urgency) {
		return time.Time{}, false
	}
	return resolved.Add(d.cfg.AutoCloseAfter), true
}
