package calendar_test

import (
	"os"
	"strings"
	"testing"

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
	_, rest, ok := strings.Cut(string(b), "```yaml\nzone:")
	if !ok {
		t.Fatal("README.md has no calendar in YAML")
	}
	doc, _, _ := strings.Cut(rest, "```")
	cfg, err := calendar.ParseConfig([]byte("zone:" + doc))
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
}
