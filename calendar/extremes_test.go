package calendar_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// extremeConfigs are the calendars FuzzExtremes and TestExtremeArguments
// run on: round the clock (where Add is time.Time.Add, an exact reference),
// office hours with and without a horizon, no working time at all, and zones
// at the edges of the day (UTC+14, UTC−11), where local years begin and end
// furthest from UTC's.
func extremeConfigs() []namedConfig {
	office := calendar.Weekdays(calendar.HoursOf(9, 0, 17, 0))
	china := calendar.ChinaOffice()
	china.Beyond = calendar.BeyondError
	return []namedConfig{
		{"24x7", calendar.TwentyFourSeven()},
		{"china", calendar.ChinaOffice()},
		{"china_beyond_error", china},
		{"no_working_time", calendar.Config{}},
		{"kiritimati", calendar.Config{Zone: "Pacific/Kiritimati", Week: office}},
		{"pago_pago", calendar.Config{Zone: "Pacific/Pago_Pago", Week: office}},
	}
}

type namedConfig struct {
	name string
	cfg  calendar.Config
}

// checkRangeError fails unless err is a *calendar.YearError matching one of
// the package's sentinels for instants it cannot answer for.
func checkRangeError(t *testing.T, op string, err error) {
	t.Helper()
	var ye *calendar.YearError
	if !errors.As(err, &ye) || !errors.Is(err, calendar.ErrOutOfRange) && !errors.Is(err, calendar.ErrBeyondKnown) {
		t.Fatalf("%s: error %v (%T), want a *YearError matching ErrOutOfRange or ErrBeyondKnown", op, err, err)
	}
}

// inRange reports whether t's year is one the calendar answers for in any
// zone: a day inside the supported years.
func inRange(t time.Time) bool {
	lo := time.Date(calendar.MinYear, 1, 2, 0, 0, 0, 0, time.UTC)
	hi := time.Date(calendar.MaxYear, 12, 30, 0, 0, 0, 0, time.UTC)
	return !t.Before(lo) && t.Before(hi)
}

// outOfRange reports whether t lies a day or more outside the supported
// years, where every zone is outside them too.
func outOfRange(t time.Time) bool {
	lo := time.Date(calendar.MinYear-1, 12, 31, 0, 0, 0, 0, time.UTC)
	hi := time.Date(calendar.MaxYear+1, 1, 2, 0, 0, 0, 0, time.UTC)
	return t.Before(lo) || !t.Before(hi)
}

