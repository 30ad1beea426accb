package calendar_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// probeInstants returns instants of interest in and around local year y of
// c: random ones, local midnight of January 1 and nearby, the zone's
// changes of offset in the year and nearby, the ends of working windows and
// the nanoseconds either side.
func probeInstants(rng *rand.Rand, c *calendar.Calendar, y int) []time.Time {
	loc := c.Location()
	var ts []time.Time
	near := func(t time.Time) {
		ts = append(ts, t, t.Add(-1), t.Add(1), t.Add(time.Duration(rng.Int64N(int64(6*time.Hour)))-3*time.Hour))
	}
	for range 3 {
		ts = append(ts, randomInstant(rng, loc, y))
	}
	near(time.Date(y, 1, 1, 0, 0, 0, 0, loc))
	near(time.Date(y+1, 1, 1, 0, 0, 0, 0, loc))
	// The zone's changes in the year.
	for t, n := time.Date(y, 1, 1, 12, 0, 0, 0, loc), 0; t.Year() == y && n < 4; n++ {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.Year() != y {
			break
		}
		near(end)
		t = end.Add(time.Hour)
	}
	// Window edges on a few days.
	from := randomInstant(rng, loc, y)
	n := 0
	for w, err := range c.Windows(from, from.Add(72*time.Hour)) {
		if err != nil || n == 3 {
			break
		}
		near(w.Start)
		near(w.End)
		n++
	}
	return ts
}

// twins reports whether a result and error of a calendar and those of its
// twin agree: the same value, or both an error. The error itself may
// differ: at the edges of the supported years, which limit is met first
// can depend on the years a calendar has compiled.
func twins[T comparable](a T, ea error, b T, eb error) bool {
	if ea != nil || eb != nil {
		return ea != nil && eb != nil
	}
	return a == b
}

// sameErr reports whether two errors of the calendar say the same.
func sameErr(a, b error) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	if a == nil {
		return true
	}
	return a.Error() == b.Error() &&
		errors.Is(a, calendar.ErrOutOfRange) == errors.Is(b, calendar.ErrOutOfRange) &&
		errors.Is(a, calendar.ErrBeyondKnown) == errors.Is(b, calendar.ErrBeyondKnown)
}

// TestFastPaths checks that Between, Add, Next, Offset and AtOffset answer as
// their general paths do, to the bit of the time.Time and the text of the
// error: on random schedules in every zone of the property tests, at instants
// around year boundaries, changes of offset and window edges, in years near
// each other and far apart (loose years), at the edges of the supported
// years and past KnownThrough. Each calendar takes the fast path first and
// the general one second, its twin the reverse, so that each path also
// meets the years the other compiled or left loose; the two paths on one
// calendar must agree exactly, errors included.
func TestFastPaths(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(41, 42))
	n := 120
	if testing.Short() {
		n = 30
	}
	for i := range n {
		zone := zones[i%len(zones)]
		y := 1990 + rng.IntN(60)
		switch rng.IntN(8) {
		case 0:
			y = calendar.MinYear + rng.IntN(2)
		case 1:
			y = calendar.MaxYear - rng.IntN(2)
		}
		cfg := randomConfig(rng, zone, y)
		if i%4 == 0 {
			// 24×7: a year of one interval, or of two or three about
			// a holiday or two.
			cfg.Week = calendar.Every(calendar.HoursOf(0, 0, 24, 0))
			cfg.Days, cfg.Countries, cfg.MakeUpHours, cfg.Rules = nil, nil, nil, nil
			cfg.Holidays = nil
			for range rng.IntN(3) {
				cfg.Holidays = append(cfg.Holidays, calendar.Holiday{Date: calendar.MakeDate(y, time.Month(1+rng.IntN(12)), 1+rng.IntN(28)), Name: "closed"})
			}
			if rng.IntN(2) == 0 { // the year's last interval ends before the year does
				cfg.Holidays = append(cfg.Holidays, calendar.Holiday{Date: calendar.MakeDate(y, 12, 31), Name: "closed"})
			}
		}
		if rng.IntN(4) == 0 {
			cfg.KnownThrough = min(y+rng.IntN(3), calendar.MaxYear)
			cfg.Beyond = calendar.BeyondError
		}
		fast, err := calendar.New(cfg)
		if err != nil {
			continue // dates of randomConfig past the supported years
		}
		general := calendar.Must(calendar.New(cfg))

		years := []int{y, y + 1, y - 1, y + 40 + rng.IntN(80), y - 40 - rng.IntN(80)}
		var ts []time.Time
		for _, yy := range years {
			if yy >= calendar.MinYear && yy <= calendar.MaxYear {
				ts = append(ts, probeInstants(rng, fast, yy)...)
			}
		}
		ts = append(ts, time.Date(calendar.MinYear-1, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(calendar.MaxYear+1, 1, 1, 1, 0, 0, 0, time.UTC), time.Time{})
		rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })

		for k, a := range ts {
			b := ts[(k+1+rng.IntN(4))%len(ts)]
			if rng.IntN(2) == 0 {
				b = a.Add(time.Duration(rng.Int64N(int64(60*24*time.Hour))) - 30*24*time.Hour)
			}
			checkFastBetween(t, zone, fast, general, a, b)
			span, _ := general.Between(a, b)
			for _, d := range []time.Duration{
				0, 1, -1, span, -span, span + 1, span - 1,
				time.Duration(rng.Int64N(int64(100*time.Hour))) - 50*time.Hour,
				time.Duration(rng.Int64N(int64(20000*time.Hour))) - 10000*time.Hour,
				math.MaxInt64, math.MinInt64, math.MaxInt64 - span, math.MinInt64 + 1,
			} {
				checkFastAdd(t, zone, fast, general, a, d)
				if msg := calendar.ChunkPathsAgree(fast, &a, d); msg != "" {
					t.Fatalf("%s: %s", zone, msg)
				}
			}
			checkFastNext(t, zone, fast, general, a)
			checkFastOffsets(t, zone, fast, general, a, time.Duration(rng.Int64N(int64(200*time.Hour)))-100*time.Hour)
		}
		for _, c := range []*calendar.Calendar{fast, general} {
			if msg := calendar.ChunkPathsAgree(c, nil, 0); msg != "" {
				t.Fatalf("%s: %s", zone, msg)
			}
		}
	}
}

