package calendar_test

import (
	"testing"

	"github.com/itsmkit/itsm/calendar"
)

// Equal configurations give equal fingerprints, in any calendar value; a
// change of any part gives another; a calendar of Go rules gives none; and a
// change to the Config after New changes nothing.
func TestFingerprint(t *testing.T) {
	t.Parallel()
	a := calendar.Must(calendar.New(calendar.ChinaOffice())).Fingerprint()
	if a == "" || a != calendar.Must(calendar.New(calendar.ChinaOffice())).Fingerprint() {
		t.Fatalf("two China office calendars: %q", a)
	}
	cfg := calendar.ChinaOffice()
	cfg.Holidays = append(cfg.Holidays, calendar.Holiday{Date: calendar.Date{Year: 2025, Month: 12, Day: 31}, Name: "Year-end closure"})
	c := calendar.Must(calendar.New(cfg))
	b := c.Fingerprint()
	if b == "" || b == a {
		t.Errorf("a holiday more: %q, the same as without: %v", b, b == a)
	}
	_ = c
	later := calendar.Must(calendar.New(cfg)) // fingerprinted only below
	cfg.Holidays[len(cfg.Holidays)-1].Name = "changed after New"
	if later.Fingerprint() != b {
		t.Error("a change to the Config after New changed the fingerprint")
	}
	cfg = calendar.ChinaOffice()
	cfg.Zone = "Asia/Hong_Kong"
	if calendar.Must(calendar.New(cfg)).Fingerprint() == a {
		t.Error("another zone, the same fingerprint")
	}
}
