package sla

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
)

// Calendar is what a clock needs of a business calendar. *calendar.Calendar
// satisfies it; implementations must be safe for concurrent use and
// consistent: Between(t, Add(t, d)) == d.
type Calendar interface {
	// Add returns the earliest instant at which d of working time has passed
	// after t. A negative d counts back: the latest instant s ≤ t with
	// Between(s, t) == -d, a window's start rather than the end of the
	// window before (escalation rules ask it when a threshold of a clock
	// was passed).
	Add(t time.Time, d time.Duration) (time.Time, error)
	// Between returns the working time in [a, b).
	Between(a, b time.Time) (time.Duration, error)
	// Windows yields the working windows that overlap [from, to), clipped.
	Windows(from, to time.Time) iter.Seq2[calendar.Window, error]
	// Holiday reports whether t's local date is a declared day off.
	Holiday(t time.Time) (name string, ok bool)
}

// Policy is a compiled, validated SLA policy. It is immutable and safe for
// concurrent use by any number of goroutines.
type Policy struct {
	name      string
	statuses  []codes.Status
	calNames  []string
	cals      []Calendar
	versions  []cversion
	warnings  []Problem
	maxTarget int
	fp        string // Fingerprint
}

type cversion struct {
	effective time.Time
	order     Order
	targets   []ctarget
	rules     []crule
	// byPriority lists, for each priority (0 for none yet), in order, the
	// rules that a record of that priority may match.
	byPriority [6][]int32
	// tests has, for each priority, bit a set when a rule a record of that
	// priority may match has a condition on attribute a: a change of any
	// other attribute leaves the matching rule as it is.
	tests [6]uint8
	// attrConds is set when a condition of a target names an attribute.
	attrConds bool
	rule0     int // the rule matching a record of which nothing is known yet
}

type ctarget struct {
	name        string
	cal         int
	start, stop condSet
	reset       condSet
	pause       condSet
	reopen      Reopen
	onPriority  Rematch
	stages      []Stage
}

// condSet is a compiled list of conditions: statuses as a bit set of their
// indexes, attribute conditions as a list.
type condSet struct {
	statuses uint64
	attrs    []attrCond
}

type attrCond struct {
	attr   int
	value  string // "" matches any
	reason string // "tier=l3", for explanations
}

type crule struct {
	name  string
	when  cmatch
	goals []cgoal // indexed by target; ok false when the rule omits it
}

type cgoal struct {
	ok     bool
	goal   time.Duration
	cal    int
	thr    []time.Duration // stage thresholds, ascending
	stages []string        // stage names in threshold order
}

type cmatch struct {
	priorities    uint8 // bit p set for each listed priority
	services      []string
	categories    []string
	customerTiers []string
	natures       []string
	score         int
}