// checkExtremes runs every operation of a fresh calendar built from cfg at
// instant at, duration d and offset o, operation number first before the
// others, and checks that each returns an answer or one of the package's
// errors, and that the answers keep the calendar's invariants.
func checkExtremes(t *testing.T, cfg calendar.Config, first int, at time.Time, d, o time.Duration) {
	t.Helper()
	c, err := calendar.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	loc := c.Location()
	ops := []func(){
		func() { // IsWorking
			w, err := c.IsWorking(at)
			if err != nil {
				checkRangeError(t, fmt.Sprintf("IsWorking(%v)", at), err)
				return
			}
			if w {
				if n, err := c.Next(at); err != nil || !n.Equal(at) {
					t.Fatalf("IsWorking(%v) but Next = %v, %v", at, n, err)
				}
			}
		},
		func() { // Add, against time.Time.Add round the clock
			r, err := c.Add(at, d)
			op := fmt.Sprintf("Add(%v, %d)", at, d)
			if cfg.Zone == "UTC" && len(cfg.Week.Monday) > 0 && inRange(at) {
				u := at.UnixNano()
				v := u + int64(d)
				overflow := (d > 0 && v < u) || (d < 0 && v > u)
				switch want := time.Unix(0, v); {
				case !overflow && inRange(want) && (err != nil || !r.Equal(want)):
					t.Fatalf("%s = %v, %v round the clock, want %v", op, r, err, want)
				case (overflow || outOfRange(want)) && err == nil:
					t.Fatalf("%s = %v round the clock, want an error", op, r)
				}
			}
			if err != nil {
				checkRangeError(t, op, err)
				return
			}
			if r.Location() != loc {
				t.Fatalf("%s in %v, want %v", op, r.Location(), loc)
			}
			if (d >= 0 && r.Before(at)) || (d < 0 && r.After(at)) {
				t.Fatalf("%s = %v: on the wrong side of t", op, r)
			}
			if b, err := c.Between(at, r); err != nil || b != d {
				t.Fatalf("Between(t, %s) = %d, %v; want %d", op, b, err, d)
			}
			oa, err1 := c.Offset(at)
			or, err2 := c.Offset(r)
			if err1 != nil || err2 != nil || or-oa != d {
				t.Fatalf("Offset(%s) - Offset(t) = %d (%v, %v); want %d", op, or-oa, err1, err2, d)
			}
		},
		func() { // Between, antisymmetric
			b := at.Add(d)
			x, err := c.Between(at, b)
			if err != nil {
				checkRangeError(t, fmt.Sprintf("Between(%v, %v)", at, b), err)
				return
			}
			if y, err := c.Between(b, at); err != nil || y != -x {
				t.Fatalf("Between(%v, %v) = %d but Between back = %d, %v", at, b, x, y, err)
			}
			// Working time is at most the time elapsed, of the same sign.
			if span := b.Sub(at); (span >= 0 && (x < 0 || x > span)) || (span < 0 && (x > 0 || x < span)) {
				t.Fatalf("Between(%v, %v) = %d: not between 0 and %v", at, b, x, span)
			}
		},
		func() { // Next
			n, err := c.Next(at)
			if err != nil {
				checkRangeError(t, fmt.Sprintf("Next(%v)", at), err)
				return
			}
			if n.Before(at) {
				t.Fatalf("Next(%v) = %v, before t", at, n)
			}
			if w, err := c.IsWorking(n); err != nil || !w {
				t.Fatalf("Next(%v) = %v, not working time (%v)", at, n, err)
			}
			if b, err := c.Between(at, n); err != nil || b != 0 {
				t.Fatalf("Between(t, Next(%v)) = %d, %v; want 0", at, b, err)
			}
		},
		func() { // Offset and AtOffset: AtOffset(Offset(t)) == Next(t)
			off, err := c.Offset(at)
			if err != nil {
				checkRangeError(t, fmt.Sprintf("Offset(%v)", at), err)
				return
			}
			r, err := c.AtOffset(off)
			n, nerr := c.Next(at)
			switch {
			case (err == nil) != (nerr == nil):
				t.Fatalf("AtOffset(Offset(%v)) = %v, %v; Next = %v, %v", at, r, err, n, nerr)
			case err != nil:
				checkRangeError(t, "AtOffset(Offset(t))", err)
			case !r.Equal(n):
				t.Fatalf("AtOffset(Offset(%v)) = %v, want Next = %v", at, r, n)
			}
		},
		func() { // AtOffset: a working instant with that offset
			r, err := c.AtOffset(o)
			op := fmt.Sprintf("AtOffset(%d)", o)
			if err != nil {
				checkRangeError(t, op, err)
				return
			}
			if got, err := c.Offset(r); err != nil || got != o {
				t.Fatalf("Offset(%s) = %d, %v", op, got, err)
			}
			if w, err := c.IsWorking(r); err != nil || !w {
				t.Fatalf("%s = %v, not working time (%v)", op, r, err)
			}
		},
		func() { // Windows: a week either side, clipped, in order, working
			from, to := at.Add(-7*24*time.Hour), at.Add(7*24*time.Hour)
			var prev time.Time
			n := 0
			for w, err := range c.Windows(from, to) {
				if err != nil {
					checkRangeError(t, fmt.Sprintf("Windows(%v, %v)", from, to), err)
					break
				}
				if !w.Start.Before(w.End) || w.Start.Before(from) || w.End.After(to) || w.Start.Before(prev) {
					t.Fatalf("Windows(%v, %v) yields %v–%v after %v", from, to, w.Start, w.End, prev)
				}
				if b, err := c.Between(w.Start, w.End); err != nil || b != w.Duration() {
					t.Fatalf("Between over window %v–%v = %d, %v; want %v", w.Start, w.End, b, err, w.Duration())
				}
				prev = w.End
				if n++; n == 10 {
					break
				}
			}
		},
		func() { c.Holiday(at) },
		func() { c.OwnHours(at) },
	}
	first %= len(ops)
	ops[first]()
	for i, op := range ops {
		if i != first {
			op()
		}
	}
}

