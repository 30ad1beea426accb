package calendar

import (
	"iter"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Calendar is a compiled business calendar: a time zone, weekly working
// windows, holidays and dated exceptions. It answers on absolute instants and
// returns results in its own zone.
//
// Intervals are half-open: a window 09:00–12:00 contains 09:00 and every
// instant before 12:00, not 12:00 itself. Arithmetic is exact to the
// nanosecond, and consistent: Between(t, Add(t, d)) == d for every t and d.
//
// A Calendar is immutable and safe for concurrent use. It compiles each local
// year into sorted working intervals with running totals the first time a
// query needs that year, so Add, Between and IsWorking cost a few lookups,
// whatever the span, and allocate nothing. Queries for years
// already compiled take no lock. A year far from those compiled is compiled
// alone, and placed on the axis of working time only when a query needs its
// place there (an offset, or a span that leaves the year): the years between
// are then only totalled (from the weekly schedule, the dated exceptions and
// the days the zone's offset changes), which costs a small part of compiling
// them and keeps a few bytes a year.
type Calendar struct {
	spec *spec
	tab  atomic.Pointer[table]
	mu   sync.Mutex // held only while compiling more years

	cfg    *kept // as given to New, for Fingerprint
	fpOnce sync.Once
	fp     string
}

// Window is a stretch of working time, Start inclusive, End exclusive, both in
// the calendar's zone.
type Window struct {
	Start, End time.Time // the window's first instant and the instant after its last
}

// Duration returns the length of w.
func (w Window) Duration() time.Duration { return w.End.Sub(w.Start) }

// New validates cfg and returns the calendar it describes. A bad Config
// returns a *ConfigError that lists every problem and matches
// ErrInvalidConfig. New compiles no year; its cost is loading the zone and
// a few tens of nanoseconds for each explicit date.
func New(cfg Config) (*Calendar, error) {
	s, k, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	return &Calendar{spec: s, cfg: k}, nil
}

// Must returns c, or panics if err is not nil. It is meant for calendars
// built from fixed configuration at program start, such as the presets.
func Must(c *Calendar, err error) *Calendar {
	if err != nil {
		panic(err)
	}
	return c
}

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.spec.loc }

// KnownThrough returns the last year whose holiday data the calendar knows
// completely, or 0 if its data has no horizon (rules and explicit dates
// only). Past it the calendar either follows the weekly schedule alone or
// returns ErrBeyondKnown, as its Config says.
func (c *Calendar) KnownThrough() int { return c.spec.knownThrough }

// IsWorking reports whether t is working time. It returns an error only for
// an instant the calendar cannot answer for (ErrOutOfRange, ErrBeyondKnown).
func (c *Calendar) IsWorking(t time.Time) (bool, error) {
	u, err := c.nanos(t)
	if err != nil {
		return false, err
	}
	ch, err := c.chunkAt(u)
	if err != nil {
		return false, err
	}
	j := ch.firstEndAfter(u)
	return j < len(ch.ends) && ch.starts[j] <= u, nil
}

// Add returns the instant at which d of working time has passed after t.
//
// It is the earliest such instant: when the deadline falls exactly on the end
// of a window, Add returns that end (12:00), not the start of the next window
// (13:30). Add(t, 0) is t. Starting outside working time, counting begins at
// the next window.
//
// A negative d counts backwards: Add(t, -d) is the latest instant s ≤ t with
// Between(s, t) == d; at a window's start it returns that start, not the end
// of the window before.
//
// Add returns ErrOutOfRange when t or the result falls outside MinYear to
// MaxYear, and ErrBeyondKnown when the result lies past KnownThrough and the
// calendar refuses to guess: a result past both, on such a calendar, is
// ErrBeyondKnown (for the year after KnownThrough), whatever the calendar
// was asked before.
func (c *Calendar) Add(t time.Time, d time.Duration) (time.Time, error) {
	// Most answers lie in the year of t, compiled on the axis: its
	// intervals are then all it takes, when the total to reach is one
	// the year's intervals reach (d > 0) or pass (d < 0), as instantAt
	// would find. (t is done with before any call, so need not be kept.)
	u, ok := unixNanos(t)
	if !ok || d == 0 {
		return c.add(t, d)
	}
	if tab := c.tab.Load(); tab != nil {
		ch, ok := tab.onAxisFew(u)
		if !ok {
			ch = tab.onAxis(u)
		}
		if ch != nil {
			w := ch.total(u)
			if d > 0 && int64(d) <= ch.w1-w || d < 0 && int64(d) >= ch.w0-w {
				w += int64(d)
				tgt := w
				if d < 0 {
					tgt++
				}
				return time.Unix(unixParts(ch.instantAt(w, tgt))).In(c.spec.loc), nil
			}
			return c.addTo(w, d)
		}
	}
	return c.addAt(u, d)
}

