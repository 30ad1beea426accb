package sla

import (
	"encoding/json"
)

// The JSON form of the result types (see the package documentation):
// the field tags name the keys, and the types with time.Duration fields
// marshal them through Duration, as Go duration strings, with the methods
// below. Each method goes through a copy of the type without methods
// (status, span, tierTime), whose duration fields the outer fields of the
// same key hide.

type (
	status   Status
	span     Span
	tierTime TierTime
)

type statusJSON struct {
	status
	Goal      Duration `json:"goal,omitzero"`
	Elapsed   Duration `json:"elapsed,omitzero"`
	Remaining Duration `json:"remaining,omitzero"`
	PausedFor Duration `json:"paused_for,omitzero"`
}

// MarshalJSON returns the JSON form of s: snake_case keys, the durations
// Goal, Elapsed, Remaining and PausedFor as Go duration strings ("2h0m0s",
// "-30m0s"), instants in RFC 3339, and zero values left out except target,
// version and state.
func (s Status) MarshalJSON() ([]byte, error) {
	return json.Marshal(statusJSON{status(s), Duration(s.Goal), Duration(s.Elapsed), Duration(s.Remaining), Duration(s.PausedFor)})
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
	*s = Status(j.status)
	s.Goal, s.Elapsed, s.Remaining, s.PausedFor = j.Goal.D(), j.Elapsed.D(), j.Remaining.D(), j.PausedFor.D()
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
