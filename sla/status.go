package sla

import (
	"time"
)

// State is the state of a target's clock at an instant.
type State uint8

const (
	// NotStarted: no start event has happened yet (or a reset cleared it).
	NotStarted State = iota
	// Running: the clock counts, and the goal has not been reached.
	Running
	// Paused: the clock has started and does not count now; the goal has not
	// been reached.
	Paused
	// Met: the clock stopped at or before its deadline (on time).
	Met
	// Breached: the deadline passed while the clock had not stopped. The
	// clock may still be running or paused (overdue) or have stopped late.
	Breached
)

var stateNames = [...]string{"not_started", "running", "paused", "met", "breached"}

// String returns "not_started", "running", "paused", "met" or "breached".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "state(" + itoa(int(s)) + ")"
}

// MarshalText returns the text of s.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses the text of a State.
func (s *State) UnmarshalText(b []byte) error {
	for i, n := range stateNames {
		if n == string(b) {
			*s = State(i)
			return nil
		}
	}
	return &unknownState{string(b)}
}

type unknownState struct{ s string }

func (e *unknownState) Error() string { return "sla: unknown state " + e.s }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

// Status is the status of one target at the instant Evaluate was asked
// about.
//
// The fields an evaluator scanning many statuses reads (package
// escalation's, over every open ticket) come first, within 128 bytes; the
// JSON form lists the keys in reading order (MarshalJSON).
type Status struct {
	// Target is the target's name.
	Target string `json:"target"`
	// State is the clock's state.
	State State `json:"state"`
	// Goal is the working time allowed, from the rule that matches the record
	// now (or, for a stopped clock, when it stopped).
	Goal time.Duration `json:"goal,omitzero"`
	// Elapsed is the working time counted so far in this cycle.
	Elapsed time.Duration `json:"elapsed,omitzero"`
	// Started is when the current cycle started; zero if not started.
	Started time.Time `json:"started,omitzero"`
	// Stopped is when the clock stopped; zero while it has not.
	Stopped time.Time `json:"stopped,omitzero"`
	// PausedBy says why a paused clock does not count: the status it is
	// paused in, or the attribute value ("tier=l3").
	PausedBy string `json:"paused_by,omitempty"`
	// Calendar names the calendar the clock counts in.
	Calendar string `json:"calendar,omitempty"`
	// Cycle counts the clock's cycles: 1 for the first, more after a reset, a
	// restart on reopen or a restart on a change of priority; 0 if it never
	// started.
	Cycle int `json:"cycle,omitempty"`
	// Version is the index of the policy version that measures the clock:
	// the one in force when the clock first started (before it starts, the
	// one in force when the record was opened).
	Version int `json:"version"`
	// Rule is the name of the rule that gave the goal.
	Rule string `json:"rule,omitempty"`
	// Remaining is Goal − Elapsed: negative once overdue.
	Remaining time.Duration `json:"remaining,omitzero"`
	// PausedFor is the working time of the calendar during which the started
	// clock was paused (time it did not count).
	PausedFor time.Duration `json:"paused_for,omitzero"`
	// Deadline is the instant the elapsed time reaches (or reached) the
	// goal. While paused it is projected as if the clock resumed now; once
	// breached it is the breach instant; for a stopped clock it is the
	// deadline as it stood when it stopped. Zero if not started.
	Deadline time.Time `json:"deadline,omitzero"`
	// Breached is the instant the clock breached; zero if it has not.
	Breached time.Time `json:"breached,omitzero"`
	// Stage is the last warning stage reached, "" if none; StageAt is when.
	Stage   string    `json:"stage,omitempty"`
	StageAt time.Time `json:"stage_at,omitzero"` // when Stage was reached; zero if none
	// NextStage is the next warning stage and NextStageAt when it falls if
	// the clock keeps running; both zero when there is none, and while the
	// clock is paused or stopped (stages never fall while paused).
	NextStage   string    `json:"next_stage,omitempty"`
	NextStageAt time.Time `json:"next_stage_at,omitzero"` // when NextStage falls if the clock keeps running
}

// OnTime reports whether the clock stopped on time (是否按时响应 for a
// response, 处理是否超时 negated for a resolution). It is false while the
// clock has not stopped; see Late for a clock that is already overdue.
func (s Status) OnTime() bool { return s.State == Met }

// Late reports whether the clock has breached, stopped or not.
func (s Status) Late() bool { return s.State == Breached }

// Result is what Evaluate returns: the status of every target that applies
// to the record at the instant asked about.
type Result struct {
	// Now is the instant the result is for.
	Now time.Time `json:"now"`
	// Version is the index of the policy version in force when the record
	// was opened (its first fact), and Effective its effective instant. It
	// gives the rules of Rule; each target's clock is measured by the
	// version in force when the clock first started (Status.Version).
	Version   int       `json:"version"`
	Effective time.Time `json:"effective,omitzero"` // when that version took effect; zero for "from the beginning"
	// Rule is the name of the rule matching the record now; "" when no rule
	// matches (or the rule has no name), and then no target applies unless
	// it stopped under an earlier rule.
	Rule string `json:"rule,omitempty"`
	// Targets are the statuses, in the order of the version's targets. A
	// target applies while a rule gives it a goal, or once it has stopped
	// with one.
	Targets []Status `json:"targets,omitempty"`
	// Next is the next instant at which a status changes without a new fact:
	// a stage falls or a deadline passes on a running clock. Zero when
	// nothing is scheduled (every clock is paused, stopped, not started or
	// already breached). A scheduler wakes the record up at Next.
	Next time.Time `json:"next,omitzero"`
}

// Target returns the status of the named target, if it applies.
func (r *Result) Target(name string) (Status, bool) {
	for _, s := range r.Targets {
		if s.Target == name {
			return s, true
		}
	}
	return Status{}, false
}
