package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/rickar/cal/v2/us"
)

// zones are the time zones the property tests and the fuzz target draw from:
// each has a daylight-saving peculiarity.
var zones = []string{
	"UTC",
	"America/New_York",    // changes at 02:00 local
	"Europe/Berlin",       // changes at 02:00/03:00 local
	"Asia/Tehran",         // 2022: changes at midnight, abolished from 2023
	"America/Santiago",    // changes at midnight, Saturday to Sunday
	"Australia/Lord_Howe", // a 30-minute shift
	"Pacific/Apia",        // skipped 2011-12-30 entirely
	"Asia/Shanghai",       // no DST
	"Asia/Kathmandu",      // +05:45
}

// randomConfig builds a schedule from rng: per weekday none to three windows
// on minute or second boundaries (sometimes to 24:00), a few holidays and
// dated exceptions around year y.
func randomConfig(rng *rand.Rand, zone string, y int) calendar.Config {
	cfg := calendar.Config{Zone: zone}
	day := func() []calendar.Hours {
		var hs []calendar.Hours
		at := time.Duration(0)
		for range rng.IntN(4) {
			unit := time.Minute
			if rng.IntN(4) == 0 {
				unit = time.Second
			}
			from := at + time.Duration(rng.Int64N(int64(8*time.Hour/unit)))*unit
			to := from + time.Duration(1+rng.Int64N(int64(10*time.Hour/unit)))*unit
			if to > 24*time.Hour || rng.IntN(8) == 0 {
				to = 24 * time.Hour
			}
			if from >= 24*time.Hour || from >= to {
				break
			}
			hs = append(hs, calendar.Hours{From: from, To: to})
			at = to
			if at == 24*time.Hour {
				break
			}
		}
		return hs
	}
	w := &cfg.Week
	for _, p := range []*[]calendar.Hours{&w.Monday, &w.Tuesday, &w.Wednesday, &w.Thursday, &w.Friday, &w.Saturday, &w.Sunday} {
		*p = day()
	}
	if len(w.Monday) == 0 && rng.IntN(2) == 0 {
		w.Monday = []calendar.Hours{calendar.HoursOf(9, 0, 17, 0)}
	}
	base := calendar.MakeDate(y, time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
	for range rng.IntN(4) {
		d := base.AddDays(rng.IntN(60) - 30)
		h := calendar.Holiday{Date: d, Name: "closed"}
		if rng.IntN(3) == 0 {
			h.To = d.AddDays(rng.IntN(5))
		}
		cfg.Holidays = append(cfg.Holidays, h)
	}
	seen := map[calendar.Date]bool{}
	for range rng.IntN(3) {
		d := base.AddDays(rng.IntN(60) - 30)
		if hs := day(); len(hs) > 0 && !seen[d] {
			seen[d] = true
			cfg.Days = append(cfg.Days, calendar.Day{Date: d, Hours: hs})
		}
	}
	if rng.IntN(4) == 0 {
		cfg.Rules = us.Holidays
	}
	if rng.IntN(4) == 0 {
		cfg.Countries = []string{"cn"}
		weekdays := len(w.Monday) + len(w.Tuesday) + len(w.Wednesday) + len(w.Thursday) + len(w.Friday)
		if hs := day(); len(hs) > 0 && (weekdays == 0 || rng.IntN(2) == 0) {
			cfg.MakeUpHours = hs
		} else if weekdays == 0 {
			cfg.MakeUpHours = []calendar.Hours{calendar.HoursOf(9, 0, 17, 0)}
		}
	}
	return cfg
}

// randomInstant returns an instant in year y, at a random nanosecond, or at a
// window boundary of the reference when on is set.
func randomInstant(rng *rand.Rand, loc *time.Location, y int) time.Time {
	t := time.Date(y, 1, 1, 0, 0, 0, 0, loc).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
	switch rng.IntN(3) {
	case 0:
		return t.Truncate(time.Minute) // often on a window boundary
	case 1:
		return t.Truncate(time.Hour)
	}
	return t
}

// checkAgainstRef compares every operation at t with the reference.
func checkAgainstRef(t *testing.T, cfg calendar.Config, c *calendar.Calendar, r *ref, at time.Time, d time.Duration) {
	t.Helper()
	if got, err := c.IsWorking(at); err != nil || got != r.isWorking(at) {
		t.Fatalf("IsWorking(%v) = %v, %v; reference %v\nconfig %+v", at, got, err, r.isWorking(at), cfg)
	}
	to := at.Add(d)
	if got, err := c.Between(at, to); err != nil || got != r.between(at, to) {
		t.Fatalf("Between(%v, %v) = %v, %v; reference %v\nconfig %+v", at, to, got, err, r.between(at, to), cfg)
	}
	for _, dd := range []time.Duration{d, -d} {
		want, ok := r.add(at, dd, 120)
		if !ok {
			continue // no working time near: the reference gives up
		}
		got, err := c.Add(at, dd)
		if err != nil || !got.Equal(want) {
			t.Fatalf("Add(%v, %v) = %v, %v; reference %v\nconfig %+v", at, dd, got, err, want, cfg)
		}
		if b, err := c.Between(at, got); err != nil || b != dd {
			t.Fatalf("Between(t, Add(t, %v)) = %v, %v; config %+v", dd, b, err, cfg)
		}
		if got.Location() != c.Location() {
			t.Fatalf("Add returned a time in %v, want the calendar's %v", got.Location(), c.Location())
		}
	}
	if want, ok := r.next(at, 120); ok {
		if got, err := c.Next(at); err != nil || !got.Equal(want) {
			t.Fatalf("Next(%v) = %v, %v; reference %v\nconfig %+v", at, got, err, want, cfg)
		}
	}
}

// TestAgainstReference checks every operation on random schedules, zones,
// holidays and instants against the slow reference.
func TestAgainstReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	n := 300
	if testing.Short() {
		n = 40
	}
	for i := range n {
		zone := zones[i%len(zones)]
		y := 2010 + rng.IntN(18)
		if zone == "Pacific/Apia" && rng.IntN(2) == 0 {
			y = 2011
		}
		if zone == "Asia/Tehran" && rng.IntN(2) == 0 {
			y = 2022
		}
		cfg := randomConfig(rng, zone, y)
		c, err := calendar.New(cfg)
		if err != nil {
			t.Fatalf("New(%+v): %v", cfg, err)
		}
		r := newRef(cfg)
		for range 5 {
			at := randomInstant(rng, c.Location(), y)
			d := time.Duration(rng.Int64N(int64(200 * time.Hour)))
			if rng.IntN(3) == 0 {
				d = d.Truncate(time.Minute)
			}
			checkAgainstRef(t, cfg, c, r, at, d)
		}
	}
}

