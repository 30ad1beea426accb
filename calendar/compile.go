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
// instants is a difference of two running totals. A chunk's w0 and w1 are
// its year's entries on the table's axis.
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

// table is an immutable snapshot of a calendar's axis of working time and
// of the years compiled on it. The axis holds, for every year from first to
// first+len(w)-2, the running total at its start; it grows a year at a time
// from per-year totals, which cost a small part of a compiled year (see
// spec.yearTotal), so that a year far from the others is compiled alone. A
// calendar replaces its table with a larger one when a query needs a year it
// lacks; readers load the current table atomically and never lock.
type table struct {
	first  int      // the first year on the axis
	w      []int64  // w[i]: running total at the start of year first+i; w[len(w)-1] at the end of the last
	chunks []*chunk // the compiled years, in order, each on the axis
}

// last returns the last year on the axis.
func (t *table) last() int { return t.first + len(t.w) - 2 }

// chunk returns the compiled year y, or nil.
func (t *table) chunk(y int) *chunk {
	i, ok := slices.BinarySearchFunc(t.chunks, y, func(c *chunk, y int) int { return cmpInt(c.year, y) })
	if !ok {
		return nil
	}
	return t.chunks[i]
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
	if r, ok := s.day(d); ok {
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

// withYear returns a table that also holds year y compiled, placing y on the
// axis first; t may be nil, and is left as it was.
func (s *spec) withYear(t *table, y int) *table {
	if t == nil {
		c := s.compileYear(y, 0)
		return &table{first: y, w: []int64{0, c.w1}, chunks: []*chunk{c}}
	}
	if t.chunk(y) != nil {
		return t
	}
	t = s.withAxis(t, min(y, t.first), max(y, t.last()))
	c := s.compileYear(y, t.w[y-t.first])
	i, _ := slices.BinarySearchFunc(t.chunks, y, func(c *chunk, y int) int { return cmpInt(c.year, y) })
	return &table{first: t.first, w: t.w, chunks: slices.Insert(slices.Clone(t.chunks), i, c)}
}

// withAxis returns a table whose axis covers years lo..hi, t's years
// included, computing the totals of the years it adds without compiling
// them; t is left as it was.
func (s *spec) withAxis(t *table, lo, hi int) *table {
	lo, hi = min(lo, t.first), max(hi, t.last())
	if lo == t.first && hi == t.last() {
		return t
	}
	w := make([]int64, hi-lo+2)
	at := t.first - lo
	copy(w[at:], t.w)
	if lo < t.first {
		totals := s.yearTotals(lo, t.first-1)
		for y := t.first - 1; y >= lo; y-- {
			w[y-lo] = w[y-lo+1] - totals[y-lo]
		}
	}
	if hi > t.last() {
		totals := s.yearTotals(t.last()+1, hi)
		for y := t.last() + 1; y <= hi; y++ {
			w[y-lo+1] = w[y-lo] + totals[y-t.last()-1]
		}
	}
	return &table{first: lo, w: w, chunks: t.chunks}
}

// yearTotals returns the totals of years lo..hi, as yearTotal does.
func (s *spec) yearTotals(lo, hi int) []int64 {
	out := make([]int64, hi-lo+1)
	obs := s.observed(lo, hi)
	for y := lo; y <= hi; y++ {
		if s.compileTotals {
			out[y-lo] = s.compileYear(y, 0).w1
		} else {
			out[y-lo] = s.yearTotal(y, obs[y-lo])
		}
	}
	return out
}

// observed returns, for each year lo..hi, the observed dates of the
// calendar's holiday rules in that year, each rule worked out once a year.
func (s *spec) observed(lo, hi int) [][]Date {
	out := make([][]Date, hi-lo+1)
	if len(s.rules) == 0 {
		return out
	}
	// One array for all years: a rule is observed about once a year.
	per := len(s.rules) + 2
	all := make([]Date, per*len(out))
	for i := range out {
		out[i] = all[i*per : i*per : (i+1)*per]
	}
	// A holiday of the next or previous year may be observed in this one.
	for yy := lo - 1; yy <= hi+1; yy++ {
		for _, h := range s.rules {
			_, obs := h.Calc(yy)
			if obs.IsZero() {
				continue
			}
			if d := DateOf(obs); d.Year >= lo && d.Year <= hi && !slices.Contains(out[d.Year-lo], d) {
				out[d.Year-lo] = append(out[d.Year-lo], d)
			}
		}
	}
	return out
}

// yearTotal returns the working time of local year y, whose rules observe
// the dates ruleOff: what compileYear(y, 0) totals, found without building
// the year's intervals. Away from changes of the zone's offset a window
// lasts exactly its wall-clock length, so the total is the weekly schedule
// counted over the year's weekdays, corrected for the dates that do not
// follow it (Config.Days, holidays, notices, the rules' observed dates);
// only window ends near an offset change are placed on the clock, as
// compileYear places them.
func (s *spec) yearTotal(y int, ruleOff []Date) int64 {
	first := MakeDate(y, 1, 1).days()
	n := MakeDate(y+1, 1, 1).days() - first
	wd0 := int(weekdayOf(first))
	var w int64
	for k := range 7 {
		count := int64(52)
		if int64(k) < n-364 {
			count++
		}
		w += count * s.weekLen[(wd0+k)%7]
	}
	if corr := s.corrections(); corr != nil {
		w += corr[y-MinYear]
	}
	for _, d := range ruleOff {
		if _, own := s.days.get(d); !own {
			w -= s.weekLen[d.Weekday()]
		}
	}
	// Away from offset changes a window lasts its wall-clock length. A wall
	// time L (read as if UTC) is placed by the offsets wallInstant reads in
	// (L-16h, L+16h+1s]; only window ends whose range holds a change, or a
	// stretch where Go's bounds cannot be trusted, are placed on the clock.
	var buf [8][2]int64
	changes := buf[:0] // Unix seconds: a change may lie in [from, to]
	lo := first*86400 - 4*86400
	hi := (first+n)*86400 + 4*86400
	for at := time.Unix(lo, 0).In(s.loc); at.Unix() <= hi; {
		_, end := at.ZoneBounds()
		if end.IsZero() {
			break
		}
		if !end.After(at) {
			// Past a zone's last listed change Go works its rule out a
			// year at a time, and near the turn of a leap year it may
			// report a bound already passed until the UTC year ends:
			// step to that end, and treat the stretch as a change.
			next := time.Date(at.UTC().Year()+1, 1, 1, 0, 0, 0, 0, time.UTC).In(s.loc)
			changes = append(changes, [2]int64{at.Unix(), next.Unix()})
			at = next
			continue
		}
		changes = append(changes, [2]int64{end.Unix(), end.Unix()})
		at = end
	}
	var seenBuf [32]int64
	seen := seenBuf[:0]
	for _, c := range changes {
		for k := floorDiv(c[0], 86400) - 3; k <= floorDiv(c[1], 86400)+2; k++ {
			if k < first || k >= first+n || slices.Contains(seen, k) {
				continue
			}
			seen = append(seen, k)
			d := dateOfDays(k)
			hours := s.week[d.Weekday()]
			if r, own := s.day(d); own {
				hours = r.hours // nil for a day off
			} else if slices.Contains(ruleOff, d) {
				hours = nil
			}
			for _, h := range hours {
				La, Lb := k*86400+int64(h.From/time.Second), k*86400+int64(h.To/time.Second)
				if !moved(changes, La, Lb+1) {
					continue
				}
				a, b := s.placeNear(d, h.From, changes), s.placeNear(d, h.To, changes)
				w += max(b-a, 0) - int64(h.To-h.From)
			}
		}
	}
	return w
}

// placeNear returns wallInstant(s.loc, d, off), knowing the offset changes
// near it: with a single change in reach, at a second Go's zone bounds
// name, it need not search for the change.
func (s *spec) placeNear(d Date, off time.Duration, changes [][2]int64) int64 {
	L := d.days()*86400*1e9 + int64(off)
	const span = 16 * 3600
	lo := floorDiv(L, 1e9) - span
	hi := floorDiv(L, 1e9) + span + 1
	var T int64
	n := 0
	for _, c := range changes {
		if c[1] > lo && c[0] <= hi {
			if n++; c[0] != c[1] {
				n = 2 // a stretch of untrusted bounds: search
			}
			T = c[0]
		}
	}
	olo, ohi := offsetAt(s.loc, lo), offsetAt(s.loc, hi)
	if n != 1 || olo == ohi || offsetAt(s.loc, T-1) != olo || offsetAt(s.loc, T) != ohi {
		return wallInstant(s.loc, d, off)
	}
	// As wallInstant: before T the clock shows u+olo; from T on, u+ohi.
	if c := L - olo*1e9; c < T*1e9 {
		return c
	}
	return max(T*1e9, L-ohi*1e9)
}

// moved reports whether wallInstant may read a change of offset for a wall
// time (in seconds, read as if UTC) from a to b: whether one of changes lies
// within 16 hours before a or 16 hours and a second after b.
func moved(changes [][2]int64, a, b int64) bool {
	const span = 16 * 3600
	for _, c := range changes {
		if c[1] > a-span && c[0] <= b+span+1 {
			return true
		}
	}
	return false
}

// localYear returns the local year of instant u (Unix nanoseconds).
func localYear(loc *time.Location, u int64) int { return time.Unix(0, u).In(loc).Year() }
