package calendar_test

import (
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// TestDaylightSaving checks windows on the days clocks change, worked out by
// hand in UTC from each zone's offsets. The rule: a wall time maps to the
// earliest instant whose local clock shows it or later, so a time skipped
// over maps to the instant of the change and a repeated time to its first
// occurrence.
func TestDaylightSaving(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		zone       string
		day        calendar.Date
		hours      calendar.Hours
		start, end time.Time // expected window, empty when start == end
	}{
		// New York, 2025-03-09: 02:00 EST (-5) becomes 03:00 EDT (-4).
		{"NY spring office day", "America/New_York", calendar.MakeDate(2025, 3, 9), calendar.HoursOf(9, 0, 17, 0),
			utc(2025, 3, 9, 13, 0), utc(2025, 3, 9, 21, 0)},
		{"NY spring across the gap", "America/New_York", calendar.MakeDate(2025, 3, 9), calendar.HoursOf(1, 0, 5, 0),
			utc(2025, 3, 9, 6, 0), utc(2025, 3, 9, 9, 0)},
		{"NY spring inside the gap", "America/New_York", calendar.MakeDate(2025, 3, 9), calendar.HoursOf(2, 0, 2, 30),
			time.Time{}, time.Time{}},
		{"NY spring starts in the gap", "America/New_York", calendar.MakeDate(2025, 3, 9), calendar.HoursOf(2, 30, 4, 0),
			utc(2025, 3, 9, 7, 0), utc(2025, 3, 9, 8, 0)},
		// New York, 2025-11-02: 02:00 EDT (-4) becomes 01:00 EST (-5).
		{"NY autumn the repeated hour", "America/New_York", calendar.MakeDate(2025, 11, 2), calendar.HoursOf(1, 0, 2, 0),
			utc(2025, 11, 2, 5, 0), utc(2025, 11, 2, 7, 0)},
		{"NY autumn starts in the repeat", "America/New_York", calendar.MakeDate(2025, 11, 2), calendar.HoursOf(1, 30, 3, 0),
			utc(2025, 11, 2, 5, 30), utc(2025, 11, 2, 8, 0)},
		{"NY autumn office day", "America/New_York", calendar.MakeDate(2025, 11, 2), calendar.HoursOf(9, 0, 17, 0),
			utc(2025, 11, 2, 14, 0), utc(2025, 11, 2, 22, 0)},
		// Berlin, 2025-03-30: 02:00 CET (+1) becomes 03:00 CEST (+2);
		// 2025-10-26: 03:00 CEST becomes 02:00 CET.
		{"Berlin spring night", "Europe/Berlin", calendar.MakeDate(2025, 3, 30), calendar.HoursOf(0, 0, 6, 0),
			utc(2025, 3, 29, 23, 0), utc(2025, 3, 30, 4, 0)},
		{"Berlin autumn night", "Europe/Berlin", calendar.MakeDate(2025, 10, 26), calendar.HoursOf(0, 0, 6, 0),
			utc(2025, 10, 25, 22, 0), utc(2025, 10, 26, 5, 0)},
		// Tehran, 2022-03-22: midnight (+03:30) becomes 01:00 (+04:30), so the
		// day starts at the change; 2022-09-22: midnight (+04:30) becomes
		// 23:00 on the 21st (+03:30), so the 21st's last hour runs twice.
		{"Tehran spring midnight", "Asia/Tehran", calendar.MakeDate(2022, 3, 22), calendar.HoursOf(0, 0, 9, 0),
			time.Date(2022, 3, 21, 20, 30, 0, 0, time.UTC), time.Date(2022, 3, 22, 4, 30, 0, 0, time.UTC)},
		{"Tehran autumn evening to midnight", "Asia/Tehran", calendar.MakeDate(2022, 9, 21), calendar.HoursOf(22, 0, 24, 0),
			time.Date(2022, 9, 21, 17, 30, 0, 0, time.UTC), time.Date(2022, 9, 21, 20, 30, 0, 0, time.UTC)},
		{"Tehran autumn after midnight", "Asia/Tehran", calendar.MakeDate(2022, 9, 22), calendar.HoursOf(0, 0, 1, 0),
			time.Date(2022, 9, 21, 20, 30, 0, 0, time.UTC), time.Date(2022, 9, 21, 21, 30, 0, 0, time.UTC)},
		// Santiago, 2025-09-07: midnight (-4) becomes 01:00 (-3).
		{"Santiago spring midnight", "America/Santiago", calendar.MakeDate(2025, 9, 7), calendar.HoursOf(0, 0, 8, 0),
			utc(2025, 9, 7, 4, 0), utc(2025, 9, 7, 11, 0)},
		// Santiago, 2025-04-06: midnight (-3) becomes 23:00 on the 5th (-4).
		{"Santiago autumn night", "America/Santiago", calendar.MakeDate(2025, 4, 5), calendar.HoursOf(22, 0, 24, 0),
			utc(2025, 4, 6, 1, 0), utc(2025, 4, 6, 4, 0)},
		// Lord Howe, 2025-10-05: 02:00 (+10:30) becomes 02:30 (+11);
		// 2025-04-06: 02:00 (+11) becomes 01:30 (+10:30).
		{"Lord Howe half-hour gap", "Australia/Lord_Howe", calendar.MakeDate(2025, 10, 5), calendar.HoursOf(2, 0, 3, 0),
			time.Date(2025, 10, 4, 15, 30, 0, 0, time.UTC), utc(2025, 10, 4, 16, 0)},
		{"Lord Howe half-hour repeat", "Australia/Lord_Howe", calendar.MakeDate(2025, 4, 6), calendar.HoursOf(1, 0, 2, 0),
			utc(2025, 4, 5, 14, 0), time.Date(2025, 4, 5, 15, 30, 0, 0, time.UTC)},
		// Apia skipped 2011-12-30: the 29th (-10) ended, the 31st (+14) began.
		{"Apia the missing day", "Pacific/Apia", calendar.MakeDate(2011, 12, 30), calendar.HoursOf(9, 0, 17, 0),
			time.Time{}, time.Time{}},
		{"Apia the day before", "Pacific/Apia", calendar.MakeDate(2011, 12, 29), calendar.HoursOf(9, 0, 17, 0),
			utc(2011, 12, 29, 19, 0), utc(2011, 12, 30, 3, 0)},
		{"Apia the day after", "Pacific/Apia", calendar.MakeDate(2011, 12, 31), calendar.HoursOf(9, 0, 17, 0),
			utc(2011, 12, 30, 19, 0), utc(2011, 12, 31, 3, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := calendar.New(calendar.Config{Zone: tt.zone, Days: []calendar.Day{{Date: tt.day, Hours: []calendar.Hours{tt.hours}}}})
			if err != nil {
				t.Fatal(err)
			}
			// Look two days either side: only the day's own window may appear.
			from := time.Date(tt.day.Year, tt.day.Month, tt.day.Day, 0, 0, 0, 0, time.UTC).Add(-48 * time.Hour)
			var got []calendar.Window
			for w, err := range c.Windows(from, from.Add(5*24*time.Hour)) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, w)
			}
			if tt.start.Equal(tt.end) {
				if len(got) != 0 {
					t.Fatalf("want no working time, got %v", got)
				}
				return
			}
			if len(got) != 1 || !got[0].Start.Equal(tt.start) || !got[0].End.Equal(tt.end) {
				t.Fatalf("windows = %v, want %v–%v", got, tt.start, tt.end)
			}
			if d, _ := c.Between(from, from.Add(5*24*time.Hour)); d != tt.end.Sub(tt.start) {
				t.Errorf("Between over the days = %v, want %v", d, tt.end.Sub(tt.start))
			}
			// The independent reference agrees.
			r := newRef(calendar.Config{Zone: tt.zone, Days: []calendar.Day{{Date: tt.day, Hours: []calendar.Hours{tt.hours}}}})
			if s := r.day(tt.day); len(s) != 1 || !s[0].a.Equal(tt.start) || !s[0].b.Equal(tt.end) {
				t.Errorf("reference gives %v", s)
			}
		})
	}
}

