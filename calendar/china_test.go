package calendar_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// TestChinaNoticesData checks the shipped data against what the notices
// promise: make-up working days are Saturdays or Sundays, days off are never
// make-up days, and each year's days fall in that year (New Year's Eve
// excepted).
func TestChinaNoticesData(t *testing.T) {
	t.Parallel()
	ns := calendar.ChinaNotices()
	if len(ns) != 7 || ns[0].Year != 2020 || ns[len(ns)-1].Year != calendar.ChinaKnownThrough {
		t.Fatalf("notices cover %d years ending %d", len(ns), ns[len(ns)-1].Year)
	}
	for _, n := range ns {
		off := map[calendar.Date]bool{}
		for _, h := range n.Off {
			to := h.To
			if to == (calendar.Date{}) {
				to = h.Date
			}
			if !h.Date.Valid() || !to.Valid() || to.Before(h.Date) || h.Name == "" {
				t.Errorf("%d: bad day off %+v", n.Year, h)
			}
			for d := h.Date; !to.Before(d); d = d.AddDays(1) {
				off[d] = true
				if d.Year != n.Year && !(d.Year == n.Year-1 && d.Month == 12 && d.Day == 31) {
					t.Errorf("%d: day off %s outside the year", n.Year, d)
				}
			}
		}
		for _, d := range n.Work {
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				t.Errorf("%d: make-up day %s is a %s", n.Year, d, wd)
			}
			if off[d] {
				t.Errorf("%d: %s is both off and a make-up day", n.Year, d)
			}
		}
	}
	// The caller's copy is its own.
	ns[0].Off[0].Name = "changed"
	if calendar.ChinaNotices()[0].Off[0].Name == "changed" {
		t.Error("ChinaNotices shares its data with callers")
	}
}

// TestChinaOfficeYears counts a whole year of working time: 2024 had 251
// working days and 2025 had 248 (261 or 262 weekdays, less the weekday days
// off, plus the make-up days), each of 7.5 hours.
func TestChinaOfficeYears(t *testing.T) {
	t.Parallel()
	c := calendar.Must(calendar.New(calendar.ChinaOffice()))
	loc := c.Location()
	for _, tt := range []struct {
		year, days int
	}{{2024, 251}, {2025, 248}} {
		got, err := c.Between(time.Date(tt.year, 1, 1, 0, 0, 0, 0, loc), time.Date(tt.year+1, 1, 1, 0, 0, 0, 0, loc))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Duration(tt.days) * (7*time.Hour + 30*time.Minute); got != want {
			t.Errorf("%d: %v of working time, want %d days × 7.5h = %v", tt.year, got, tt.days, want)
		}
	}
}

