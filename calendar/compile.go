package calendar

import (
	"math"
	"math/bits"
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

	// loose marks a year compiled away from the axis (see table): its
	// totals count from its own start, w0 = 0.
	loose bool

	// Where to start searching: the intervals from byTime[b] to
	// byTime[b+1] hold the first to end after any instant u with
	// (u-start)>>tshift == b; those from byWork[b] to byWork[b+1] the
	// first whose total reaches any w with (w-w0)>>wshift == b. Each
	// has about one entry an interval; nil for a year without any.
	byTime, byWork []int32
	tshift, wshift uint8
}

// index builds ch.byTime and ch.byWork.
func (ch *chunk) index() {
	n := len(ch.ends)
	if n == 0 || n > math.MaxInt32 {
		return
	}
	// The smallest shifts that make no more buckets than intervals.
	ch.tshift = uint8(bits.Len64(uint64(ch.end-ch.start) / uint64(n)))
	ch.wshift = uint8(bits.Len64(uint64(ch.w1-ch.w0) / uint64(n)))
	nt := int((ch.end-ch.start-1)>>ch.tshift) + 1
	nw := int((ch.w1-ch.w0)>>ch.wshift) + 1
	idx := make([]int32, nt+1+nw+1)
	ch.byTime, ch.byWork = idx[:nt+1:nt+1], idx[nt+1:]
	i := 0
	for b := range nt {
		at := ch.start + int64(b)<<ch.tshift
		for i < n && ch.ends[i] <= at {
			i++
		}
		ch.byTime[b] = int32(i)
	}
	ch.byTime[nt] = int32(n)
	i = 0
	for b := range nw {
		w := ch.w0 + int64(b)<<ch.wshift
		for i < n && ch.cum[i] < w {
			i++
		}
		ch.byWork[b] = int32(i)
	}
	ch.byWork[nw] = int32(n)
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
//
// A year compiled away from the axis, neither on it nor next to it, is
// loose: its totals count from its own start, and it is placed on the axis
// (the years between totalled) only when a query needs its place there, one
// that reaches past the year or asks for an offset. Queries within the year
// (Add, Between and Next that end in it, IsWorking, Holiday, Windows) need
// no axis, so a stray far instant costs the compiling of its year alone.
type table struct {
	first  int      // the first year on the axis
	w      []int64  // w[i]: running total at the start of year first+i; w[len(w)-1] at the end of the last
	chunks []*chunk // the compiled years, in order, each on the axis
	loose  []*chunk // the loose years, in order
}

// last returns the last year on the axis.
func (t *table) last() int { return t.first + len(t.w) - 2 }

// chunk returns the compiled year y on the axis, or nil.
func (t *table) chunk(y int) *chunk { return yearIn(t.chunks, y) }

// yearIn returns year y of chunks, sorted by year, or nil.
func yearIn(chunks []*chunk, y int) *chunk {
	i, ok := slices.BinarySearchFunc(chunks, y, func(c *chunk, y int) int { return cmpInt(c.year, y) })
	if !ok {
		return nil
	}
	return chunks[i]
}

// rebased returns loose year ch placed on the axis, its running total at
// its start w0.
func (ch *chunk) rebased(w0 int64) *chunk {
	c := *ch
	c.loose = false
	c.w0, c.w1 = w0, w0+ch.w1
	c.cum = make([]int64, len(ch.cum))
	for i, w := range ch.cum {
		c.cum[i] = w0 + w
	}
	return &c
}

// compileYear builds the chunk for year y whose running total starts at w0.
func (s *spec) compileYear(y int, w0 int64) *chunk {
	first := MakeDate(y, 1, 1).days()
	n := yearDays(y)
	var buf [8]zseg
	segs := zoneSegs(s.loc, first*86400-17*3600, (first+int64(n))*86400+17*3600, buf[:])
	seg := 0
	c := &chunk{year: y, w0: w0}
	c.start = place(s.loc, segs, &seg, first, 0)
	var ruleOff [366]int16 // 1 + an index in rules, for the rules' observed dates
	rules := s.ruleDays(y)
	for i, r := range rules {
		if ruleOff[r.doy] == 0 {
			ruleOff[r.doy] = int16(i + 1)
		}
	}
	days := s.days.year(y)
	wd := weekdayOf(first)
	iv := 0
	for doy := range n {
		k := first + int64(doy)
		hours := s.week[wd]
		if wd++; wd == 7 {
			wd = 0
		}
		var e uint16
		if days != nil {
			e = days[doy]
		}
		if r, own := s.days.rule(e, y, doy); own {
			r := &s.dayRules[r]
			if r.kind != kindHours {
				c.off = append(c.off, dayName{day: int32(k), name: r.name})
				continue
			}
			hours = r.hours
		} else if i := ruleOff[doy]; i != 0 {
			c.off = append(c.off, dayName{day: int32(k), name: rules[i-1].name})
			continue
		}
		for _, h := range hours {
			a := place(s.loc, segs, &seg, k, h.From)
			b := place(s.loc, segs, &seg, k, h.To)
			if b <= a {
				continue // entirely inside a skipped stretch of local time
			}
			if iv > 0 && c.ends[iv-1] == a {
				c.ends[iv-1] = b // touches the previous window: one interval
				continue
			}
			c.starts = append(c.starts, a)
			c.ends = append(c.ends, b)
			iv++
		}
	}
	c.end = place(s.loc, segs, &seg, first+int64(n), 0)
	c.cum = make([]int64, iv)
	w := w0
	for i := range iv {
		w += c.ends[i] - c.starts[i]
		c.cum[i] = w
	}
	c.w1 = w
	c.index()
	return c
}

// ruleDay is an observed date of a holiday rule, by its day of the year.
type ruleDay struct {
	doy  int
	name string
}

// ruleDays returns the observed dates in year y of the calendar's holiday
// rules, the first rule's first where two fall on one date.
func (s *spec) ruleDays(y int) []ruleDay {
	if len(s.rules) == 0 {
		return nil
	}
	var out []ruleDay
	// A holiday of the next or previous year may be observed in this one
	// (New Year's Day on a Saturday, observed on Friday 31 December).
	for _, yy := range []int{y - 1, y, y + 1} {
		for _, h := range s.rules {
			_, obs := h.Calc(yy)
			if obs.IsZero() {
				continue
			}
			if d := DateOf(obs); d.Year == y {
				out = append(out, ruleDay{doy: dayOfYear(d), name: h.Name})
			}
		}
	}
	return out
}

// withYear returns a table that also holds year y compiled, loose when
// canLoose is set and y is neither on the axis nor next to it, else
// placed on the axis first (a loose year y is placed there); t may be nil,
// and is left as it was.
func (s *spec) withYear(t *table, y int, canLoose bool) *table {
	if t == nil {
		c := s.compileYear(y, 0)
		return &table{first: y, w: []int64{0, c.w1}, chunks: []*chunk{c}}
	}
	if t.chunk(y) != nil {
		return t
	}
	l := yearIn(t.loose, y)
	if canLoose && (l != nil || y < t.first-1 || y > t.last()+1) {
		if l != nil {
			return t
		}
		c := s.compileYear(y, 0)
		c.loose = true
		i, _ := slices.BinarySearchFunc(t.loose, y, func(c *chunk, y int) int { return cmpInt(c.year, y) })
		return &table{first: t.first, w: t.w, chunks: t.chunks, loose: slices.Insert(slices.Clone(t.loose), i, c)}
	}
	t = s.withAxis(t, min(y, t.first), max(y, t.last()))
	loose := t.loose
	var c *chunk
	if l != nil {
		c = l.rebased(t.w[y-t.first])
		i, _ := slices.BinarySearchFunc(loose, y, func(c *chunk, y int) int { return cmpInt(c.year, y) })
		loose = slices.Delete(slices.Clone(loose), i, i+1)
	} else {
		c = s.compileYear(y, t.w[y-t.first])
	}
	i, _ := slices.BinarySearchFunc(t.chunks, y, func(c *chunk, y int) int { return cmpInt(c.year, y) })
	return &table{first: t.first, w: t.w, chunks: slices.Insert(slices.Clone(t.chunks), i, c), loose: loose}
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
	return &table{first: lo, w: w, chunks: t.chunks, loose: t.loose}
}

// yearTotals returns the totals of years lo..hi, as yearTotal does.
func (s *spec) yearTotals(lo, hi int) []int64 {
	out := make([]int64, hi-lo+1)
	if s.compileTotals {
		for y := lo; y <= hi; y++ {
			out[y-lo] = s.compileYear(y, 0).w1
		}
		return out
	}
	obs := s.observed(lo, hi)
	// One walk of the zone for all the years.
	var buf [16]zseg
	segs := zoneSegs(s.loc, MakeDate(lo, 1, 1).days()*86400-5*86400, MakeDate(hi+1, 1, 1).days()*86400+5*86400, buf[:])
	b, e := 0, 0
	for y := lo; y <= hi; y++ {
		// The stretches that reach the year and four days either side.
		from, to := MakeDate(y, 1, 1).days()*86400-4*86400, MakeDate(y+1, 1, 1).days()*86400+4*86400
		for b < len(segs) && segs[b].to <= from {
			b++
		}
		for e < len(segs) && segs[e].from <= to {
			e++
		}
		out[y-lo] = s.yearTotal(y, obs[y-lo], segs[b:e])
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
// compileYear places them. segs, the zone's stretches of constant offset
// (zoneSegs) that reach the year and four days either side, begin before
// them.
func (s *spec) yearTotal(y int, ruleOff []Date, segs []zseg) int64 {
	first := MakeDate(y, 1, 1).days()
	n := int64(yearDays(y))
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
	days := s.days.year(y)
	for _, d := range ruleOff {
		if days == nil || days[dayOfYear(d)] == 0 {
			w -= s.weekLen[d.Weekday()]
		}
	}
	// Away from offset changes a window lasts its wall-clock length. A wall
	// time L (read as if UTC) is placed by the offsets wallInstant reads in
	// [L-16h, L+16h+1s]; only window ends whose range holds a change, or a
	// stretch where Go's bounds cannot be trusted, are placed on the clock.
	var buf [8][2]int64
	changes := buf[:0] // Unix seconds: a change may lie in [from, to]
	lo := first*86400 - 4*86400
	hi := (first+n)*86400 + 4*86400
	for _, sg := range segs {
		switch {
		case sg.to <= lo || sg.from > hi:
		case !sg.ok:
			changes = append(changes, [2]int64{sg.from, sg.to})
		case sg.from >= lo: // the walk began earlier: a change
			changes = append(changes, [2]int64{sg.from, sg.from})
		}
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
				i := 0
				a := place(s.loc, segs, &i, k, h.From)
				b := place(s.loc, segs, &i, k, h.To)
				w += max(b-a, 0) - int64(h.To-h.From)
			}
		}
	}
	return w
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
