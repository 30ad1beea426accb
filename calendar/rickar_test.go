package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/us"
)

// TestAgainstRickar compares Add and Between with rickar/cal's
// BusinessCalendar where rickar is right: one window per day, Monday to
// Friday, in zones without daylight saving, with US holidays.
func TestAgainstRickar(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	for i := range 200 {
		zone := []string{"UTC", "Asia/Shanghai", "Asia/Kolkata"}[i%3]
		from := time.Duration(rng.IntN(12*60)) * time.Minute
		to := from + time.Duration(30+rng.IntN(10*60))*time.Minute
		c := calendar.Must(calendar.New(calendar.Config{
			Zone:  zone,
			Week:  calendar.Weekdays(calendar.Hours{From: from, To: to}),
			Rules: us.Holidays,
		}))
		r := cal.NewBusinessCalendar()
		r.AddHoliday(us.Holidays...)
		r.SetWorkHours(from, to)

		start := time.Date(2020+rng.IntN(8), 1, 1, 0, 0, 0, 0, c.Location()).
			Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		d := time.Duration(1 + rng.Int64N(int64(300*time.Hour)))
		want := r.AddWorkHours(start, d)
		got, err := c.Add(start, d)
		if err != nil || !got.Equal(want) {
			t.Fatalf("%s %v: Add(%v, %v) = %v, %v; rickar %v", zone, calendar.Hours{From: from, To: to}, start, d, got, err, want)
		}
		end := start.Add(time.Duration(rng.Int64N(int64(60 * 24 * time.Hour))))
		if got, _ := c.Between(start, end); got != r.WorkHoursInRange(start, end) {
			t.Fatalf("%s: Between(%v, %v) = %v; rickar %v", zone, start, end, got, r.WorkHoursInRange(start, end))
		}
	}
}
