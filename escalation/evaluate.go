package escalation

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// Entry types the engine records in a ticket's activity log.
const (
	// EntryFiring records a firing, under its key, before delivery. Its
	// Changes are the firing's changes to the ticket (RaiseTier,
	// FlagMajor).
	EntryFiring incident.EntryType = "escalation"
	// EntryRetry claims the delivery of a firing whose first delivery
	// did not complete, under the key DeliveryKey's retry form.
	EntryRetry incident.EntryType = "escalation.retry"
	// EntryDelivered records that the Notifier accepted a firing, under
	// the firing's key plus "/delivered".
	EntryDelivered incident.EntryType = "escalation.delivered"
)

// KeyPrefix begins every idempotency key of a firing.
const KeyPrefix = "esc/"

// Due is a firing that is due: one level of one rule, in one cycle of its
// anchor, one repetition.
type Due struct {
	// Rule is the rule's name.
	Rule string `json:"rule"`
	// Level is the index of the rule's level that fires, from 0.
	Level int `json:"level"`
	// Cycle identifies the occurrence of the anchor: the count of the
	// anchor event (the 2nd assignment is cycle 2), the SLA clock's cycle,
	// or the working day as yyyymmdd for FromEndOfDay; 1 for FromRegistered.
	Cycle int64 `json:"cycle"`
	// Rep is the repetition, from 0.
	Rep int `json:"rep,omitempty"`
	// At is when the firing fell due (at or before now).
	At time.Time `json:"at,omitzero"`
	// Actions are the level's actions. The slice is shared: do not change
	// it.
	Actions []Action `json:"actions,omitempty"`
}

// Key returns the firing's idempotency key for ticket id,
// "esc/<id>/<rule>/<level>/<cycle>/<rep>": the same firing always has the
// same key, and no other firing has it.
func (d *Due) Key(id codes.ID) string {
	var b strings.Builder
	b.Grow(48 + len(d.Rule))
	b.WriteString(KeyPrefix)
	b.WriteString(id.String())
	b.WriteByte('/')
	b.WriteString(d.Rule)
	b.WriteByte('/')
	b.WriteString(strconv.Itoa(d.Level))
	b.WriteByte('/')
	b.WriteString(strconv.FormatInt(d.Cycle, 10))
	b.WriteByte('/')
	b.WriteString(strconv.Itoa(d.Rep))
	return b.String()
}

// Facts are what the rules need of a ticket's activity log: when the events
// that anchor rules last happened, how often, and which firings are recorded
// already. Build them with Rules.Facts; the zero Facts is a log with nothing
// but what the ticket says (Ticket.Created as the registration). Facts are
// read only by the Rules that built them.
type Facts struct {
	entries     int // entries of the log read, or at least 1 once any was
	registered  time.Time
	assigned    time.Time
	assignments int
	tierAt      time.Time
	tierChanges int
	statusAt    []time.Time // by Rules.statuses
	statusN     []int
	fired       []fired
	taskDoneAt  time.Time
	tasksDone   int
}

type fired struct {
	rule, level int
	cycle       int64
	rep         int
}

// Facts reads the activity log of ticket id: the anchor events and the
// firings recorded (entries of type EntryFiring with a key of this rule set).
func (r *Rules) Facts(id codes.ID, log []incident.Entry) Facts {
	f := Facts{statusAt: make([]time.Time, len(r.statuses)), statusN: make([]int, len(r.statuses))}
	r.foldFacts(&f, id, log)
	return f
}

