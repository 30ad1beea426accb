package calendar_test

import (
	"testing"

	"github.com/itsmkit/itsm/calendar"
)

// TestFingerprintGolden pins the fingerprints of a few configurations:
// fingerprints are kept with what was computed (a ticket's checkpoint), so
// the same configuration must give the same digest in every version.
func TestFingerprintGolden(t *testing.T) {
	t.Parallel()
	many := calendar.ChinaOffice()
	start := calendar.MakeDate(calendar.MinYear, 1, 1)
	for i := range 3000 {
		h := calendar.Holiday{Date: start.AddDays(i * 29), Name: []string{"closed", "closed", "stocktaking", ""}[i%4]}
		if i%7 == 0 {
			h.To = h.Date.AddDays(i % 5)
		}
		many.Holidays = append(many.Holidays, h)
	}
	empty := calendar.ChinaOffice()
	empty.Holidays = []calendar.Holiday{}
	for _, c := range []struct {
		name string
		cfg  calendar.Config
		want string
	}{
		{"china office", calendar.ChinaOffice(), "7d7ec4ae7f68d6d70de59bb128d9834d"},
		{"24/7", calendar.TwentyFourSeven(), "85554f5ebba64274449611ca3712b588"},
		{"empty holidays", empty, "7d7ec4ae7f68d6d70de59bb128d9834d"},
		{"many holidays", many, "db8080398f704841ff61abfc3ae7289a"},
	} {
		if got := calendar.Must(calendar.New(c.cfg)).Fingerprint(); got != c.want {
			t.Errorf("%s: fingerprint %q, want %q", c.name, got, c.want)
		}
	}
}