// TestNineIsNineOnChangeDays is R-CAL-5: a 09:00 start is 09:00 local wall
// time on the days clocks change, in every tested zone, and a 24×7 calendar
// counts the real length of those days (23 h, 25 h, and 0 h for Apia's
// missing day).
func TestNineIsNineOnChangeDays(t *testing.T) {
	t.Parallel()
	days := []struct {
		zone string
		day  calendar.Date
		len  time.Duration // the real length of the local day
	}{
		{"America/New_York", calendar.MakeDate(2025, 3, 9), 23 * time.Hour},
		{"America/New_York", calendar.MakeDate(2025, 11, 2), 25 * time.Hour},
		{"Europe/Berlin", calendar.MakeDate(2025, 3, 30), 23 * time.Hour},
		{"Europe/Berlin", calendar.MakeDate(2025, 10, 26), 25 * time.Hour},
		{"Asia/Tehran", calendar.MakeDate(2022, 3, 22), 23 * time.Hour},
		{"Asia/Tehran", calendar.MakeDate(2022, 9, 21), 25 * time.Hour},
		{"America/Santiago", calendar.MakeDate(2025, 9, 7), 23 * time.Hour},
		{"America/Santiago", calendar.MakeDate(2025, 4, 5), 25 * time.Hour},
		{"Australia/Lord_Howe", calendar.MakeDate(2025, 10, 5), 23*time.Hour + 30*time.Minute},
		{"Australia/Lord_Howe", calendar.MakeDate(2025, 4, 6), 24*time.Hour + 30*time.Minute},
		{"Pacific/Apia", calendar.MakeDate(2011, 12, 30), 0},
	}
	for _, tt := range days {
		office := calendar.Must(calendar.New(calendar.Config{Zone: tt.zone, Week: calendar.Every(calendar.HoursOf(9, 0, 17, 0))}))
		always := calendar.Must(calendar.New(calendar.Config{Zone: tt.zone, Week: calendar.Every(calendar.HoursOf(0, 0, 24, 0))}))
		loc := office.Location()
		noon := time.Date(tt.day.Year, tt.day.Month, tt.day.Day, 12, 0, 0, 0, loc)
		if tt.len == 0 {
			w, _ := office.Next(time.Date(2011, 12, 29, 18, 0, 0, 0, loc))
			if w.Day() != 31 || w.Hour() != 9 {
				t.Errorf("%s: after 2011-12-29 work resumes %v, want 2011-12-31 09:00", tt.zone, w)
			}
			continue
		}
		next, err := office.Next(noon.Add(-12 * time.Hour).Add(-6 * time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if h, m := next.Hour(), next.Minute(); h != 9 || m != 0 || calendar.DateOf(next) != tt.day {
			t.Errorf("%s %s: work starts %v, want 09:00 local", tt.zone, tt.day, next)
		}
		end, _ := office.Add(next, 8*time.Hour)
		if end.Hour() != 17 || calendar.DateOf(end) != tt.day {
			t.Errorf("%s %s: 8h after 09:00 is %v, want 17:00 local", tt.zone, tt.day, end)
		}
		s := firstInstantOf(t, always, tt.day)
		e := firstInstantOf(t, always, tt.day.AddDays(1))
		if got, _ := always.Between(s, e); got != tt.len {
			t.Errorf("%s %s: 24×7 counts %v in the day, want %v", tt.zone, tt.day, got, tt.len)
		}
		if got, _ := always.Add(s, tt.len); !got.Equal(e) {
			t.Errorf("%s %s: 24×7 Add(start of day, %v) = %v, want %v", tt.zone, tt.day, tt.len, got, e)
		}
	}
}

// firstInstantOf returns the first instant of local date d: midnight, or the
// change if midnight was skipped, found by scanning minutes.
func firstInstantOf(t *testing.T, c *calendar.Calendar, d calendar.Date) time.Time {
	t.Helper()
	at := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Add(-20 * time.Hour)
	for i := 0; i < 3*24*60; i++ {
		if calendar.DateOf(at.In(c.Location())) == d {
			return at
		}
		at = at.Add(time.Minute)
	}
	t.Fatalf("no instant of %s found", d)
	return time.Time{}
}

// TestTwentyFourSevenAcrossDST: the 24×7 preset counts real elapsed time,
// the same in any zone (rickar/cal's AddWorkHours is off by hours here).
func TestTwentyFourSevenAcrossDST(t *testing.T) {
	t.Parallel()
	cfg := calendar.TwentyFourSeven()
	cfg.Zone = "America/New_York"
	c := calendar.Must(calendar.New(cfg))
	loc := c.Location()
	start := time.Date(2025, 3, 8, 12, 0, 0, 0, loc)
	got, err := c.Add(start, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 3, 9, 13, 0, 0, 0, loc); !got.Equal(want) {
		t.Errorf("Add(Sat 12:00, 24h) = %v, want %v", got, want)
	}
	if d, _ := c.Between(start, time.Date(2025, 3, 9, 12, 0, 0, 0, loc)); d != 23*time.Hour {
		t.Errorf("Between(Sat 12:00, Sun 12:00) = %v, want 23h", d)
	}
	for _, y := range []int{1970, 2000, 2025, 2100} {
		a := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		b := a.AddDate(1, 0, 0)
		if d, _ := c.Between(a, b); d != b.Sub(a) {
			t.Errorf("24×7 year %d: %v, want %v", y, d, b.Sub(a))
		}
	}
}