// foldFacts reads entries, which follow the f.entries entries f has read of
// ticket id's log, into f.
func (r *Rules) foldFacts(f *Facts, id codes.ID, log []incident.Entry) {
	prefix := KeyPrefix + id.String() + "/"
	for i := range log {
		e := &log[i]
		if f.entries == 0 || e.Type == incident.EntryRegister {
			if f.registered.IsZero() {
				f.registered = e.At
			}
		}
		f.entries++
		if e.Event == incident.EventAssign || e.Event == incident.EventReassign {
			f.assigned, f.assignments = e.At, f.assignments+1
		}
		for _, c := range e.Changes {
			if c.Field == incident.FieldTier {
				f.tierAt, f.tierChanges = e.At, f.tierChanges+1
				break
			}
		}
		if e.Type == incident.EntryTask && completesTask(e) {
			f.taskDoneAt, f.tasksDone = e.At, f.tasksDone+1
		}
		if e.Status != "" {
			if j := slices.Index(r.statuses, e.Status); j >= 0 {
				f.statusAt[j], f.statusN[j] = e.At, f.statusN[j]+1
			}
		}
		if e.Type == EntryFiring && strings.HasPrefix(e.Key, prefix) {
			if fd, ok := r.parseKey(e.Key[len(prefix):]); ok {
				f.fired = r.addFired(f.fired, fd)
			}
		}
	}
}

// addFired returns fs with firing fd recorded. Only the highest repetition
// of a level in a cycle is kept (all firedRep asks), so that the facts of a
// ticket that repeats a notification for weeks do not grow with it; and of
// an end-of-day rule, whose cycles are working days, only the latest day a
// level fired (firedRep counts the days before it as fired), so that they
// do not grow with the days the ticket stays open either. fs may be shared
// with an earlier Facts: it is appended to or copied, never changed in
// place.
func (r *Rules) addFired(fs []fired, fd fired) []fired {
	daily := r.rules[fd.rule].kind == FromEndOfDay
	for i := range fs {
		x := &fs[i]
		if x.rule != fd.rule || x.level != fd.level || x.cycle != fd.cycle && !daily {
			continue
		}
		if fd.cycle < x.cycle || fd.cycle == x.cycle && fd.rep <= x.rep {
			return fs
		}
		out := slices.Clone(fs)
		out[i].cycle, out[i].rep = fd.cycle, fd.rep
		return out
	}
	return append(fs, fd)
}

// clone returns a copy of f that shares nothing foldFacts changes.
func (f *Facts) clone() Facts {
	g := *f
	g.statusAt = slices.Clone(f.statusAt)
	g.statusN = slices.Clone(f.statusN)
	g.fired = slices.Clip(f.fired) // appended to or copied, never changed in place
	return g
}

// parseKey reads "<rule>/<level>/<cycle>/<rep>", the key of a firing of
// these rules: false for any other (a rule or level they lack, a cycle or
// repetition below zero).
func (r *Rules) parseKey(s string) (fired, bool) {
	name, level, cycle, rep, ok := splitKey(s)
	if !ok || level < 0 || cycle < 0 || rep < 0 {
		return fired{}, false
	}
	for i := range r.rules {
		if r.rules[i].name == name {
			if level >= len(r.rules[i].levels) {
				return fired{}, false // not a firing of these rules
			}
			return fired{rule: i, level: level, cycle: cycle, rep: rep}, true
		}
	}
	return fired{}, false
}

// splitKey reads the parts of "<rule>/<level>/<cycle>/<rep>", whatever
// rules there are.
func splitKey(s string) (rule string, level int, cycle int64, rep int, ok bool) {
	parts := strings.Split(s, "/")
	if len(parts) != 4 {
		return "", 0, 0, 0, false
	}
	level, err1 := strconv.Atoi(parts[1])
	cycle, err2 := strconv.ParseInt(parts[2], 10, 64)
	rep, err3 := strconv.Atoi(parts[3])
	return parts[0], level, cycle, rep, err1 == nil && err2 == nil && err3 == nil
}

// firedRep returns the highest repetition recorded of a level in a cycle, or
// -1. For a daily rule (end of day, whose cycles are working days) a day
// before the latest the level fired on counts as fired in full
// (math.MaxInt): its moment has passed, and days missed are not fired late.
func (f *Facts) firedRep(rule, level int, cycle int64, daily bool) int {
	rep := -1
	for _, x := range f.fired {
		if x.rule != rule || x.level != level {
			continue
		}
		switch {
		case x.cycle == cycle && x.rep > rep:
			rep = x.rep
		case daily && x.cycle > cycle:
			return math.MaxInt
		}
	}
	return rep
}