// New validates cfg and compiles it into a Policy. calendars maps the
// calendar names the policy uses to calendars (DefaultCalendars has the ones
// the presets name). A bad Config returns a *PolicyError that lists every
// problem and matches ErrInvalidPolicy. Suspicious but valid data (a lower
// priority with a shorter goal than a higher one) is reported by Warnings.
func New(cfg Config, calendars map[string]Calendar) (*Policy, error) {
	v := &validator{}
	p := &Policy{name: cfg.Name}
	p.statuses = cfg.Statuses
	if p.statuses == nil {
		p.statuses = codes.ExtendedStatuses().Codes()
	}
	p.statuses = slices.Clone(p.statuses)
	if len(p.statuses) == 0 {
		v.add("statuses", "is empty")
	}
	if len(p.statuses) > 64 {
		v.add("statuses", "more than 64 statuses")
	}
	for i, s := range p.statuses {
		if s == "" {
			v.add(fmt.Sprintf("statuses[%d]", i), "is empty")
		}
		if slices.Index(p.statuses[:i], s) >= 0 {
			v.add(fmt.Sprintf("statuses[%d]", i), fmt.Sprintf("%q listed twice", s))
		}
	}
	calIndex := func(path, name string) int {
		if name == "" {
			v.add(path, "is empty")
			return -1
		}
		if i := slices.Index(p.calNames, name); i >= 0 {
			return i
		}
		c, ok := calendars[name]
		if !ok || c == nil {
			v.add(path, fmt.Sprintf("unknown calendar %q", name))
			return -1
		}
		p.calNames = append(p.calNames, name)
		p.cals = append(p.cals, c)
		return len(p.cals) - 1
	}
	if len(cfg.Versions) == 0 {
		v.add("versions", "at least one version is required")
	}
	for vi, ver := range cfg.Versions {
		path := fmt.Sprintf("versions[%d]", vi)
		if vi > 0 && !ver.Effective.After(cfg.Versions[vi-1].Effective) {
			v.add(path+".effective", "must be later than the version before")
		}
		cv := cversion{effective: ver.Effective, order: cmp.Or(ver.Order, OrderFirst)}
		if cv.order != OrderFirst && cv.order != OrderSpecific {
			v.add(path+".order", fmt.Sprintf("unknown order %q (want %q or %q)", ver.Order, OrderFirst, OrderSpecific))
		}
		if len(ver.Targets) == 0 {
			v.add(path+".targets", "at least one target is required")
		}
		for ti, t := range ver.Targets {
			cv.targets = append(cv.targets, p.compileTarget(v, fmt.Sprintf("%s.targets[%d]", path, ti), t, ver.Targets[:ti], calIndex))
		}
		p.maxTarget = max(p.maxTarget, len(cv.targets))
		for _, t := range cv.targets {
			for _, cs := range []*condSet{&t.start, &t.stop, &t.reset, &t.pause} {
				cv.attrConds = cv.attrConds || len(cs.attrs) > 0
			}
		}
		for ri, r := range ver.Rules {
			cv.rules = append(cv.rules, p.compileRule(v, fmt.Sprintf("%s.rules[%d]", path, ri), r, ver.Targets, calIndex))
		}
		checkReachable(v, path, cv)
		cv.indexPriorities()
		cv.rule0 = cv.match(&record{status: -1})
		p.warnings = append(p.warnings, monotonicWarnings(path, ver)...)
		p.versions = append(p.versions, cv)
	}
	if len(v.problems) > 0 {
		return nil, &PolicyError{Problems: v.problems}
	}
	p.fp = fingerprint(cfg, p.calNames, p.cals)
	return p, nil
}

type validator struct{ problems []Problem }

func (v *validator) add(path, msg string) { v.problems = append(v.problems, Problem{path, msg}) }

func (p *Policy) statusIndex(s string) int {
	for i, x := range p.statuses {
		if string(x) == s {
			return i
		}
	}
	return -1
}

func (p *Policy) compileConds(v *validator, path string, cs []Condition, state bool) condSet {
	var set condSet
	for i, c := range cs {
		cp := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case c.Status != "" && c.Attr != "":
			v.add(cp, "set either status or attr, not both")
		case c.Status != "" || c.Attr == AttrStatus:
			s := cmp.Or(string(c.Status), c.Value)
			if i := p.statusIndex(s); i >= 0 {
				set.statuses |= 1 << i
			} else {
				v.add(cp+".status", fmt.Sprintf("unknown status %q", s))
			}
		case c.Attr != "":
			ai := attrIndex(c.Attr)
			if ai < 0 {
				v.add(cp+".attr", fmt.Sprintf("unknown attribute %q", c.Attr))
				continue
			}
			if msg := checkValue(ai, c.Value); c.Value != "" && msg != "" {
				v.add(cp+".value", msg)
			}
			reason := string(c.Attr) + "=" + c.Value
			if c.Value == "" {
				reason = string(c.Attr) + " set"
				if !state {
					reason = string(c.Attr) + " changed"
				}
			}
			set.attrs = append(set.attrs, attrCond{attr: ai, value: c.Value, reason: reason})
		default:
			v.add(cp, "set status or attr")
		}
	}
	return set
}

// checkValue returns what is wrong with value for attribute ai, or "".
func checkValue(ai int, value string) string {
	switch ai {
	case aPriority:
		if _, ok := parsePriority(value); !ok {
			return fmt.Sprintf("invalid priority %q (want P1 to P5)", value)
		}
	case aTier:
		if !validTier(value) {
			return fmt.Sprintf("invalid tier %q", value)
		}
	}
	return ""
}

