package calendar_test

import (
	"math/rand/v2"
	"testing"

	"github.com/itsmkit/itsm/calendar"
	"github.com/rickar/cal/v2/us"
)

// TestCompiledAsSlow checks that a compiled year, whose window ends are
// placed from the zone's stretches of constant offset, is the year placed
// end by end with wallInstant's search: every supported year in each zone,
// for windows around midnight and the small hours (where clocks change),
// office hours with US holidays, and random schedules with dated
// exceptions.
func TestCompiledAsSlow(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(41, 42))
	step := 1
	if testing.Short() {
		step = 7
	}
	for _, zone := range append(zones, "Europe/London", "America/Sao_Paulo", "Africa/Casablanca", "Pacific/Chatham", "Antarctica/Troll") {
		night := calendar.Config{Zone: zone, Week: calendar.Every(calendar.HoursOf(0, 0, 3, 0), calendar.HoursOf(22, 30, 24, 0))}
		night.Week.Sunday = []calendar.Hours{calendar.HoursOf(0, 0, 24, 0)}
		night.Week.Saturday = []calendar.Hours{{From: 1e9 + 3, To: 2*3600e9 + 59*60e9 + 5e8}, calendar.HoursOf(3, 0, 4, 0)}
		office := calendar.Config{Zone: zone, Week: calendar.Weekdays(calendar.HoursOf(9, 0, 12, 0), calendar.HoursOf(13, 0, 17, 0)), Rules: us.Holidays}
		random := withDatesIn(rng, randomConfig(rng, zone, 2000), calendar.MinYear, calendar.MaxYear)
		for _, cfg := range []calendar.Config{night, office, random} {
			c := calendar.Must(calendar.New(cfg))
			for y := calendar.MinYear + rng.IntN(step); y <= calendar.MaxYear; y += step {
				if diff := calendar.CompiledAsSlow(c, y); diff != "" {
					t.Fatalf("%s, year %d: %s\nconfig %+v", zone, y, diff, cfg)
				}
			}
		}
	}
}