// add is Add for any t and d.
func (c *Calendar) add(t time.Time, d time.Duration) (time.Time, error) {
	u, err := c.nanos(t)
	if err != nil {
		return time.Time{}, err
	}
	if d == 0 {
		if _, err := c.chunkAt(u); err != nil {
			return time.Time{}, err
		}
		return t.In(c.spec.loc), nil
	}
	return c.addAt(u, d)
}

// addAt is Add for d != 0 and t at u, Unix nanoseconds nanos accepts.
func (c *Calendar) addAt(u int64, d time.Duration) (time.Time, error) {
	ch, err := c.chunkAt(u)
	if err != nil {
		return time.Time{}, err
	}
	if ch.loose {
		if r, ok := ch.within(u, d); ok {
			return time.Unix(unixParts(r)).In(c.spec.loc), nil
		}
		if ch, err = c.placed(u); err != nil {
			return time.Time{}, err
		}
	}
	return c.addTo(ch.total(u), d)
}

// addTo returns the instant Add(t, d) returns for d != 0, w the running
// total at t.
func (c *Calendar) addTo(w int64, d time.Duration) (time.Time, error) {
	// A total beyond an int64 is beyond every supported year: the error is
	// the one instantAt gives for a total past the last year (or before
	// the first), whatever the axis's origin (see Offset) makes of w.
	if d > 0 && w > math.MaxInt64-int64(d) {
		return time.Time{}, c.pastLast()
	}
	if d < 0 && w < math.MinInt64-int64(d) {
		return time.Time{}, &YearError{Year: MinYear - 1, KnownThrough: c.spec.knownThrough}
	}
	r, err := c.instantAt(w+int64(d), d < 0)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(unixParts(r)).In(c.spec.loc), nil
}

// Between returns the working time in [a, b). If b is before a it returns
// the negative of Between(b, a).
func (c *Calendar) Between(a, b time.Time) (time.Duration, error) {
	// Most spans lie in years compiled on the axis: the totals at both
	// ends, read from the years holding them, are all it takes.
	// (a and b are done with before any call, so need not be kept.)
	ua, oka := unixNanos(a)
	ub, okb := unixNanos(b)
	switch {
	case !oka:
		return 0, c.farError(a)
	case !okb:
		return 0, c.farError(b)
	}
	if t := c.tab.Load(); t != nil {
		if ch := t.onAxis(ua); ch != nil {
			if ub >= ch.start && ub < ch.end {
				return time.Duration(ch.total(ub) - ch.total(ua)), nil
			}
			if cb := t.onAxis(ub); cb != nil {
				return time.Duration(cb.total(ub) - ch.total(ua)), nil
			}
		}
	}
	return c.between(ua, ub)
}

// between is Between for any ua and ub, Unix nanoseconds nanos accepts.
func (c *Calendar) between(ua, ub int64) (time.Duration, error) {
	ch, err := c.chunkAt(ua)
	if err != nil {
		return 0, err
	}
	if ch.loose {
		if ub >= ch.start && ub < ch.end { // both in a loose year
			return time.Duration(ch.total(ub) - ch.total(ua)), nil
		}
		if ch, err = c.placed(ua); err != nil {
			return 0, err
		}
	}
	wa := ch.total(ua)
	wb, err := c.total(ub)
	if err != nil {
		return 0, err
	}
	return time.Duration(wb - wa), nil
}

// Next returns the first working instant at or after t: t itself when t is
// working time, else the start of the next window.
func (c *Calendar) Next(t time.Time) (time.Time, error) {
	// As in Add, most answers lie in the year of t.
	if u, ok := unixNanos(t); ok {
		if tab := c.tab.Load(); tab != nil {
			if ch := tab.onAxis(u); ch != nil {
				if w := ch.total(u); w < ch.w1 {
					if r := ch.instantAt(w, w+1); r != u {
						return time.Unix(unixParts(r)).In(c.spec.loc), nil
					}
					return t.In(c.spec.loc), nil
				}
			}
		}
	}
	return c.next(t)
}

