package sla

import (
	"errors"
	"strconv"
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

// UnmarshalText parses a Go duration string ("30m", "1h", "90s"). Anything
// else, a bare number included, fails with a message such as
// `"90" is not a duration such as 90m or 1h30m`.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return errors.New(strconv.Quote(string(b)) + " is not a duration such as 90m or 1h30m")
	}
	*d = Duration(v)
	return nil
}
