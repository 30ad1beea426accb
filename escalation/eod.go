package escalation

import (
	"time"

	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// eodDay is the close of business of one local day of a calendar, cached per
// rule: every ticket evaluated that day asks the same question.
type eodDay struct {
	from, to time.Time // the local day
	due      time.Time // the day's moment; zero if not a working day
	cycle    int64     // yyyymmdd
	after    time.Time // the next working day's moment
}

// eodFor returns the working-day moments of rule cr around now.
func (cr *crule) eodFor(now time.Time) *eodDay {
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

// evalEOD evaluates an end-of-day rule: each level fires once a working day,
// at the day's moment plus its offset, for a ticket registered before the
// moment. Days missed while no engine ran are not fired late.
func (r *Rules) evalEOD(ri int, cr *crule, t *incident.Ticket, f *Facts, now time.Time, dst []Due) ([]Due, time.Time) {
	d := cr.eodFor(now)
	reg := f.registered
	if reg.IsZero() {
		reg = t.Created
	}
	var next time.Time
	for li := range cr.levels {
		l := &cr.levels[li]
		if !d.due.IsZero() {
			at := d.due.Add(l.after)
			if at.After(now) {
				next = sla.Earliest(next, at)
				continue
			}
			if reg.Before(d.due) && f.firedRep(ri, li, d.cycle) < 0 {
				dst = append(dst, Due{Rule: cr.name, Level: li, Cycle: d.cycle, At: at, Actions: l.actions})
			}
		}
		if !d.after.IsZero() {
			next = sla.Earliest(next, d.after.Add(l.after))
		}
	}
	return dst, next
}
