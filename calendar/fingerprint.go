package calendar

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"
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
		if c.cfg == nil || len(c.cfg.cfg.Rules) > 0 {
			return
		}
		cfg := c.cfg.cfg
		cfg.Holidays = c.cfg.unpack()
		b, err := json.Marshal(&cfg)
		if err != nil {
			return
		}
		sum := sha256.Sum256(append([]byte("itsm/calendar/v1\n"), b...))
		c.fp = hex.EncodeToString(sum[:16])
	})
	return c.fp
}

// kept is a copy of the Config a calendar was built from, for Fingerprint,
// sharing nothing the caller may change afterwards. Its holidays, which may
// be many, are packed without pointers: New copies them at a few bytes
// each, and the garbage collector need not scan them.
type kept struct {
	cfg      Config        // as given, but for Holidays
	holidays []keptHoliday // Holidays, packed
	names    []string      // their names, one for each run of equal names
}

// keptHoliday is a Holiday New validated, packed into 64 bits: from the
// low bits, its date (21 bits, as packDate), whether it has a To (1 bit),
// the days from Date to To (9 bits; a range is at most 366 days) and the
// index of its name in kept.names (32 bits).
type keptHoliday uint64

func packHoliday(h *Holiday, name int) keptHoliday {
	p := keptHoliday(packDate(h.Date)) | keptHoliday(name)<<32
	if h.To != (Date{}) {
		p |= 1<<21 | keptHoliday(h.To.days()-h.Date.days())<<22
	}
	return p
}

// packDate packs a valid date of a supported year into 21 bits.
func packDate(d Date) uint32 { return uint32(d.Year)<<9 | uint32(d.Month)<<5 | uint32(d.Day) }

func unpackDate(p uint32) Date { return Date{int(p >> 9), time.Month(p >> 5 & 15), int(p & 31)} }

// unpack returns the holidays of k as they were given.
func (k *kept) unpack() []Holiday {
	if k.holidays == nil {
		return nil
	}
	out := make([]Holiday, len(k.holidays))
	for i, p := range k.holidays {
		h := Holiday{Date: unpackDate(uint32(p) & (1<<21 - 1)), Name: k.names[p>>32]}
		if p&(1<<21) != 0 {
			h.To = dateOfDays(h.Date.days() + int64(p>>22&(1<<9-1)))
		}
		out[i] = h
	}
	return out
}

// keep completes k, whose holidays validate packed, with a copy of the rest
// of cfg, a Config New validated, for Fingerprint.
func keep(cfg Config, k *kept) *kept {
	k.cfg = cfg
	k.cfg.Holidays = nil
	c := &k.cfg
	c.Days = slices.Clone(cfg.Days)
	for i := range c.Days {
		c.Days[i].Hours = slices.Clone(c.Days[i].Hours)
	}
	c.Notices = slices.Clone(cfg.Notices)
	for i := range c.Notices {
		c.Notices[i].Off = slices.Clone(c.Notices[i].Off)
		c.Notices[i].Work = slices.Clone(c.Notices[i].Work)
	}
	c.Countries = slices.Clone(cfg.Countries)
	c.Rules = slices.Clone(cfg.Rules)
	c.MakeUpHours = slices.Clone(cfg.MakeUpHours)
	w := &c.Week
	for _, d := range []*[]Hours{&w.Monday, &w.Tuesday, &w.Wednesday, &w.Thursday, &w.Friday, &w.Saturday, &w.Sunday} {
		*d = slices.Clone(*d)
	}
	return k
}