// Evaluate returns the firings of the rules due for ticket t at now and not
// yet recorded in f, appended to dst, and the next instant after now at which
// another firing falls due (zero if none will without a change to the
// ticket). res is the ticket's SLA result, evaluated at or before now (with
// no new fact since); f its log's Facts.
//
// Instants compare on the wall clock: a monotonic clock reading of now (as
// time.Now gives) is ignored, as package sla ignores it in a history, so
// that the answer is the same for an instant straight from time.Now and
// for the same instant back from a database.
//
// Evaluate is a pure function of its arguments: it reads no clock and
// changes nothing but dst (and the Rules' caches). It allocates nothing
// when dst has room, but once for each new instant now on each calendar
// with an axis of working time (calendar.Calendar.Offset): evaluate the
// tickets of a tick at one now.
func (r *Rules) Evaluate(t *incident.Ticket, f *Facts, res *sla.Result, now time.Time, dst []Due) ([]Due, time.Time) {
	if t == nil {
		return dst, time.Time{}
	}
	done := r.doneLens&(1<<uint(min(len(t.Status), 63))) != 0 && slices.Contains(r.done, t.Status)
	if done && !r.evenDone {
		return dst, time.Time{}
	}
	if f == nil {
		f = &noFacts
	}
	if res == nil {
		res = &noResult
	}
	bucket := 0
	if t.Priority >= codes.P1 && t.Priority <= codes.P5 {
		bucket = int(t.Priority)
	}
	now = now.Round(0) // strips a monotonic reading, and only that
	var e evaluation
	e.r, e.t, e.f, e.res = r, t, f, res
	e.setNow(now)
	if r.readsClocks[bucket] {
		r.readClocks(&e.ck, res)
	}
	var next time.Time
	steps := r.plan[bucket]
	for i := range steps {
		s := &steps[i]
		if done && !s.evenDone {
			continue
		}
		if s.counts && (t.Reassignments < s.cr.cond.reassign || t.Reopens < s.cr.cond.reopens) {
			continue
		}
		if s.match && !s.cr.cond.match(t) {
			continue
		}
		var n time.Time
		switch s.kind {
		case stepTarget:
			dst, n = e.target(s, now, dst)
		case stepEndOfDay:
			if s.waits && e.ck.waits(s.cr, res) {
				continue
			}
			dst, n = e.endOfDay(s, now, dst)
		default:
			if s.waits && e.ck.waits(s.cr, res) {
				continue
			}
			dst, n = e.event(s, now, dst)
		}
		if !n.IsZero() {
			next = earliest(next, n)
		}
	}
	// One search per calendar for the earliest threshold ahead: instants
	// on a calendar's axis are in the order of their offsets.
	for i := range e.ahead.n {
		p := &e.ahead.p[i]
		if u, err := p.cal.off.AtOffset(p.pos); err == nil && e.after(u, now) {
			next = earliest(next, u)
		}
	}
	return dst, next
}

// noFacts and noResult stand for the Facts and the SLA result Evaluate is
// not given; it only reads them.
var (
	noFacts  Facts
	noResult sla.Result
)

// evaluation is one Evaluate: its inputs, what it has found so far, and
// what it has measured already that other rules ask again. The instant
// evaluated at and the firings found are passed along beside it, so that
// neither they nor the inputs escape through it: Evaluate's arguments stay
// where its caller has them.
type evaluation struct {
	r   *Rules
	t   *incident.Ticket
	f   *Facts
	res *sla.Result
	// wall says now (which has no monotonic reading, see Evaluate) is
	// within saneSec: time.Time's methods then compare instants with it by
	// their wall readings, which are sec and nsec (now.Unix(),
	// now.Nanosecond()), as since does inline. atSec and
	// toSec are sec then, else math.MinInt64 and math.MaxInt64: an instant
	// of fewer Unix seconds than atSec is before now, one of more than
	// toSec after it.
	wall         bool
	sec          int64
	nsec         int
	atSec, toSec int64
	ck           clocks
	ahead        places // the next thresholds in working time, by calendar
	// nowOff is the offset of now on the axis of each of the first
	// maxNowOffsets calendars, once read (nowState 1; -1 if it failed).
	nowOff   [maxNowOffsets]time.Duration
	nowState [maxNowOffsets]int8
	// measured keeps the measures of now from the anchors that several
	// rules count from in one clock (step.memo), once taken (bit i of
	// measuredSet).
	measured    [maxMemos]measure
	measuredSet uint8
}

