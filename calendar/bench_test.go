package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/us"
)

// The benchmarks run our calendar and rickar/cal's BusinessCalendar on the
// same schedule (Mon–Fri 09:00–17:00 America/New_York, us.Holidays) from the
// same start instants.

func benchSchedule(b *testing.B) (*calendar.Calendar, *cal.BusinessCalendar, []time.Time) {
	b.Helper()
	c, err := calendar.New(calendar.Config{
		Zone:  "America/New_York",
		Week:  calendar.Weekdays(calendar.HoursOf(9, 0, 17, 0)),
		Rules: us.Holidays,
	})
	if err != nil {
		b.Fatal(err)
	}
	r := cal.NewBusinessCalendar()
	r.AddHoliday(us.Holidays...)
	r.SetWorkHours(9*time.Hour, 17*time.Hour)

	rng := rand.New(rand.NewPCG(7, 8))
	starts := make([]time.Time, 1024)
	for i := range starts {
		starts[i] = time.Date(2025, 1, 1, 0, 0, 0, 0, c.Location()).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Second)
	}
	// Compile the years the runs touch before timing.
	if _, err := c.Add(starts[0], 3000*time.Hour); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Between(starts[0], starts[0].AddDate(2, 0, 0)); err != nil {
		b.Fatal(err)
	}
	return c, r, starts
}

var sinkTime time.Time
var sinkDur time.Duration

func BenchmarkAdd(b *testing.B) {
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"8h", 8 * time.Hour}, {"48h", 48 * time.Hour}, {"1000h", 1000 * time.Hour}} {
		b.Run("itsm/"+d.name, func(b *testing.B) {
			c, _, starts := benchSchedule(b)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				t, err := c.Add(starts[i&1023], d.d)
				if err != nil {
					b.Fatal(err)
				}
				sinkTime = t
				i++
			}
		})
		b.Run("rickar/"+d.name, func(b *testing.B) {
			_, r, starts := benchSchedule(b)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				sinkTime = r.AddWorkHours(starts[i&1023], d.d)
				i++
			}
		})
	}
}

func BenchmarkBetween(b *testing.B) {
	b.Run("itsm/30d", func(b *testing.B) {
		c, _, starts := benchSchedule(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			s := starts[i&1023]
			d, err := c.Between(s, s.AddDate(0, 0, 30))
			if err != nil {
				b.Fatal(err)
			}
			sinkDur = d
			i++
		}
	})
	b.Run("rickar/30d", func(b *testing.B) {
		_, r, starts := benchSchedule(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			s := starts[i&1023]
			sinkDur = r.WorkHoursInRange(s, s.AddDate(0, 0, 30))
			i++
		}
	})
}

// benchConfig is the schedule of benchSchedule, as a Config.
func benchConfig() calendar.Config {
	return calendar.Config{
		Zone:  "America/New_York",
		Week:  calendar.Weekdays(calendar.HoursOf(9, 0, 17, 0)),
		Rules: us.Holidays,
	}
}

// BenchmarkFirstQuery measures the first queries on a new calendar, New
// included: near, one query in this year; far, the same and then a query 75
// years away, which must place that year on the calendar's axis of working
// time without compiling the years between. far - near is the cost of a
// stray far instant.
func BenchmarkFirstQuery(b *testing.B) {
	this := time.Now().UTC().Year()
	for _, bc := range []struct {
		name  string
		years []int
	}{{"near", []int{this}}, {"far", []int{this, this + 75}}} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := benchConfig()
			loc, err := time.LoadLocation(cfg.Zone)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				c, err := calendar.New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				for _, y := range bc.years {
					t, err := c.Add(time.Date(y, 3, 17, 10, 0, 0, 0, loc), 8*time.Hour)
					if err != nil {
						b.Fatal(err)
					}
					sinkTime = t
				}
			}
		})
	}
}

// BenchmarkNew measures New on the benchmark schedule with 0 and 10,000
// explicit holidays (single dates, spread over the supported years).
func BenchmarkNew(b *testing.B) {
	for _, n := range []int{0, 10000} {
		b.Run(fmt.Sprintf("holidays-%d", n), func(b *testing.B) {
			cfg := benchConfig()
			start := calendar.MakeDate(calendar.MinYear, 1, 1)
			for i := range n {
				cfg.Holidays = append(cfg.Holidays, calendar.Holiday{Date: start.AddDays(i * 9), Name: "closed"})
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := calendar.New(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAtOffset measures AtOffset on the China office calendar at
// places up to 40 working hours past instants of this year, as a rule
// engine turns thresholds on a calendar's axis into instants.
func BenchmarkAtOffset(b *testing.B) {
	c := calendar.Must(calendar.New(calendar.ChinaOffice()))
	rng := rand.New(rand.NewPCG(9, 10))
	offs := make([]time.Duration, 1024)
	for i := range offs {
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, c.Location()).Add(time.Duration(rng.Int64N(int64(360 * 24 * time.Hour))))
		o, err := c.Offset(at)
		if err != nil {
			b.Fatal(err)
		}
		offs[i] = o + time.Duration(rng.Int64N(int64(40*time.Hour)))
	}
	if _, err := c.AtOffset(offs[0] + 1000*time.Hour); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t, err := c.AtOffset(offs[i&1023])
		if err != nil {
			b.Fatal(err)
		}
		sinkTime = t
		i++
	}
}
