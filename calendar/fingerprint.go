package calendar

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// Fingerprint returns a digest of the configuration the calendar was built
// from: two calendars with the same fingerprint answer every question the
// same way, in this process or another. A service that keeps what it has
// computed with a calendar (the SLA clocks a Desk folds into a ticket's
// checkpoint) keys it by the fingerprint, and recomputes when the calendar
// changed. It returns "" for a calendar whose answers no digest captures:
// one with holiday rules given as Go values (Config.Rules), whose functions
// cannot be compared.
func (c *Calendar) Fingerprint() string {
	c.fpOnce.Do(func() {
		if c.cfg == nil || len(c.cfg.Rules) > 0 {
			return
		}
		b, err := json.Marshal(c.cfg)
		if err != nil {
			return
		}
		sum := sha256.Sum256(append([]byte("itsm/calendar/v1\n"), b...))
		c.fp = hex.EncodeToString(sum[:16])
	})
	return c.fp
}

// keep returns a copy of cfg for Fingerprint, sharing nothing the caller
// may change afterwards.
func keep(cfg Config) *Config {
	k := cfg
	k.Holidays = slices.Clone(cfg.Holidays)
	k.Days = slices.Clone(cfg.Days)
	for i := range k.Days {
		k.Days[i].Hours = slices.Clone(k.Days[i].Hours)
	}
	k.Notices = slices.Clone(cfg.Notices)
	for i := range k.Notices {
		k.Notices[i].Off = slices.Clone(k.Notices[i].Off)
		k.Notices[i].Work = slices.Clone(k.Notices[i].Work)
	}
	k.Countries = slices.Clone(cfg.Countries)
	k.Rules = slices.Clone(cfg.Rules)
	k.MakeUpHours = slices.Clone(cfg.MakeUpHours)
	w := &k.Week
	for _, d := range []*[]Hours{&w.Monday, &w.Tuesday, &w.Wednesday, &w.Thursday, &w.Friday, &w.Saturday, &w.Sunday} {
		*d = slices.Clone(*d)
	}
	return &k
}
