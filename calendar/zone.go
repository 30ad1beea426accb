package calendar

import (
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