func checkFastBetween(t *testing.T, zone string, fast, general *calendar.Calendar, a, b time.Time) {
	t.Helper()
	f1, e1 := fast.Between(a, b)
	f2, e2 := calendar.BetweenGeneral(fast, a, b)
	g1, e3 := calendar.BetweenGeneral(general, a, b)
	g2, e4 := general.Between(a, b)
	if f1 != f2 || g1 != g2 || !sameErr(e1, e2) || !sameErr(e3, e4) || !twins(f1, e1, g1, e3) {
		t.Fatalf("%s: Between(%v, %v) = %v, %v; general path %v, %v; on a twin: general %v, %v, fast %v, %v",
			zone, a, b, f1, e1, f2, e2, g1, e3, g2, e4)
	}
}

func checkFastAdd(t *testing.T, zone string, fast, general *calendar.Calendar, at time.Time, d time.Duration) {
	t.Helper()
	f1, e1 := fast.Add(at, d)
	f2, e2 := calendar.AddGeneral(fast, at, d)
	g1, e3 := calendar.AddGeneral(general, at, d)
	g2, e4 := general.Add(at, d)
	g1, g2 = inLoc(g1, e3, fast), inLoc(g2, e4, fast) // the twin has a *Location of its own
	if f1 != f2 || g1 != g2 || !sameErr(e1, e2) || !sameErr(e3, e4) || !twins(f1, e1, g1, e3) {
		t.Fatalf("%s: Add(%v, %v) = %#v, %v; general path %#v, %v; on a twin: general %#v, %v, fast %#v, %v",
			zone, at, d, f1, e1, f2, e2, g1, e3, g2, e4)
	}
}

func checkFastNext(t *testing.T, zone string, fast, general *calendar.Calendar, at time.Time) {
	t.Helper()
	f1, e1 := fast.Next(at)
	f2, e2 := calendar.NextGeneral(fast, at)
	g1, e3 := calendar.NextGeneral(general, at)
	g2, e4 := general.Next(at)
	g1, g2 = inLoc(g1, e3, fast), inLoc(g2, e4, fast)
	if f1 != f2 || g1 != g2 || !sameErr(e1, e2) || !sameErr(e3, e4) || !twins(f1, e1, g1, e3) {
		t.Fatalf("%s: Next(%v) = %#v, %v; general path %#v, %v; on a twin: general %#v, %v, fast %#v, %v",
			zone, at, f1, e1, f2, e2, g1, e3, g2, e4)
	}
}

// inLoc returns t, a result of the twin of c, in c's *Location: the same
// time.Time as c would return.
func inLoc(t time.Time, err error, c *calendar.Calendar) time.Time {
	if err != nil {
		return t
	}
	return t.In(c.Location())
}

// checkFastOffsets compares Offset at t and AtOffset near it, on each
// calendar alone: offsets of two Calendar values need not agree.
func checkFastOffsets(t *testing.T, zone string, fast, general *calendar.Calendar, at time.Time, d time.Duration) {
	t.Helper()
	for _, c := range []*calendar.Calendar{fast, general} {
		o1, e1 := c.Offset(at)
		o2, e2 := calendar.OffsetGeneral(c, at)
		if o1 != o2 || !sameErr(e1, e2) {
			t.Fatalf("%s: Offset(%v) = %v, %v; general path %v, %v", zone, at, o1, e1, o2, e2)
		}
		if e1 != nil {
			continue
		}
		for _, o := range []time.Duration{o1, o1 - 1, o1 + 1, o1 + d, o1 - d, math.MaxInt64, math.MinInt64} {
			r1, e1 := c.AtOffset(o)
			r2, e2 := calendar.AtOffsetGeneral(c, o)
			if r1 != r2 || !sameErr(e1, e2) {
				t.Fatalf("%s: AtOffset(%v) (Offset(%v) = %v) = %#v, %v; general path %#v, %v", zone, o, at, o1, r1, e1, r2, e2)
			}
		}
	}
}