// extremes are the int64 values FuzzExtremes seeds durations, offsets and
// Unix seconds with.
var extremes = []int64{
	math.MinInt64, math.MinInt64 + 1, -1, 0, 1, math.MaxInt64 - 1, math.MaxInt64,
	math.MinInt64 / 2, math.MaxInt64 / 2, int64(time.Hour), -int64(time.Hour),
}

// FuzzExtremes checks every operation of a fresh calendar, each in turn the
// first one called, at extreme instants, durations and offsets: each returns
// an answer or an error matching the package's sentinels, never panics nor
// hangs, and the answers keep the invariants (Between(t, Add(t, d)) == d,
// AtOffset(Offset(t)) == Next(t), ...).
func FuzzExtremes(f *testing.F) {
	instants := []int64{
		0, 1, -1, math.MinInt64, math.MaxInt64, math.MinInt64 + 1, math.MaxInt64 - 1,
		time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC).Unix(),
		time.Date(calendar.MinYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix(),
		time.Date(calendar.MinYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - 1,
		time.Date(calendar.MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix(),
		time.Date(calendar.MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - 1,
		time.Time{}.Unix(), // year 1
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix(), // far future
	}
	kinds := uint8(len(extremeConfigs()))
	for i, x := range extremes {
		k, op := uint8(i)%kinds, uint8(i)
		f.Add(k, op, instants[7], int64(0), x, int64(0))       // duration
		f.Add(k, op+5, int64(0), int64(0), int64(0), x)        // offset, AtOffset first
		f.Add(k+1, op, instants[7], int64(0), x, x)            // both
		f.Add(k, uint8(5), instants[7], int64(0), int64(0), x) // AtOffset first
	}
	for i, s := range instants {
		f.Add(uint8(i)%kinds, uint8(i), s, int64(0), int64(time.Hour), int64(0))
		f.Add(uint8(i+1)%kinds, uint8(i+1), s, int64(999_999_999), int64(math.MinInt64), int64(math.MaxInt64))
	}
	cfgs := extremeConfigs()
	f.Fuzz(func(t *testing.T, kind, first uint8, sec, nsec, d, o int64) {
		checkExtremes(t, cfgs[int(kind)%len(cfgs)].cfg, int(first), time.Unix(sec, nsec), time.Duration(d), time.Duration(o))
	})
}

// TestExtremeArguments checks the arguments that once hung or panicked: a
// duration or offset of math.MinInt64, and AtOffset as the first call on a
// new calendar. Each call must return within the limit.
func TestExtremeArguments(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	newYear := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, nc := range extremeConfigs() {
		cfg := nc.cfg
		cases := []struct {
			name    string
			call    func(c *calendar.Calendar) error
			wantErr bool
		}{
			{"Add(t, MinInt64)", func(c *calendar.Calendar) error { _, err := c.Add(at, math.MinInt64); return err }, true},
			// At the first instant of the first year compiled the running
			// total is 0, and the total sought is math.MinInt64 itself.
			{"Add(new year, MinInt64)", func(c *calendar.Calendar) error { _, err := c.Add(newYear, math.MinInt64); return err }, true},
			{"Add(t, MinInt64+1)", func(c *calendar.Calendar) error { _, err := c.Add(at, math.MinInt64+1); return err }, true},
			{"Add(t, MaxInt64)", func(c *calendar.Calendar) error { _, err := c.Add(at, math.MaxInt64); return err }, true},
			{"AtOffset(MinInt64)", func(c *calendar.Calendar) error { _, err := c.AtOffset(math.MinInt64); return err }, true},
			{"AtOffset(MaxInt64)", func(c *calendar.Calendar) error { _, err := c.AtOffset(math.MaxInt64); return err }, true},
			{"AtOffset(0)", func(c *calendar.Calendar) error { _, err := c.AtOffset(0); return err }, cfg.Week.Monday == nil},
		}
		for _, tc := range cases {
			t.Run(nc.name+"/"+tc.name, func(t *testing.T) {
				c := calendar.Must(calendar.New(cfg)) // fresh: the call is its first
				done := make(chan error, 1)
				go func() { done <- tc.call(c) }()
				var err error
				select {
				case err = <-done:
				case <-time.After(5 * time.Second):
					t.Fatalf("%s did not return within 5s", tc.name)
				}
				switch {
				case tc.wantErr:
					checkRangeError(t, tc.name, err)
				case err != nil:
					t.Fatalf("%s: %v", tc.name, err)
				}
			})
		}
	}
}

// TestExtremeErrorsIndependentOfHistory: the error for an answer no
// supported year holds does not depend on what the calendar was asked
// before. Twin calendars, one asked first about a later year (so that its
// axis of working time starts after the instant added to), give the same
// error for the same Add.
func TestExtremeErrorsIndependentOfHistory(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	later := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	for _, nc := range extremeConfigs() {
		for _, d := range []time.Duration{math.MaxInt64, math.MaxInt64 - 1, math.MinInt64, math.MinInt64 + 1} {
			fresh := calendar.Must(calendar.New(nc.cfg))
			asked := calendar.Must(calendar.New(nc.cfg))
			if _, err := asked.IsWorking(later); err != nil {
				t.Fatal(err)
			}
			_, e1 := fresh.Add(at, d)
			_, e2 := asked.Add(at, d)
			var y1, y2 *calendar.YearError
			if !errors.As(e1, &y1) || !errors.As(e2, &y2) || *y1 != *y2 || e1.Error() != e2.Error() {
				t.Errorf("%s: Add(t, %d) = %v on a fresh calendar, %v on one asked about %d first", nc.name, d, e1, e2, later.Year())
			}
		}
	}
}

// TestFarInstantError: an instant so far from the supported years that it
// has no Unix nanoseconds gets the error a year out of range gets, with
// the calendar's last known year.
func TestFarInstantError(t *testing.T) {
	t.Parallel()
	cfg := calendar.ChinaOffice()
	c := calendar.Must(calendar.New(cfg))
	var near, far *calendar.YearError
	// New Year's Day after MaxYear has Unix nanoseconds: its year is
	// refused when compiled.
	_, e1 := c.Between(time.Date(calendar.MaxYear+1, 1, 1, 6, 0, 0, 0, time.UTC), time.Date(calendar.MaxYear+1, 1, 1, 12, 0, 0, 0, time.UTC))
	_, e2 := c.Between(time.Date(5000, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(5000, 7, 1, 0, 0, 0, 0, time.UTC))
	if !errors.As(e1, &near) || !errors.As(e2, &far) || !errors.Is(e2, calendar.ErrOutOfRange) {
		t.Fatalf("errors %v and %v, want *YearError matching ErrOutOfRange", e1, e2)
	}
	if far.KnownThrough != near.KnownThrough || far.KnownThrough != c.KnownThrough() || far.Year != 5000 {
		t.Errorf("year 5000: %+v; year %d: %+v; KnownThrough %d", *far, calendar.MaxYear+1, *near, c.KnownThrough())
	}
}
