package calendar

import (
	"math"
	"time"
)

// wallInstant returns the instant, in Unix nanoseconds, at which the local
// clock of loc first shows the wall time off after midnight of date d, or a
// later time. That one rule covers every day:
//   - a wall time that exists once is that instant;
//   - a wall time that exists twice (clocks set back) is its first occurrence;
//   - a wall time that never exists (clocks set forward over it) is the instant
//     of the change, the first instant whose clock shows a later time.
//
// off may be 24h, the next midnight. The rule is monotone: a later wall time
// never maps to an earlier instant, so windows keep their order and never
// overlap; a window inside a skipped stretch becomes empty.
func wallInstant(loc *time.Location, d Date, off time.Duration) int64 {
	// L is the wall time read as if it were UTC. Every zone offset lies
	// within ±16h, so the answer lies in [L-16h, L+16h].
	L := d.days()*86400*1e9 + int64(off)
	const span = 16 * 3600
	lo := floorDiv(L, 1e9) - span
	hi := floorDiv(L, 1e9) + span + 1
	olo, ohi := offsetAt(loc, lo), offsetAt(loc, hi)
	if olo == ohi && offsetAt(loc, floorDiv(L, 1e9)-olo) == olo {
		return L - olo*1e9
	}
	// The offset changes in (lo, hi]: find the first second T of the new
	// offset. Zone changes fall on whole seconds, at most one in 32 hours.
	a, b := lo, hi
	for b-a > 1 {
		m := a + (b-a)/2
		if offsetAt(loc, m) == olo {
			a = m
		} else {
			b = m
		}
	}
	T := b * 1e9
	// Before T the clock shows u+olo; from T on, u+ohi.
	if c := L - olo*1e9; c < T {
		return c
	}
	return max(T, L-ohi*1e9)
}

// offsetAt returns loc's offset from UTC, in seconds, at Unix second sec.
func offsetAt(loc *time.Location, sec int64) int64 {
	_, o := time.Unix(sec, 0).In(loc).Zone()
	return int64(o)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// zseg is a stretch of Unix seconds [from, to) over which loc's offset is
// off, as Go's zone bounds give it. A stretch that is not ok is one where
// the bounds cannot be trusted (see zoneSegs): wall times whose offsets
// are read there are placed by wallInstant's search.
type zseg struct {
	from, to int64
	off      int64 // seconds east of UTC
	ok       bool
}

// zoneSegs returns the stretches of constant offset of loc that cover the
// Unix seconds lo to hi, in order, each next to the one before; stretches
// of one offset that Go's bounds divide (at the turn of a UTC year, past a
// zone's last listed change) are one. It appends to buf[:0].
func zoneSegs(loc *time.Location, lo, hi int64, buf []zseg) []zseg {
	out := buf[:0]
	add := func(s zseg) {
		if n := len(out); n > 0 && s.ok && out[n-1].ok && out[n-1].off == s.off {
			out[n-1].to = s.to
			return
		}
		out = append(out, s)
	}
	at := time.Unix(lo, 0).In(loc)
	for a := lo; a <= hi; a = at.Unix() {
		_, end := at.ZoneBounds()
		if end.IsZero() { // no change after at
			_, off := at.Zone()
			add(zseg{from: a, to: math.MaxInt64, off: int64(off), ok: true})
			break
		}
		if !end.After(at) {
			// Past a zone's last listed change Go works its rule out a
			// year at a time, and near the turn of a leap year it may
			// report a bound already passed until the UTC year ends:
			// step to that end, and trust nothing before it.
			at = time.Date(at.UTC().Year()+1, 1, 1, 0, 0, 0, 0, time.UTC).In(loc)
			add(zseg{from: a, to: at.Unix()})
			continue
		}
		_, off := at.Zone()
		add(zseg{from: a, to: end.Unix(), off: int64(off), ok: true})
		at = end
	}
	return out
}

// place returns wallInstant(loc, d, off) for the date d k days after
// 1970-01-01, reading the offsets from segs where they settle it: where
// the offsets wallInstant would read lie in one stretch, or in two
// trusted stretches side by side (one change of offset). Elsewhere, and
// for an instant segs do not cover, it calls wallInstant. *i is where to
// start looking in segs; place leaves it at the stretch it read first, so
// that placing wall times in order walks segs once.
func place(loc *time.Location, segs []zseg, i *int, k int64, off time.Duration) int64 {
	L := k*86400*1e9 + int64(off)
	const span = 16 * 3600
	sec := floorDiv(L, 1e9)
	lo, hi := sec-span, sec+span+1 // the seconds wallInstant reads the offset of
	j := *i
	for j < len(segs) && segs[j].to <= lo {
		j++
	}
	*i = j
	if j < len(segs) && segs[j].ok && segs[j].from <= lo {
		s := segs[j]
		switch {
		case hi < s.to:
			if s.off >= -span && s.off <= span { // as wallInstant's check of sec-off
				return L - s.off*1e9
			}
		case j+1 < len(segs) && segs[j+1].ok && hi < segs[j+1].to:
			// One change, at T: before it the clock shows u+olo; from
			// T on, u+ohi (segs[j+1].from == s.to, and the offsets
			// differ, or the stretches would be one).
			T := s.to * 1e9
			if c := L - s.off*1e9; c < T {
				return c
			}
			return max(T, L-segs[j+1].off*1e9)
		}
	}
	return wallInstant(loc, dateOfDays(k), off)
}
