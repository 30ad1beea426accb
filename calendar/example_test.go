package calendar_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// A P3 incident registered in Beijing on the afternoon before Golden Week
// must be resolved within 3 hours of working time.
func Example() {
	office, err := calendar.New(calendar.ChinaOffice())
	if err != nil {
		panic(err)
	}
	registered := time.Date(2025, 9, 30, 16, 30, 0, 0, office.Location())
	deadline, err := office.Add(registered, 3*time.Hour)
	if err != nil {
		panic(err)
	}
	fmt.Println("deadline:", deadline.Format("Mon 2006-01-02 15:04"))

	name, _ := office.Holiday(time.Date(2025, 10, 3, 12, 0, 0, 0, office.Location()))
	fmt.Println("3 October:", name)
	// Output:
	// deadline: Thu 2025-10-09 10:30
	// 3 October: 中秋节、国庆节 Mid-Autumn Festival and National Day
}

// A deadline that falls exactly on the end of a window is that end: one hour
// from 11:00 is 12:00, not 13:30 after lunch.
func ExampleCalendar_Add() {
	office := calendar.Must(calendar.New(calendar.ChinaOffice()))
	at := time.Date(2025, 10, 9, 11, 0, 0, 0, office.Location())
	for _, d := range []time.Duration{time.Hour, time.Hour + time.Nanosecond, -3 * time.Hour} {
		t, _ := office.Add(at, d)
		fmt.Printf("%v → %s\n", d, t.Format("01-02 15:04:05.000000000"))
	}
	// Output:
	// 1h0m0s → 10-09 12:00:00.000000000
	// 1h0m0.000000001s → 10-09 13:30:00.000000001
	// -3h0m0s → 09-30 17:00:00.000000000
}

// Windows lists the working time in a range, for drawing a timeline.
func ExampleCalendar_Windows() {
	office := calendar.Must(calendar.New(calendar.ChinaOffice()))
	loc := office.Location()
	// Friday 10 October 2025 to Monday the 13th: Saturday is a make-up day.
	for w, err := range office.Windows(time.Date(2025, 10, 10, 15, 0, 0, 0, loc), time.Date(2025, 10, 13, 10, 0, 0, 0, loc)) {
		if err != nil {
			panic(err)
		}
		fmt.Println(w.Start.Format("Mon 15:04"), "–", w.End.Format("15:04"))
	}
	// Output:
	// Fri 15:00 – 18:00
	// Sat 09:00 – 12:00
	// Sat 13:30 – 18:00
	// Mon 09:00 – 10:00
}

// On the day New York's clocks spring forward, 09:00 is still 09:00.
func ExampleCalendar_Next() {
	c := calendar.Must(calendar.New(calendar.Config{
		Zone: "America/New_York",
		Week: calendar.Every(calendar.HoursOf(9, 0, 17, 0)),
	}))
	start, _ := c.Next(time.Date(2025, 3, 9, 0, 0, 0, 0, c.Location()))
	fmt.Println(start, "=", start.UTC().Format("15:04 UTC"))
	// Output:
	// 2025-03-09 09:00:00 -0400 EDT = 13:00 UTC
}

// A calendar described in YAML (or JSON): a support desk in Berlin with a
// short Saturday, German holidays and a half day on Christmas Eve.
func ExampleParseConfig() {
	cfg, err := calendar.ParseConfig([]byte(`
zone: Europe/Berlin
week:
  monday:    ["08:00-12:00", "13:00-17:00"]
  tuesday:   ["08:00-12:00", "13:00-17:00"]
  wednesday: ["08:00-12:00", "13:00-17:00"]
  thursday:  ["08:00-12:00", "13:00-17:00"]
  friday:    ["08:00-12:00", "13:00-17:00"]
  saturday:  ["09:00-13:00"]
countries: [de]
days:
  - {date: 2025-12-24, hours: ["08:00-12:00"], name: Heiligabend}
`))
	if err != nil {
		panic(err)
	}
	c, err := calendar.New(cfg)
	if err != nil {
		panic(err)
	}
	// Monday and Tuesday 8h, Christmas Eve 4h, the 25th and 26th are
	// holidays, Saturday 4h.
	from := time.Date(2025, 12, 22, 0, 0, 0, 0, c.Location())
	week, _ := c.Between(from, from.AddDate(0, 0, 7))
	fmt.Println("working time, week of Christmas 2025:", week)
	// Output:
	// working time, week of Christmas 2025: 24h0m0s
}

// Offsets measure many spans against one instant at the price of one search
// each: which of three tickets, registered at different times with
// different working-time goals, falls due first, and when.
func ExampleCalendar_Offset() {
	office := calendar.Must(calendar.New(calendar.ChinaOffice()))
	bj := func(day, h, m int) time.Time { return time.Date(2025, 9, day, h, m, 0, 0, office.Location()) }
	tickets := []struct {
		registered time.Time
		goal       time.Duration
	}{
		{bj(29, 9, 0), 16 * time.Hour},
		{bj(30, 11, 0), 4 * time.Hour},
		{bj(30, 16, 30), 2 * time.Hour},
	}
	first := time.Duration(-1)
	for _, t := range tickets {
		o, err := office.Offset(t.registered)
		if err != nil {
			panic(err)
		}
		if due := o + t.goal; first < 0 || due < first {
			first = due
		}
	}
	at, _ := office.AtOffset(first)
	fmt.Println("first deadline:", at.Format("Mon 2006-01-02 15:04"))
	// Output:
	// first deadline: Tue 2025-09-30 16:30
}
