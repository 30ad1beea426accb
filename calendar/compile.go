package calendar

import (
	"slices"
	"time"
)

// Supported years. Instants whose local year falls outside them get
// ErrOutOfRange. The range keeps every running total of working time within
// an int64 of nanoseconds.
const (
	MinYear = 1900
	MaxYear = 2150
)

// chunk is one local year of a calendar compiled into sorted, disjoint working
// intervals with running totals. All values are Unix nanoseconds, or
// nanoseconds of working time counted from the calendar's anchor (the start
// of the first year it compiled), so that working time between any two
// instants is a difference of two running totals.
type chunk struct {
	year       int
	start, end int64 // the instants of local midnight, January 1 of year and year+1
	w0, w1     int64 // running total at start and at end
	starts     []int64
	ends       []int64
	cum        []int64 // running total at ends[i]
	off        []dayName
}

type dayName struct {
	day  int32 // days since 1970-01-01
	name string
}

// table is an immutable snapshot of the compiled years, first..first+len-1.
// A calendar replaces its table with a larger one when a query needs a year
// it lacks; readers load the current table atomically and never lock.
type table struct {
	chunks []*chunk
}

// compileYear builds the chunk for year y whose running total starts at w0.
func (s *spec) compileYear(y int, w0 int64) *chunk {
	c := &chunk{
		year:  y,
		start: wallInstant(s.loc, MakeDate(y, 1, 1), 0),
		end:   wallInstant(s.loc, MakeDate(y+1, 1, 1), 0),
		w0:    w0,
	}
	ruleOff := s.ruleDays(y)
	n := 0
	for d := MakeDate(y, 1, 1); d.Year == y; d = d.AddDays(1) {
		hours, name, isOff := s.hoursOn(d, ruleOff)
		if isOff {
			c.off = append(c.off, dayName{day: int32(d.days()), name: name})
		}
		for _, h := range hours {
			a := wallInstant(s.loc, d, h.From)
			b := wallInstant(s.loc, d, h.To)
			if b <= a {
				continue // entirely inside a skipped stretch of local time
			}
			if n > 0 && c.ends[n-1] == a {
				c.ends[n-1] = b // touches the previous window: one interval
				continue
			}
			c.starts = append(c.starts, a)
			c.ends = append(c.ends, b)
			n++
		}
	}
	c.cum = make([]int64, n)
	w := w0
	for i := range n {
		w += c.ends[i] - c.starts[i]
		c.cum[i] = w
	}
	c.w1 = w
	return c
}

// hoursOn returns the windows of local date d after precedence, and whether d
// is a declared day off (with its name).
func (s *spec) hoursOn(d Date, ruleOff map[Date]string) (hours []Hours, name string, off bool) {
	if r, ok := s.days[d]; ok {
		if r.kind == kindHours {
			return r.hours, "", false
		}
		return nil, r.name, true
	}
	if name, ok := ruleOff[d]; ok {
		return nil, name, true
	}
	return s.week[d.Weekday()], "", false
}

// ruleDays returns the observed dates in year y of the calendar's holiday rules.
func (s *spec) ruleDays(y int) map[Date]string {
	if len(s.rules) == 0 {
		return nil
	}
	out := map[Date]string{}
	// A holiday of the next or previous year may be observed in this one
	// (New Year's Day on a Saturday, observed on Friday 31 December).
	for _, yy := range []int{y - 1, y, y + 1} {
		for _, h := range s.rules {
			_, obs := h.Calc(yy)
			if obs.IsZero() {
				continue
			}
			if d := DateOf(obs); d.Year == y {
				if _, dup := out[d]; !dup {
					out[d] = h.Name
				}
			}
		}
	}
	return out
}

// extend returns a table that also holds years lo..hi, reusing t's chunks.
func (s *spec) extend(t *table, lo, hi int) *table {
	if t == nil || len(t.chunks) == 0 {
		c := s.compileYear(lo, 0)
		t = &table{chunks: []*chunk{c}}
	}
	first, last := t.chunks[0].year, t.chunks[len(t.chunks)-1].year
	var before, after []*chunk
	w := t.chunks[0].w0
	for y := first - 1; y >= lo; y-- {
		c := s.compileYear(y, 0)
		shift(c, w-c.w1)
		w = c.w0
		before = append(before, c)
	}
	slices.Reverse(before)
	w = t.chunks[len(t.chunks)-1].w1
	for y := last + 1; y <= hi; y++ {
		c := s.compileYear(y, w)
		w = c.w1
		after = append(after, c)
	}
	if before == nil && after == nil {
		return t
	}
	return &table{chunks: slices.Concat(before, t.chunks, after)}
}

// shift moves a chunk's running totals by delta.
func shift(c *chunk, delta int64) {
	c.w0 += delta
	c.w1 += delta
	for i := range c.cum {
		c.cum[i] += delta
	}
}

// localYear returns the local year of instant u (Unix nanoseconds).
func localYear(loc *time.Location, u int64) int { return time.Unix(0, u).In(loc).Year() }
