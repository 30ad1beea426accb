package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// withDatesIn adds to cfg a few holidays and dates with their own hours in
// random years from lo to hi, so that the years between two queries carry
// exceptions of their own.
func withDatesIn(rng *rand.Rand, cfg calendar.Config, lo, hi int) calendar.Config {
	cfg.Holidays = append([]calendar.Holiday(nil), cfg.Holidays...)
	cfg.Days = append([]calendar.Day(nil), cfg.Days...)
	seen := map[calendar.Date]bool{}
	for _, d := range cfg.Days {
		seen[d.Date] = true
	}
	for range rng.IntN(12) {
		d := calendar.MakeDate(lo+rng.IntN(hi-lo+1), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		switch rng.IntN(3) {
		case 0:
			if !seen[d] {
				seen[d] = true
				h := calendar.HoursOf(rng.IntN(12), 0, 12+rng.IntN(12), 30)
				cfg.Days = append(cfg.Days, calendar.Day{Date: d, Hours: []calendar.Hours{h}})
			}
		default:
			h := calendar.Holiday{Date: d, Name: "closed"}
			if rng.IntN(3) == 0 {
				h.To = d.AddDays(rng.IntN(20))
			}
			cfg.Holidays = append(cfg.Holidays, h)
		}
	}
	return cfg
}

// TestYearTotals checks that the total of a year placed on the axis without
// compiling it is the total of the compiled year: every supported year in
// each zone, then random schedules in random years.
func TestYearTotals(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	for _, zone := range zones {
		cfg := randomConfig(rng, zone, 2000)
		cfg.Week = calendar.Every(calendar.HoursOf(0, 0, 3, 0), calendar.HoursOf(22, 30, 24, 0))
		cfg = withDatesIn(rng, cfg, calendar.MinYear, calendar.MaxYear)
		c := calendar.Must(calendar.New(cfg))
		for y := calendar.MinYear; y <= calendar.MaxYear; y++ {
			if got, want := calendar.YearTotals(c, y); got != want {
				t.Fatalf("%s, year %d: total %v, compiled %v\nconfig %+v", zone, y, time.Duration(got), time.Duration(want), cfg)
			}
		}
	}
	n := 300
	if testing.Short() {
		n = 60
	}
	for i := range n {
		zone := zones[i%len(zones)]
		y := calendar.MinYear + rng.IntN(calendar.MaxYear-calendar.MinYear+1)
		cfg := withDatesIn(rng, randomConfig(rng, zone, y), max(y-1, calendar.MinYear), min(y+1, calendar.MaxYear))
		c := calendar.Must(calendar.New(cfg))
		if got, want := calendar.YearTotals(c, y); got != want {
			t.Fatalf("%s, year %d: total %v, compiled %v\nconfig %+v", zone, y, time.Duration(got), time.Duration(want), cfg)
		}
	}
}

// TestFarAndNear checks that calendars queried first far away and then near,
// and the reverse, give the answers of one that compiled every year between:
// the same working time between any two of the instants, the same Add across
// the gap, the same AtOffset for the same working time from an instant.
func TestFarAndNear(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(23, 24))
	n := 40
	if testing.Short() {
		n = 10
	}
	for i := range n {
		zone := []string{"Europe/Berlin", "America/New_York"}[i%2]
		if i%5 == 4 {
			zone = zones[rng.IntN(len(zones))]
		}
		near := 1990 + rng.IntN(50)
		far := near + 40 + rng.IntN(80)
		if rng.IntN(2) == 0 {
			far = near - 40 - rng.IntN(50)
		}
		far = min(max(far, calendar.MinYear+1), calendar.MaxYear-1)
		cfg := randomConfig(rng, zone, near)
		if len(cfg.Week.Monday) == 0 {
			cfg.Week.Monday = []calendar.Hours{calendar.HoursOf(9, 0, 17, 0)}
		}
		cfg = withDatesIn(rng, cfg, min(near, far), max(near, far))
		ref := calendar.Must(calendar.NewCompilingEveryYear(cfg))
		farFirst := calendar.Must(calendar.New(cfg))
		nearFirst := calendar.Must(calendar.New(cfg))
		loc := ref.Location()
		a := randomInstant(rng, loc, near)
		b := randomInstant(rng, loc, far)
		mid := randomInstant(rng, loc, (near+far)/2)

		// The first queries: ref and nearFirst near, farFirst far.
		for _, q := range []struct {
			c  *calendar.Calendar
			at time.Time
		}{{ref, a}, {nearFirst, a}, {farFirst, b}} {
			if _, err := q.c.Offset(q.at); err != nil {
				t.Fatal(err)
			}
		}
		span, err := ref.Between(a, b)
		if err != nil {
			t.Fatal(err)
		}
		ds := []time.Duration{span, span + time.Duration(rng.Int64N(int64(100*time.Hour))) - 50*time.Hour, -span, 8 * time.Hour, -8 * time.Hour}
		for _, c := range []*calendar.Calendar{nearFirst, farFirst} {
			for _, x := range []time.Time{a, b, mid} {
				for _, y := range []time.Time{a, b, mid} {
					want, err := ref.Between(x, y)
					if err != nil {
						t.Fatal(err)
					}
					if got, err := c.Between(x, y); err != nil || got != want {
						t.Fatalf("%s: Between(%v, %v) = %v, %v; every year compiled %v", zone, x, y, got, err, want)
					}
					ox, err1 := c.Offset(x)
					oy, err2 := c.Offset(y)
					if err1 != nil || err2 != nil || oy-ox != want {
						t.Fatalf("%s: Offset(%v) - Offset(%v) = %v (%v, %v); every year compiled %v", zone, y, x, oy-ox, err1, err2, want)
					}
				}
				for _, d := range ds {
					want, werr := ref.Add(x, d)
					got, err := c.Add(x, d)
					if (err == nil) != (werr == nil) || !got.Equal(want) {
						t.Fatalf("%s: Add(%v, %v) = %v, %v; every year compiled %v, %v", zone, x, d, got, err, want, werr)
					}
					ox, _ := c.Offset(x)
					rx, _ := ref.Offset(x)
					at, err := c.AtOffset(ox + d)
					wat, werr := ref.AtOffset(rx + d)
					if (err == nil) != (werr == nil) || !at.Equal(wat) {
						t.Fatalf("%s: AtOffset(Offset(%v) + %v) = %v, %v; every year compiled %v, %v", zone, x, d, at, err, wat, werr)
					}
				}
			}
		}
	}
}