func TestChinaOfficeWorkedExamples(t *testing.T) {
	t.Parallel()
	c := calendar.Must(calendar.New(calendar.ChinaOffice()))
	loc := c.Location()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	adds := []struct {
		name string
		from time.Time
		d    time.Duration
		want time.Time
	}{
		// Tuesday 30 September 2025, 16:30: 1.5h left that day, then
		// 1–8 October off; Thursday the 9th works from 09:00.
		{"across Golden Week", at(2025, 9, 30, 16, 30), 3 * time.Hour, at(2025, 10, 9, 10, 30)},
		// Lunch is not counted: 11:00 + 2h = 11:00–12:00, 13:30–14:30.
		{"across lunch", at(2025, 10, 9, 11, 0), 2 * time.Hour, at(2025, 10, 9, 14, 30)},
		// A deadline on a window's end is that end, not the next start.
		{"ends at lunch", at(2025, 10, 9, 11, 0), time.Hour, at(2025, 10, 9, 12, 0)},
		// Friday 10 October 17:00: 1h Friday, Saturday 11 October is a
		// make-up working day.
		{"into a make-up Saturday", at(2025, 10, 10, 17, 0), 2 * time.Hour, at(2025, 10, 11, 10, 0)},
		// Friday 13 February 2026 17:00: 1h that day, 7.5h on the make-up
		// Saturday the 14th, then the Spring Festival 15–23 February; the
		// last 0.5h on Tuesday the 24th.
		{"Spring Festival 2026", at(2026, 2, 13, 17, 0), 9 * time.Hour, at(2026, 2, 24, 9, 30)},
		// Registered Friday 16:30, 3h of working time: 1.5h Friday, then
		// Monday 09:00 + 1.5h.
		{"a weekend", at(2025, 11, 14, 16, 30), 3 * time.Hour, at(2025, 11, 17, 10, 30)},
		// Backwards from the morning start over the weekend.
		{"back over a weekend", at(2025, 11, 17, 9, 0), -30 * time.Minute, at(2025, 11, 14, 17, 30)},
		// Backwards to a window's start returns that start.
		{"back to a start", at(2025, 11, 17, 14, 30), -time.Hour, at(2025, 11, 17, 13, 30)},
	}
	for _, tt := range adds {
		got, err := c.Add(tt.from, tt.d)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: Add(%v, %v) = %v, %v; want %v", tt.name, tt.from, tt.d, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		at      time.Time
		working bool
		holiday string
	}{
		{at(2025, 10, 4, 10, 0), false, calendar.MidAutumnAndNationalDay},
		{at(2025, 10, 11, 10, 0), true, ""},  // make-up Saturday
		{at(2025, 9, 28, 9, 0), true, ""},    // make-up Sunday
		{at(2025, 10, 12, 10, 0), false, ""}, // an ordinary Sunday
		{at(2025, 10, 9, 12, 0), false, ""},  // lunch
		{at(2025, 10, 9, 18, 0), false, ""},  // 18:00 is outside 13:30–18:00
		{at(2025, 10, 9, 17, 59), true, ""},
		{at(2026, 2, 17, 10, 0), false, calendar.SpringFestival},
		{at(2022, 12, 31, 10, 0), false, calendar.NewYearsDay}, // from the 2023 notice
	} {
		if got, err := c.IsWorking(tt.at); err != nil || got != tt.working {
			t.Errorf("IsWorking(%v) = %v, %v; want %v", tt.at, got, err, tt.working)
		}
		name, ok := c.Holiday(tt.at)
		if ok != (tt.holiday != "") || name != tt.holiday {
			t.Errorf("Holiday(%v) = %q, %v; want %q", tt.at, name, ok, tt.holiday)
		}
	}
}

// TestBeyondKnown: past the last notice the calendar either follows the
// weekly schedule or refuses, as configured.
func TestBeyondKnown(t *testing.T) {
	t.Parallel()
	weekly := calendar.Must(calendar.New(calendar.ChinaOffice()))
	if weekly.KnownThrough() != 2026 {
		t.Fatalf("KnownThrough = %d, want 2026", weekly.KnownThrough())
	}
	loc := weekly.Location()
	// 1 October 2027 is a Friday: with no notice for 2027 it is worked.
	if ok, err := weekly.IsWorking(time.Date(2027, 10, 1, 10, 0, 0, 0, loc)); err != nil || !ok {
		t.Errorf("weekly past the data: IsWorking = %v, %v; want true", ok, err)
	}

	cfg := calendar.ChinaOffice()
	cfg.Beyond = calendar.BeyondError
	strict := calendar.Must(calendar.New(cfg))
	_, err := strict.Add(time.Date(2026, 12, 31, 17, 0, 0, 0, loc), 2*time.Hour)
	var ye *calendar.YearError
	if !errors.Is(err, calendar.ErrBeyondKnown) || !errors.As(err, &ye) || ye.KnownThrough != 2026 || ye.Year < 2027 {
		t.Errorf("Add past the data = %v, want ErrBeyondKnown for 2027", err)
	}
	if got, err := strict.Add(time.Date(2026, 12, 31, 17, 0, 0, 0, loc), time.Hour); err != nil || got.Hour() != 18 {
		t.Errorf("Add within the data = %v, %v", got, err)
	}
	if _, err := strict.IsWorking(time.Date(2027, 1, 4, 10, 0, 0, 0, loc)); !errors.Is(err, calendar.ErrBeyondKnown) {
		t.Errorf("IsWorking past the data = %v, want ErrBeyondKnown", err)
	}
	for _, err := range strict.Windows(time.Date(2026, 12, 30, 0, 0, 0, 0, loc), time.Date(2027, 1, 10, 0, 0, 0, 0, loc)) {
		if err != nil && !errors.Is(err, calendar.ErrBeyondKnown) {
			t.Errorf("Windows past the data: %v", err)
		}
	}

	// A new year's notice extends the horizon.
	cfg.Countries = nil
	cfg.Notices = append(calendar.ChinaNotices(), calendar.Notice{
		Year: 2027,
		Off:  []calendar.Holiday{{Date: calendar.MakeDate(2027, 1, 1), Name: calendar.NewYearsDay}},
	})
	extended := calendar.Must(calendar.New(cfg))
	if extended.KnownThrough() != 2027 {
		t.Errorf("KnownThrough with a 2027 notice = %d", extended.KnownThrough())
	}
	if got, err := extended.Add(time.Date(2026, 12, 31, 17, 0, 0, 0, loc), 2*time.Hour); err != nil || !got.Equal(time.Date(2027, 1, 4, 10, 0, 0, 0, loc)) {
		t.Errorf("Add into 2027 = %v, %v; want 2027-01-04 10:00", got, err)
	}
}

