package escalation

// This file keeps the evaluator as it was before its hot path was compiled
// per priority: a plain, slow reference that the random tests compare
// Evaluate with.

import (
	"math"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

const refMaxClocks = 8

// refFiredRep returns the highest repetition recorded of a level in a cycle,
// or -1; for a daily rule, a day before one the level fired on is fired.
func refFiredRep(f *Facts, rule, level int, cycle int64, daily bool) int {
	rep := -1
	for _, x := range f.fired {
		if x.rule == rule && x.level == level && x.cycle == cycle && x.rep > rep {
			rep = x.rep
		}
	}
	for _, x := range f.fired {
		if daily && x.rule == rule && x.level == level && x.cycle > cycle {
			return math.MaxInt
		}
	}
	return rep
}

// refOffsetNow is namedCal.offsetNow without the cache.
func refOffsetNow(nc *namedCal, now time.Time) (time.Duration, error) {
	return nc.off.Offset(now)
}

// Evaluate returns the firings of the rules due for ticket t at now and not
// yet recorded in f, appended to dst, and the next instant after now at which
// another firing falls due (zero if none will without a change to the
// ticket). res is the ticket's SLA result, evaluated at or before now (with
// no new fact since); f its log's Facts.
//
// Evaluate is a pure function of its arguments: it reads no clock and
// changes nothing but dst (and the Rules' caches). It allocates nothing
// when dst has room, but once for each new instant now on each calendar
// with an axis of working time (calendar.Calendar.Offset): evaluate the
// tickets of a tick at one now.
func refEvaluate(r *Rules, t *incident.Ticket, f *Facts, res *sla.Result, now time.Time, dst []Due) ([]Due, time.Time) {
	var next time.Time
	if t == nil {
		return dst, next
	}
	done := slices.Contains(r.done, t.Status)
	if done && !r.evenDone {
		return dst, next
	}
	if f == nil {
		f = &Facts{}
	}
	if res == nil {
		res = &sla.Result{}
	}
	bucket := 0
	if t.Priority >= codes.P1 && t.Priority <= codes.P5 {
		bucket = int(t.Priority)
	}
	var ahead refPlaces // the next thresholds in working time, by calendar
	var ck refClocks
	var byPriority []int // the rules whose condition admits the bucket
	readsClocks := false
	for i := range r.rules {
		if m := r.rules[i].cond.priorities; m == 0 || (bucket > 0 && m&(1<<uint(bucket)) != 0) {
			byPriority = append(byPriority, i)
			if cr := &r.rules[i]; len(cr.waitOn) > 0 || isTargetKind(cr.kind) {
				readsClocks = true
			}
		}
	}
	if readsClocks {
		ck = r.refClocksOf(res)
	}
	for _, ri := range byPriority {
		cr := &r.rules[ri]
		if done && !cr.evenDone {
			continue
		}
		if (bucket == 0 || cr.cond.more) && !cr.cond.match(t) {
			continue
		}
		var n time.Time
		switch cr.kind {
		case FromEndOfDay:
			if ck.waits(cr, res) {
				continue
			}
			dst, n = r.refEvalEOD(ri, cr, t, f, now, dst)
		case FromTargetStarted, FromTargetShare, FromBeforeBreach, FromBreached:
			dst, n = r.refEvalTarget(ri, cr, f, res, ck.status(cr, res), now, &ahead, dst)
		default:
			if ck.waits(cr, res) {
				continue
			}
			at, cycle := refAnchorOf(cr, t, f)
			if at.IsZero() || at.After(now) {
				if !at.IsZero() {
					n = at // not yet: look again then
				}
				break
			}
			dst, n = r.refEvalEvent(ri, cr, f, at, cycle, now, &ahead, dst)
		}
		if !n.IsZero() {
			next = sla.Earliest(next, n)
		}
	}
	// One search per calendar for the earliest threshold ahead: instants
	// on a calendar's axis are in the order of their offsets.
	for i := range ahead.n {
		p := &ahead.p[i]
		if u, err := p.cal.off.AtOffset(p.pos); err == nil && u.After(now) {
			next = sla.Earliest(next, u)
		}
	}
	return dst, next
}

// refPlaces keeps the least offset ahead on each calendar, for the few
// calendars one rule set counts in.
type refPlaces struct {
	p [4]struct {
		cal *namedCal
		pos time.Duration
	}
	n int
}

// add notes a threshold ahead on sc, returning the instant at once when
// sc has no axis to compare on (wall-clock time, a calendar measured from
// its anchor) or the calendars are too many to keep.
func (ps *refPlaces) add(sc *refScale, thr time.Duration) time.Time {
	if sc.cal != nil && ps.keep(sc.cal, sc.pos+thr) {
		return time.Time{}
	}
	u, _ := sc.at(thr)
	return u
}

// keep notes pos as a place ahead on cal, reporting false when it keeps
// as many calendars as it can already.
func (ps *refPlaces) keep(cal *namedCal, pos time.Duration) bool {
	for i := range ps.n {
		if p := &ps.p[i]; p.cal == cal {
			p.pos = min(p.pos, pos)
			return true
		}
	}
	if ps.n == len(ps.p) {
		return false
	}
	ps.p[ps.n].cal, ps.p[ps.n].pos = cal, pos
	ps.n++
	return true
}

// refScale turns a rule's thresholds into instants, in one of three ways:
// wall-clock time from an instant; working time from an offset on a
// calendar's axis; or working time from an instant, with the calendar's
// Add (for a calendar without an axis).
type refScale struct {
	cal  *namedCal     // on cal's axis, threshold 0 at offset pos
	slow sla.Calendar  // with slow.Add, threshold 0 at pos from base
	base time.Time     // wall-clock or slow: the instant pos refers to
	pos  time.Duration // the offset of threshold 0
}

// working reports whether the refScale counts working time.
func (sc *refScale) working() bool { return sc.cal != nil || sc.slow != nil }

// at returns the instant threshold thr is reached: in working time, the
// working instant at which it has passed (past a window's end, the next
// window's start).
func (sc *refScale) at(thr time.Duration) (time.Time, bool) {
	switch d := sc.pos + thr; {
	case sc.cal != nil:
		u, err := sc.cal.off.AtOffset(d)
		return u, err == nil
	case sc.slow == nil:
		return sc.base.Add(thr), true
	case d < 0:
		// Counting back lands on a window's start, never on the end of
		// the window before.
		u, err := sc.slow.Add(sc.base, d)
		return u, err == nil
	default:
		// The first working instant past d is 1ns before d+1ns has
		// passed: one search instead of two.
		u, err := sc.slow.Add(sc.base, d+1)
		return u.Add(-1), err == nil
	}
}

func refAnchorOf(cr *crule, t *incident.Ticket, f *Facts) (time.Time, int64) {
	switch cr.kind {
	case FromRegistered:
		at := f.registered
		if at.IsZero() {
			at = t.Created
		}
		return at, 1
	case FromAssigned:
		return f.assigned, int64(f.assignments)
	case FromTier:
		return f.tierAt, int64(f.tierChanges)
	case FromTaskDone:
		return f.taskDoneAt, int64(f.tasksDone)
	case FromStatus:
		if cr.status < len(f.statusAt) {
			return f.statusAt[cr.status], int64(f.statusN[cr.status])
		}
	}
	return time.Time{}, 0
}

// evalEvent evaluates a rule measured from an event at anchor.
func (r *Rules) refEvalEvent(ri int, cr *crule, f *Facts, anchor time.Time, cycle int64, now time.Time, ahead *refPlaces, dst []Due) ([]Due, time.Time) {
	var m time.Duration // measure of now from the anchor
	sc := refScale{base: anchor}
	switch {
	case cr.cal == nil:
		m = now.Sub(anchor)
	case cr.cal.off != nil:
		a, err := cr.cal.off.Offset(anchor)
		if err != nil {
			return dst, time.Time{}
		}
		n, err := refOffsetNow(cr.cal, now)
		if err != nil {
			return dst, time.Time{}
		}
		m, sc.cal, sc.pos = n-a, cr.cal, a
	default:
		var err error
		if m, err = cr.cal.cal.Between(anchor, now); err != nil {
			return dst, time.Time{}
		}
		sc.slow = cr.cal.cal
	}
	return r.refLevels(ri, cr, f, cycle, m, now, &sc, ahead, dst)
}

// evalTarget evaluates a rule measured in an SLA target's clock, whose
// status in res is s (nil if none).
func (r *Rules) refEvalTarget(ri int, cr *crule, f *Facts, res *sla.Result, s *sla.Status, now time.Time, ahead *refPlaces, dst []Due) ([]Due, time.Time) {
	if s == nil || s.Started.IsZero() || !s.Stopped.IsZero() || s.PausedBy != "" || s.State == sla.Paused {
		return dst, time.Time{}
	}
	nc := r.calendar(s.Calendar)
	if nc == nil {
		return dst, time.Time{}
	}
	base := cr.base
	switch cr.kind {
	case FromTargetShare:
		base = time.Duration(float64(s.Goal) * cr.percent / 100)
	case FromBeforeBreach, FromBreached:
		base += s.Goal
	}
	// The clock stood at s.Elapsed at res.Now and has run since: m is its
	// measure at the later of the two, from.
	m, from := s.Elapsed, res.Now
	sc := refScale{}
	if nc.off != nil {
		var err error
		var pos time.Duration // from's offset
		if res.Now.After(now) {
			pos, err = nc.off.Offset(res.Now)
		} else if pos, err = refOffsetNow(nc, now); err == nil && res.Now.Before(now) {
			var then time.Duration
			then, err = nc.off.Offset(res.Now)
			m += pos - then
		}
		if err != nil {
			return dst, time.Time{}
		}
		sc.cal, sc.pos = nc, pos
	} else {
		if now.After(from) {
			d, err := nc.cal.Between(from, now)
			if err != nil {
				return dst, time.Time{}
			}
			m, from = m+d, now
		}
		sc.slow, sc.base = nc.cal, from
	}
	m -= base // thresholds count from base
	sc.pos -= m
	return r.refLevels(ri, cr, f, int64(s.Cycle), m, now, &sc, ahead, dst)
}

// levels finds, for each level of rule ri, the latest repetition due at
// measure m (the anchor's measure of now, in the rule's clock), and notes in
// ahead the least threshold not reached yet; it returns the next instant
// only for a threshold reached out of hours. In working time a threshold
// reached exactly at m may fall at a later working instant.
func (r *Rules) refLevels(ri int, cr *crule, f *Facts, cycle int64, m time.Duration, now time.Time, sc *refScale, ahead *refPlaces, dst []Due) ([]Due, time.Time) {
	var next time.Time
	working := sc.working()
	least := time.Duration(-1) // the least threshold ahead of m
	for li := range cr.levels {
		l := &cr.levels[li]
		rep := -1 // the latest repetition reached
		if m >= l.after {
			rep = 0
			if cr.every > 0 {
				rep = int((m - l.after) / cr.every)
			}
			if cr.times > 0 && rep >= cr.times {
				rep = cr.times - 1
			}
		}
		var dueAt time.Time
		if rep >= 0 {
			thr := l.after + time.Duration(rep)*cr.every
			if working && thr == m {
				u, ok := sc.at(thr)
				if !ok {
					continue
				}
				if u.After(now) {
					// Reached out of hours: falls due at the next
					// working instant, and the repetition before it
					// (if any) is the one due.
					next = sla.Earliest(next, u)
					rep--
				} else {
					dueAt = u
				}
			}
		}
		if rep >= 0 && refFiredRep(f, ri, li, cycle, false) < rep {
			if dueAt.IsZero() {
				u, ok := sc.at(l.after + time.Duration(rep)*cr.every)
				if !ok {
					continue
				}
				dueAt = u
			}
			if dueAt.After(now) {
				dueAt = now
			}
			dst = append(dst, Due{Rule: cr.name, Level: li, Cycle: cycle, Rep: rep, At: dueAt, Actions: l.actions})
		}
		if nr := rep + 1; (cr.times == 0 || nr < cr.times) && (nr == 0 || cr.every > 0) {
			if thr := l.after + time.Duration(nr)*cr.every; thr > m && (least < 0 || thr < least) {
				least = thr
			}
		}
	}
	if least >= 0 {
		if u := ahead.add(sc, least); !u.IsZero() {
			next = sla.Earliest(next, u)
		}
	}
	return dst, next
}

// refClocks is what one evaluation reads of the SLA result: the status of
// each target in Rules.clocks (the first of that name), and which of them
// are paused.
type refClocks struct {
	st     [refMaxClocks]*sla.Status
	paused uint8
}

// clocksOf reads res once for the rules' targets.
func (r *Rules) refClocksOf(res *sla.Result) refClocks {
	var ck refClocks
	for i := range res.Targets {
		s := &res.Targets[i]
		for j, name := range r.clocks {
			if s.Target != name {
				continue
			}
			if ck.st[j] == nil {
				ck.st[j] = s
			}
			if refPausedClock(s) {
				ck.paused |= 1 << uint(j)
			}
			break
		}
	}
	return ck
}

// status returns the status of the target of rule cr, nil if res has none.
func (ck *refClocks) status(cr *crule, res *sla.Result) *sla.Status {
	if cr.clock >= 0 {
		return ck.st[cr.clock]
	}
	for i := range res.Targets {
		if res.Targets[i].Target == cr.target {
			return &res.Targets[i]
		}
	}
	return nil
}

// waits reports whether a clock the rule waits on (WaitOn) is paused.
func (ck *refClocks) waits(cr *crule, res *sla.Result) bool {
	if ck.paused&cr.waitSet != 0 {
		return true
	}
	for _, w := range cr.waitFar {
		for i := range res.Targets {
			if s := &res.Targets[i]; s.Target == w && refPausedClock(s) {
				return true
			}
		}
	}
	return false
}

// refPausedClock reports whether s is a clock paused (and not stopped).
func refPausedClock(s *sla.Status) bool {
	return s.Stopped.IsZero() && (s.PausedBy != "" || s.State == sla.Paused)
}

// evalEOD evaluates an end-of-day rule: each level fires once a working day,
// at the day's moment plus its offset, for a ticket registered before the
// moment. Days missed while no engine ran are not fired late.
func (r *Rules) refEvalEOD(ri int, cr *crule, t *incident.Ticket, f *Facts, now time.Time, dst []Due) ([]Due, time.Time) {
	d := cr.eodAt(now)
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
			if reg.Before(d.due) && refFiredRep(f, ri, li, d.cycle, true) < 0 {
				dst = append(dst, Due{Rule: cr.name, Level: li, Cycle: d.cycle, At: at, Actions: l.actions})
			}
		}
		if !d.after.IsZero() {
			next = sla.Earliest(next, d.after.Add(l.after))
		}
	}
	return dst, next
}
