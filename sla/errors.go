package sla

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors returned by this package. Test for them with errors.Is; the
// typed errors below carry the details.
var (
	// ErrInvalidPolicy is matched by every error New and Load return for a bad
	// Config (a *PolicyError listing each problem).
	ErrInvalidPolicy = errors.New("sla: invalid policy")

	// ErrInvalidHistory is matched by errors about a history Evaluate cannot
	// read: facts out of time order, unknown attributes or statuses, malformed
	// values (a *HistoryError).
	ErrInvalidHistory = errors.New("sla: invalid history")

	// ErrCalendar is matched by errors a calendar returned while a clock was
	// measured (an instant outside the years it can answer for). The
	// calendar's own error is wrapped as well, so errors.Is also matches it.
	ErrCalendar = errors.New("sla: calendar cannot answer")
)

// errNoPolicy is returned for a nil Policy (one not made by New).
var errNoPolicy = &PolicyError{Problems: []Problem{{Path: "(policy)", Message: "nil; build one with New or Load"}}}

// Problem is one thing wrong with a policy: the path of the field, as it is
// spelled in JSON and YAML, and what is wrong with it.
type Problem struct {
	Path    string // e.g. "versions[0].rules[2].goals[1].goal"
	Message string // e.g. "must be positive"
}

// String returns "path: message".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// PolicyError lists every problem New found in a Config. It matches
// ErrInvalidPolicy.
type PolicyError struct {
	Problems []Problem // every problem, in the order found
}

// Error lists the problems: one after a colon, several one a line.
func (e *PolicyError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalidPolicy.Error())
	if len(e.Problems) == 1 {
		b.WriteString(": ")
		b.WriteString(e.Problems[0].String())
		return b.String()
	}
	b.WriteString(" (")
	b.WriteString(strconv.Itoa(len(e.Problems)))
	b.WriteString(" problems):")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidPolicy.
func (e *PolicyError) Is(target error) bool { return target == ErrInvalidPolicy }

// HistoryError reports the first fact of a history that Evaluate cannot read.
// It matches ErrInvalidHistory.
type HistoryError struct {
	Index   int    // position of the fact in the history
	Fact    Fact   // the fact itself
	Problem string // what is wrong, e.g. "is before the previous fact"
}

// Error names the fact by index and says what is wrong with it.
func (e *HistoryError) Error() string {
	return ErrInvalidHistory.Error() + ": fact " + strconv.Itoa(e.Index) + " (" + e.Fact.String() + "): " + e.Problem
}

// Is reports whether target is ErrInvalidHistory.
func (e *HistoryError) Is(target error) bool { return target == ErrInvalidHistory }

// CalendarError reports a calendar that could not answer while a target's
// clock was measured. It matches ErrCalendar and unwraps to the calendar's
// error.
type CalendarError struct {
	Target   string // the target being measured
	Calendar string // the calendar's name in the policy
	Err      error  // the calendar's error
}

// Error names the target and the calendar, with the calendar's error.
func (e *CalendarError) Error() string {
	return ErrCalendar.Error() + ": target " + strconv.Quote(e.Target) + ", calendar " + strconv.Quote(e.Calendar) + ": " + e.Err.Error()
}

// Is reports whether target is ErrCalendar.
func (e *CalendarError) Is(target error) bool { return target == ErrCalendar }

// Unwrap returns the calendar's error.
func (e *CalendarError) Unwrap() error { return e.Err }
