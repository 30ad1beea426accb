package calendar_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/calendar"
)

// TestReadmeYAML builds the calendar the README shows in YAML, so the
// documentation cannot drift from what the package accepts.
func TestReadmeYAML(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not beside the module:", err)
	}
	_, rest, ok := strings.Cut(string(b), "```yaml\n# calendar.ParseConfig")
	if !ok {
		t.Fatal("README.md has no calendar in YAML")
	}
	doc, _, _ := strings.Cut(rest, "```")
	cfg, err := calendar.ParseConfig([]byte("#" + doc))
	if err != nil {
		t.Fatal(err)
	}
	c, err := calendar.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.KnownThrough() != calendar.ChinaKnownThrough {
		t.Errorf("KnownThrough = %d", c.KnownThrough())
	}
	// What the comments promise.
	loc := c.Location()
	for _, tc := range []struct {
		at      time.Time
		working bool
	}{
		{time.Date(2025, 9, 28, 16, 0, 0, 0, loc), true},   // a make-up Sunday, in its hours
		{time.Date(2025, 9, 28, 17, 30, 0, 0, loc), false}, // past them
		{time.Date(2025, 10, 3, 10, 0, 0, 0, loc), false},  // National Day
		{time.Date(2025, 12, 24, 11, 0, 0, 0, loc), true},  // the half day's morning
		{time.Date(2025, 12, 24, 14, 0, 0, 0, loc), false}, // its afternoon
		{time.Date(2025, 12, 31, 10, 0, 0, 0, loc), false}, // year-end closure
		{time.Date(2026, 8, 5, 10, 0, 0, 0, loc), false},   // inside the range
		{time.Date(2026, 8, 10, 10, 0, 0, 0, loc), true},   // after it
	} {
		if got, err := c.IsWorking(tc.at); err != nil || got != tc.working {
			t.Errorf("IsWorking(%v) = %v, %v; want %v", tc.at, got, err, tc.working)
		}
	}
	if _, err := c.IsWorking(time.Date(2027, 3, 1, 10, 0, 0, 0, loc)); !errors.Is(err, calendar.ErrBeyondKnown) {
		t.Errorf("IsWorking in 2027 = %v, want ErrBeyondKnown", err)
	}
}