// TestWindowsAgainstReference checks the Windows iterator yields exactly the
// reference's merged spans, clipped.
func TestWindowsAgainstReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 60 {
		zone := zones[i%len(zones)]
		y := 2011 + rng.IntN(16)
		cfg := randomConfig(rng, zone, y)
		c := calendar.Must(calendar.New(cfg))
		r := newRef(cfg)
		from := randomInstant(rng, c.Location(), y)
		to := from.Add(time.Duration(rng.Int64N(int64(20 * 24 * time.Hour))))
		var want []span
		for _, s := range r.spans(from, to) {
			lo, hi := later(s.a, from), earlier(s.b, to)
			if lo.Before(hi) {
				want = append(want, span{lo, hi})
			}
		}
		var got []span
		for w, err := range c.Windows(from, to) {
			if err != nil {
				t.Fatal(err)
			}
			if w.Start.Location() != c.Location() {
				t.Fatalf("window in %v, want %v", w.Start.Location(), c.Location())
			}
			got = append(got, span{w.Start, w.End})
		}
		if len(got) != len(want) {
			t.Fatalf("Windows(%v, %v): %d windows, reference %d\n got %v\nwant %v", from, to, len(got), len(want), got, want)
		}
		for j := range got {
			if !got[j].a.Equal(want[j].a) || !got[j].b.Equal(want[j].b) {
				t.Fatalf("Windows(%v, %v)[%d] = %v, reference %v", from, to, j, got[j], want[j])
			}
		}
	}
}

