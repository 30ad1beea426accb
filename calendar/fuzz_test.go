package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// FuzzCalendar builds a random schedule, zone, holidays and exceptions from
// the fuzzer's seed and checks every operation at a random instant against
// the slow reference, and Between(t, Add(t, d)) == d.
func FuzzCalendar(f *testing.F) {
	f.Add(uint64(1), uint8(0), uint8(15), int64(8*time.Hour))
	f.Add(uint64(2), uint8(6), uint8(1), int64(48*time.Hour))    // Apia, 2011
	f.Add(uint64(3), uint8(3), uint8(12), int64(30*time.Minute)) // Tehran, 2022
	f.Add(uint64(4), uint8(5), uint8(15), int64(time.Second))    // Lord Howe
	f.Add(uint64(5), uint8(4), uint8(15), int64(100*time.Hour))  // Santiago
	f.Fuzz(func(t *testing.T, seed uint64, zone uint8, year uint8, d int64) {
		rng := rand.New(rand.NewPCG(seed, uint64(year)))
		y := 2010 + int(year)%18
		cfg := randomConfig(rng, zones[int(zone)%len(zones)], y)
		c, err := calendar.New(cfg)
		if err != nil {
			t.Fatalf("New(%+v): %v", cfg, err)
		}
		dd := time.Duration(d) % (300 * time.Hour)
		if dd < 0 {
			dd = -dd
		}
		checkAgainstRef(t, cfg, c, newRef(cfg), randomInstant(rng, c.Location(), y), dd)
	})
}
