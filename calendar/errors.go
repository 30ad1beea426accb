package calendar

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors returned by this package. Test for them with errors.Is.
var (
	// ErrInvalidConfig is matched by every error New returns for a bad Config
	// (a *ConfigError listing each problem).
	ErrInvalidConfig = errors.New("calendar: invalid configuration")

	// ErrOutOfRange is matched by errors for instants outside the supported
	// years, MinYear through MaxYear, or results that would fall past them.
	ErrOutOfRange = errors.New("calendar: instant outside the supported years")

	// ErrBeyondKnown is matched by errors for instants past the last year whose
	// holiday data the calendar knows, when its Config says Beyond: BeyondError.
	ErrBeyondKnown = errors.New("calendar: beyond the years whose holidays are known")
)

// Problem is one thing wrong with a Config: the path of the field, as it is
// spelled in JSON and YAML, and what is wrong with it.
type Problem struct {
	Path    string // e.g. "week.monday[1]" or "holidays[3].to"
	Message string // e.g. "overlaps 09:00-12:00"
}

// String returns the problem as "path: message".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// ConfigError lists every problem New found in a Config. It matches
// ErrInvalidConfig.
type ConfigError struct {
	Problems []Problem // every problem found, each with its path
}

// Error lists the problems.
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalidConfig.Error())
	if len(e.Problems) == 1 {
		b.WriteString(": ")
		b.WriteString(e.Problems[0].String())
		return b.String()
	}
	fmt.Fprintf(&b, " (%d problems):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidConfig.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// YearError reports an instant in a year the calendar cannot answer for: one
// outside MinYear..MaxYear (it matches ErrOutOfRange), or one past the
// calendar's KnownThrough year when the calendar refuses to guess (it matches
// ErrBeyondKnown).
type YearError struct {
	Year         int // the local year that was needed
	KnownThrough int // the calendar's last known year, 0 if it has none
	beyond       bool
}

// Error says which year was needed and what the calendar knows.
func (e *YearError) Error() string {
	if e.beyond {
		return fmt.Sprintf("%v: year %d needed, holidays known through %d", ErrBeyondKnown, e.Year, e.KnownThrough)
	}
	return fmt.Sprintf("%v: year %d needed, supported %d–%d", ErrOutOfRange, e.Year, MinYear, MaxYear)
}

// Is reports whether target is the sentinel this error matches.
func (e *YearError) Is(target error) bool {
	if e.beyond {
		return target == ErrBeyondKnown
	}
	return target == ErrOutOfRange
}
