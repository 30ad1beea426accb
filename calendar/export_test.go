package calendar

import (
	"fmt"
	"slices"
	"time"
)

// NewCompilingEveryYear returns the calendar New returns for cfg, except
// that it totals each year it places on its axis of working time by
// compiling it: the slow, obviously right reference for the per-year totals.
func NewCompilingEveryYear(cfg Config) (*Calendar, error) {
	c, err := New(cfg)
	if err == nil {
		c.spec.compileTotals = true
	}
	return c, err
}

// YearTotals returns the working time of local year y as c totals it without
// compiling the year, and as the compiled year sums it.
func YearTotals(c *Calendar, y int) (total, compiled int64) {
	return c.spec.yearTotals(y, y)[0], c.spec.compileYear(y, 0).w1
}

// compileYearSlow is compileYear as it was first written: every window's
// ends placed by wallInstant's search of the zone, the dates walked with
// time.Time, the rules' dates in a map.
func (s *spec) compileYearSlow(y int) (starts, ends []int64, off []dayName) {
	ruleOff := map[Date]string{}
	for _, yy := range []int{y - 1, y, y + 1} {
		for _, h := range s.rules {
			if _, obs := h.Calc(yy); !obs.IsZero() {
				if d := DateOf(obs); d.Year == y {
					if _, dup := ruleOff[d]; !dup {
						ruleOff[d] = h.Name
					}
				}
			}
		}
	}
	n := 0
	for d := MakeDate(y, 1, 1); d.Year == y; d = d.AddDays(1) {
		hours := s.week[d.Weekday()]
		if r, ok := s.day(d); ok {
			if r.kind != kindHours {
				off = append(off, dayName{day: int32(d.days()), name: r.name})
				continue
			}
			hours = r.hours
		} else if name, ok := ruleOff[d]; ok {
			off = append(off, dayName{day: int32(d.days()), name: name})
			continue
		}
		for _, h := range hours {
			a := wallInstant(s.loc, d, h.From)
			b := wallInstant(s.loc, d, h.To)
			if b <= a {
				continue
			}
			if n > 0 && ends[n-1] == a {
				ends[n-1] = b
				continue
			}
			starts = append(starts, a)
			ends = append(ends, b)
			n++
		}
	}
	return starts, ends, off
}

// CompiledAsSlow reports the first difference between year y of c compiled
// and compiled the slow way, or "".
func CompiledAsSlow(c *Calendar, y int) string {
	ch := c.spec.compileYear(y, 0)
	starts, ends, off := c.spec.compileYearSlow(y)
	switch {
	case ch.start != wallInstant(c.spec.loc, MakeDate(y, 1, 1), 0):
		return fmt.Sprintf("start %d, slow %d", ch.start, wallInstant(c.spec.loc, MakeDate(y, 1, 1), 0))
	case ch.end != wallInstant(c.spec.loc, MakeDate(y+1, 1, 1), 0):
		return fmt.Sprintf("end %d, slow %d", ch.end, wallInstant(c.spec.loc, MakeDate(y+1, 1, 1), 0))
	case !slices.Equal(ch.starts, starts) || !slices.Equal(ch.ends, ends):
		for i := range min(len(starts), len(ch.starts)) {
			if ch.starts[i] != starts[i] || ch.ends[i] != ends[i] {
				return fmt.Sprintf("interval %d: %v–%v, slow %v–%v", i,
					time.Unix(0, ch.starts[i]).UTC(), time.Unix(0, ch.ends[i]).UTC(), time.Unix(0, starts[i]).UTC(), time.Unix(0, ends[i]).UTC())
			}
		}
		return fmt.Sprintf("%d intervals, slow %d", len(ch.starts), len(starts))
	case !slices.Equal(ch.off, off):
		return fmt.Sprintf("days off %v, slow %v", ch.off, off)
	}
	return ""
}

// LooseYears returns the years c has compiled away from its axis.
func LooseYears(c *Calendar) []int {
	var ys []int
	if t := c.tab.Load(); t != nil {
		for _, ch := range t.loose {
			ys = append(ys, ch.year)
		}
	}
	return ys
}

// The general paths of the queries, which the exported methods take when
// their fast paths do not answer, so that tests can compare the two.

func BetweenGeneral(c *Calendar, a, b time.Time) (time.Duration, error) {
	ua, err := c.nanos(a)
	if err != nil {
		return 0, err
	}
	ub, err := c.nanos(b)
	if err != nil {
		return 0, err
	}
	return c.between(ua, ub)
}

func AddGeneral(c *Calendar, t time.Time, d time.Duration) (time.Time, error) { return c.add(t, d) }

func NextGeneral(c *Calendar, t time.Time) (time.Time, error) { return c.next(t) }

func OffsetGeneral(c *Calendar, t time.Time) (time.Duration, error) {
	u, err := c.nanos(t)
	if err != nil {
		return 0, err
	}
	w, err := c.total(u)
	return time.Duration(w), err
}

func AtOffsetGeneral(c *Calendar, o time.Duration) (time.Time, error) {
	r, err := c.instantAt(int64(o), true)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, r).In(c.spec.loc), nil
}

// ChunkPathsAgree compares, in every year c has compiled, the running total
// at t as chunk.total finds it with the one firstEndAfter's search gives,
// and the instant where the total from there reaches d further (when the
// year holds it) as chunk.instantAt finds it with a search of the whole
// year; with t nil, the same at the edges of each year's first and last few
// intervals. It reports the first difference, or "".
func ChunkPathsAgree(c *Calendar, t *time.Time, d time.Duration) string {
	tab := c.tab.Load()
	if tab == nil {
		return ""
	}
	for _, ch := range append(slices.Clone(tab.chunks), tab.loose...) {
		var us, tgts []int64
		if t == nil {
			tgts = append(tgts, ch.w0+1, ch.w1)
			for i := range ch.ends {
				if i < 4 || i >= len(ch.ends)-4 {
					us = append(us, ch.starts[i]-1, ch.starts[i], ch.starts[i]+1, ch.ends[i]-1, ch.ends[i], ch.ends[i]+1)
					tgts = append(tgts, ch.cum[i], ch.cum[i]+1)
				}
			}
		} else if u := t.UnixNano(); u >= ch.start && u < ch.end {
			w := ch.total(u)
			us = append(us, u)
			tgts = append(tgts, w+int64(d), w+int64(d)+1)
		}
		for _, u := range us {
			if u < ch.start || u >= ch.end {
				continue
			}
			if w, slow := ch.total(u), ch.totalFrom(ch.firstEndAfter(u), u); w != slow {
				return fmt.Sprintf("year %d: total(%v) = %d, by firstEndAfter %d", ch.year, time.Unix(0, u), w, slow)
			}
		}
		for _, tgt := range tgts {
			if tgt <= ch.w0 || tgt > ch.w1 {
				continue
			}
			for _, w := range []int64{tgt, tgt - 1} {
				at, slow := ch.instantAt(w, tgt), ch.instantIn(w, tgt, 0, len(ch.cum))
				if at != slow {
					return fmt.Sprintf("year %d: instantAt(%d, %d) = %d, by a search of the year %d", ch.year, w, tgt, at, slow)
				}
			}
		}
	}
	return ""
}
