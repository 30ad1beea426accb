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
	p    *Policy
	n    int       // facts folded
	last time.Time // the last fact's instant
	vi   int       // the version of the first fact; e measures by it
	// e measures by version vi, later[i] by version vi+1+i: a policy of
	// one version folds in one engine held inline, so that a Fold is one
	// allocation (or none, inside a structure of the caller's: FoldTo).
	e     engine
	later []engine
}

// engines returns the number of f's engines: one per version from f.vi
// on, none before the first fact.
func (f *Fold) engines() int {
	if f.n == 0 {
		return 0
	}
	return 1 + len(f.later)
}

// engine returns f's engine of version f.vi+i.
func (f *Fold) engine(i int) *engine {
	if i == 0 {
		return &f.e
	}
	return &f.later[i-1]
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
	if err := p.checkFold(f); err != nil {
		return nil, err
	}
	g := new(Fold)
	if err := p.fold(g, f, h); err != nil {
		return nil, err
	}
	return g, nil
}

// FoldTo is Fold writing the new fold into *dst instead of a new Fold, so
// that a caller keeping a record's fold inside a structure of its own (the
// state it keeps beside the record) allocates nothing for it when the
// policy has one version and at most two targets. dst must be a Fold that
// nobody else holds, or f itself; it is overwritten. On error *dst is as it
// was.
func (p *Policy) FoldTo(dst *Fold, f *Fold, h History) error {
	if err := p.checkFold(f); err != nil {
		return err
	}
	var g Fold
	if err := p.fold(&g, f, h); err != nil {
		return err
	}
	*dst = g
	return nil
}

// checkFold refuses a missing policy and another policy's fold.
func (p *Policy) checkFold(f *Fold) error {
	if p == nil || len(p.versions) == 0 {
		return errNoPolicy
	}
	if f != nil && f.p != nil && f.p != p {
		return &PolicyError{Problems: []Problem{{Path: "(fold)", Message: "a fold of another policy"}}}
	}
	return nil
}

// fold makes g, a zero Fold, the fold of f's facts followed by h.
func (p *Policy) fold(g *Fold, f *Fold, h History) error {
	f.cloneTo(p, g)
	for i := range h {
		fact := &h[i]
		if fact.At.IsZero() {
			return &HistoryError{Index: g.n, Fact: *fact, Problem: "has no time"}
		}
		if g.n > 0 && wallBefore(fact.At, g.last) {
			return &HistoryError{Index: g.n, Fact: *fact, Problem: "is before the previous fact"}
		}
		// check validates the fact alone (its predecessor is g.last).
		ai, si, err := p.check(h[i:i+1], 0)
		if err != nil {
			he := err.(*HistoryError)
			he.Index = g.n
			return he
		}
		if g.n == 0 {
			g.start(p, p.version(fact.At))
		}
		for k := range 1 + len(g.later) {
			e := g.engine(k)
			e.apply(fact, ai, si)
			if e.err != nil {
				return e.err
			}
		}
		g.n++
		g.last = fact.At
	}
	return nil
}

// start makes the engines of a record whose first fact falls in version vi.
func (f *Fold) start(p *Policy, vi int) {
	f.vi = vi
	f.e.init(p, vi, nil)
	f.later = nil
	if n := len(p.versions) - vi - 1; n > 0 {
		f.later = make([]engine, n)
		for i := range f.later {
			f.later[i].init(p, vi+1+i, nil)
		}
	}
}

// cloneTo makes g, a zero Fold, a copy of f that shares nothing it may
// change.
func (f *Fold) cloneTo(p *Policy, g *Fold) {
	g.p = p
	if f == nil || f.n == 0 {
		return
	}
	g.n, g.last, g.vi = f.n, f.last, f.vi
	g.e = f.e
	g.e.more = slices.Clone(g.e.more)
	if len(f.later) > 0 {
		g.later = slices.Clone(f.later)
		for i := range g.later {
			g.later[i].more = slices.Clone(g.later[i].more)
		}
	}
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
	if wallBefore(now, f.last) {
		return &HistoryError{Index: f.n - 1, Problem: "is after the instant asked for: evaluate the history instead"}
	}
	e := f.e // a copy: projecting settles the clocks up to now
	e.more = slices.Clone(e.more)
	res, err := e.result(now, r.Targets[:0])
	if err != nil {
		return err
	}
	if len(f.later) > 0 {
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
			e2 := *f.engine(vk - f.vi)
			e2.more = slices.Clone(e2.more)
			r2, err := e2.result(now, nil)
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
