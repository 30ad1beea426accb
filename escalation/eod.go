package escalation

import (
	"time"
)

// eodDay is the close of business of one local day of a calendar, cached per
// rule: every ticket evaluated that day asks the same question.
type eodDay struct {
	from, to time.Time // the local day
	due      time.Time // the day's moment; zero if not a working day
	cycle    int64     // yyyymmdd
	after    time.Time // the next working day's moment
}

// eodFor returns the working-day moments of rule cr around the instant e
// evaluates at.
func (cr *crule) eodFor(e *evaluation, now time.Time) *eodDay {
	if d := cr.eod.Load(); d != nil && (e.past(d.from) || !d.from.After(now)) && (e.later(d.to) || d.to.After(now)) {
		return d
	}
	return cr.eodAt(now)
}

// eodAt returns the working-day moments of rule cr around now, and caches
// them.
func (cr *crule) eodAt(now time.Time) *eodDay {
	if d := cr.eod.Load(); d != nil && !now.Before(d.from) && now.Before(d.to) {
		return d
	}
	loc := now.Location()
	if l, ok := cr.cal.cal.(locator); ok {
		loc = l.Location()
	}
	y, m, dd := now.In(loc).Date()
	from := time.Date(y, m, dd, 0, 0, 0, 0, loc)
	d := &eodDay{from: from, to: from.AddDate(0, 0, 1), cycle: int64(y*10000 + int(m)*100 + dd)}
	d.due = cr.closeOf(from, d.to)
	for i := 1; i <= 366; i++ {
		if u := cr.closeOf(from.AddDate(0, 0, i), from.AddDate(0, 0, i+1)); !u.IsZero() {
			d.after = u
			break
		}
	}
	cr.eod.Store(d)
	return d
}

// closeOf returns the rule's moment on the day [from, to): Before before the
// end of the last working window; zero if the day has none.
func (cr *crule) closeOf(from, to time.Time) time.Time {
	var end time.Time
	for w, err := range cr.cal.cal.Windows(from, to) {
		if err != nil {
			return time.Time{}
		}
		end = w.End
	}
	if end.IsZero() {
		return end
	}
	return end.Add(-cr.before)
}

// endOfDay evaluates an end-of-day rule: each level fires once a working
// day, at the day's moment plus its offset, for a ticket registered before
// the moment. Days missed while no engine ran are not fired late.
func (e *evaluation) endOfDay(s *step, now time.Time, dst []Due) ([]Due, time.Time) {
	cr := s.cr
	d := cr.eodFor(e, now)
	reg := e.f.registered
	if reg.IsZero() {
		reg = e.t.Created
	}
	var next time.Time
	for li := range cr.levels {
		after := cr.levels[li].after
		if !d.due.IsZero() {
			at := d.due
			if after != 0 {
				at = at.Add(after)
			}
			if e.later(at) || !e.past(at) && at.After(now) {
				next = earliest(next, at)
				continue
			}
			if reg.Before(d.due) && e.firedRep(s, li, d.cycle) < 0 {
				dst = appendDue(dst, cr, li, d.cycle, 0, at)
			}
		}
		if !d.after.IsZero() {
			at := d.after
			if after != 0 {
				at = at.Add(after)
			}
			next = earliest(next, at)
		}
	}
	return dst, next
}
