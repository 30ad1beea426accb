package escalation

import (
	"cmp"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// Rules is a compiled, validated rule set. It is immutable (apart from
// caches: each calendar's close of business of the day and the offset of
// the instant last evaluated at) and safe for concurrent use by any number
// of goroutines.
type Rules struct {
	fp        string // Fingerprint
	name      string
	cfg       Config
	policy    *sla.Policy
	redeliver time.Duration
	done      []codes.Status
	rules     []crule
	cals      []namedCal
	statuses  []codes.Status // the statuses FromStatus anchors name
	// doneLens has bit n set if a status of done is n bytes long (n < 64;
	// bit 63 for longer ones): a status of another length is not done.
	doneLens uint64
	// clocks are the targets the rules name (From.Target, WaitOn), the
	// first maxClocks of them read once per evaluation (Rules.clocksOf).
	clocks []string
	// plan lists, for each priority P1..P5 (index 1..5; 0 for any other),
	// the rules whose condition admits it, in rule order, with what an
	// evaluation asks of each first.
	plan [6][]step
	// targetAt and clockAt guess, for the status at index i of an SLA
	// result, its target (the policy's targets in order) and that
	// target's index in clocks (-1 for none).
	targetAt []string
	clockAt  []int
	// evenDone says some rule fires in the Done statuses.
	evenDone bool
	// readsClocks says, by the same index, whether a rule of plan
	// reads the SLA result's statuses.
	readsClocks [6]bool
}

type namedCal struct {
	name string
	idx  int // in Rules.cals
	cal  sla.Calendar
	// off is the calendar's axis of working time, when it offers one
	// (calendar.Calendar does); nil measures with Add and Between from
	// each anchor.
	off offsetter
	// now caches the offset of the instant last evaluated at: every ticket
	// of a tick measures against the same now.
	now atomic.Pointer[nowOffset]
}

// offsetter is the axis of working time a calendar may offer: Offset gives
// an instant's place on it, AtOffset the working instant at a place.
type offsetter interface {
	Offset(t time.Time) (time.Duration, error)
	AtOffset(o time.Duration) (time.Time, error)
}

type nowOffset struct {
	at  time.Time
	off time.Duration
	err error
}

// offsetNow returns the offset of now on nc's axis, computed once per
// instant: the one allocation of an evaluation, once a tick.
func (nc *namedCal) offsetNow(now time.Time) (time.Duration, error) {
	if m := nc.now.Load(); m != nil && (m.at == now || m.at.Equal(now)) {
		return m.off, m.err
	}
	off, err := nc.off.Offset(now)
	nc.now.Store(&nowOffset{at: now, off: off, err: err})
	return off, err
}

// locator is the optional method of a calendar that gives its time zone.
type locator interface {
	Location() *time.Location
}

type crule struct {
	name   string
	cond   ccond
	kind   AnchorKind
	status int // index in Rules.statuses for FromStatus
	target string
	clock  int // index of target in Rules.clocks; -1 past maxClocks
	// base is the clock time at which level 0 (After 0) falls, for the SLA
	// anchors other than FromTargetShare; percent for that one.
	base    time.Duration
	percent float64
	before  time.Duration
	cal     *namedCal // the Clock calendar; nil counts wall-clock time
	waitOn  []string  // targets whose pause holds an event rule
	waitSet uint8     // the bits in clocks of the waitOn indexed there
	waitFar []string  // the waitOn past maxClocks
	levels  []clevel
	sorted  bool // levels in the order of their offsets
	every   time.Duration
	times   int // 0: unbounded when every > 0
	eod     atomic.Pointer[eodDay]
	// evenDone fires in the rule set's Done statuses too.
	evenDone bool
	// share says base is percent of the goal (FromTargetShare), fromGoal
	// that the goal is added to base (FromBeforeBreach, FromBreached).
	share, fromGoal bool
}

// step is a rule as the evaluation of a ticket of one priority runs it.
type step struct {
	cr   *crule
	ri   int // index of cr in Rules.rules
	kind stepKind
	// match says the condition asks more than the priority (or the
	// priority is not P1 to P5): cond.match decides.
	match bool
	// waits says the rule waits on clocks (waitSet, waitFar).
	waits    bool
	evenDone bool
	// counts says the condition asks for reassignments or reopens,
	// which the evaluation checks before cond.match.
	counts bool
	// memo is the slot of evaluation.measured that keeps the measure of
	// now from the rule's anchor in its clock, which other rules take too;
	// -1 for none.
	memo int8
}

type stepKind uint8

const (
	stepRegistered stepKind = iota
	stepAssigned
	stepTier
	stepTaskDone
	stepStatus
	stepTarget
	stepEndOfDay
)

func stepKindOf(k AnchorKind) stepKind {
	switch k {
	case FromRegistered:
		return stepRegistered
	case FromAssigned:
		return stepAssigned
	case FromTier:
		return stepTier
	case FromTaskDone:
		return stepTaskDone
	case FromStatus:
		return stepStatus
	case FromEndOfDay:
		return stepEndOfDay
	}
	return stepTarget
}

type clevel struct {
	after   time.Duration
	actions []Action
	changes bool // has RaiseTier or FlagMajor
}

type ccond struct {
	// more says the condition asks more than the priority, which
	// Rules.byPriority answers for P1 to P5.
	more        bool
	priorities  uint32 // bit p set for each priority listed; 0 any
	statuses    []codes.Status
	notStatuses []codes.Status
	categories  []codes.Category
	sources     []codes.Source
	tiers       []codes.Tier
	major       int8 // 0 any, 1 must be major, -1 must not be
	reassign    int
	reopens     int
}

// New validates cfg against the SLA policy the rules escalate on and
// compiles it into Rules: a rule's target (From.Target, WaitOn) must be one
// of the policy's, its statuses the policy's, and its Clock a calendar of the
// policy's or of cfg.Calendars. A bad Config returns a *RulesError listing
// every problem, which matches ErrInvalidRules.
//
// A Desk given the Config (incident.Config.Escalation) compiles it against
// its own policy; call New for the evaluator alone, in a test or a what-if.
func New(cfg Config, policy *sla.Policy) (*Rules, error) {
	if policy == nil {
		return nil, &RulesError{Problems: []Problem{{Path: "(policy)", Message: "an SLA policy is required: the rules count from its clocks"}}}
	}
	if ps := cfg.validate(policy); len(ps) > 0 {
		return nil, &RulesError{Problems: ps}
	}
	r := &Rules{name: cfg.Name, cfg: cloneConfig(cfg), policy: policy}
	r.redeliver = redeliverAfter(cfg.RedeliverAfter.D())
	r.done = slices.Clone(cfg.Done)
	if len(r.done) == 0 {
		r.done = DefaultDone()
	}
	for _, st := range r.done {
		r.doneLens |= 1 << uint(min(len(st), 63))
	}
	// Calendars in name order, so compiled rules do not depend on map order:
	// the policy's, then the Config's others.
	calendars := map[string]sla.Calendar{}
	for n, c := range cfg.Calendars {
		if c != nil {
			calendars[n] = c
		}
	}
	for _, n := range policy.Calendars() {
		calendars[n], _ = policy.Calendar(n)
	}
	names := make([]string, 0, len(calendars))
	for n := range calendars {
		names = append(names, n)
	}
	slices.Sort(names)
	r.cals = make([]namedCal, len(names))
	for i, n := range names {
		c := calendars[n]
		r.cals[i].name, r.cals[i].idx, r.cals[i].cal = n, i, c
		r.cals[i].off, _ = c.(offsetter)
	}
	r.rules = make([]crule, len(cfg.Rules))
	for i := range cfg.Rules {
		src := &r.cfg.Rules[i]
		cr := &r.rules[i]
		cr.name = src.Name
		cr.cond = compileCond(&src.When)
		cr.kind = src.From.Kind
		cr.target = src.From.Target
		cr.percent = src.From.Percent
		cr.before = src.From.Before.D()
		if src.From.Kind == FromStatus {
			j := slices.Index(r.statuses, src.From.Status)
			if j < 0 {
				j = len(r.statuses)
				r.statuses = append(r.statuses, src.From.Status)
			}
			cr.status = j
		}
		if src.From.Kind == FromBeforeBreach {
			cr.base = -cr.before // added to the goal at evaluation
		}
		cr.share = src.From.Kind == FromTargetShare
		cr.fromGoal = src.From.Kind == FromBeforeBreach || src.From.Kind == FromBreached
		if src.Clock != "" {
			cr.cal = r.calendar(src.Clock)
		}
		cr.waitOn = slices.Clone(src.WaitOn)
		cr.evenDone = src.EvenWhenDone
		r.evenDone = r.evenDone || cr.evenDone
		cr.clock = -1
		if isTargetKind(cr.kind) {
			cr.clock = r.clockIndex(cr.target)
		}
		for _, w := range cr.waitOn {
			if j := r.clockIndex(w); j >= 0 {
				cr.waitSet |= 1 << uint(j)
			} else {
				cr.waitFar = append(cr.waitFar, w)
			}
		}
		cr.every = src.Repeat.Every.D()
		cr.times = src.Repeat.Times
		if cr.every == 0 {
			cr.times = 1
		}
		for _, l := range src.Levels {
			cl := clevel{after: l.After.D(), actions: l.Actions}
			for _, a := range l.Actions {
				if a.Kind == RaiseTier || a.Kind == FlagMajor {
					cl.changes = true
				}
			}
			cr.levels = append(cr.levels, cl)
		}
		cr.sorted = slices.IsSortedFunc(cr.levels, func(a, b clevel) int { return cmp.Compare(a.after, b.after) })
	}
	r.compilePlan()
	r.targetAt = policy.Targets()
	for _, n := range r.targetAt {
		r.clockAt = append(r.clockAt, slices.Index(r.clocks, n))
	}
	r.fp = rulesFingerprint(r.cfg, policy, r.cals)
	return r, nil
}

// compilePlan lists the rules that may apply to each priority.
func (r *Rules) compilePlan() {
	// The measures of now that more than one event rule takes: from the
	// same anchor in the same clock.
	type measureKey struct {
		kind   stepKind
		status int
		cal    *namedCal
	}
	keyOf := func(cr *crule) (measureKey, bool) {
		k := measureKey{kind: stepKindOf(cr.kind), cal: cr.cal}
		if k.kind == stepStatus {
			k.status = cr.status
		}
		return k, k.kind < stepTarget
	}
	uses := map[measureKey]int{}
	for i := range r.rules {
		if k, ok := keyOf(&r.rules[i]); ok {
			uses[k]++
		}
	}
	memos := map[measureKey]int8{}
	for i := range r.rules {
		if k, ok := keyOf(&r.rules[i]); ok && uses[k] > 1 {
			if _, ok := memos[k]; !ok && len(memos) < maxMemos {
				memos[k] = int8(len(memos))
			}
		}
	}
	for p := range r.plan {
		for i := range r.rules {
			cr := &r.rules[i]
			m := cr.cond.priorities
			if m != 0 && (p == 0 || m&(1<<uint(p)) == 0) {
				continue
			}
			s := step{cr: cr, ri: i, kind: stepKindOf(cr.kind), match: p == 0 || cr.cond.more,
				counts: cr.cond.reassign > 0 || cr.cond.reopens > 0,
				waits:  cr.waitSet != 0 || len(cr.waitFar) > 0, evenDone: cr.evenDone, memo: -1}
			if k, ok := keyOf(cr); ok {
				if j, ok := memos[k]; ok {
					s.memo = j
				}
			}
			r.plan[p] = append(r.plan[p], s)
			if len(cr.waitOn) > 0 || isTargetKind(cr.kind) {
				r.readsClocks[p] = true
			}
		}
	}
}

// clockIndex returns the index of target in r.clocks, adding it, or -1
// once maxClocks are indexed.
func (r *Rules) clockIndex(target string) int {
	if j := slices.Index(r.clocks, target); j >= 0 {
		return j
	}
	if len(r.clocks) == maxClocks {
		return -1
	}
	r.clocks = append(r.clocks, target)
	return len(r.clocks) - 1
}

func isTargetKind(k AnchorKind) bool {
	switch k {
	case FromTargetStarted, FromTargetShare, FromBeforeBreach, FromBreached:
		return true
	}
	return false
}

func (r *Rules) calendar(name string) *namedCal {
	for i := range r.cals {
		if r.cals[i].name == name {
			return &r.cals[i]
		}
	}
	return nil
}

func compileCond(c *Condition) ccond {
	cc := ccond{
		statuses:    slices.Clone(c.Statuses),
		notStatuses: slices.Clone(c.NotStatuses),
		categories:  slices.Clone(c.Categories),
		sources:     slices.Clone(c.Sources),
		tiers:       slices.Clone(c.Tiers),
		reassign:    c.MinReassignments,
		reopens:     c.MinReopens,
	}
	for _, p := range c.Priorities {
		cc.priorities |= 1 << uint(p)
	}
	cc.more = len(cc.statuses)+len(cc.notStatuses)+len(cc.categories)+len(cc.sources)+len(cc.tiers) > 0 ||
		c.Major != nil || cc.reassign > 0 || cc.reopens > 0
	if c.Major != nil {
		cc.major = -1
		if *c.Major {
			cc.major = 1
		}
	}
	return cc
}

func cloneConfig(cfg Config) Config {
	out := cfg
	out.Done = slices.Clone(cfg.Done)
	out.Calendars = maps.Clone(cfg.Calendars)
	out.Rules = slices.Clone(cfg.Rules)
	for i := range out.Rules {
		r := &out.Rules[i]
		w := &r.When
		w.Priorities = slices.Clone(w.Priorities)
		w.Statuses = slices.Clone(w.Statuses)
		w.NotStatuses = slices.Clone(w.NotStatuses)
		w.Categories = slices.Clone(w.Categories)
		w.Sources = slices.Clone(w.Sources)
		w.Tiers = slices.Clone(w.Tiers)
		if w.Major != nil {
			m := *w.Major
			w.Major = &m
		}
		r.WaitOn = slices.Clone(r.WaitOn)
		r.Levels = slices.Clone(r.Levels)
		for j := range r.Levels {
			l := &r.Levels[j]
			l.Actions = slices.Clone(l.Actions)
			for k := range l.Actions {
				l.Actions[k].Roles = slices.Clone(l.Actions[k].Roles)
			}
		}
	}
	return out
}

// Config returns a copy of the configuration the rules were built from.
func (r *Rules) Config() Config { return cloneConfig(r.cfg) }

// Policy returns the SLA policy the rules were compiled against.
func (r *Rules) Policy() *sla.Policy { return r.policy }

// RedeliverAfter returns how long a firing recorded but not marked delivered
// waits before it is delivered again (Config.RedeliverAfter, or its default).
func (r *Rules) RedeliverAfter() time.Duration { return r.redeliver }

// Compile makes a Config an incident.Escalation: a Desk given it compiles
// it against the Desk's policy (New).
func (cfg Config) Compile(p *sla.Policy) (incident.Scheduler, error) {
	r, err := New(cfg, p)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Compile makes Rules an incident.Escalation: the rules themselves when
// compiled against p already, else their Config compiled against p, so
// that a Desk always schedules rules checked against its own policy.
func (r *Rules) Compile(p *sla.Policy) (incident.Scheduler, error) {
	if p == r.policy {
		return r, nil
	}
	return r.cfg.Compile(p)
}

var (
	_ incident.Escalation = Config{}
	_ incident.Escalation = (*Rules)(nil)
	_ incident.Scheduler  = (*Rules)(nil)
)

// Name returns the rule set's name.
func (r *Rules) Name() string { return r.name }

// match reports whether t meets the condition.
func (c *ccond) match(t *incident.Ticket) bool {
	if c.priorities != 0 && (t.Priority < 0 || t.Priority > 31 || c.priorities&(1<<uint(t.Priority)) == 0) {
		return false
	}
	if len(c.statuses) > 0 && !slices.Contains(c.statuses, t.Status) {
		return false
	}
	if len(c.notStatuses) > 0 && slices.Contains(c.notStatuses, t.Status) {
		return false
	}
	if c.major != 0 && (c.major > 0) != t.Major {
		return false
	}
	if t.Reassignments < c.reassign || t.Reopens < c.reopens {
		return false
	}
	if len(c.sources) > 0 && !slices.Contains(c.sources, t.Source) {
		return false
	}
	if len(c.tiers) > 0 && !slices.Contains(c.tiers, t.Tier) {
		return false
	}
	if len(c.categories) > 0 {
		ok := false
		for _, cat := range c.categories {
			s, u := string(cat), string(t.Category)
			if u == s || (len(u) > len(s) && u[:len(s)] == s && u[len(s)] == '.') {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