func (p *Policy) compileTarget(v *validator, path string, t Target, before []Target, calIndex func(string, string) int) ctarget {
	ct := ctarget{name: t.Name, reopen: cmp.Or(t.Reopen, ReopenContinue), onPriority: cmp.Or(t.OnPriority, RematchKeep), stages: slices.Clone(t.Stages)}
	if t.Name == "" {
		v.add(path+".name", "is empty")
	}
	if slices.ContainsFunc(before, func(b Target) bool { return b.Name == t.Name }) && t.Name != "" {
		v.add(path+".name", fmt.Sprintf("target %q defined twice", t.Name))
	}
	ct.cal = calIndex(path+".calendar", t.Calendar)
	if len(t.Start) == 0 {
		v.add(path+".start", "at least one condition is required")
	}
	if len(t.Stop) == 0 {
		v.add(path+".stop", "at least one condition is required")
	}
	ct.start = p.compileConds(v, path+".start", t.Start, false)
	ct.stop = p.compileConds(v, path+".stop", t.Stop, false)
	ct.pause = p.compileConds(v, path+".pause", t.Pause, true)
	ct.reset = p.compileConds(v, path+".reset", t.Reset, false)
	if both := ct.start.statuses & ct.stop.statuses; both != 0 {
		for i, s := range p.statuses {
			if both&(1<<i) != 0 {
				v.add(path+".stop", fmt.Sprintf("status %q both starts and stops the clock", s))
			}
		}
	}
	switch ct.reopen {
	case ReopenContinue, ReopenRestart, ReopenNever:
	default:
		v.add(path+".reopen", fmt.Sprintf("unknown value %q (want continue, restart or never)", t.Reopen))
	}
	switch ct.onPriority {
	case RematchKeep, RematchRestart:
	default:
		v.add(path+".on_priority", fmt.Sprintf("unknown value %q (want keep or restart)", t.OnPriority))
	}
	for i, s := range t.Stages {
		sp := fmt.Sprintf("%s.stages[%d]", path, i)
		if s.Name == "" {
			v.add(sp+".name", "is empty")
		} else if slices.ContainsFunc(t.Stages[:i], func(o Stage) bool { return o.Name == s.Name }) {
			v.add(sp+".name", fmt.Sprintf("stage %q defined twice", s.Name))
		}
		switch {
		case s.Percent != 0 && s.Before != 0:
			v.add(sp, "set either percent or before, not both")
		case s.Percent != 0:
			if !(s.Percent > 0 && s.Percent < 100) {
				v.add(sp+".percent", "must be between 0 and 100 (exclusive)")
			}
		case s.Before < 0:
			v.add(sp+".before", "must be positive")
		case s.Before == 0:
			v.add(sp, "set percent or before")
		}
	}
	return ct
}

