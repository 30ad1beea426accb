package calendar_test

import (
	"slices"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// ref is a slow, obviously right business calendar: it walks the schedule
// day by day straight from a Config, finding each window's instants by
// scanning the zone for offset changes. It shares no code with the package
// beyond the Config types.
type ref struct {
	cfg     calendar.Config
	loc     *time.Location
	notices []calendar.Notice
}

func newRef(cfg calendar.Config) *ref {
	loc, err := time.LoadLocation(cfg.Zone)
	if err != nil {
		panic(err)
	}
	r := &ref{cfg: cfg, loc: loc, notices: cfg.Notices}
	for _, c := range cfg.Countries {
		if c == "cn" {
			r.notices = append(r.notices, calendar.ChinaNotices()...)
		}
	}
	return r
}

type span struct{ a, b time.Time }

// wall returns the earliest instant whose local clock reads y-m-d + off or
// later. It finds the zone's offset changes near that time by sampling every
// 10 minutes and bisecting to the second, then takes the earliest instant of
// each constant-offset stretch that reaches the wall time.
func (r *ref) wall(d calendar.Date, off time.Duration) time.Time {
	L := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Add(off)
	offset := func(t time.Time) time.Duration {
		_, o := t.In(r.loc).Zone()
		return time.Duration(o) * time.Second
	}
	lo, hi := L.Add(-17*time.Hour), L.Add(17*time.Hour)
	// Stretches of constant offset: boundaries where the offset changes.
	bounds := []time.Time{lo}
	for t := lo; t.Before(hi); t = t.Add(10 * time.Minute) {
		n := t.Add(10 * time.Minute)
		if offset(t) != offset(n) {
			a, b := t, n // offset(a) != offset(b); find the first second of b's offset
			for b.Sub(a) > time.Second {
				m := a.Add(b.Sub(a) / 2).Truncate(time.Second)
				if m.Equal(a) {
					m = a.Add(time.Second)
				}
				if offset(m) == offset(a) {
					a = m
				} else {
					b = m
				}
			}
			bounds = append(bounds, b)
		}
	}
	bounds = append(bounds, hi)
	for i := 0; i+1 < len(bounds); i++ {
		s, e := bounds[i], bounds[i+1]
		o := offset(s)
		c := L.Add(-o) // instant at which the clock of this stretch reads L
		if c.Before(s) {
			c = s
		}
		if c.Before(e) {
			return c.In(r.loc)
		}
	}
	panic("no instant found")
}

// hours returns the windows of local date d and whether it is a day off.
func (r *ref) hours(d calendar.Date) ([]calendar.Hours, bool) {
	for _, day := range r.cfg.Days {
		if day.Date == d {
			return day.Hours, false
		}
	}
	in := func(h calendar.Holiday) bool {
		to := h.To
		if to == (calendar.Date{}) {
			to = h.Date
		}
		return !d.Before(h.Date) && !to.Before(d)
	}
	for _, h := range r.cfg.Holidays {
		if in(h) {
			return nil, true
		}
	}
	for _, n := range r.notices {
		if slices.Contains(n.Work, d) {
			if r.cfg.MakeUpHours != nil {
				return r.cfg.MakeUpHours, false
			}
			w := r.cfg.Week
			for _, hs := range [][]calendar.Hours{w.Monday, w.Tuesday, w.Wednesday, w.Thursday, w.Friday} {
				if len(hs) > 0 {
					return hs, false
				}
			}
			return nil, false
		}
	}
	for _, n := range r.notices {
		for _, h := range n.Off {
			if in(h) {
				return nil, true
			}
		}
	}
	for _, h := range r.cfg.Rules {
		for y := d.Year - 1; y <= d.Year+1; y++ {
			if _, obs := h.Calc(y); !obs.IsZero() && calendar.DateOf(obs) == d {
				return nil, true
			}
		}
	}
	w := r.cfg.Week
	return [][]calendar.Hours{w.Sunday, w.Monday, w.Tuesday, w.Wednesday, w.Thursday, w.Friday, w.Saturday}[d.Weekday()], false
}

// day returns the working spans of local date d, in order.
func (r *ref) day(d calendar.Date) []span {
	hs, _ := r.hours(d)
	hs = slices.Clone(hs)
	slices.SortFunc(hs, func(a, b calendar.Hours) int { return int(a.From - b.From) })
	var out []span
	for _, h := range hs {
		a := r.wall(d, h.From)
		var b time.Time
		if h.To == 24*time.Hour {
			b = r.wall(d.AddDays(1), 0)
		} else {
			b = r.wall(d, h.To)
		}
		if a.Before(b) {
			out = append(out, span{a, b})
		}
	}
	return out
}

// date returns the local date of t.
func (r *ref) date(t time.Time) calendar.Date { return calendar.DateOf(t.In(r.loc)) }

// spans returns the merged working spans of the local dates from-2 .. to+2.
func (r *ref) spans(from, to time.Time) []span {
	var out []span
	for d := r.date(from).AddDays(-2); !r.date(to).AddDays(2).Before(d); d = d.AddDays(1) {
		for _, s := range r.day(d) {
			if n := len(out); n > 0 && out[n-1].b.Equal(s.a) {
				out[n-1].b = s.b
			} else {
				out = append(out, s)
			}
		}
	}
	return out
}

func (r *ref) between(a, b time.Time) time.Duration {
	if b.Before(a) {
		return -r.between(b, a)
	}
	var sum time.Duration
	for _, s := range r.spans(a, b) {
		lo, hi := later(s.a, a), earlier(s.b, b)
		if lo.Before(hi) {
			sum += hi.Sub(lo)
		}
	}
	return sum
}

func (r *ref) isWorking(t time.Time) bool {
	for _, s := range r.spans(t, t) {
		if !t.Before(s.a) && t.Before(s.b) {
			return true
		}
	}
	return false
}

// add walks forward (or back, for negative d) a week at a time. It gives up
// after limit days and reports false.
func (r *ref) add(t time.Time, d time.Duration, limitDays int) (time.Time, bool) {
	if d == 0 {
		return t, true
	}
	if d > 0 {
		left := d
		for from := t; from.Sub(t) < time.Duration(limitDays)*24*time.Hour; from = from.AddDate(0, 0, 7) {
			to := from.AddDate(0, 0, 7)
			for _, s := range r.spans(from, to) {
				lo, hi := later(s.a, from), earlier(s.b, to)
				if !lo.Before(hi) {
					continue
				}
				if hi.Sub(lo) >= left {
					return lo.Add(left).In(r.loc), true
				}
				left -= hi.Sub(lo)
			}
		}
		return time.Time{}, false
	}
	left := -d
	for to := t; t.Sub(to) < time.Duration(limitDays)*24*time.Hour; to = to.AddDate(0, 0, -7) {
		from := to.AddDate(0, 0, -7)
		ss := r.spans(from, to)
		for i := len(ss) - 1; i >= 0; i-- {
			lo, hi := later(ss[i].a, from), earlier(ss[i].b, to)
			if !lo.Before(hi) {
				continue
			}
			if hi.Sub(lo) >= left {
				return hi.Add(-left).In(r.loc), true
			}
			left -= hi.Sub(lo)
		}
	}
	return time.Time{}, false
}

// next returns the first working instant at or after t, within limit days.
func (r *ref) next(t time.Time, limitDays int) (time.Time, bool) {
	for from := t; from.Sub(t) < time.Duration(limitDays)*24*time.Hour; from = from.AddDate(0, 0, 7) {
		for _, s := range r.spans(from, from.AddDate(0, 0, 7)) {
			if s.b.After(from) {
				return later(s.a, t).In(r.loc), true
			}
		}
	}
	return time.Time{}, false
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func (s span) String() string {
	return s.a.Format(time.RFC3339Nano) + "–" + s.b.Format(time.RFC3339Nano)
}
