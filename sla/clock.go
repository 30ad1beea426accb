package sla

import (
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// record is the state of the record as the facts so far describe it.
type record struct {
	status   int // index into the policy's statuses; -1 before any status fact
	priority codes.Priority
	attrs    [numAttrs]string
}

type phase uint8

const (
	phIdle phase = iota
	phRunning
	phPaused
	phStopped
)

// clock is the state of one target's clock between facts. Elapsed time is
// accumulated lazily: only when the clock stops running, or its goal or
// calendar changes, is the working time since the last such change measured
// (one Between per running span).
type clock struct {
	phase    phase
	goal     *cgoal
	rule     int
	cal      int
	cycle    int
	stage    int // number of stages reached
	elapsed  time.Duration
	paused   time.Duration
	since    time.Time // running: start of the span not yet measured; paused: start of the pause
	first    time.Time // start of the first cycle
	started  time.Time
	stopped  time.Time
	breach   time.Time
	stageAt  time.Time
	pausedBy string
	phaseAt  time.Time // start of the current phase, for traces
}

// segment is a stretch of one clock's phase, recorded for explanations.
type segment struct {
	from, to time.Time
	phase    phase
	reason   string // pause reason
	cal      int
}

// trace collects the segments of every clock when an explanation is wanted.
type trace struct {
	segs map[string][]segment // by target name
}

type engine struct {
	p    *Policy
	v    *cversion
	rec  record
	rule int
	// goals are the goals of rule, by target; nil when no rule matches
	// (setRule keeps them).
	goals []cgoal
	n     int     // number of clocks
	more  []clock // clocks past the first len(buf)
	tr    *trace
	err   error
	vi    int
	buf   [2]clock
}

// Evaluate returns the status at now of every target that applies to the
// record whose history is h, measured by policy p. It is a pure function:
// the same policy (with the same calendars), history and now always give the
// same result, so live evaluation, repair after a calendar change,
// back-dated facts and what-if questions all run the same code.
//
// Facts after now are validated but not applied. A history that cannot be
// read returns a *HistoryError (ErrInvalidHistory); a calendar that cannot
// answer, a *CalendarError (ErrCalendar). Evaluate is safe for concurrent
// use.
func Evaluate(p *Policy, h History, now time.Time) (Result, error) {
	return p.evaluate(h, now, nil, nil)
}

// Evaluate is the same as the package function Evaluate(p, h, now).
func (p *Policy) Evaluate(h History, now time.Time) (Result, error) {
	return p.evaluate(h, now, nil, nil)
}

// EvaluateTo is Evaluate writing the result into r and reusing the storage of
// r.Targets, so that a caller evaluating many records in turn allocates
// nothing. On error r is left as it was.
func (p *Policy) EvaluateTo(r *Result, h History, now time.Time) error {
	res, err := p.evaluate(h, now, nil, r.Targets[:0])
	if err != nil {
		return err
	}
	*r = res
	return nil
}

// check validates fact i of h and returns its attribute index and, for a
// status, the status index.
func (p *Policy) check(h History, i int) (ai, si int, err error) {
	f := &h[i]
	if f.At.IsZero() {
		return 0, 0, badFact(i, f, "has no time")
	}
	if i > 0 && wallBefore(f.At, h[i-1].At) {
		return 0, 0, badFact(i, f, "is before the previous fact")
	}
	si = -1
	switch ai = attrIndex(f.Attr); ai {
	case -1:
		return 0, 0, badFact(i, f, "unknown attribute "+quote(string(f.Attr)))
	case aStatus:
		if si = p.statusIndex(f.Value); si < 0 {
			return 0, 0, badFact(i, f, "unknown status "+quote(f.Value))
		}
	case aPriority, aTier:
		if msg := checkValue(ai, f.Value); msg != "" {
			return 0, 0, badFact(i, f, msg)
		}
	}
	return ai, si, nil
}

// badFact returns the error of fact i, f, of a history; apart from check so
// that check stays small.
//
//go:noinline
func badFact(i int, f *Fact, problem string) error {
	return &HistoryError{Index: i, Fact: *f, Problem: problem}
}

func quote(s string) string { return "\"" + s + "\"" }

// wallBefore reports whether instant a is before b on the wall clock: a
// monotonic clock reading (which time.Now adds, and which means nothing
// outside the process) is not compared, so that a history gets the same
// answer whether its instants come straight from time.Now or back from a
// database.
func wallBefore(a, b time.Time) bool {
	as, bs := a.Unix(), b.Unix()
	return as < bs || as == bs && a.Nanosecond() < b.Nanosecond()
}

// zeroUnix is the Unix time of the zero time.Time: an instant is zero when
// its Unix time is zeroUnix and its nanosecond 0.
const zeroUnix = -62135596800

// evaluate evaluates h at now; dst, if it has room, holds the result's
// Targets.
func (p *Policy) evaluate(h History, now time.Time, tr *trace, dst []Status) (Result, error) {
	if p == nil || len(p.versions) == 0 {
		return Result{}, errNoPolicy
	}
	at := now
	if len(h) > 0 {
		at = h[0].At
	}
	vi := p.version(at)
	var e engine
	if err := e.run(p, vi, h, now, tr); err != nil {
		return Result{}, err
	}
	r, err := e.result(now, dst)
	if err != nil || len(p.versions) == 1 {
		return r, err
	}
	// A clock is measured by the version in force when it first started:
	// measure again, under their own version, the clocks that started after
	// a later version took effect.
	for k := range e.n {
		c := e.clock(k)
		if c.first.IsZero() {
			continue
		}
		vk := p.version(c.first)
		if vk == vi {
			continue
		}
		name := e.v.targets[k].name
		var sub *trace
		if tr != nil {
			sub = &trace{segs: map[string][]segment{}}
		}
		var e2 engine
		if err := e2.run(p, vk, h, now, sub); err != nil {
			return Result{}, err
		}
		r2, err := e2.result(now, nil)
		if err != nil {
			return Result{}, err
		}
		r.replace(name, &r2)
		if tr != nil {
			tr.segs[name] = sub.segs[name]
		}
	}
	r.renext()
	return r, nil
}

// replace puts in r the status of target name that r2 gives, or drops it
// from r when r2 has none: a clock measured by another version than r's.
func (r *Result) replace(name string, r2 *Result) {
	i := slices.IndexFunc(r.Targets, func(s Status) bool { return s.Target == name })
	j := slices.IndexFunc(r2.Targets, func(s Status) bool { return s.Target == name })
	switch {
	case i >= 0 && j >= 0:
		r.Targets[i] = r2.Targets[j]
	case i >= 0:
		r.Targets = slices.Delete(r.Targets, i, i+1)
	case j >= 0:
		r.Targets = append(r.Targets, r2.Targets[j])
	}
}

// renext sets r.Next from r's statuses.
func (r *Result) renext() {
	r.Next = time.Time{}
	for i := range r.Targets {
		r.Next = Earliest(r.Next, r.Targets[i].next())
	}
}

// next returns the instant the status changes if nothing happens: the next
// stage or the deadline of a running clock; zero otherwise.
func (s *Status) next() time.Time {
	switch {
	case s.State != Running:
		return time.Time{}
	case !s.NextStageAt.IsZero():
		return s.NextStageAt
	}
	return s.Deadline
}

// run applies the facts of h up to now to the engine of version vi, and
// validates the others; result then projects the clocks to now.
func (e *engine) run(p *Policy, vi int, h History, now time.Time, tr *trace) error {
	e.init(p, vi, tr)
	// Instants are compared as seconds and nanoseconds (wallBefore),
	// read once per fact.
	nowSec, nowNsec := now.Unix(), now.Nanosecond()
	var prevSec int64
	var prevNsec int
	for i := range h {
		f := &h[i]
		// What check tests, inline; check words the error.
		ai, si := attrIndex(f.Attr), -1
		sec, nsec := f.At.Unix(), f.At.Nanosecond()
		bad := ai < 0 || sec == zeroUnix && nsec == 0 || i > 0 && (sec < prevSec || sec == prevSec && nsec < prevNsec)
		prevSec, prevNsec = sec, nsec
		switch ai {
		case aStatus:
			si = p.statusIndex(f.Value)
			bad = bad || si < 0
		case aPriority:
			_, ok := parsePriority(f.Value)
			bad = bad || !ok
		case aTier:
			bad = bad || !validTier(f.Value)
		}
		if bad {
			_, _, err := p.check(h, i)
			return err
		}
		if sec > nowSec || sec == nowSec && nsec > nowNsec {
			continue // after now: validated, not applied
		}
		if ai == aStatus {
			e.applyStatus(&f.At, si)
		} else {
			e.applyAttr(f, ai)
		}
		if e.err != nil {
			return e.err
		}
	}
	return nil
}

// init makes e the engine of version vi before any fact: no status, the
// rule matching an empty record, each clock idle with that rule's goal.
// e must be a zero engine (every caller's is new), so that only the fields
// that start otherwise are set.
func (e *engine) init(p *Policy, vi int, tr *trace) {
	e.p, e.v, e.vi, e.tr = p, &p.versions[vi], vi, tr
	e.rec.status = -1
	e.n = len(e.v.targets)
	if e.n > len(e.buf) {
		e.more = make([]clock, e.n-len(e.buf))
	}
	e.setRule(e.v.rule0)
	for k := range e.n {
		c := e.clock(k)
		c.cal = e.v.targets[k].cal
		e.setGoal(k, c, time.Time{})
	}
}

// apply applies one fact to the record and every clock.
func (e *engine) apply(f *Fact, ai, si int) {
	switch {
	case ai == aStatus && si >= 0:
		e.applyStatus(&f.At, si)
	case ai != aStatus:
		e.applyAttr(f, ai)
	default:
		e.applyAny(f, ai, si)
	}
}

// applyAttr applies a fact setting attribute ai, not the status. A target
// none of whose conditions names an attribute sees no event in it, and its
// pause state, which only the status decides, stays as it is: only its
// goal may change (step's last steps).
func (e *engine) applyAttr(f *Fact, ai int) {
	changed, priorityChanged := false, false
	if ai == aPriority {
		pr, _ := parsePriority(f.Value)
		changed = pr != e.rec.priority
		priorityChanged = changed && e.rec.priority != 0
		e.rec.priority = pr
	} else {
		changed = e.rec.attrs[ai] != f.Value
	}
	if changed || e.rec.attrs[ai] != f.Value {
		e.rec.attrs[ai] = f.Value
	}
	if !changed || ai == aTier {
		if e.v.attrConds {
			e.stepAll(f, ai, changed, priorityChanged)
		}
		return
	}
	if ai == aPriority || e.v.tests[e.rec.priority]&(1<<ai) != 0 {
		e.setRule(e.v.match(&e.rec))
	}
	if e.v.attrConds {
		e.stepAll(f, ai, changed, priorityChanged)
		return
	}
	for k := range e.n {
		c := e.clock(k)
		if c.phase == phStopped {
			continue
		}
		restarted := false
		if priorityChanged && (c.phase == phRunning || c.phase == phPaused) && e.v.targets[k].onPriority == RematchRestart {
			e.measure(k, c, f.At)
			e.begin(k, c, f.At)
			restarted = true
		}
		if g := e.goalFor(k); g != c.goal {
			e.settle(k, c, f.At)
			e.setGoal(k, c, f.At)
		} else if g == nil {
			c.rule = e.rule
		}
		if restarted {
			// begin left it running; the status may pause it.
			e.pause(k, c, f.At, e.v.targets[k].pause.state(e.p, &e.rec))
		}
	}
}

// stepAll applies a fact setting attribute ai, the record already updated,
// to every clock.
func (e *engine) stepAll(f *Fact, ai int, changed, priorityChanged bool) {
	for k := range e.n {
		e.step(k, e.clock(k), &e.v.targets[k], f.At, ai, -1, f.Value, changed, priorityChanged)
	}
}

// applyAny applies any fact, the general way.
func (e *engine) applyAny(f *Fact, ai, si int) {
	t := f.At
	changed := false
	priorityChanged := false
	switch ai {
	case aStatus:
		changed = si != e.rec.status
		e.rec.status = si
	case aPriority:
		pr, _ := parsePriority(f.Value)
		changed = pr != e.rec.priority
		priorityChanged = changed && e.rec.priority != 0
		e.rec.priority = pr
	default:
		changed = e.rec.attrs[ai] != f.Value
	}
	if ai != aStatus { // the status is rec.status; no condition reads its text
		e.rec.attrs[ai] = f.Value
	}
	if changed && ai != aStatus && ai != aTier {
		e.setRule(e.v.match(&e.rec))
	}
	for k := range e.n {
		c, tg := e.clock(k), &e.v.targets[k]
		if ai == aStatus && si >= 0 {
			// A status that neither resets nor starts a clock that is not
			// counting changes nothing of it (see step).
			if c.phase != phRunning && c.phase != phPaused && (tg.reset.statuses|tg.start.statuses)&(1<<si) == 0 {
				continue
			}
		}
		e.step(k, c, tg, t, ai, si, f.Value, changed, priorityChanged)
	}
}

// applyStatus applies the fact that the record entered status si at *t:
// what step does for a status fact, with the status's bit tested once per
// clock instead of through the generic event and state loops.
func (e *engine) applyStatus(t *time.Time, si int) {
	e.rec.status = si
	bit := uint64(1) << (uint(si) & 63) // si < 64 (New)
	for k := range e.n {
		c, tg := e.clock(k), &e.v.targets[k]
		if tg.reset.statuses&bit != 0 && c.phase != phIdle {
			e.reset(k, c, *t)
		}
		switch c.phase {
		case phRunning, phPaused:
			if tg.stop.statuses&bit != 0 {
				e.stop(k, c, *t)
				continue
			}
		default:
			if tg.start.statuses&bit == 0 || !e.restart(k, c, tg, *t) {
				continue
			}
		}
		// The clock counts: the status may pause or resume it.
		var reason string
		if tg.pause.statuses&bit != 0 {
			reason = string(e.p.statuses[si])
		} else if len(tg.pause.attrs) > 0 {
			reason = tg.pause.state(e.p, &e.rec)
		} else if c.phase == phRunning {
			continue
		}
		e.pause(k, c, *t, reason)
	}
}

// reset makes clock c of target k, not idle, idle at t.
func (e *engine) reset(k int, c *clock, t time.Time) {
	e.measure(k, c, t)
	e.mark(k, c, t, phIdle)
	*c = clock{cycle: c.cycle, first: c.first, cal: c.cal, goal: c.goal, rule: c.rule, phaseAt: c.phaseAt} // mark set phaseAt, when tracing
}

// restart applies a start event to clock c of target k, idle or stopped,
// at t, and reports whether the clock now counts.
func (e *engine) restart(k int, c *clock, tg *ctarget, t time.Time) bool {
	switch {
	case c.phase == phIdle:
		e.begin(k, c, t)
	case tg.reopen == ReopenContinue:
		c.stopped = time.Time{}
		e.mark(k, c, t, phRunning)
		c.since = t
		e.setGoal(k, c, t)
	case tg.reopen == ReopenRestart:
		e.begin(k, c, t)
	default:
		return false
	}
	return c.phase == phRunning || c.phase == phPaused
}

// pause brings clock c of target k, running or paused, to the pause state
// reason ("" for running) at t.
func (e *engine) pause(k int, c *clock, t time.Time, reason string) {
	switch {
	case c.phase == phRunning && reason != "":
		e.measure(k, c, t)
		e.mark(k, c, t, phPaused)
		c.since = t
		c.pausedBy = reason
	case c.phase == phPaused && reason == "":
		e.unpause(k, c, t)
		e.mark(k, c, t, phRunning)
		c.since = t
		c.pausedBy = ""
	case c.phase == phPaused && reason != c.pausedBy:
		e.mark(k, c, t, phPaused)
		c.pausedBy = reason
	}
}

// event reports whether a fact setting attribute ai (status index si) to
// value matches the set as an event.
func (s *condSet) event(ai, si int, value string, changed bool) bool {
	if ai == aStatus {
		return si >= 0 && s.statuses&(1<<si) != 0
	}
	for i := range s.attrs {
		c := &s.attrs[i]
		if c.attr == ai && (c.value == value || c.value == "" && changed) {
			return true
		}
	}
	return false
}

// state returns the reason the record matches the set as a state, or "".
func (s *condSet) state(p *Policy, rec *record) string {
	if rec.status >= 0 && s.statuses&(1<<rec.status) != 0 {
		return string(p.statuses[rec.status])
	}
	for i := range s.attrs {
		c := &s.attrs[i]
		if v := rec.attrs[c.attr]; v != "" && (c.value == "" || c.value == v) {
			return c.reason
		}
	}
	return ""
}

// step applies one fact to clock c of target k, tg.
func (e *engine) step(k int, c *clock, tg *ctarget, t time.Time, ai, si int, value string, changed, priorityChanged bool) {
	if tg.reset.event(ai, si, value, changed) && c.phase != phIdle {
		e.reset(k, c, t)
	}
	active := c.phase == phRunning || c.phase == phPaused
	switch {
	case active && tg.stop.event(ai, si, value, changed):
		e.stop(k, c, t)
		return
	case !active && tg.start.event(ai, si, value, changed):
		e.restart(k, c, tg, t)
	}
	active = c.phase == phRunning || c.phase == phPaused
	if ai != aStatus && ai != aTier && changed && c.phase != phStopped {
		if active && priorityChanged && tg.onPriority == RematchRestart {
			e.measure(k, c, t)
			e.begin(k, c, t)
		}
		if g := e.goalFor(k); g != c.goal {
			e.settle(k, c, t)
			e.setGoal(k, c, t)
		} else if g == nil {
			c.rule = e.rule
		}
	}
	if !active {
		return
	}
	e.pause(k, c, t, tg.pause.state(e.p, &e.rec))
}

// begin starts a new cycle at t, running.
func (e *engine) begin(k int, c *clock, t time.Time) {
	e.mark(k, c, t, phRunning)
	c.cycle++
	if c.first.IsZero() {
		c.first = t
	}
	c.elapsed, c.paused, c.stage = 0, 0, 0
	c.started, c.since = t, t
	// Clear only what is set: each store of a time is a pointer store.
	if !c.stopped.IsZero() {
		c.stopped = time.Time{}
	}
	if !c.breach.IsZero() {
		c.breach = time.Time{}
	}
	if !c.stageAt.IsZero() {
		c.stageAt = time.Time{}
	}
	if c.pausedBy != "" {
		c.pausedBy = ""
	}
	e.setGoal(k, c, t)
}

// setGoal gives the clock the goal of the rule matching now. A clock keeps
// its elapsed and paused time; a breach or stage the new goal no longer
// justifies is withdrawn, and one it newly justifies falls when the clock
// next runs (at once, if it is running).
func (e *engine) setGoal(k int, c *clock, t time.Time) {
	g := e.goalFor(k)
	if g == c.goal && (g == nil || c.rule == e.rule) {
		return
	}
	cal := e.v.targets[k].cal
	if g != nil {
		cal = g.cal
	}
	if cal != c.cal {
		switch c.phase {
		case phRunning:
			e.mark(k, c, t, phRunning)
		case phPaused:
			// Measure the pause so far in the calendar it ran in.
			e.unpause(k, c, t)
			e.mark(k, c, t, phPaused)
			c.since = t
		}
	}
	c.goal, c.rule, c.cal = g, e.rule, cal
	if g == nil {
		c.breach, c.stage, c.stageAt = time.Time{}, 0, time.Time{}
		return
	}
	if c.elapsed < g.goal && !c.breach.IsZero() {
		c.breach = time.Time{}
	}
	n := 0
	for n < len(g.thr) && g.thr[n] <= c.elapsed {
		n++
	}
	if n < c.stage {
		c.stage = n
		if n == 0 {
			c.stageAt = time.Time{}
		}
	}
}

// goalFor returns the goal the rule matching now gives target k, or nil.
func (e *engine) goalFor(k int) *cgoal {
	if k < len(e.goals) && e.goals[k].ok {
		return &e.goals[k]
	}
	return nil
}

// setRule makes rule r (-1 for none) the rule matching the record now.
func (e *engine) setRule(r int) {
	e.rule, e.goals = r, nil
	if r >= 0 {
		e.goals = e.v.rules[r].goals
	}
}

// settle measures a running clock's working time up to t and records the
// stages and breach that fell in it; the clock runs on from t.
func (e *engine) settle(k int, c *clock, t time.Time) {
	if c.phase == phRunning && e.measure(k, c, t) {
		c.since = t
	}
}

// measure is settle for a clock that stops counting at t, or whose caller
// sets since itself: it leaves since as it was. It reports whether it
// measured (the clock is running and the calendar answered).
func (e *engine) measure(k int, c *clock, t time.Time) bool {
	if c.phase != phRunning {
		return false
	}
	from, e0 := c.since, c.elapsed
	// t is never before from (facts are in order, now after them), and
	// the same instant measures nothing: the cheap test of identity
	// spares most calls that would measure zero.
	if t != from {
		w, err := e.p.cals[c.cal].Between(from, t)
		if err != nil {
			e.fail(k, c, err)
			return false
		}
		c.elapsed += w
	}
	g := c.goal
	if g == nil {
		return true
	}
	n := c.stage
	for n < len(g.thr) && g.thr[n] <= c.elapsed {
		n++
	}
	if n > c.stage {
		c.stageAt = e.at(k, c, from, e0, g.thr[n-1])
		c.stage = n
	}
	if c.breach.IsZero() && c.elapsed >= g.goal {
		c.breach = e.at(k, c, from, e0, g.goal)
	}
	return true
}

// at returns the instant in a span starting at from, with e0 elapsed there,
// at which the elapsed time reached x.
func (e *engine) at(k int, c *clock, from time.Time, e0, x time.Duration) time.Time {
	if x <= e0 {
		return from
	}
	t, err := e.p.cals[c.cal].Add(from, x-e0)
	if err != nil {
		e.fail(k, c, err)
	}
	return t
}

func (e *engine) unpause(k int, c *clock, t time.Time) {
	if t != c.since { // never before since, as in measure
		w, err := e.p.cals[c.cal].Between(c.since, t)
		if err != nil {
			e.fail(k, c, err)
			return
		}
		c.paused += w
	}
}

func (e *engine) stop(k int, c *clock, t time.Time) {
	if c.phase == phRunning {
		e.measure(k, c, t)
	} else {
		e.unpause(k, c, t)
	}
	e.mark(k, c, t, phStopped)
	c.stopped = t
	if g := c.goal; g != nil {
		if c.elapsed > g.goal {
			if c.breach.IsZero() {
				c.breach = t
			}
		} else if !c.breach.IsZero() && !c.breach.Before(t) {
			c.breach = time.Time{}
		}
	}
}

func (e *engine) fail(k int, c *clock, err error) {
	if e.err == nil {
		e.err = &CalendarError{Target: e.v.targets[k].name, Calendar: e.p.calNames[c.cal], Err: err}
	}
}

// mark records the end of the clock's current phase at t when tracing.
// Only a traced engine keeps phaseAt: an untraced one (Evaluate's, a
// Fold's) never reads it.
func (e *engine) mark(k int, c *clock, t time.Time, next phase) {
	if e.tr != nil {
		e.traceSegment(k, c, t)
	}
	c.phase = next
}

// traceSegment records the segment of clock c of target k that ends at t.
func (e *engine) traceSegment(k int, c *clock, t time.Time) {
	if t.After(c.phaseAt) && !c.phaseAt.IsZero() {
		name := e.v.targets[k].name
		e.tr.segs[name] = append(e.tr.segs[name], segment{from: c.phaseAt, to: t, phase: c.phase, reason: c.pausedBy, cal: c.cal})
	}
	c.phaseAt = t
}

// result projects the clocks to now; dst, if it has room, holds the
// result's Targets.
func (e *engine) result(now time.Time, dst []Status) (Result, error) {
	r := Result{Now: now, Version: e.vi, Effective: e.v.effective}
	if e.rule >= 0 {
		r.Rule = e.v.rules[e.rule].name
	}
	n := 0
	for k := range e.n {
		if e.clock(k).goal != nil {
			n++
		}
	}
	reused := false
	if n > 0 {
		if cap(dst) >= n {
			r.Targets, reused = dst[:0], true
		} else {
			r.Targets = make([]Status, 0, n)
		}
	}
	for k := range e.n {
		c := e.clock(k)
		if c.phase == phRunning {
			e.measure(k, c, now)
		}
		pausedFor := c.paused
		if c.phase == phPaused && now != c.since { // never before since, as in measure
			w, err := e.p.cals[c.cal].Between(c.since, now)
			if err != nil {
				e.fail(k, c, err)
			}
			pausedFor += w
		}
		if e.tr != nil {
			e.mark(k, c, now, c.phase)
		}
		g := c.goal
		if g == nil {
			continue
		}
		// The status is written in place, field by field, and only where it
		// is not zero: copying a whole Status into the slice costs a write
		// barrier over all of it while the garbage collector runs.
		i := len(r.Targets)
		r.Targets = r.Targets[:i+1]
		s := &r.Targets[i]
		if reused {
			*s = Status{}
		}
		s.Target = e.v.targets[k].name
		s.Version = e.vi
		s.Goal = g.goal
		s.Calendar = e.p.calNames[c.cal]
		s.Cycle = c.cycle
		if !c.started.IsZero() {
			s.Started = c.started
		}
		if !c.stopped.IsZero() {
			s.Stopped = c.stopped
		}
		s.Elapsed = c.elapsed
		s.Remaining = g.goal - c.elapsed
		s.PausedFor = pausedFor
		if !c.breach.IsZero() {
			s.Breached = c.breach
		}
		if c.rule >= 0 {
			s.Rule = e.v.rules[c.rule].name
		}
		if c.stage > 0 {
			s.Stage, s.StageAt = g.stages[c.stage-1], c.stageAt
		}
		cal := e.p.cals[c.cal]
		switch c.phase {
		case phIdle:
			s.State = NotStarted
		case phStopped:
			s.State = Met
			if !c.breach.IsZero() {
				s.State = Breached
				s.Deadline = c.breach
			} else {
				s.Deadline = e.deadline(k, c, cal, c.stopped, s.Remaining)
			}
		case phRunning, phPaused:
			s.State = Running
			if c.phase == phPaused {
				s.State = Paused
				s.PausedBy = c.pausedBy
			}
			switch {
			case !c.breach.IsZero():
				s.State = Breached
				s.Deadline = c.breach
			case s.Remaining <= 0:
				s.Deadline = now
			default:
				s.Deadline = e.deadline(k, c, cal, now, s.Remaining)
			}
			if c.phase == phRunning && c.breach.IsZero() {
				if c.stage < len(g.thr) {
					s.NextStage = g.stages[c.stage]
					s.NextStageAt = e.deadline(k, c, cal, now, g.thr[c.stage]-c.elapsed)
					r.Next = Earliest(r.Next, s.NextStageAt)
				} else {
					r.Next = Earliest(r.Next, s.Deadline)
				}
			}
		}
	}
	if e.err != nil {
		return Result{}, e.err
	}
	return r, nil
}

func (e *engine) deadline(k int, c *clock, cal Calendar, from time.Time, d time.Duration) time.Time {
	t, err := cal.Add(from, d)
	if err != nil {
		e.fail(k, c, err)
	}
	return t
}

// clock returns the clock of target k.
func (e *engine) clock(k int) *clock {
	if k < len(e.buf) {
		return &e.buf[k]
	}
	return &e.more[k-len(e.buf)]
}

// Earliest returns the earlier of two instants where the zero time means
// never: zero only if both are. It is how every "next due" of the library
// combines (Result.Next, a ticket's NextDue, the next instant an escalation
// rule falls due), so that a clock that schedules nothing never hides one
// that does.
func Earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}
