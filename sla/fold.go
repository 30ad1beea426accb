package sla

import (
	"slices"
	"time"
)

// Fold is the state of a record's clocks after the facts of its history so
// far: what Evaluate computes before it projects the clocks to now. A caller
// that sees a record's history grow one fact at a time — a service desk, after
// each command — keeps the Fold of the facts it has seen, folds in only the
// new ones (Policy.Fold) and projects to now (Policy.Project), so that the
// cost of an evaluation does not grow with the history. Folding the facts of
// a history in any number of steps, then projecting at a now at or after the
// last of them, gives exactly what Evaluate gives for the whole history:
// Evaluate stays the reference (and the answer for a now before the last
// fact, a what-if, an explanation).
//
// A Fold is immutable: Fold returns a new one and leaves the one given
// unchanged, so that one Fold may be shared by any number of goroutines and
// kept beside the record it describes. The zero Fold, or nil, is the fold of
// an empty history. A Fold belongs to the Policy that made it; another
// policy's Fold is refused.
type Fold struct {
	p       *Policy
	n       int       // facts folded
	last    time.Time // the last fact's instant
	vi      int       // the version of the first fact; engines[0] measures by it
	engines []engine  // one per version from vi on
}

// Facts returns the number of facts folded.
func (f *Fold) Facts() int {
	if f == nil {
		return 0
	}
	return f.n
}

// Last returns the instant of the last fact folded, or the zero time.
func (f *Fold) Last() time.Time {
	if f == nil {
		return time.Time{}
	}
	return f.last
}

// Fold returns the fold of f's facts followed by h, validating h as
// Evaluate does (in time order, after f's last fact, known attributes and
// statuses: a *HistoryError whose Index counts from the first fact f
// folded). f may be nil for an empty history. On error f is as it was.
func (p *Policy) Fold(f *Fold, h History) (*Fold, error) {
	if p == nil || len(p.versions) == 0 {
		return nil, errNoPolicy
	}
	if f != nil && f.p != nil && f.p != p {
		return nil, &PolicyError{Problems: []Problem{{Path: "(fold)", Message: "a fold of another policy"}}}
	}
	g := f.clone(p)
	for i := range h {
		fact := &h[i]
		if fact.At.IsZero() {
			return nil, &HistoryError{Index: g.n, Fact: *fact, Problem: "has no time"}
		}
		if g.n > 0 && fact.At.Before(g.last) {
			return nil, &HistoryError{Index: g.n, Fact: *fact, Problem: "is before the previous fact"}
		}
		// check validates the fact alone (its predecessor is g.last).
		ai, si, err := p.check(h[i:i+1], 0)
		if err != nil {
			he := err.(*HistoryError)
			he.Index = g.n
			return nil, he
		}
		if g.n == 0 {
			g.start(p, p.version(fact.At))
		}
		for k := range g.engines {
			e := &g.engines[k]
			e.apply(fact, ai, si)
			if e.err != nil {
				return nil, e.err
			}
		}
		g.n++
		g.last = fact.At
	}
	return g, nil
}

// start makes the engines of a record whose first fact falls in version vi.
func (f *Fold) start(p *Policy, vi int) {
	f.vi = vi
	f.engines = make([]engine, len(p.versions)-vi)
	for i := range f.engines {
		f.engines[i].init(p, vi+i, nil, nil)
	}
}

// clone returns a copy of f that shares nothing it may change.
func (f *Fold) clone(p *Policy) *Fold {
	g := &Fold{p: p}
	if f == nil || f.n == 0 {
		return g
	}
	g.n, g.last, g.vi = f.n, f.last, f.vi
	g.engines = slices.Clone(f.engines)
	for i := range g.engines {
		g.engines[i].more = slices.Clone(g.engines[i].more)
	}
	return g
}

// Project returns the status at now of every target of the record whose
// history f folds: what Evaluate gives for that history at now. now must not
// be before f's last fact (Evaluate answers for such a now). f is unchanged.
func (p *Policy) Project(f *Fold, now time.Time) (Result, error) {
	var r Result
	err := p.ProjectTo(&r, f, now)
	return r, err
}

// ProjectTo is Project writing the result into r and reusing the storage of
// r.Targets. On error r is left as it was.
func (p *Policy) ProjectTo(r *Result, f *Fold, now time.Time) error {
	if p == nil || len(p.versions) == 0 {
		return errNoPolicy
	}
	if f != nil && f.p != nil && f.p != p {
		return &PolicyError{Problems: []Problem{{Path: "(fold)", Message: "a fold of another policy"}}}
	}
	if f.Facts() == 0 {
		return p.EvaluateTo(r, nil, now)
	}
	if now.Before(f.last) {
		return &HistoryError{Index: f.n - 1, Problem: "is after the instant asked for: evaluate the history instead"}
	}
	e := f.engines[0] // a copy: projecting settles the clocks up to now
	e.more = slices.Clone(e.more)
	e.dst = r.Targets[:0]
	res, err := e.result(now)
	if err != nil {
		return err
	}
	if len(f.engines) > 1 {
		// A clock is measured by the version in force when it first
		// started, as Evaluate measures it.
		for k := range e.n {
			c := e.clock(k)
			if c.first.IsZero() {
				continue
			}
			vk := p.version(c.first)
			if vk == f.vi {
				continue
			}
			name := e.v.targets[k].name
			e2 := f.engines[vk-f.vi]
			e2.more = slices.Clone(e2.more)
			r2, err := e2.result(now)
			if err != nil {
				return err
			}
			res.replace(name, &r2)
		}
		res.renext()
	}
	*r = res
	return nil
}