// next is Next for any t.
func (c *Calendar) next(t time.Time) (time.Time, error) {
	u, err := c.nanos(t)
	if err != nil {
		return time.Time{}, err
	}
	ch, err := c.chunkAt(u)
	if err != nil {
		return time.Time{}, err
	}
	r, ok := ch.within(u, 0)
	if !ok {
		if ch.loose {
			if ch, err = c.placed(u); err != nil {
				return time.Time{}, err
			}
		}
		if r, err = c.instantAt(ch.total(u), true); err != nil {
			return time.Time{}, err
		}
	}
	if r == u {
		return t.In(c.spec.loc), nil
	}
	return time.Unix(unixParts(r)).In(c.spec.loc), nil
}

// Offset returns t's place on the calendar's axis of working time: the
// working time from the calendar's origin to t. The origin is an instant
// fixed for the life of the Calendar value and differs between values, so
// only differences and comparisons of offsets from one Calendar mean
// anything: Between(a, b) is Offset(b) - Offset(a), and Add(t, d) reaches
// Offset(t) + d.
//
// Offsets let a caller that measures many spans against the same instants
// find each instant once: one Offset for the instant now, one for each
// anchor, one AtOffset for each answer wanted.
func (c *Calendar) Offset(t time.Time) (time.Duration, error) {
	u, ok := unixNanos(t)
	if !ok {
		return 0, c.farError(t)
	}
	if tab := c.tab.Load(); tab != nil {
		ch, ok := tab.onAxisFew(u)
		if !ok {
			ch = tab.onAxis(u)
		}
		if ch != nil {
			return time.Duration(ch.total(u)), nil
		}
	}
	w, err := c.total(u)
	return time.Duration(w), err
}

// AtOffset returns the working instant whose Offset is o: where o falls
// between two windows, the start of the later window. AtOffset(Offset(t)) is
// Next(t). An offset no instant of the supported years reaches returns
// ErrOutOfRange (or ErrBeyondKnown, past KnownThrough when the calendar
// refuses to guess). Called before any other query, it fixes the origin.
func (c *Calendar) AtOffset(o time.Duration) (time.Time, error) {
	// As instantAt finds it, when a compiled year holds the answer.
	if t := c.tab.Load(); t != nil && o < math.MaxInt64 {
		ch, ok := t.reachingFew(int64(o) + 1)
		if !ok {
			ch = t.reaching(int64(o) + 1)
		}
		if ch != nil {
			return time.Unix(unixParts(ch.instantAt(int64(o), int64(o)+1))).In(c.spec.loc), nil
		}
	}
	r, err := c.instantAt(int64(o), true)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(unixParts(r)).In(c.spec.loc), nil
}

// Windows yields the working windows that overlap [from, to), clipped to it,
// in order. Windows that touch (a night shift across midnight) are yielded as
// one. If the calendar cannot answer for part of the range, the iterator
// yields the error once, with a zero Window, and stops.
func (c *Calendar) Windows(from, to time.Time) iter.Seq2[Window, error] {
	return func(yield func(Window, error) bool) {
		if !to.After(from) {
			return
		}
		lo, err := c.nanos(from)
		if err == nil {
			_, err = c.nanos(to)
		}
		if err != nil {
			yield(Window{}, err)
			return
		}
		hi := to.UnixNano()
		var pa, pb int64 // a window not yet yielded, in case the next one touches it
		have := false
		flush := func() bool {
			if !have {
				return true
			}
			have = false
			return yield(Window{time.Unix(unixParts(pa)).In(c.spec.loc), time.Unix(unixParts(pb)).In(c.spec.loc)}, nil)
		}
		for u := lo; u < hi; {
			ch, err := c.chunkAt(u)
			if err != nil {
				if flush() {
					yield(Window{}, err)
				}
				return
			}
			for j := ch.firstEndAfter(u); j < len(ch.ends) && ch.starts[j] < hi; j++ {
				a, b := max(ch.starts[j], lo), min(ch.ends[j], hi)
				if have && pb == a {
					pb = b
					continue
				}
				if !flush() {
					return
				}
				pa, pb, have = a, b, true
			}
			u = ch.end
		}
		flush()
	}
}

