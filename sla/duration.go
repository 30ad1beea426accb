package sla

import (
	"errors"
	"time"
)

// Duration is a time.Duration whose text form, in JSON and YAML, is a Go
// duration string such as "30m", "1h" or "1h30m".
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String returns d as a Go duration string, such as "1h30m0s".
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText returns d as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText parses a Go duration string ("30m", "1h", "90s").
func (d *Duration) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return errors.New("empty duration")
	}
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}
