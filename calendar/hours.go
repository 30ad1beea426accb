package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Hours is a working window on the local wall clock: From inclusive, To
// exclusive, each an offset from local midnight with 0 ≤ From < To ≤ 24h.
// To = 24h ends the window at the next midnight. Windows may be given to the
// nanosecond. Its text form is "09:00-12:00" (seconds and fractions allowed:
// "08:59:30-12:00:00.5").
type Hours struct {
	From, To time.Duration // since the local midnight: the window's start and its end
}

// HoursOf returns the window from fromH:fromM to toH:toM, e.g. HoursOf(9, 0, 12, 0).
func HoursOf(fromH, fromM, toH, toM int) Hours {
	return Hours{
		From: time.Duration(fromH)*time.Hour + time.Duration(fromM)*time.Minute,
		To:   time.Duration(toH)*time.Hour + time.Duration(toM)*time.Minute,
	}
}

// String returns h as "09:00-12:00".
func (h Hours) String() string { return formatClock(h.From) + "-" + formatClock(h.To) }

// MarshalText returns h as "09:00-12:00".
func (h Hours) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText parses "09:00-12:00". It checks the form only; New checks the
// range and order.
func (h *Hours) UnmarshalText(b []byte) error {
	from, to, ok := strings.Cut(string(b), "-")
	if !ok {
		return fmt.Errorf("calendar: hours %q: want HH:MM-HH:MM", b)
	}
	f, err1 := parseClock(strings.TrimSpace(from))
	t, err2 := parseClock(strings.TrimSpace(to))
	if err1 != nil || err2 != nil {
		return fmt.Errorf("calendar: hours %q: want HH:MM-HH:MM (seconds optional, 24:00 allowed as an end)", b)
	}
	*h = Hours{From: f, To: t}
	return nil
}

func (h Hours) valid() string {
	switch {
	case h.From < 0 || h.From >= 24*time.Hour:
		return fmt.Sprintf("start %s is not a time of day", formatClock(h.From))
	case h.To <= 0 || h.To > 24*time.Hour:
		return fmt.Sprintf("end %s is not a time of day (24:00 is the latest)", formatClock(h.To))
	case h.To <= h.From:
		return fmt.Sprintf("%s ends before it starts", h)
	}
	return ""
}

// parseClock parses "HH:MM", "HH:MM:SS" or "HH:MM:SS.fraction".
func parseClock(s string) (time.Duration, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("bad clock %q", s)
	}
	h, err := strconv.Atoi(parts[0])
	if err != nil || len(parts[0]) != 2 || h > 24 {
		return 0, fmt.Errorf("bad hour in %q", s)
	}
	m, err := strconv.Atoi(parts[1])
	if err != nil || len(parts[1]) != 2 || m > 59 {
		return 0, fmt.Errorf("bad minute in %q", s)
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if len(parts) == 3 {
		sec, frac, hasFrac := strings.Cut(parts[2], ".")
		n, err := strconv.Atoi(sec)
		if err != nil || len(sec) != 2 || n > 59 {
			return 0, fmt.Errorf("bad second in %q", s)
		}
		d += time.Duration(n) * time.Second
		if hasFrac {
			if frac == "" || len(frac) > 9 {
				return 0, fmt.Errorf("bad fraction in %q", s)
			}
			f, err := strconv.Atoi(frac)
			if err != nil || f < 0 {
				return 0, fmt.Errorf("bad fraction in %q", s)
			}
			for i := len(frac); i < 9; i++ {
				f *= 10
			}
			d += time.Duration(f)
		}
	}
	if d > 24*time.Hour {
		return 0, fmt.Errorf("%q is past 24:00", s)
	}
	return d, nil
}

func formatClock(d time.Duration) string {
	neg := ""
	if d < 0 {
		neg, d = "-", -d
	}
	h := d / time.Hour
	m := d % time.Hour / time.Minute
	s := d % time.Minute / time.Second
	ns := d % time.Second
	switch {
	case ns != 0:
		frac := strings.TrimRight(fmt.Sprintf("%09d", int64(ns)), "0")
		return fmt.Sprintf("%s%02d:%02d:%02d.%s", neg, h, m, s, frac)
	case s != 0:
		return fmt.Sprintf("%s%02d:%02d:%02d", neg, h, m, s)
	}
	return fmt.Sprintf("%s%02d:%02d", neg, h, m)
}
