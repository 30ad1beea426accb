package sla

import (
	"encoding/json"
	"time"
)

// The JSON form of the result types (see the package documentation):
// the field tags name the keys, and the types with time.Duration fields
// marshal them through Duration, as Go duration strings, with the methods
// below. Status goes through statusJSON, which lists its keys; the others
// through a copy of the type without methods (span, tierTime), whose
// duration fields the outer fields of the same key hide.

type (
	span     Span
	tierTime TierTime
)

// statusJSON is the JSON form of a Status, its keys in the order a reader
// wants them: Status orders its fields for the evaluators that read many
// of them (what they read first, in two cache lines).
type statusJSON struct {
	Target      string    `json:"target"`
	Version     int       `json:"version"`
	Rule        string    `json:"rule,omitempty"`
	State       State     `json:"state"`
	Calendar    string    `json:"calendar,omitempty"`
	Cycle       int       `json:"cycle,omitempty"`
	Started     time.Time `json:"started,omitzero"`
	Stopped     time.Time `json:"stopped,omitzero"`
	Deadline    time.Time `json:"deadline,omitzero"`
	Breached    time.Time `json:"breached,omitzero"`
	Stage       string    `json:"stage,omitempty"`
	StageAt     time.Time `json:"stage_at,omitzero"`
	NextStage   string    `json:"next_stage,omitempty"`
	NextStageAt time.Time `json:"next_stage_at,omitzero"`
	PausedBy    string    `json:"paused_by,omitempty"`
	Goal        Duration  `json:"goal,omitzero"`
	Elapsed     Duration  `json:"elapsed,omitzero"`
	Remaining   Duration  `json:"remaining,omitzero"`
	PausedFor   Duration  `json:"paused_for,omitzero"`
}

// MarshalJSON returns the JSON form of s: snake_case keys, the durations
// Goal, Elapsed, Remaining and PausedFor as Go duration strings ("2h0m0s",
// "-30m0s"), instants in RFC 3339, and zero values left out except target,
// version and state.
func (s Status) MarshalJSON() ([]byte, error) {
	return json.Marshal(statusJSON{
		Target: s.Target, Version: s.Version, Rule: s.Rule, State: s.State, Calendar: s.Calendar, Cycle: s.Cycle,
		Started: s.Started, Stopped: s.Stopped, Deadline: s.Deadline, Breached: s.Breached,
		Stage: s.Stage, StageAt: s.StageAt, NextStage: s.NextStage, NextStageAt: s.NextStageAt, PausedBy: s.PausedBy,
		Goal: Duration(s.Goal), Elapsed: Duration(s.Elapsed), Remaining: Duration(s.Remaining), PausedFor: Duration(s.PausedFor),
	})
}

// UnmarshalJSON reads the JSON form MarshalJSON writes. Keys left out are
// zero; instants keep their UTC offset but not the name of their zone; null
// changes nothing.
func (s *Status) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var j statusJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Status{
		Target: j.Target, Version: j.Version, Rule: j.Rule, State: j.State, Calendar: j.Calendar, Cycle: j.Cycle,
		Started: j.Started, Stopped: j.Stopped, Deadline: j.Deadline, Breached: j.Breached,
		Stage: j.Stage, StageAt: j.StageAt, NextStage: j.NextStage, NextStageAt: j.NextStageAt, PausedBy: j.PausedBy,
		Goal: j.Goal.D(), Elapsed: j.Elapsed.D(), Remaining: j.Remaining.D(), PausedFor: j.PausedFor.D(),
	}
	return nil
}

type spanJSON struct {
	span
	Working Duration `json:"working,omitzero"`
}

// MarshalJSON returns the JSON form of s: from and to in RFC 3339, why,
// detail and calendar as text, and working as a Go duration string, left
// out when zero (as detail is when empty).
func (s Span) MarshalJSON() ([]byte, error) {
	return json.Marshal(spanJSON{span(s), Duration(s.Working)})
}

// UnmarshalJSON reads the JSON form MarshalJSON writes; null changes
// nothing.
func (s *Span) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var j spanJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Span(j.span)
	s.Working = j.Working.D()
	return nil
}

type tierTimeJSON struct {
	tierTime
	Working Duration `json:"working,omitzero"`
}

// MarshalJSON returns the JSON form of t: {"tier": "l2", "working":
// "1h30m0s", "stints": 2}, working and stints left out when zero.
func (t TierTime) MarshalJSON() ([]byte, error) {
	return json.Marshal(tierTimeJSON{tierTime(t), Duration(t.Working)})
}

// UnmarshalJSON reads the JSON form MarshalJSON writes; null changes
// nothing.
func (t *TierTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var j tierTimeJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = TierTime(j.tierTime)
	t.Working = j.Working.D()
	return nil
}
