package calendar_test

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// TestLooseYear queries a calendar near, then within a far year, which it
// compiles away from its axis, and compares every answer with a calendar
// that compiled every year between: Add, Next and Between that stay in the
// far year (across its DST changes, holidays and dated exceptions), Add
// that leaves it, IsWorking, Holiday and Windows; then offsets, which place
// the far year on the axis.
func TestLooseYear(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(51, 52))
	n := 60
	if testing.Short() {
		n = 15
	}
	for i := range n {
		zone := zones[i%len(zones)]
		near := 1990 + rng.IntN(50)
		far := near + 3 + rng.IntN(100)
		if rng.IntN(3) == 0 {
			far = near - 3 - rng.IntN(80)
		}
		far = min(max(far, calendar.MinYear+1), calendar.MaxYear-1)
		cfg := randomConfig(rng, zone, far)
		if len(cfg.Week.Monday) == 0 {
			cfg.Week.Monday = []calendar.Hours{calendar.HoursOf(9, 0, 17, 0)}
		}
		cfg = withDatesIn(rng, cfg, far, far)
		if rng.IntN(3) == 0 {
			cfg.Notices = []calendar.Notice{{Year: far,
				Off:  []calendar.Holiday{{Date: calendar.MakeDate(far, 5, 1), To: calendar.MakeDate(far, 5, 5), Name: "Labour Day"}},
				Work: []calendar.Date{calendar.MakeDate(far, 4, 26)}}}
		}
		if i%4 == 3 && far > near {
			// Nothing past the year after the far one: Adds that leave
			// it fail, as they do for a calendar of every year.
			cfg.KnownThrough, cfg.Beyond = far+1, calendar.BeyondError
		}
		ref := calendar.Must(calendar.NewCompilingEveryYear(cfg))
		c := calendar.Must(calendar.New(cfg))
		loc := c.Location()
		a := randomInstant(rng, loc, near)
		for _, k := range []*calendar.Calendar{ref, c} {
			if _, err := k.Offset(a); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ref.Offset(randomInstant(rng, loc, far)); err != nil { // every year between on ref's axis
			t.Fatal(err)
		}
		mid := time.Date(far, 7, 1, 12, 0, 0, 0, loc)
		if _, err := c.IsWorking(mid); err != nil {
			t.Fatal(err)
		}
		if ys := calendar.LooseYears(c); !slices.Equal(ys, []int{far}) {
			t.Errorf("%s: near %d, far %d: loose years %v", zone, near, far, ys)
		}
		for range 30 {
			x := randomInstant(rng, loc, far)
			y := randomInstant(rng, loc, far)
			d := time.Duration(rng.Int64N(int64(400*time.Hour))) - 200*time.Hour
			switch rng.IntN(6) {
			case 0:
				d = 0
			case 1:
				d *= 30 // out of the year, and past the known years
			}
			want, werr := ref.Add(x, d)
			if got, err := c.Add(x, d); (err == nil) != (werr == nil) || !got.Equal(want) {
				t.Fatalf("%s: Add(%v, %v) = %v, %v; every year compiled %v, %v", zone, x, d, got, err, want, werr)
			}
			wn, werr := ref.Next(x)
			if got, err := c.Next(x); (err == nil) != (werr == nil) || !got.Equal(wn) {
				t.Fatalf("%s: Next(%v) = %v, %v; every year compiled %v, %v", zone, x, got, err, wn, werr)
			}
			wb, _ := ref.Between(x, y)
			if got, err := c.Between(x, y); err != nil || got != wb {
				t.Fatalf("%s: Between(%v, %v) = %v, %v; every year compiled %v", zone, x, y, got, err, wb)
			}
			ww, _ := ref.IsWorking(x)
			if got, err := c.IsWorking(x); err != nil || got != ww {
				t.Fatalf("%s: IsWorking(%v) = %v, %v; every year compiled %v", zone, x, got, err, ww)
			}
			hn, hok := ref.Holiday(x)
			if name, ok := c.Holiday(x); ok != hok || name != hn {
				t.Fatalf("%s: Holiday(%v) = %q, %v; every year compiled %q, %v", zone, x, name, ok, hn, hok)
			}
			from, to := x, x.Add(time.Duration(rng.Int64N(int64(20*24*time.Hour))))
			var got, wantW []calendar.Window
			for w, err := range c.Windows(from, to) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, w)
			}
			for w := range ref.Windows(from, to) {
				wantW = append(wantW, w)
			}
			if !slices.EqualFunc(got, wantW, func(a, b calendar.Window) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }) {
				t.Fatalf("%s: Windows(%v, %v) = %v; every year compiled %v", zone, from, to, got, wantW)
			}
		}
		// Offsets place the far year on the axis: differences as ref's.
		x := randomInstant(rng, loc, far)
		ox, err1 := c.Offset(x)
		oa, err2 := c.Offset(a)
		rx, _ := ref.Offset(x)
		ra, _ := ref.Offset(a)
		if err1 != nil || err2 != nil || ox-oa != rx-ra {
			t.Fatalf("%s: Offset(%v) - Offset(%v) = %v (%v, %v); every year compiled %v", zone, x, a, ox-oa, err1, err2, rx-ra)
		}
		for _, d := range []time.Duration{0, time.Hour, -time.Hour, 100 * time.Hour} {
			at, err := c.AtOffset(ox + d)
			wat, werr := ref.AtOffset(rx + d)
			if (err == nil) != (werr == nil) || !at.Equal(wat) {
				t.Fatalf("%s: AtOffset(Offset(%v) + %v) = %v, %v; every year compiled %v, %v", zone, x, d, at, err, wat, werr)
			}
		}
	}
}

