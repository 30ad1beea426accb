package sla_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// damageFold returns the fold of h written by MarshalBinary, as JSON values
// to change, and the written form back from them.
func damageFold(t *testing.T, p *sla.Policy, h sla.History) (map[string]any, func(map[string]any) []byte) {
	t.Helper()
	f, err := p.Fold(nil, h)
	if err != nil {
		t.Fatal(err)
	}
	data, err := f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	return raw, func(m map[string]any) []byte {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// copyJSON returns a deep copy of a value decoded from JSON.
func copyJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = copyJSON(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = copyJSON(x)
		}
		return out
	}
	return v
}

// foldClock returns clock k of engine 0 of a fold's JSON.
func foldClock(m map[string]any, k int) map[string]any {
	return m["engines"].([]any)[0].(map[string]any)["clocks"].([]any)[k].(map[string]any)
}

// A fold damaged where its shape still reads (a negative stage, elapsed
// time or cycle, a running clock without its start, a stage its elapsed
// time has not reached, an instant after its last fact) is refused with
// ErrFold, not trusted: the caller folds the history again.
func TestUnmarshalFoldRefusesDamage(t *testing.T) {
	t.Parallel()
	p := seedPolicy(t)
	// Response met; resolution running, past its goal since P2.
	h := sla.History{
		in("2026-03-09 09:00", codes.StatusRegistered),
		prio("2026-03-09 09:00", codes.P3),
		in("2026-03-09 09:05", codes.StatusAssigned),
		in("2026-03-09 09:10", codes.StatusInProgress),
		prio("2026-03-09 11:50", codes.P2),
	}
	raw, write := damageFold(t, p, h)
	if _, err := p.UnmarshalFold(write(raw)); err != nil {
		t.Fatalf("the fold as written: %v", err)
	}
	run := -1
	for k := range 2 {
		if c := foldClock(raw, k); c["phase"] == float64(1) && c["stage"] != nil {
			run = k
		}
	}
	if run < 0 {
		t.Fatalf("no running clock past a stage in %v", raw)
	}
	after := bj("2026-03-09 12:30").Format(time.RFC3339)
	for _, c := range []struct {
		name   string
		damage func(m, c map[string]any)
	}{
		{"negative stage", func(_, c map[string]any) { c["stage"] = -1 }},
		{"stage beyond the elapsed time", func(_, c map[string]any) { c["stage"] = c["stage"].(float64) + 1 }},
		{"negative elapsed time", func(_, c map[string]any) { c["elapsed"] = -1 }},
		{"elapsed time short of the stage", func(_, c map[string]any) { c["elapsed"] = 1 }},
		{"negative pause", func(_, c map[string]any) { c["paused"] = -1 }},
		{"negative cycle", func(_, c map[string]any) { c["cycle"] = -1 }},
		{"running in no cycle", func(_, c map[string]any) { delete(c, "cycle") }},
		{"running since no time", func(_, c map[string]any) { delete(c, "since") }},
		{"running, never started", func(_, c map[string]any) { delete(c, "started") }},
		{"stage reached at no time", func(_, c map[string]any) { delete(c, "stage_at") }},
		{"started after the last fact", func(_, c map[string]any) { c["started"] = after }},
		{"running since after the last fact", func(_, c map[string]any) { c["since"] = after }},
		{"no goal, a stage", func(_, c map[string]any) { delete(c, "goal") }},
		{"stopped at no time", func(_, c map[string]any) { c["phase"] = 3; delete(c, "stopped") }},
		{"no last fact", func(m, _ map[string]any) { delete(m, "last") }},
	} {
		m := copyJSON(raw).(map[string]any)
		c.damage(m, foldClock(m, run))
		if _, err := p.UnmarshalFold(write(m)); !errors.Is(err, sla.ErrFold) {
			t.Errorf("%s: %v, want ErrFold", c.name, err)
		}
	}
}

// Whatever one field of a written fold is changed to, UnmarshalFold and
// then projecting the fold and folding more facts into it never panic: a
// fold either is refused with ErrFold or answers.
func TestUnmarshalFoldNeverPanics(t *testing.T) {
	t.Parallel()
	p := seedPolicy(t)
	h := tenFacts()
	more := sla.History{in("2026-03-09 14:00", codes.StatusInProgress), prio("2026-03-09 14:10", codes.P1)}
	now := bj("2026-03-10 10:00")
	for _, cut := range []int{4, 6, len(h)} {
		raw, write := damageFold(t, p, h[:cut])
		ints := []any{-1, 0, 1, 2, 5, 1 << 40, -(1 << 62)}
		times := []any{nil, "0001-01-01T00:00:00Z", "2026-03-09T08:00:00+08:00", "2026-03-09T23:00:00+08:00", "9999-12-31T23:59:59Z"}
		var fields []struct {
			key    string
			values []any
		}
		for _, k := range []string{"phase", "rule", "cal", "cycle", "stage", "elapsed", "paused"} {
			fields = append(fields, struct {
				key    string
				values []any
			}{k, ints})
		}
		for _, k := range []string{"since", "first", "started", "stopped", "breach", "stage_at"} {
			fields = append(fields, struct {
				key    string
				values []any
			}{k, times})
		}
		fields = append(fields, struct {
			key    string
			values []any
		}{"goal", []any{nil, true, false}})
		check := func(what string, data []byte) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("cut %d, %s: panic %v", cut, what, r)
				}
			}()
			f, err := p.UnmarshalFold(data)
			if err != nil {
				if !errors.Is(err, sla.ErrFold) {
					t.Fatalf("cut %d, %s: %v, want ErrFold", cut, what, err)
				}
				return
			}
			_, _ = p.Project(f, now)
			if g, err := p.Fold(f, more); err == nil {
				_, _ = p.Project(g, now)
			}
		}
		engines := raw["engines"].([]any)
		for e := range engines {
			clocks := engines[e].(map[string]any)["clocks"].([]any)
			for k := range clocks {
				for _, fd := range fields {
					for _, v := range fd.values {
						m := copyJSON(raw).(map[string]any)
						c := m["engines"].([]any)[e].(map[string]any)["clocks"].([]any)[k].(map[string]any)
						if v == nil {
							delete(c, fd.key)
						} else {
							c[fd.key] = v
						}
						check(fmt.Sprintf("engine %d clock %d %s=%v", e, k, fd.key, v), write(m))
					}
				}
			}
			for _, fd := range []string{"status", "priority", "rule"} {
				for _, v := range ints {
					m := copyJSON(raw).(map[string]any)
					m["engines"].([]any)[e].(map[string]any)[fd] = v
					check(fmt.Sprintf("engine %d %s=%v", e, fd, v), write(m))
				}
			}
		}
		for _, fd := range []string{"facts", "version"} {
			for _, v := range ints {
				m := copyJSON(raw).(map[string]any)
				m[fd] = v
				check(fmt.Sprintf("%s=%v", fd, v), write(m))
			}
		}
		for _, v := range times {
			m := copyJSON(raw).(map[string]any)
			if v == nil {
				delete(m, "last")
			} else {
				m["last"] = v
			}
			check(fmt.Sprintf("last=%v", v), write(m))
		}
	}
}