// MakeUpName is the name OwnHours gives a make-up working day of a notice.
const MakeUpName = "调休上班 make-up working day"

// OwnHours reports whether the local date of t works hours of its own
// instead of its weekday's: a make-up working day of a notice (named
// MakeUpName, with the make-up hours), or a date of Config.Days (with its
// name and hours). Days off are Holiday's to report. The hours are a copy.
func (c *Calendar) OwnHours(t time.Time) (name string, hours []Hours, ok bool) {
	r, found := c.spec.day(DateOf(t.In(c.spec.loc)))
	if !found || r.kind != kindHours {
		return "", nil, false
	}
	return r.name, slices.Clone(r.hours), true
}

// Holiday reports whether the local date of t is a declared day off, and its
// name: a holiday the user listed, a statutory day off from a notice or the
// observed date of a rule. A date that works its own hours (Config.Days, a
// make-up working day) is not a holiday. It reports false for dates the
// calendar cannot answer for.
func (c *Calendar) Holiday(t time.Time) (name string, ok bool) {
	u, err := c.nanos(t)
	if err != nil {
		return "", false
	}
	ch, err := c.chunkAt(u)
	if err != nil {
		return "", false
	}
	day := int32(DateOf(t.In(c.spec.loc)).days())
	lo, hi := 0, len(ch.off)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ch.off[m].day < day {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ch.off) && ch.off[lo].day == day {
		return ch.off[lo].name, true
	}
	return "", false
}

// Instants outside these bounds, a day's margin around the supported years
// in any zone, are refused before conversion to Unix nanoseconds (which
// cannot represent the zero Time). They are constants, so that the checks
// against them cost no load; a test holds them to the dates they stand for.
const (
	minSec = -2209161600 // time.Date(MinYear-1, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
	maxSec = 5711904000  // time.Date(MaxYear+1, 1, 2, 0, 0, 0, 0, time.UTC).Unix()
)

// nanos returns t in Unix nanoseconds, or an error for an instant far outside
// the supported years.
func (c *Calendar) nanos(t time.Time) (int64, error) {
	u, ok := unixNanos(t)
	if !ok {
		return 0, c.farError(t)
	}
	return u, nil
}

// unixNanos returns t in Unix nanoseconds, as t.UnixNano() but converting
// once, and reports whether t lies within the bounds nanos accepts.
func unixNanos(t time.Time) (int64, bool) {
	s := t.Unix()
	return s*1e9 + int64(t.Nanosecond()), s >= minSec && s <= maxSec
}

// unixParts splits u, Unix nanoseconds of an instant nanos accepts, into
// seconds and nanoseconds for time.Unix: time.Unix(unixParts(u)) is
// time.Unix(0, u), found by an unsigned division in place of a signed one
// and its correction.
func unixParts(u int64) (sec, nsec int64) {
	n := uint64(u - minSec*1e9)
	return minSec + int64(n/1e9), int64(n % 1e9)
}

// farError returns the error of nanos for t: the error compile gives a
// year outside the supported ones.
func (c *Calendar) farError(t time.Time) error {
	return &YearError{Year: t.UTC().Year(), KnownThrough: c.spec.knownThrough}
}

// total returns the running total of working time at instant u, placing
// u's year on the axis if it is loose.
func (c *Calendar) total(u int64) (int64, error) {
	ch, err := c.placed(u)
	if err != nil {
		return 0, err
	}
	return ch.total(u), nil
}

// placed returns the compiled year holding instant u, placed on the axis.
func (c *Calendar) placed(u int64) (*chunk, error) {
	for {
		ch, err := c.chunkAt(u)
		if err != nil || !ch.loose {
			return ch, err
		}
		if err := c.compile(ch.year, false); err != nil {
			return nil, err
		}
	}
}

// within answers Add(u, d) (Next for d == 0), u an instant of ch, from ch
// alone when ch is a loose year that holds the answer too, and reports
// whether it did.
func (ch *chunk) within(u int64, d time.Duration) (int64, bool) {
	if !ch.loose {
		return 0, false
	}
	w := ch.total(u)
	if d > 0 && w > math.MaxInt64-int64(d) {
		return 0, false
	}
	w += int64(d)
	tgt := w // as instantAt(w, d <= 0)
	if d <= 0 {
		tgt++
	}
	if tgt <= ch.w0 || tgt > ch.w1 {
		return 0, false
	}
	return ch.instantAt(w, tgt), true
}

