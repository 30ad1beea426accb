package sla

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// Fingerprint returns a digest of the policy's configuration and of the
// calendars it counts in: two policies with the same fingerprint measure
// every history the same way, in this process or another. A Fold written
// with MarshalBinary is read back only by a policy of the same fingerprint.
// It returns "" when a calendar offers no fingerprint of its own
// (calendar.Calendar does, unless it holds holiday rules as Go values):
// such a policy's folds are not written.
func (p *Policy) Fingerprint() string { return p.fp }

func fingerprint(cfg Config, names []string, cals []Calendar) string {
	b, err := json.Marshal(cfg)
	if err != nil {
		return ""
	}
	h := sha256.New()
	h.Write([]byte("itsm/sla/v1\n"))
	h.Write(b)
	for i, c := range cals {
		f, ok := c.(interface{ Fingerprint() string })
		if !ok || f.Fingerprint() == "" {
			return ""
		}
		fmt.Fprintf(h, "\n%s=%s", names[i], f.Fingerprint())
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ErrFold is matched by the error of UnmarshalFold for data that is not a
// fold of this policy: another policy's (or the same policy's before a
// change of it or of a calendar), or data damaged. The caller folds the
// history again, from its first fact.
var ErrFold = errors.New("sla: not a fold of this policy")

type foldJSON struct {
	Policy  string       `json:"policy"`
	Facts   int          `json:"facts"`
	Last    time.Time    `json:"last"`
	Version int          `json:"version"`
	Engines []engineJSON `json:"engines"`
}

type engineJSON struct {
	Status   int         `json:"status"`
	Priority int         `json:"priority"`
	Attrs    []string    `json:"attrs"`
	Rule     int         `json:"rule"`
	Clocks   []clockJSON `json:"clocks"`
}

type clockJSON struct {
	Phase    phase         `json:"phase"`
	Goal     bool          `json:"goal,omitempty"`
	Rule     int           `json:"rule"`
	Cal      int           `json:"cal"`
	Cycle    int           `json:"cycle,omitempty"`
	Stage    int           `json:"stage,omitempty"`
	Elapsed  time.Duration `json:"elapsed,omitempty"`
	Paused   time.Duration `json:"paused,omitempty"`
	Since    time.Time     `json:"since,omitzero"`
	First    time.Time     `json:"first,omitzero"`
	Started  time.Time     `json:"started,omitzero"`
	Stopped  time.Time     `json:"stopped,omitzero"`
	Breach   time.Time     `json:"breach,omitzero"`
	StageAt  time.Time     `json:"stage_at,omitzero"`
	PausedBy string        `json:"paused_by,omitempty"`
	PhaseAt  time.Time     `json:"phase_at,omitzero"`
}

// MarshalBinary writes f for UnmarshalFold: to keep beside the record it
// folds (a ticket's row), so that another process folds in only the facts
// that came since. It fails for a fold of a policy without a Fingerprint.
func (f *Fold) MarshalBinary() ([]byte, error) {
	if f == nil || f.p == nil {
		return json.Marshal(foldJSON{})
	}
	if f.p.fp == "" {
		return nil, errors.New("sla: the fold of a policy without a fingerprint cannot be written")
	}
	out := foldJSON{Policy: f.p.fp, Facts: f.n, Last: f.last, Version: f.vi}
	for i := range f.engines() {
		e := f.engine(i)
		ej := engineJSON{Status: e.rec.status, Priority: int(e.rec.priority), Attrs: e.rec.attrs[:], Rule: e.rule}
		for k := range e.n {
			c := e.clock(k)
			ej.Clocks = append(ej.Clocks, clockJSON{
				Phase: c.phase, Goal: c.goal != nil, Rule: c.rule, Cal: c.cal, Cycle: c.cycle, Stage: c.stage,
				Elapsed: c.elapsed, Paused: c.paused, Since: c.since, First: c.first, Started: c.started,
				Stopped: c.stopped, Breach: c.breach, StageAt: c.stageAt, PausedBy: c.pausedBy, PhaseAt: c.phaseAt,
			})
		}
		out.Engines = append(out.Engines, ej)
	}
	return json.Marshal(out)
}

// UnmarshalFold reads a fold MarshalBinary wrote. It returns an error
// matching ErrFold for data that is not a fold of this policy (see
// Fingerprint), or that no fold could be: damaged where its shape still
// reads, with a count below zero, an instant after its last fact, a running
// clock without its start or a stage its elapsed time has not reached. The
// caller then folds the history again.
func (p *Policy) UnmarshalFold(data []byte) (*Fold, error) {
	bad := func(why string) error { return fmt.Errorf("%w: %s", ErrFold, why) }
	if p == nil || p.fp == "" {
		return nil, bad("the policy has no fingerprint")
	}
	var in foldJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, bad(err.Error())
	}
	if in.Facts == 0 {
		return &Fold{p: p}, nil
	}
	if in.Policy != p.fp {
		return nil, bad("written under another policy or calendar")
	}
	if in.Version < 0 || in.Version >= len(p.versions) || len(in.Engines) != len(p.versions)-in.Version || in.Facts < 0 {
		return nil, bad("its versions do not match the policy's")
	}
	if in.Last.IsZero() {
		return nil, bad("it has facts but no time of the last")
	}
	f := &Fold{p: p, n: in.Facts, last: in.Last}
	f.start(p, in.Version)
	for i := range f.engines() {
		e, ej := f.engine(i), &in.Engines[i]
		if len(ej.Clocks) != e.n || len(ej.Attrs) != numAttrs || ej.Status < -1 || ej.Status >= len(p.statuses) ||
			ej.Rule < -1 || ej.Rule >= len(e.v.rules) || !codes.Priority(ej.Priority).Valid() && ej.Priority != 0 {
			return nil, bad("its record does not match the policy's")
		}
		e.rec.status, e.rec.priority = ej.Status, codes.Priority(ej.Priority)
		copy(e.rec.attrs[:], ej.Attrs)
		// The rule is the one the record matches: an engine matches again
		// only on a change some rule tests, so a wrong one would stay.
		if ej.Rule != e.v.match(&e.rec) {
			return nil, bad("its rule is not the one its record matches")
		}
		e.setRule(ej.Rule)
		for k := range e.n {
			c, cj := e.clock(k), &ej.Clocks[k]
			if cj.Phase > phStopped || cj.Cal < 0 || cj.Cal >= len(p.cals) || cj.Rule < -1 || cj.Rule >= len(e.v.rules) {
				return nil, bad("a clock does not match the policy's")
			}
			if why := cj.check(in.Last); why != "" {
				return nil, bad("a clock " + why)
			}
			*c = clock{phase: cj.Phase, rule: cj.Rule, cal: cj.Cal, cycle: cj.Cycle, stage: cj.Stage, elapsed: cj.Elapsed,
				paused: cj.Paused, since: cj.Since, first: cj.First, started: cj.Started, stopped: cj.Stopped,
				breach: cj.Breach, stageAt: cj.StageAt, pausedBy: cj.PausedBy, phaseAt: cj.PhaseAt}
			if !cj.Goal {
				if cj.Stage != 0 || !cj.Breach.IsZero() {
					return nil, bad("a clock without a goal has a stage or a breach")
				}
				continue
			}
			if cj.Rule < 0 || k >= len(e.v.rules[cj.Rule].goals) || !e.v.rules[cj.Rule].goals[k].ok {
				return nil, bad("a clock's goal does not match the policy's")
			}
			c.goal = &e.v.rules[cj.Rule].goals[k]
			// Stage n is reached once the elapsed time reaches the n-th
			// threshold.
			if n := c.stage; n > len(c.goal.thr) || n > 0 && (c.goal.thr[n-1] > c.elapsed || c.stageAt.IsZero()) {
				return nil, bad("a clock's stage does not match its goal and elapsed time")
			}
		}
	}
	return f, nil
}

// check returns what is wrong with a clock of a fold whose last fact came
// at last, or "" if nothing: what a fold's clocks always are, so that a
// damaged fold is refused rather than answering wrong, or failing, later.
func (cj *clockJSON) check(last time.Time) string {
	switch {
	case cj.Cycle < 0 || cj.Stage < 0 || cj.Elapsed < 0 || cj.Paused < 0:
		return "has a negative count"
	case cj.Phase != phIdle && (cj.Cycle == 0 || cj.Started.IsZero()):
		return "runs or ran without a cycle started"
	case (cj.Phase == phRunning || cj.Phase == phPaused) && cj.Since.IsZero():
		return "runs or is paused since no time"
	case cj.Phase == phStopped && cj.Stopped.IsZero():
		return "stopped at no time"
	}
	// Every instant a clock keeps is a fact's, or one between its facts.
	for _, t := range [...]time.Time{cj.Since, cj.First, cj.Started, cj.Stopped, cj.Breach, cj.StageAt, cj.PhaseAt} {
		if t.After(last) {
			return "has an instant after the last fact"
		}
	}
	return ""
}
