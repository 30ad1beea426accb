package escalation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Fingerprint returns a digest of the rules' configuration and of the SLA
// policy and calendars they count in: what the state of a ticket's log
// (MarshalState) is written under, and read back by rules of the same
// fingerprint only. It returns "" when the policy or a calendar of the rules
// has no fingerprint: such rules' states are not written.
func (r *Rules) Fingerprint() string { return r.fp }

func rulesFingerprint(cfg Config, policy interface{ Fingerprint() string }, cals []namedCal) string {
	if policy.Fingerprint() == "" {
		return ""
	}
	c := cfg
	c.Calendars = nil
	b, err := json.Marshal(c)
	if err != nil {
		return ""
	}
	h := sha256.New()
	// The version names what a state holds: v2 keeps, for an end-of-day
	// rule, only the latest day fired at each level (an earlier day counts
	// as fired), so a state written under v1 is refolded from the log.
	fmt.Fprintf(h, "itsm/escalation/v2\n%s\n%s", policy.Fingerprint(), b)
	for i := range cals {
		f, ok := cals[i].cal.(interface{ Fingerprint() string })
		if !ok || f.Fingerprint() == "" {
			return ""
		}
		fmt.Fprintf(h, "\n%s=%s", cals[i].name, f.Fingerprint())
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

type stateJSON struct {
	Rules       string        `json:"rules"`
	Entries     int           `json:"entries"`
	Registered  time.Time     `json:"registered,omitzero"`
	Assigned    time.Time     `json:"assigned,omitzero"`
	Assignments int           `json:"assignments,omitempty"`
	TierAt      time.Time     `json:"tier_at,omitzero"`
	TierChanges int           `json:"tier_changes,omitempty"`
	StatusAt    []time.Time   `json:"status_at,omitempty"`
	StatusN     []int         `json:"status_n,omitempty"`
	Fired       []firedJSON   `json:"fired,omitempty"`
	TaskDoneAt  time.Time     `json:"task_done_at,omitzero"`
	TasksDone   int           `json:"tasks_done,omitempty"`
	Pending     []pendingJSON `json:"pending,omitempty"`
}

type firedJSON struct {
	Rule  string `json:"rule"`
	Level int    `json:"level"`
	Cycle int64  `json:"cycle"`
	Rep   int    `json:"rep"`
}

type pendingJSON struct {
	Firing  incident.Entry `json:"firing"`
	Claimed time.Time      `json:"claimed"`
	Retries int            `json:"retries,omitempty"`
}

// MarshalState writes the state FoldLog gives, for UnmarshalState: the Desk
// keeps it in a ticket's checkpoint, so that a command read by another
// process folds in only its own entries.
func (r *Rules) MarshalState(state any) ([]byte, error) {
	st, ok := state.(*logState)
	if !ok || st == nil {
		st = r.FoldLog(nil, codes.ID{}, nil).(*logState) // an empty log's state
	}
	if r.fp == "" {
		return nil, fmt.Errorf("escalation: the state of rules without a fingerprint cannot be written")
	}
	f := &st.facts
	out := stateJSON{Rules: r.fp, Entries: f.entries, Registered: f.registered, Assigned: f.assigned, Assignments: f.assignments,
		TierAt: f.tierAt, TierChanges: f.tierChanges, StatusAt: f.statusAt, StatusN: f.statusN,
		TaskDoneAt: f.taskDoneAt, TasksDone: f.tasksDone}
	for _, x := range f.fired {
		out.Fired = append(out.Fired, firedJSON{Rule: r.rules[x.rule].name, Level: x.level, Cycle: x.cycle, Rep: x.rep})
	}
	for _, p := range st.pending {
		out.Pending = append(out.Pending, pendingJSON{Firing: p.firing, Claimed: p.claimed, Retries: p.retries})
	}
	return json.Marshal(out)
}

// UnmarshalState reads a state MarshalState wrote, by rules of the same
// Fingerprint; for other data, or a state damaged where its shape still
// reads (a count below zero, a firing at a level its rule lacks), it
// returns an error, and the caller folds the log again.
func (r *Rules) UnmarshalState(data []byte) (any, error) {
	var in stateJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("escalation: a log's state: %w", err)
	}
	if r.fp == "" || in.Rules != r.fp {
		return nil, fmt.Errorf("escalation: a log's state written under other rules")
	}
	if len(in.StatusAt) != len(r.statuses) || len(in.StatusN) != len(r.statuses) {
		return nil, fmt.Errorf("escalation: a log's state does not match the rules' statuses")
	}
	// A state damaged where its shape still reads is refused too: a count
	// below zero, a status entered at no time.
	if in.Entries < 0 || in.Assignments < 0 || in.TierChanges < 0 || in.TasksDone < 0 {
		return nil, fmt.Errorf("escalation: a log's state has a count below zero")
	}
	for i, n := range in.StatusN {
		if n < 0 || n > 0 && in.StatusAt[i].IsZero() {
			return nil, fmt.Errorf("escalation: a log's state has status %s entered %d times, last at %v", r.statuses[i], n, in.StatusAt[i])
		}
	}
	st := &logState{facts: Facts{entries: in.Entries, registered: in.Registered, assigned: in.Assigned, assignments: in.Assignments,
		tierAt: in.TierAt, tierChanges: in.TierChanges, statusAt: slices.Clone(in.StatusAt), statusN: slices.Clone(in.StatusN),
		taskDoneAt: in.TaskDoneAt, tasksDone: in.TasksDone}}
	for _, x := range in.Fired {
		i := -1
		for j := range r.rules {
			if r.rules[j].name == x.Rule {
				i = j
				break
			}
		}
		if i < 0 {
			return nil, fmt.Errorf("escalation: a log's state names rule %q, which the rules lack", x.Rule)
		}
		if x.Level < 0 || x.Level >= len(r.rules[i].levels) || x.Cycle < 0 || x.Rep < 0 {
			return nil, fmt.Errorf("escalation: a log's state has rule %q fire at level %d, cycle %d, repetition %d, which it cannot", x.Rule, x.Level, x.Cycle, x.Rep)
		}
		st.facts.fired = r.addFired(st.facts.fired, fired{rule: i, level: x.Level, cycle: x.Cycle, rep: x.Rep})
	}
	for _, p := range in.Pending {
		if p.Firing.Key == "" || p.Retries < 0 {
			return nil, fmt.Errorf("escalation: a log's state has a delivery pending without its key or with retries below zero")
		}
		st.pending = append(st.pending, pending{firing: p.Firing, claimed: p.Claimed, retries: p.Retries})
	}
	return st, nil
}