func TestOutOfRange(t *testing.T) {
	t.Parallel()
	c := calendar.Must(calendar.New(calendar.TwentyFourSeven()))
	checks := []error{}
	_, err := c.Add(time.Time{}, time.Hour)
	checks = append(checks, err)
	_, err = c.Between(time.Time{}, time.Now())
	checks = append(checks, err)
	_, err = c.Add(time.Date(2150, 12, 1, 0, 0, 0, 0, time.UTC), 1000*time.Hour)
	checks = append(checks, err)
	_, err = c.Add(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Duration(1<<63-1))
	checks = append(checks, err)
	_, err = c.Next(time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	checks = append(checks, err)
	_, err = c.IsWorking(time.Date(1899, 6, 1, 0, 0, 0, 0, time.UTC))
	checks = append(checks, err)
	for i, err := range checks {
		if !errors.Is(err, calendar.ErrOutOfRange) {
			t.Errorf("check %d: %v, want ErrOutOfRange", i, err)
		}
	}
	if _, ok := c.Holiday(time.Time{}); ok {
		t.Error("Holiday(zero) reports a holiday")
	}
	// A schedule with no working time at all runs out of years.
	empty := calendar.Must(calendar.New(calendar.Config{}))
	if _, err := empty.Add(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Nanosecond); !errors.Is(err, calendar.ErrOutOfRange) {
		t.Errorf("Add on an empty calendar = %v, want ErrOutOfRange", err)
	}
}

// TestOwnHours: every make-up working day of every notice, and no other
// date of those years, reports hours of its own under China office hours;
// a date of Config.Days reports its name and hours.
func TestOwnHours(t *testing.T) {
	t.Parallel()
	office := calendar.Must(calendar.New(calendar.ChinaOffice()))
	loc := office.Location()
	work := map[calendar.Date]bool{}
	for _, n := range calendar.ChinaNotices() {
		for _, d := range n.Work {
			work[d] = true
		}
	}
	monday := calendar.ChinaOffice().Week.Monday
	for d := calendar.MakeDate(2020, 1, 1); d.Year <= calendar.ChinaKnownThrough; d = d.AddDays(1) {
		at := time.Date(d.Year, d.Month, d.Day, 23, 59, 0, 0, loc)
		name, hours, ok := office.OwnHours(at)
		if ok != work[d] {
			t.Fatalf("OwnHours(%s) = %v, want %v", d, ok, work[d])
		}
		if ok && (name != calendar.MakeUpName || !slices.Equal(hours, monday)) {
			t.Errorf("OwnHours(%s) = %q %v", d, name, hours)
		}
	}
	cfg := calendar.ChinaOffice()
	cfg.Days = []calendar.Day{{Date: calendar.MakeDate(2025, 12, 24), Hours: []calendar.Hours{calendar.HoursOf(9, 0, 12, 0)}, Name: "Half day"}}
	c := calendar.Must(calendar.New(cfg))
	// 23:30 UTC on the 23rd is already the 24th in Beijing.
	name, hours, ok := c.OwnHours(time.Date(2025, 12, 23, 23, 30, 0, 0, time.UTC))
	if !ok || name != "Half day" || len(hours) != 1 || hours[0] != calendar.HoursOf(9, 0, 12, 0) {
		t.Errorf("OwnHours of the half day = %q %v %v", name, hours, ok)
	}
	hours[0] = calendar.HoursOf(0, 0, 1, 0) // a copy: the calendar keeps its own
	if _, again, _ := c.OwnHours(time.Date(2025, 12, 24, 10, 0, 0, 0, loc)); again[0] != calendar.HoursOf(9, 0, 12, 0) {
		t.Errorf("OwnHours handed out the calendar's own slice")
	}
}