const (
	// maxNowOffsets is how many calendars an evaluation keeps the offset
	// of now of; the others read it from their cache every time.
	maxNowOffsets = 4
	// maxMemos is how many shared measures an evaluation keeps.
	maxMemos = 4
	// saneSec bounds the Unix seconds after, before and since compare
	// inline: far from overflow, in their arithmetic and in time.Time's.
	saneSec = 1 << 62
	// maxSubSec bounds the seconds since measures inline: their
	// nanoseconds fit a Duration.
	maxSubSec = 9_000_000_000
	// maxUnixSec is the most Unix seconds of an instant: more are an
	// instant so early that its Unix seconds wrapped around.
	maxUnixSec = math.MaxInt64 - 62_135_596_800
)

// measure is a measure of now from an anchor, in a rule's clock.
type measure struct {
	m   time.Duration // now's measure from the anchor
	pos time.Duration // on a calendar's axis, the anchor's offset
	ok  bool          // false if the calendar could not say
}

func (e *evaluation) setNow(now time.Time) {
	e.sec, e.nsec = now.Unix(), now.Nanosecond()
	e.wall = e.sec >= -saneSec && e.sec <= saneSec
	e.atSec, e.toSec = math.MinInt64, math.MaxInt64
	if e.wall {
		e.atSec, e.toSec = e.sec, e.sec
	}
}

// after reports u.After(now).
func (e *evaluation) after(u, now time.Time) bool {
	return !e.past(u) && u.After(now)
}

// past and later tell inline, by the seconds, most instants an evaluation
// compares with now: past reports that u is before now, or may report
// false; later that u is after now, or may report false.
func (e *evaluation) past(u time.Time) bool { return u.Unix() < e.atSec }

func (e *evaluation) later(u time.Time) bool {
	s := u.Unix()
	return s > e.toSec && s <= maxUnixSec // past maxUnixSec, Unix wrapped
}

// before reports u.Before(now).
func (e *evaluation) before(u, now time.Time) bool {
	if s := u.Unix(); e.wall && s >= -saneSec && s <= saneSec {
		return s < e.sec || s == e.sec && u.Nanosecond() < e.nsec
	}
	return u.Before(now)
}

// since returns now.Sub(u).
func (e *evaluation) since(u, now time.Time) time.Duration {
	if s := u.Unix(); e.wall && s >= -saneSec && s <= saneSec {
		if d := e.sec - s; d > -maxSubSec && d < maxSubSec {
			return time.Duration(d)*time.Second + time.Duration(e.nsec-u.Nanosecond())
		}
	}
	return now.Sub(u)
}

// earliest is sla.Earliest(next, u) for u not zero.
func earliest(next, u time.Time) time.Time {
	if next.IsZero() {
		return u
	}
	return sla.Earliest(next, u)
}

// offsetNow returns the offset of now on nc's axis, and false if the
// calendar cannot say.
func (e *evaluation) offsetNow(nc *namedCal, now time.Time) (time.Duration, bool) {
	i := nc.idx
	if i < maxNowOffsets && e.nowState[i] != 0 {
		return e.nowOff[i], e.nowState[i] > 0
	}
	off, err := nc.offsetNow(now)
	if i < maxNowOffsets {
		e.nowOff[i], e.nowState[i] = off, 1
		if err != nil {
			e.nowState[i] = -1
		}
	}
	return off, err == nil
}

// appendDue appends a firing to dst, in place when dst has room.
func appendDue(dst []Due, cr *crule, li int, cycle int64, rep int, at time.Time) []Due {
	n := len(dst)
	if n < cap(dst) {
		dst = dst[:n+1]
	} else {
		dst = append(dst, Due{})
	}
	d := &dst[n]
	d.Rule, d.Level, d.Cycle, d.Rep, d.At, d.Actions = cr.name, li, cycle, rep, at, cr.levels[li].actions
	return dst
}

