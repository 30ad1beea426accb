package escalation_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
)

// A state damaged where its shape still reads (a count below zero, a status
// entered at no time, a firing at a level its rule lacks or in a cycle below
// zero, a delivery pending without its key) is refused, so that the Desk
// folds the log again rather than trust it.
func TestUnmarshalStateRefusesDamage(t *testing.T) {
	t.Parallel()
	r, id, _, log, _, now, d := stateScene(t)
	// The firing recorded, and waiting for its delivery.
	log = append(log, incident.Entry{Seq: len(log) + 1, At: now, Actor: "escalation", Type: escalation.EntryFiring, Key: d.Key(id)})
	data := mustState(t, r, id, log)
	if _, err := r.UnmarshalState(data); err != nil {
		t.Fatalf("the state as written: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if raw["fired"] == nil || raw["pending"] == nil {
		t.Fatalf("the scene has no firing recorded or pending: %s", data)
	}
	first := func(m map[string]any, k string) map[string]any { return m[k].([]any)[0].(map[string]any) }
	for _, c := range []struct {
		name   string
		damage func(m map[string]any)
	}{
		{"entries below zero", func(m map[string]any) { m["entries"] = -1 }},
		{"assignments below zero", func(m map[string]any) { m["assignments"] = -2 }},
		{"a status entered -1 times", func(m map[string]any) { m["status_n"].([]any)[0] = -1 }},
		{"a status entered at no time", func(m map[string]any) {
			m["status_n"].([]any)[0] = 1
			m["status_at"].([]any)[0] = "0001-01-01T00:00:00Z"
		}},
		{"a level the rule lacks", func(m map[string]any) { first(m, "fired")["level"] = 99 }},
		{"a level below zero", func(m map[string]any) { first(m, "fired")["level"] = -1 }},
		{"a cycle below zero", func(m map[string]any) { first(m, "fired")["cycle"] = -3 }},
		{"a repetition below zero", func(m map[string]any) { first(m, "fired")["rep"] = -1 }},
		{"a pending delivery without its key", func(m map[string]any) { delete(first(m, "pending")["firing"].(map[string]any), "key") }},
		{"retries below zero", func(m map[string]any) { first(m, "pending")["retries"] = -1 }},
	} {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		c.damage(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.UnmarshalState(b); err == nil {
			t.Errorf("%s: accepted %s", c.name, b)
		}
	}
}

// A key of the escalation prefix that names no firing these rules can make
// (a level the rule lacks, a cycle below zero) is not taken for a firing, so
// the state of the log still reads back.
func TestKeyOfNoFiring(t *testing.T) {
	t.Parallel()
	r, id, _, log, _, now, d := stateScene(t)
	for _, k := range []string{"99/1/0", "-1/1/0", "0/-1/0", "0/1/-2"} {
		key := fmt.Sprintf("esc/%s/%s/%s", id, d.Rule, k)
		l := append(log[:len(log):len(log)], incident.Entry{Seq: len(log) + 1, At: now, Actor: "escalation", Type: escalation.EntryFiring, Key: key})
		if _, err := r.UnmarshalState(mustState(t, r, id, l)); err != nil {
			t.Errorf("a log with key %s: its state does not read back: %v", key, err)
		}
	}
}