// TestConsistency checks Between(t, Add(t, d)) == d and monotonicity for long
// spans, across many years, without the reference.
func TestConsistency(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 200 {
		zone := zones[i%len(zones)]
		cfg := randomConfig(rng, zone, 2000+rng.IntN(40))
		if len(cfg.Week.Monday) == 0 {
			cfg.Week.Monday = []calendar.Hours{calendar.HoursOf(1, 0, 2, 0)}
		}
		c := calendar.Must(calendar.New(cfg))
		at := randomInstant(rng, c.Location(), 1990+rng.IntN(60))
		d := time.Duration(rng.Int64N(int64(5000 * time.Hour)))
		for _, dd := range []time.Duration{d, -d, 1, -1, 0} {
			got, err := c.Add(at, dd)
			if err != nil {
				t.Fatalf("Add(%v, %v): %v", at, dd, err)
			}
			if b, err := c.Between(at, got); err != nil || b != dd {
				t.Fatalf("Between(t, Add(t, %v)) = %v, %v (t %v, zone %s)", dd, b, err, at, zone)
			}
			if (dd > 0 && !got.After(at)) || (dd < 0 && !got.Before(at)) {
				t.Fatalf("Add(%v, %v) = %v moves the wrong way", at, dd, got)
			}
			if dd > 0 {
				if ok, _ := c.IsWorking(got.Add(-1)); !ok {
					t.Fatalf("Add(%v, %v) = %v: the instant before is not working time", at, dd, got)
				}
			}
		}
	}
}

// TestOffsets checks the axis of working time against Between, Next and
// IsWorking: differences of offsets are working time, AtOffset lands on the
// working instant with that offset, and offsets taken in any order (years
// compiled earlier or later than the first) agree.
func TestOffsets(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 200 {
		zone := zones[i%len(zones)]
		cfg := randomConfig(rng, zone, 2000+rng.IntN(40))
		if len(cfg.Week.Monday) == 0 {
			cfg.Week.Monday = []calendar.Hours{calendar.HoursOf(1, 0, 2, 0)}
		}
		c := calendar.Must(calendar.New(cfg))
		a := randomInstant(rng, c.Location(), 1990+rng.IntN(60))
		b := randomInstant(rng, c.Location(), 1990+rng.IntN(60))
		oa, err := c.Offset(a)
		if err != nil {
			t.Fatalf("Offset(%v): %v", a, err)
		}
		ob, err := c.Offset(b) // may compile years before a's: the origin stays
		if err != nil {
			t.Fatalf("Offset(%v): %v", b, err)
		}
		if again, _ := c.Offset(a); again != oa {
			t.Fatalf("Offset(%v) moved from %v to %v (zone %s)", a, oa, again, zone)
		}
		if between, err := c.Between(a, b); err != nil || between != ob-oa {
			t.Fatalf("Between(%v, %v) = %v, %v; offsets differ by %v (zone %s)", a, b, between, err, ob-oa, zone)
		}
		for _, x := range []time.Time{a, b} {
			ox, _ := c.Offset(x)
			at, err := c.AtOffset(ox)
			if err != nil {
				t.Fatalf("AtOffset(Offset(%v)): %v", x, err)
			}
			next, _ := c.Next(x)
			if !at.Equal(next) {
				t.Fatalf("AtOffset(Offset(%v)) = %v, Next = %v (zone %s)", x, at, next, zone)
			}
			// Any offset lands on a working instant with that offset.
			o := ox + time.Duration(rng.Int64N(int64(2000*time.Hour))) - 1000*time.Hour
			u, err := c.AtOffset(o)
			if err != nil {
				t.Fatalf("AtOffset(%v): %v", o, err)
			}
			if ok, _ := c.IsWorking(u); !ok {
				t.Fatalf("AtOffset(%v) = %v is not working time (zone %s)", o, u, zone)
			}
			if back, _ := c.Offset(u); back != o {
				t.Fatalf("Offset(AtOffset(%v)) = %v (zone %s)", o, back, zone)
			}
			if u.Location() != c.Location() {
				t.Fatalf("AtOffset returns %v in %v, not the calendar's zone", u, u.Location())
			}
		}
	}
}