func (p *Policy) compileRule(v *validator, path string, r Rule, targets []Target, calIndex func(string, string) int) crule {
	cr := crule{name: r.Name, goals: make([]cgoal, len(targets))}
	m := &cr.when
	for i, pr := range r.When.Priorities {
		if !pr.Valid() {
			v.add(fmt.Sprintf("%s.when.priorities[%d]", path, i), fmt.Sprintf("invalid priority %d", int(pr)))
			continue
		}
		m.priorities |= 1 << pr
	}
	m.services = strs(r.When.Services)
	m.categories = strs(r.When.Categories)
	m.customerTiers = slices.Clone(r.When.CustomerTiers)
	m.natures = strs(r.When.Natures)
	for _, l := range [][]string{m.services, m.categories, m.customerTiers, m.natures} {
		if len(l) > 0 {
			m.score++
		}
	}
	if m.priorities != 0 {
		m.score++
	}
	for gi, g := range r.Goals {
		gp := fmt.Sprintf("%s.goals[%d]", path, gi)
		ti := slices.IndexFunc(targets, func(t Target) bool { return t.Name == g.Target })
		if ti < 0 {
			v.add(gp+".target", fmt.Sprintf("unknown target %q", g.Target))
			continue
		}
		if cr.goals[ti].ok {
			v.add(gp+".target", fmt.Sprintf("target %q has two goals in this rule", g.Target))
			continue
		}
		goal := g.Goal.D()
		if goal <= 0 {
			v.add(gp+".goal", "must be positive")
		}
		cal := -1
		if g.Calendar != "" {
			cal = calIndex(gp+".calendar", g.Calendar)
		} else if t := targets[ti]; t.Calendar != "" {
			cal = slices.Index(p.calNames, t.Calendar)
		}
		cg := cgoal{ok: true, goal: goal, cal: cal}
		type st struct {
			thr  time.Duration
			name string
		}
		var sts []st
		for si, s := range targets[ti].Stages {
			var thr time.Duration
			switch {
			case s.Percent != 0:
				thr = time.Duration(float64(goal) * s.Percent / 100)
			case s.Before > 0:
				thr = goal - s.Before.D()
				if thr <= 0 && goal > 0 {
					v.add(gp+".goal", fmt.Sprintf("stage %q (targets[%d].stages[%d]) is %v before the deadline, beyond the goal %v", s.Name, ti, si, s.Before, g.Goal))
				}
			default:
				continue
			}
			sts = append(sts, st{thr, s.Name})
		}
		slices.SortStableFunc(sts, func(a, b st) int { return cmp.Compare(a.thr, b.thr) })
		for _, s := range sts {
			cg.thr = append(cg.thr, s.thr)
			cg.stages = append(cg.stages, s.name)
		}
		cr.goals[ti] = cg
	}
	return cr
}

func strs[S ~string](l []S) []string {
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = string(s)
	}
	return out
}

// covers reports whether every record b matches is also matched by a.
func (a *cmatch) covers(b *cmatch) bool {
	if a.priorities != 0 && (b.priorities == 0 || b.priorities&^a.priorities != 0) {
		return false
	}
	sub := func(as, bs []string, prefix bool) bool {
		if len(as) == 0 {
			return true
		}
		if len(bs) == 0 {
			return false
		}
		for _, x := range bs {
			if !slices.ContainsFunc(as, func(y string) bool { return x == y || prefix && under(x, y) }) {
				return false
			}
		}
		return true
	}
	return sub(a.services, b.services, false) && sub(a.categories, b.categories, true) &&
		sub(a.customerTiers, b.customerTiers, false) && sub(a.natures, b.natures, false)
}

// under reports whether category c lies below category parent.
func under(c, parent string) bool {
	return len(c) > len(parent) && c[len(parent)] == '.' && c[:len(parent)] == parent
}

func checkReachable(v *validator, path string, cv cversion) {
	for j := range cv.rules {
		for i := range j {
			a, b := &cv.rules[i].when, &cv.rules[j].when
			if a.covers(b) && (cv.order == OrderFirst || a.score >= b.score) {
				v.add(fmt.Sprintf("%s.rules[%d]", path, j), fmt.Sprintf("unreachable: rules[%d]%s matches every record it matches", i, ruleLabel(cv.rules[i].name)))
				break
			}
		}
	}
}

func ruleLabel(name string) string {
	if name == "" {
		return ""
	}
	return " (" + strconv.Quote(name) + ")"
}

// monotonicWarnings reports, for rules that differ only in priority, a
// lower priority whose goal is shorter than a higher priority's.
func monotonicWarnings(path string, ver Version) []Problem {
	type key struct{ rest, target string }
	type entry struct {
		p    codes.Priority
		goal time.Duration
		path string
	}
	groups := map[key][]entry{}
	var keys []key
	for ri, r := range ver.Rules {
		if len(r.When.Priorities) != 1 {
			continue
		}
		w := r.When
		w.Priorities = nil
		rest := fmt.Sprint(w)
		for gi, g := range r.Goals {
			k := key{rest, g.Target}
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], entry{r.When.Priorities[0], g.Goal.D(), fmt.Sprintf("%s.rules[%d].goals[%d].goal", path, ri, gi)})
		}
	}
	var out []Problem
	for _, k := range keys {
		es := groups[k]
		slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(a.p, b.p) })
		for i := 1; i < len(es); i++ {
			hi, lo := es[i-1], es[i]
			if lo.p != hi.p && lo.goal < hi.goal {
				out = append(out, Problem{lo.path, fmt.Sprintf("%s %s goal %v is shorter than %s's %v", lo.p, k.target, lo.goal, hi.p, hi.goal)})
			}
		}
	}
	return out
}

