package sla

import (
	"time"
)

// Why says whether a span of a clock counted and, if not, why.
type Why string

// The reasons a span counts or not.
const (
	Counted      Why = "counted"               // working time while the clock ran
	OutsideHours Why = "outside working hours" // the clock ran, the calendar had no working time
	Holiday      Why = "holiday"               // the clock ran, the date is a declared day off
	PausedSpan   Why = "paused"                // the clock was paused
	StoppedSpan  Why = "stopped"               // the clock had stopped (before a reopen)
	ResetSpan    Why = "not started"           // the clock was reset and had not started again
)

// Span is a stretch of a clock's life, [From, To).
type Span struct {
	From time.Time `json:"from"` // the span's first instant
	To   time.Time `json:"to"`   // the instant after the span's end
	// Why says whether the span counted and, if not, why.
	Why Why `json:"why"`
	// Detail names the holiday, or what paused the clock ("pending",
	// "tier=l3"); empty otherwise.
	Detail string `json:"detail,omitempty"`
	// Working is the working time of the clock's calendar in the span: all
	// of it for a counted span, what the pause kept from counting for a
	// paused one, zero otherwise.
	Working time.Duration `json:"working,omitzero"`
	// Calendar names the calendar the clock counted in during the span.
	Calendar string `json:"calendar,omitempty"`
}

// Explanation is a Result with, for every target that applies, each span
// of its clock from the start of its first cycle to now.
type Explanation struct {
	Result
	// Spans holds the spans of each target, in the order of Result.Targets.
	Spans [][]Span `json:"spans,omitempty"`
}

// Explain evaluates h at now as Evaluate does and lists every span of every
// clock: counted working time, and time excluded with its reason (outside
// working hours, a holiday, paused in a status, stopped). It is meant for
// people and pictures (Gantt, SVG), not hot paths: it walks the calendar's
// windows, so its cost grows with the span of the history.
func Explain(p *Policy, h History, now time.Time) (*Explanation, error) {
	if p == nil || len(p.versions) == 0 {
		return nil, errNoPolicy
	}
	tr := &trace{segs: map[string][]segment{}}
	r, err := p.evaluate(h, now, tr, nil)
	if err != nil {
		return nil, err
	}
	x := &Explanation{Result: r}
	for _, s := range r.Targets {
		var spans []Span
		segs := tr.segs[s.Target]
		if n := len(segs); n > 0 && segs[n-1].phase == phStopped {
			segs = segs[:n-1] // the record's clock simply ended
		}
		for _, seg := range segs {
			spans, err = p.explainSegment(spans, seg)
			if err != nil {
				return nil, err
			}
		}
		x.Spans = append(x.Spans, spans)
	}
	return x, nil
}

func (p *Policy) explainSegment(spans []Span, seg segment) ([]Span, error) {
	cal, calName := p.cals[seg.cal], p.calNames[seg.cal]
	loc := seg.from.Location()
	if l, ok := cal.(interface{ Location() *time.Location }); ok {
		loc = l.Location()
	}
	add := func(s Span) {
		s.Calendar = calName
		if n := len(spans); n > 0 {
			last := &spans[n-1]
			if last.Why == s.Why && last.Detail == s.Detail && last.To.Equal(s.From) && last.Calendar == s.Calendar {
				last.To = s.To
				last.Working += s.Working
				return
			}
		}
		spans = append(spans, s)
	}
	switch seg.phase {
	case phPaused:
		w, err := cal.Between(seg.from, seg.to)
		if err != nil {
			return nil, err
		}
		add(Span{From: seg.from, To: seg.to, Why: PausedSpan, Detail: seg.reason, Working: w})
		return spans, nil
	case phStopped:
		add(Span{From: seg.from, To: seg.to, Why: StoppedSpan})
		return spans, nil
	case phIdle:
		add(Span{From: seg.from, To: seg.to, Why: ResetSpan})
		return spans, nil
	}
	gap := func(from, to time.Time) {
		// Split a gap at local midnights: each day is a holiday or simply
		// outside working hours.
		for from.Before(to) {
			y, m, d := from.Date()
			end := time.Date(y, m, d+1, 0, 0, 0, 0, from.Location())
			if end.After(to) {
				end = to
			}
			if name, ok := cal.Holiday(from); ok {
				add(Span{From: from, To: end, Why: Holiday, Detail: name})
			} else {
				add(Span{From: from, To: end, Why: OutsideHours})
			}
			from = end
		}
	}
	at := seg.from
	for w, err := range cal.Windows(seg.from, seg.to) {
		if err != nil {
			return nil, err
		}
		gap(at.In(loc), w.Start.In(loc))
		add(Span{From: w.Start.In(loc), To: w.End.In(loc), Why: Counted, Working: w.End.Sub(w.Start)})
		at = w.End
	}
	gap(at.In(loc), seg.to.In(loc))
	return spans, nil
}