// total returns the running total at u, an instant of ch.
func (ch *chunk) total(u int64) int64 {
	// firstEndAfter, inline, so that total calls nothing.
	ends := ch.ends
	n := len(ends)
	if n < 3 { // a year of one or two intervals, as of a 24×7 schedule
		j := 0
		for j < n && ends[j] <= u {
			j++
		}
		return ch.totalFrom(j, u)
	}
	lo, hi := 0, n
	if u >= ch.start && u < ch.end {
		// A year of three intervals or more has its index (see
		// chunk.index). The usual few: the answer is one of the four
		// from lo (or from the last three, the fourth being n), found
		// as in chunk.instantAt by counting which of three ends u has
		// reached.
		b := uint64(u-ch.start) >> (ch.tshift & 63)
		lo, hi = int(uint32(ch.byTime[b])), int(ch.byTime[b+1])
		if hi-lo <= 3 {
			lo = min(lo, n-3)
			e := ends[lo : lo+3 : lo+3]
			k := below(e[1], u+1) << 1 // instants of a year: no overflow
			return ch.totalFrom(lo+k+below(e[k], u+1), u)
		}
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ends[m] <= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return ch.totalFrom(lo, u)
}

// totalFrom returns the running total at u, given the index j of the first
// interval of ch that ends after u.
func (ch *chunk) totalFrom(j int, u int64) int64 {
	if j >= len(ch.ends) {
		return ch.w1
	}
	// The total at the interval's end, less the part of it from u on.
	return ch.cum[j] - (ch.ends[j] - max(u, ch.starts[j]))
}

// instantAt returns the earliest instant whose running total reaches w, or
// with after set, the instant from which the total first exceeds w: the two
// differ only where the total stands still, between windows.
func (c *Calendar) instantAt(w int64, after bool) (int64, error) {
	// The answer is where the running total first reaches tgt.
	tgt := w
	if after {
		if w == math.MaxInt64 {
			if _, err := c.compiled(); err != nil {
				return 0, err
			}
			return 0, c.pastLast()
		}
		tgt++
	}
	for {
		t := c.tab.Load()
		if t == nil {
			var err error
			if t, err = c.compiled(); err != nil {
				return 0, err
			}
		}
		// Most answers lie in a compiled year.
		if ch := t.reaching(tgt); ch != nil {
			return ch.instantAt(w, tgt), nil
		}
		// The answer may lie in a year not on the axis yet: earlier ...
		// Each pass adds at least one year to the axis or fails, so the
		// loop ends by MinYear or MaxYear.
		if start := t.w[0]; start >= tgt {
			// Working time is at most the time elapsed: a total further
			// back than the supported years reach is refused at once.
			at := wallInstant(c.spec.loc, MakeDate(t.first, 1, 1), 0)
			if t.first <= MinYear || uint64(start)-uint64(w) > uint64(at-minSec*1e9) {
				return 0, &YearError{Year: MinYear - 1, KnownThrough: c.spec.knownThrough}
			}
			c.reach(w, after)
			continue
		}
		if end := t.w[len(t.w)-1]; end < tgt { // ... or later.
			at := wallInstant(c.spec.loc, MakeDate(t.last()+1, 1, 1), 0)
			if t.last() >= c.lastYear() || uint64(w)-uint64(end) >= uint64(maxSec*1e9-at) {
				return 0, c.pastLast()
			}
			c.reach(w, after)
			continue
		}
		// The first year whose closing total is reached holds the answer.
		lo, hi := 1, len(t.w)-1
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if t.w[m] >= tgt {
				hi = m
			} else {
				lo = m + 1
			}
		}
		y := t.first + lo - 1
		ch := t.chunk(y)
		if ch == nil {
			if err := c.compile(y, false); err != nil {
				return 0, err
			}
			ch = c.tab.Load().chunk(y)
		}
		return ch.instantAt(w, tgt), nil
	}
}

