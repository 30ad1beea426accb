package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestDayIndex sets random dates to random rules, each date several times,
// rules past the 16-bit entries included, and reads every date of the
// supported years back against a map.
func TestDayIndex(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(31, 32))
	var x dayIndex
	want := map[Date]int32{}
	first, last := MakeDate(MinYear, 1, 1).days(), MakeDate(MaxYear, 12, 31).days()
	for range 20000 {
		d := dateOfDays(first + rng.Int64N(last-first+1))
		if rng.IntN(3) == 0 {
			d = dateOfDays(first + rng.Int64N(800)) // some dates set again and again
		}
		r := rng.Int32N(1 << 17)
		x.set(d, r)
		want[d] = r
	}
	if x.n != len(want) {
		t.Errorf("%d dates counted, %d set", x.n, len(want))
	}
	for k := first; k <= last; k++ {
		d := dateOfDays(k)
		if dayOfYear(d) != int(k-MakeDate(d.Year, 1, 1).days()) {
			t.Fatalf("dayOfYear(%v) = %d", d, dayOfYear(d))
		}
		r, ok := x.get(d)
		w, wok := want[d]
		if ok != wok || ok && r != w {
			t.Fatalf("%v: rule %d, %v; set %d, %v", d, r, ok, w, wok)
		}
	}
	for _, d := range []Date{MakeDate(2025, 2, 29), MakeDate(MinYear-1, 5, 1), MakeDate(MaxYear+1, 5, 1)} {
		if _, ok := x.get(d); ok {
			t.Errorf("%v: found", d)
		}
	}
}

// TestManyRules builds a calendar of more dated entries with hours of their
// own than 16 bits count, and checks that every date keeps its own hours,
// and that the years' totals agree with their compiled intervals.
func TestManyRules(t *testing.T) {
	t.Parallel()
	cfg := Config{Zone: "Europe/Berlin", Week: Weekdays(HoursOf(9, 0, 17, 0))}
	start := MakeDate(1950, 1, 1)
	for i := range 70000 {
		h := Hours{From: time.Duration(i%600) * time.Minute, To: 20 * time.Hour}
		cfg.Days = append(cfg.Days, Day{Date: start.AddDays(i), Hours: []Hours{h}, Name: "day"})
	}
	cfg.Holidays = []Holiday{{Date: start.AddDays(70000), Name: "closed at last"}}
	c := Must(New(cfg))
	for _, i := range []int{0, 1, 65533, 65534, 65535, 65536, 69998} {
		d := start.AddDays(i)
		_, hs, ok := c.OwnHours(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, c.Location()))
		if !ok || len(hs) != 1 || hs[0] != cfg.Days[i].Hours[0] {
			t.Errorf("%v (days[%d]): own hours %v, %v; want %v", d, i, hs, ok, cfg.Days[i].Hours)
		}
	}
	last := start.AddDays(70000)
	if name, ok := c.Holiday(time.Date(last.Year, last.Month, last.Day, 12, 0, 0, 0, c.Location())); !ok || name != "closed at last" {
		t.Errorf("%v: holiday %q, %v", last, name, ok)
	}
	for _, y := range []int{1950, 2029, 2129, 2141, 2142} {
		if got, want := YearTotals(c, y); got != want {
			t.Errorf("year %d: total %v, compiled %v", y, time.Duration(got), time.Duration(want))
		}
	}
}
