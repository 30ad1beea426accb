package calendar_test

import (
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