// instantAt returns the instant of ch at which the running total, w at the
// first interval's end whose total reaches tgt, is w; ch's opening total
// must be below tgt and its closing total reach it.
func (ch *chunk) instantAt(w, tgt int64) int64 {
	cum := ch.cum
	n := len(cum)
	if n < 3 { // a year of one or two intervals, as of a 24×7 schedule
		i := 0
		for i < n-1 && cum[i] < tgt {
			i++
		}
		return ch.ends[i] - (cum[i] - w)
	}
	// A year of three intervals or more has its index (see chunk.index).
	b := uint64(tgt-ch.w0) >> (ch.wshift & 63)
	lo, hi := int(uint32(ch.byWork[b])), min(int(ch.byWork[b+1]), n-1)
	if hi-lo > 3 {
		return ch.instantIn(w, tgt, lo, hi+1)
	}
	// The usual few: the answer is one of four intervals from lo (or one
	// of the last three), found without a branch to mispredict, as the
	// totals rise, by counting which of three totals are below tgt.
	lo = min(lo, n-3)
	c := cum[lo : lo+3 : lo+3]
	k := below(c[1], tgt) << 1 // totals of a year: no overflow
	i := lo + k + below(c[k], tgt)
	return ch.ends[i] - (cum[i] - w)
}

// instantIn is instantAt with the answer known to be one of the intervals
// from i to n, n excluded.
func (ch *chunk) instantIn(w, tgt int64, i, n int) int64 {
	for i < n {
		m := int(uint(i+n) >> 1)
		if ch.cum[m] >= tgt {
			n = m
		} else {
			i = m + 1
		}
	}
	return ch.ends[i] - (ch.cum[i] - w)
}

// below returns 1 if a < b, else 0, without a branch; b-a must not
// overflow.
func below(a, b int64) int { return int(uint64(a-b) >> 63) }

// reach extends the axis toward the running total w (as instantAt means
// it), by as many years as the axis suggests hold the working time still
// needed, stopping at the first or last year the calendar may place on it.
func (c *Calendar) reach(w int64, after bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.tab.Load()
	start, end := t.w[0], t.w[len(t.w)-1]
	years := int64(len(t.w) - 1)
	step := func(need uint64) int {
		perYear := (end - start) / years
		if perYear <= 0 {
			return 8
		}
		return int(min(need/uint64(perYear)+1, MaxYear-MinYear+1))
	}
	lo, hi := t.first, t.last()
	if w < start || (w == start && !after) {
		lo = max(lo-step(uint64(start)-uint64(w)), MinYear)
	} else {
		hi = min(hi+step(uint64(w)-uint64(end)), c.lastYear())
	}
	c.tab.Store(c.spec.withAxis(t, lo, hi))
}

// originYear is the year a calendar compiles first when its first query
// names no instant (AtOffset): offsets mean nothing across Calendar values,
// so any supported year would do.
const originYear = 2000

// compiled returns the current table, compiling a first year if there is
// none yet.
func (c *Calendar) compiled() (*table, error) {
	if t := c.tab.Load(); t != nil {
		return t, nil
	}
	if err := c.compile(min(max(originYear, MinYear), c.lastYear()), false); err != nil {
		return nil, err
	}
	return c.tab.Load(), nil
}

// pastLast returns the error for a result past the last year the calendar
// may compile.
func (c *Calendar) pastLast() error {
	s := c.spec
	if s.beyondError && s.knownThrough < MaxYear {
		return &YearError{Year: s.knownThrough + 1, KnownThrough: s.knownThrough, beyond: true}
	}
	return &YearError{Year: MaxYear + 1, KnownThrough: s.knownThrough}
}

// lastYear returns the last year the calendar may compile.
func (c *Calendar) lastYear() int {
	if c.spec.beyondError {
		return min(MaxYear, c.spec.knownThrough)
	}
	return MaxYear
}

// chunkAt returns the compiled year holding instant u, compiling it first if
// needed.
func (c *Calendar) chunkAt(u int64) (*chunk, error) {
	if t := c.tab.Load(); t != nil {
		if ch := t.find(u); ch != nil {
			return ch, nil
		}
	}
	y := localYear(c.spec.loc, u)
	for _, yy := range []int{y, y - 1, y + 1} {
		if err := c.compile(yy, true); err != nil {
			return nil, err
		}
		if ch := c.tab.Load().find(u); ch != nil {
			return ch, nil
		}
	}
	// Cannot happen: local years tile time. Refuse rather than loop.
	return nil, &YearError{Year: y}
}

