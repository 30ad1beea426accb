package sla

import (
	"time"
)

// Record is one record's history, with an id for reports.
type Record struct {
	ID      string  `json:"id"`      // the record's id, as reports name it
	History History `json:"history"` // the record's facts, in order
}

// Flip is a target whose outcome differs between two policies.
type Flip struct {
	ID     string `json:"id"`     // the record's id
	Target string `json:"target"` // the target's name
	// Before and After are the statuses under the old and the new policy.
	Before Status `json:"before"`
	After  Status `json:"after"` // the status under the new policy
}

// DryRun evaluates every record at now under the old and the new policy and
// returns the targets whose state differs (met under one and breached under
// the other, or still running under one and already breached under the
// other), in the order of records and targets. Targets that apply under only
// one of the policies are not compared.
//
// Use it before changing a policy, or a calendar: build the new policy from
// the same Config with the changed calendars, and see which past records an
// SLA repair would flip. The first record that cannot be evaluated stops
// the run with its error, wrapped in a *RecordError.
func DryRun(records []Record, old, new *Policy, now time.Time) ([]Flip, error) {
	var flips []Flip
	for _, r := range records {
		a, err := old.Evaluate(r.History, now)
		if err != nil {
			return nil, &RecordError{ID: r.ID, Err: err}
		}
		b, err := new.Evaluate(r.History, now)
		if err != nil {
			return nil, &RecordError{ID: r.ID, Err: err}
		}
		for _, s := range a.Targets {
			t, ok := b.Target(s.Target)
			if ok && t.State != s.State {
				flips = append(flips, Flip{ID: r.ID, Target: s.Target, Before: s, After: t})
			}
		}
	}
	return flips, nil
}

// RecordError is an error evaluating one record of a DryRun. It unwraps to
// the error, so errors.Is matches ErrInvalidHistory or ErrCalendar.
type RecordError struct {
	ID  string // the record's id
	Err error  // the error evaluating it
}

// Error returns "sla: record <id>: " and the error.
func (e *RecordError) Error() string { return "sla: record " + e.ID + ": " + e.Err.Error() }

// Unwrap returns the error.
func (e *RecordError) Unwrap() error { return e.Err }