// TestConcurrentFarQueries queries a fresh calendar from many goroutines at
// once, near and in far years, with queries that stay in a far year (which
// compile it loose) and ones that need its place on the axis (offsets,
// spans from near to far), and compares every answer with one computed
// alone on a calendar that compiled every year between. Run with -race.
func TestConcurrentFarQueries(t *testing.T) {
	t.Parallel()
	cfg := calendar.Config{
		Zone:     "Europe/Berlin",
		Week:     calendar.Weekdays(calendar.HoursOf(9, 0, 12, 0), calendar.HoursOf(13, 0, 17, 0)),
		Holidays: []calendar.Holiday{{Date: calendar.MakeDate(2090, 3, 30), To: calendar.MakeDate(2090, 4, 3), Name: "closed"}},
		Days:     []calendar.Day{{Date: calendar.MakeDate(2120, 10, 29), Hours: []calendar.Hours{calendar.HoursOf(0, 0, 4, 0)}}},
	}
	ref := calendar.Must(calendar.NewCompilingEveryYear(cfg))
	loc := ref.Location()
	near := time.Date(2026, 3, 17, 10, 0, 0, 0, loc)
	if _, err := ref.Offset(near); err != nil {
		t.Fatal(err)
	}
	type q struct {
		at time.Time
		d  time.Duration
	}
	var qs []q
	for i, y := range []int{2026, 2090, 2120, 1950, 2101, 2090, 2120, 2149} {
		for k := range 6 {
			qs = append(qs, q{time.Date(y, time.Month(1+(i+k*5)%12), 1+k*4, k*4, 30, 0, 0, loc), time.Duration(k*k*37-300) * time.Hour})
		}
	}
	type answer struct {
		add     time.Time
		between time.Duration
		offset  time.Duration
	}
	want := make([]answer, len(qs))
	on, _ := ref.Offset(near)
	for i, q := range qs {
		want[i].add, _ = ref.Add(q.at, q.d)
		want[i].between, _ = ref.Between(near, q.at)
		o, _ := ref.Offset(q.at)
		want[i].offset = o - on
	}
	for round := range 4 {
		c := calendar.Must(calendar.New(cfg))
		if _, err := c.Add(near, time.Hour); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for k := range qs {
					i := (k*7 + g*11 + round) % len(qs)
					q := qs[i]
					switch (g + k) % 3 {
					case 0:
						if got, err := c.Add(q.at, q.d); err != nil || !got.Equal(want[i].add) {
							t.Errorf("Add(%v, %v) = %v, %v concurrently; %v alone", q.at, q.d, got, err, want[i].add)
						}
					case 1:
						if got, err := c.Between(near, q.at); err != nil || got != want[i].between {
							t.Errorf("Between(%v, %v) = %v, %v concurrently; %v alone", near, q.at, got, err, want[i].between)
						}
					default:
						o, err1 := c.Offset(q.at)
						n, err2 := c.Offset(near)
						if err1 != nil || err2 != nil || o-n != want[i].offset {
							t.Errorf("Offset(%v) - Offset(near) = %v (%v, %v) concurrently; %v alone", q.at, o-n, err1, err2, want[i].offset)
						}
					}
				}
			})
		}
		wg.Wait()
	}
}