// find returns the compiled year of t holding u, or nil.
func (t *table) find(u int64) *chunk {
	if ch := t.onAxis(u); ch != nil {
		return ch
	}
	for _, ch := range t.loose {
		if ch.start <= u && u < ch.end {
			return ch
		}
	}
	return nil
}

// reaching returns the compiled year of t on the axis in which the running
// total first reaches tgt, or nil if no compiled year holds that instant:
// the first whose closing total is reached, if its opening total is not.
func (t *table) reaching(tgt int64) *chunk {
	chunks := t.chunks
	if len(chunks) <= 4 { // as in reachingFew
		for _, ch := range chunks {
			if ch.w1 >= tgt {
				if ch.w0 < tgt {
					return ch
				}
				break
			}
		}
		return nil
	}
	lo, hi := 0, len(chunks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if chunks[m].w1 >= tgt {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo < len(chunks) && chunks[lo].w0 < tgt {
		return chunks[lo]
	}
	return nil
}

// reachingFew is reaching by a scan for a table of the usual few years,
// where a scan costs less than a search, and reports whether t is one.
func (t *table) reachingFew(tgt int64) (*chunk, bool) {
	if len(t.chunks) > 4 {
		return nil, false
	}
	for _, ch := range t.chunks {
		if ch.w1 >= tgt {
			if ch.w0 < tgt {
				return ch, true
			}
			break
		}
	}
	return nil, true
}

// onAxisFew is onAxis as reachingFew is reaching.
func (t *table) onAxisFew(u int64) (*chunk, bool) {
	if len(t.chunks) > 4 {
		return nil, false
	}
	for _, ch := range t.chunks {
		if ch.end > u {
			if ch.start <= u {
				return ch, true
			}
			break
		}
	}
	return nil, true
}

// onAxis returns the compiled year on t's axis holding u, or nil. The fast
// paths of Add and Offset call onAxisFew first, inline, and onAxis only for
// a table of more years (in Between the call costs less than the registers
// the inline scan takes).
func (t *table) onAxis(u int64) *chunk {
	chunks := t.chunks
	if len(chunks) <= 4 { // as in onAxisFew
		for _, ch := range chunks {
			if ch.end > u {
				if ch.start <= u {
					return ch
				}
				break
			}
		}
		return nil
	}
	lo, hi := 0, len(chunks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if chunks[m].end <= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(chunks) && chunks[lo].start <= u {
		return chunks[lo]
	}
	return nil
}

// compile makes sure year y is compiled, placing it on the axis of working
// time first (with the totals of the years between it and those placed
// already, but not their intervals), and publishes the new table. With
// canLoose set, a year away from the axis is compiled loose instead (see
// table), and a loose year will do.
func (c *Calendar) compile(y int, canLoose bool) error {
	s := c.spec
	if y < MinYear || y > MaxYear {
		return &YearError{Year: y, KnownThrough: s.knownThrough}
	}
	if s.beyondError && y > s.knownThrough {
		return &YearError{Year: y, KnownThrough: s.knownThrough, beyond: true}
	}
	if t := c.tab.Load(); t != nil && (t.chunk(y) != nil || canLoose && yearIn(t.loose, y) != nil) {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tab.Store(s.withYear(c.tab.Load(), y, canLoose))
	return nil
}

// firstEndAfter returns the index of the first interval ending after u, or
// len(ends).
func (ch *chunk) firstEndAfter(u int64) int {
	ends := ch.ends
	lo, hi := 0, len(ends)
	if ch.byTime != nil && u >= ch.start && u < ch.end {
		b := uint64(u-ch.start) >> (ch.tshift & 63)
		bt := ch.byTime[b : b+2 : b+2]
		lo, hi = int(bt[0]), int(bt[1])
		if n := len(ends); hi-lo <= 3 && n >= 3 {
			// The usual few: the answer is one of the four from lo
			// (or from the last three, the fourth being n), found
			// as in chunk.instantAt by counting which of three ends
			// u has reached.
			lo = min(lo, n-3)
			e := ends[lo : lo+3 : lo+3]
			k := below(e[1], u+1) << 1 // instants of a year: no overflow
			return lo + k + below(e[k], u+1)
		}
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ends[m] <= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