// firedRep returns the highest repetition of a level in a cycle recorded
// in the log, or -1.
func (e *evaluation) firedRep(s *step, li int, cycle int64) int {
	if len(e.f.fired) == 0 {
		return -1
	}
	return e.f.firedRep(s.ri, li, cycle, s.kind == stepEndOfDay)
}

// places keeps the least offset ahead on each calendar, for the few
// calendars one rule set counts in.
type places struct {
	p [4]struct {
		cal *namedCal
		pos time.Duration
	}
	n int
}

// add notes a threshold ahead on sc, returning the instant at once when
// sc has no axis to compare on (wall-clock time, a calendar measured from
// its anchor) or the calendars are too many to keep.
func (ps *places) add(sc *scale, thr time.Duration) time.Time {
	if sc.cal != nil && ps.keep(sc.cal, sc.pos+thr) {
		return time.Time{}
	}
	u, _ := sc.at(thr)
	return u
}

// keep notes pos as a place ahead on cal, reporting false when it keeps
// as many calendars as it can already.
func (ps *places) keep(cal *namedCal, pos time.Duration) bool {
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

// scale turns a rule's thresholds into instants, in one of three ways:
// wall-clock time from an instant; working time from an offset on a
// calendar's axis; or working time from an instant, with the calendar's
// Add (for a calendar without an axis).
type scale struct {
	cal  *namedCal     // on cal's axis, threshold 0 at offset pos
	slow sla.Calendar  // with slow.Add, threshold 0 at pos from base
	base time.Time     // wall-clock or slow: the instant pos refers to
	pos  time.Duration // the offset of threshold 0
}

// working reports whether the scale counts working time.
func (sc *scale) working() bool { return sc.cal != nil || sc.slow != nil }

// at returns the instant threshold thr is reached: in working time, the
// working instant at which it has passed (past a window's end, the next
// window's start).
func (sc *scale) at(thr time.Duration) (time.Time, bool) {
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

// event evaluates a rule measured from an event, returning the next
// instant it falls due if it knows it.
func (e *evaluation) event(s *step, now time.Time, dst []Due) ([]Due, time.Time) {
	// The latest occurrence of the event, and its count.
	f := e.f
	var at time.Time
	var cycle int64
	switch s.kind {
	case stepRegistered:
		at, cycle = f.registered, 1
		if at.IsZero() {
			at = e.t.Created
		}
	case stepAssigned:
		at, cycle = f.assigned, int64(f.assignments)
	case stepTier:
		at, cycle = f.tierAt, int64(f.tierChanges)
	case stepTaskDone:
		at, cycle = f.taskDoneAt, int64(f.tasksDone)
	case stepStatus:
		if j := s.cr.status; j < len(f.statusAt) {
			at, cycle = f.statusAt[j], int64(f.statusN[j])
		}
	}
	if at.IsZero() {
		return dst, time.Time{}
	}
	if !e.past(at) && at.After(now) {
		return dst, at // not yet: look again then
	}
	c := s.cr.cal
	var m, pos time.Duration // now's measure from at, and at's offset on c's axis
	if s.memo >= 0 && e.measuredSet&(1<<uint(s.memo)) != 0 {
		ms := &e.measured[s.memo]
		if !ms.ok {
			return dst, time.Time{}
		}
		m, pos = ms.m, ms.pos
	} else {
		ok := true
		switch {
		case c == nil:
			m = e.since(at, now)
		case c.off != nil:
			a, err := c.off.Offset(at)
			if ok = err == nil; ok {
				var n time.Duration
				if i := c.idx; i < maxNowOffsets && e.nowState[i] > 0 {
					n = e.nowOff[i]
				} else {
					n, ok = e.offsetNow(c, now)
				}
				m, pos = n-a, a
			}
		default:
			var err error
			m, err = c.cal.Between(at, now)
			ok = err == nil
		}
		if s.memo >= 0 {
			e.measured[s.memo], e.measuredSet = measure{m: m, pos: pos, ok: ok}, e.measuredSet|1<<uint(s.memo)
		}
		if !ok {
			return dst, time.Time{}
		}
	}
	var sc scale
	switch {
	case c == nil:
		sc.base = at
	case c.off != nil:
		sc.cal, sc.pos = c, pos
	default:
		sc.slow, sc.base = c.cal, at
	}
	if s.cr.every == 0 {
		return e.once(s, cycle, m, &sc, now, dst)
	}
	return e.levels(s, cycle, m, &sc, now, dst)
}

// target evaluates a rule measured in an SLA target's clock.
func (e *evaluation) target(s *step, now time.Time, dst []Due) ([]Due, time.Time) {
	cr := s.cr
	st := e.ck.status(cr, e.res)
	if st == nil || st.Started.IsZero() || !st.Stopped.IsZero() || st.PausedBy != "" || st.State == sla.Paused {
		return dst, time.Time{}
	}
	nc := e.r.calendar(st.Calendar)
	if nc == nil {
		return dst, time.Time{}
	}
	base := cr.base
	switch {
	case cr.share:
		base = time.Duration(float64(st.Goal) * cr.percent / 100)
	case cr.fromGoal:
		base += st.Goal
	}
	// The clock stood at st.Elapsed at res.Now and has run since: m is its
	// measure at the later of the two, from.
	m, from := st.Elapsed, e.res.Now
	sc := scale{}
	if nc.off != nil {
		var pos time.Duration // from's offset
		ok := true
		if from != now && e.after(from, now) {
			var err error
			pos, err = nc.off.Offset(from)
			ok = err == nil
		} else if pos, ok = e.offsetNow(nc, now); ok && from != now && e.before(from, now) {
			then, err := nc.off.Offset(from)
			m += pos - then
			ok = err == nil
		}
		if !ok {
			return dst, time.Time{}
		}
		sc.cal, sc.pos = nc, pos
	} else {
		if e.before(from, now) {
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
	if cr.every == 0 {
		return e.once(s, int64(st.Cycle), m, &sc, now, dst)
	}
	return e.levels(s, int64(st.Cycle), m, &sc, now, dst)
}

// levels finds, for each level of rule s (which repeats; once is levels
// for the others), the latest repetition due at
// measure m (the anchor's measure of now, in the rule's clock), and notes in
// ahead the least threshold not reached yet; it returns the next instant
// only for a threshold reached out of hours. In working time a threshold
// reached exactly at m may fall at a later working instant.
func (e *evaluation) levels(s *step, cycle int64, m time.Duration, sc *scale, now time.Time, dst []Due) ([]Due, time.Time) {
	cr := s.cr
	var next time.Time
	working := sc.working()
	every, times := cr.every, cr.times
	least := time.Duration(-1) // the least threshold ahead of m
	for li := range cr.levels {
		after := cr.levels[li].after
		rep := -1 // the latest repetition reached
		if m >= after {
			rep = int((m - after) / every)
			if times > 0 && rep >= times {
				rep = times - 1
			}
		}
		var dueAt time.Time
		if rep >= 0 {
			thr := after + time.Duration(rep)*every
			if working && thr == m {
				u, ok := sc.at(thr)
				if !ok {
					continue
				}
				if e.after(u, now) {
					// Reached out of hours: falls due at the next
					// working instant, and the repetition before it
					// (if any) is the one due.
					next = earliest(next, u)
					rep--
				} else {
					dueAt = u
				}
			}
		}
		if rep >= 0 && e.firedRep(s, li, cycle) < rep {
			if dueAt.IsZero() {
				u, ok := sc.at(after + time.Duration(rep)*every)
				if !ok {
					continue
				}
				dueAt = u
			}
			if !e.past(dueAt) && dueAt.After(now) {
				dueAt = now
			}
			dst = appendDue(dst, cr, li, cycle, rep, dueAt)
		}
		if nr := rep + 1; times == 0 || nr < times {
			if thr := after + time.Duration(nr)*every; thr > m && (least < 0 || thr < least) {
				least = thr
			}
		}
	}
	if least >= 0 {
		if u := e.ahead.add(sc, least); !u.IsZero() {
			next = earliest(next, u)
		}
	}
	return dst, next
}

// once is levels for a rule whose levels fire once each: a level is due
// once m reaches its offset, and the least offset ahead of m is the next
// threshold.
func (e *evaluation) once(s *step, cycle int64, m time.Duration, sc *scale, now time.Time, dst []Due) ([]Due, time.Time) {
	cr := s.cr
	var next time.Time
	least := time.Duration(-1) // the least offset ahead of m
	for li := range cr.levels {
		after := cr.levels[li].after
		if m < after {
			if least < 0 || after < least {
				least = after
			}
			if cr.sorted {
				break // the others are ahead too, and none nearer
			}
			continue
		}
		if after == m && sc.working() {
			var u time.Time
			if dst, u = e.onceReached(s, li, cycle, sc, now, dst); !u.IsZero() {
				next = earliest(next, u)
			}
			continue
		}
		if e.firedRep(s, li, cycle) >= 0 {
			continue
		}
		var u time.Time
		switch {
		case sc.cal != nil:
			var err error
			if u, err = sc.cal.off.AtOffset(sc.pos + after); err != nil {
				continue
			}
		case sc.slow == nil:
			u = sc.base.Add(after)
		default:
			var ok bool
			if u, ok = sc.at(after); !ok {
				continue
			}
		}
		if !e.past(u) && u.After(now) {
			u = now
		}
		dst = appendDue(dst, cr, li, cycle, 0, u)
	}
	if least >= 0 {
		if u := e.ahead.add(sc, least); !u.IsZero() {
			next = earliest(next, u)
		}
	}
	return dst, next
}

// onceReached is once for level li, whose offset in working time m
// reaches just now: it may be reached out of hours, and fall due at the
// next working instant, which it returns then.
func (e *evaluation) onceReached(s *step, li int, cycle int64, sc *scale, now time.Time, dst []Due) ([]Due, time.Time) {
	u, ok := sc.at(s.cr.levels[li].after)
	if !ok {
		return dst, time.Time{}
	}
	if e.after(u, now) {
		return dst, u
	}
	if e.firedRep(s, li, cycle) >= 0 {
		return dst, time.Time{}
	}
	return appendDue(dst, s.cr, li, cycle, 0, u), time.Time{}
}

// maxClocks is how many of the targets the rules name an evaluation reads
// in one pass over the SLA result; rules naming others look them up.
const maxClocks = 8

// clocks is what one evaluation reads of the SLA result: the status of
// each target in Rules.clocks (the first of that name), and which of them
// are paused.
type clocks struct {
	st     [maxClocks]*sla.Status
	paused uint8
}

// clocksOf reads res once for the rules' targets.
func (r *Rules) clocksOf(res *sla.Result) clocks {
	var ck clocks
	r.readClocks(&ck, res)
	return ck
}

// readClocks reads res into ck, which is zero, once for the rules' targets.
func (r *Rules) readClocks(ck *clocks, res *sla.Result) {
	for i := range res.Targets {
		s := &res.Targets[i]
		j := -1
		if i < len(r.targetAt) && s.Target == r.targetAt[i] {
			j = r.clockAt[i]
		} else {
			j = slices.Index(r.clocks, s.Target)
		}
		if j < 0 {
			continue
		}
		if ck.st[j] == nil {
			ck.st[j] = s
		}
		if pausedClock(s) {
			ck.paused |= 1 << uint(j)
		}
	}
}

// status returns the status of the target of rule cr, nil if res has none.
func (ck *clocks) status(cr *crule, res *sla.Result) *sla.Status {
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
func (ck *clocks) waits(cr *crule, res *sla.Result) bool {
	if ck.paused&cr.waitSet != 0 {
		return true
	}
	for _, w := range cr.waitFar {
		for i := range res.Targets {
			if s := &res.Targets[i]; s.Target == w && pausedClock(s) {
				return true
			}
		}
	}
	return false
}

// pausedClock reports whether s is a clock paused (and not stopped).
func pausedClock(s *sla.Status) bool {
	return s.Stopped.IsZero() && (s.PausedBy != "" || s.State == sla.Paused)
}