// Warnings returns suspicious but valid data New found, such as a lower
// priority whose goal is shorter than a higher priority's (the presets' P2
// resolution, 30m, against P1's 1h). The slice is a copy.
func (p *Policy) Warnings() []Problem { return slices.Clone(p.warnings) }

// Name returns the policy's name.
func (p *Policy) Name() string { return p.name }

// Calendar returns the calendar the policy knows by name.
func (p *Policy) Calendar(name string) (Calendar, bool) {
	if i := slices.Index(p.calNames, name); i >= 0 {
		return p.cals[i], true
	}
	return nil, false
}

// Targets returns the names of the targets the policy measures, over all its
// versions, in the order first met. A rule set that counts from a target
// (package escalation) checks its names against them.
func (p *Policy) Targets() []string {
	var out []string
	for _, v := range p.versions {
		for _, t := range v.targets {
			if !slices.Contains(out, t.name) {
				out = append(out, t.name)
			}
		}
	}
	return out
}

// Calendars returns the names of the calendars the policy counts in (its
// targets' and its goals'), in the order first met; Calendar returns each.
func (p *Policy) Calendars() []string { return slices.Clone(p.calNames) }

// Statuses returns the statuses the policy's histories and conditions may
// use (Config.Statuses, or its default). A history entering another status
// is refused with ErrInvalidHistory.
func (p *Policy) Statuses() []codes.Status { return slices.Clone(p.statuses) }

// String returns a short description of the policy, for messages.
func (p *Policy) String() string {
	var b strings.Builder
	b.WriteString("sla.Policy ")
	b.WriteString(strconv.Quote(p.name))
	b.WriteString(" (")
	b.WriteString(strconv.Itoa(len(p.versions)))
	b.WriteString(" versions)")
	return b.String()
}

// version returns the index of the version in force at t.
func (p *Policy) version(t time.Time) int {
	for i := len(p.versions) - 1; i > 0; i-- {
		if !t.Before(p.versions[i].effective) {
			return i
		}
	}
	return 0
}

// match returns the index of the rule of v that applies to rec, or -1.
func (v *cversion) match(rec *record) int {
	best := -1
	for _, i := range v.byPriority[rec.priority] {
		m := &v.rules[i].when
		if !m.matchesBeyondPriority(rec) {
			continue
		}
		if v.order == OrderFirst {
			return int(i)
		}
		if best < 0 || m.score > v.rules[best].when.score {
			best = int(i)
		}
	}
	return best
}

// indexPriorities fills v.byPriority from v.rules.
func (v *cversion) indexPriorities() {
	for p := range v.byPriority {
		for i := range v.rules {
			m := &v.rules[i].when
			if ps := m.priorities; ps == 0 || ps&(1<<p) != 0 {
				v.byPriority[p] = append(v.byPriority[p], int32(i))
				for a, l := range m.attrLists() {
					if len(l) > 0 {
						v.tests[p] |= 1 << a
					}
				}
			}
		}
	}
}

// attrLists returns the lists of m's conditions on attributes, by
// attribute: those matchesBeyondPriority reads (TestAttrListsCoverMatch
// holds the two together).
func (m *cmatch) attrLists() [numAttrs][]string {
	return [numAttrs][]string{aService: m.services, aCategory: m.categories, aCustomerTier: m.customerTiers, aNature: m.natures}
}

// matchesBeyondPriority reports whether rec matches m but for the
// priority (which byPriority has checked).
func (m *cmatch) matchesBeyondPriority(rec *record) bool {
	return in(m.services, rec.attrs[aService], false) && in(m.categories, rec.attrs[aCategory], true) &&
		in(m.customerTiers, rec.attrs[aCustomerTier], false) && in(m.natures, rec.attrs[aNature], false)
}

func in(l []string, v string, prefix bool) bool {
	if len(l) == 0 {
		return true
	}
	if v == "" {
		return false
	}
	for _, x := range l {
		if x == v || prefix && under(v, x) {
			return true
		}
	}
	return false
}
