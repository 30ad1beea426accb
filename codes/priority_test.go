package codes_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
)

func TestParsePriority(t *testing.T) {
	t.Parallel()
	for want := codes.P1; want <= codes.P5; want++ {
		s := want.String()
		got, err := codes.ParsePriority(s)
		if err != nil || got != want {
			t.Errorf("ParsePriority(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "P", "P0", "P6", "P9", "p1", "1", "P01", "P1 ", " P1", "P11", "PP", "Ｐ1", "P-1"} {
		got, err := codes.ParsePriority(s)
		var ue *codes.UnknownCodeError
		if !errors.As(err, &ue) || !errors.Is(err, codes.ErrUnknownCode) {
			t.Errorf("ParsePriority(%q) = %v, %v; want an *UnknownCodeError", s, got, err)
			continue
		}
		if ue.Table != "priorities" || ue.Code != s || got != 0 {
			t.Errorf("ParsePriority(%q) = %v, %+v", s, got, ue)
		}
	}
}

func TestPriorityMethods(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p     codes.Priority
		str   string
		valid bool
		major bool
	}{
		{codes.P1, "P1", true, true},
		{codes.P2, "P2", true, true},
		{codes.P3, "P3", true, false},
		{codes.P4, "P4", true, false},
		{codes.P5, "P5", true, false},
		{0, "Priority(0)", false, false},
		{6, "Priority(6)", false, false},
		{-1, "Priority(-1)", false, false},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		if got := tt.p.Valid(); got != tt.valid {
			t.Errorf("%s.Valid() = %v, want %v", tt.str, got, tt.valid)
		}
		if got := tt.p.Major(); got != tt.major {
			t.Errorf("%s.Major() = %v, want %v", tt.str, got, tt.major)
		}
	}
}

func TestPriorityOutranks(t *testing.T) {
	t.Parallel()
	all := []codes.Priority{-1, 0, codes.P1, codes.P2, codes.P3, codes.P4, codes.P5, 6}
	for _, p := range all {
		for _, q := range all {
			// P1 is the most urgent; invalid priorities outrank nothing and
			// are outranked by nothing.
			want := p.Valid() && q.Valid() && int(p) < int(q)
			if got := p.Outranks(q); got != want {
				t.Errorf("%v.Outranks(%v) = %v, want %v", p, q, got, want)
			}
		}
	}
	if !codes.P1.Outranks(codes.P2) || codes.P2.Outranks(codes.P1) || codes.P3.Outranks(codes.P3) {
		t.Error("P1 must outrank P2, not the reverse, and P3 not itself")
	}
}

func TestPriorityText(t *testing.T) {
	t.Parallel()
	type ticket struct {
		Priority codes.Priority `json:"priority"`
	}
	data, err := json.Marshal(ticket{codes.P2})
	if err != nil || string(data) != `{"priority":"P2"}` {
		t.Errorf("json.Marshal = %s, %v", data, err)
	}
	var got ticket
	if err := json.Unmarshal([]byte(`{"priority":"P4"}`), &got); err != nil || got.Priority != codes.P4 {
		t.Errorf("json.Unmarshal P4 = %v, %v", got.Priority, err)
	}
	if _, err := json.Marshal(ticket{0}); err == nil {
		t.Error("json.Marshal of priority 0 succeeded")
	}
	for _, bad := range []string{`{"priority":"P7"}`, `{"priority":"p1"}`, `{"priority":""}`} {
		got := ticket{codes.P3}
		if err := json.Unmarshal([]byte(bad), &got); !errors.Is(err, codes.ErrUnknownCode) {
			t.Errorf("json.Unmarshal(%s) error = %v, want ErrUnknownCode", bad, err)
		}
		if got.Priority != codes.P3 {
			t.Errorf("json.Unmarshal(%s) changed the priority to %v", bad, got.Priority)
		}
	}
	// A ticket's priority is text; a bare number is not accepted there.
	if err := json.Unmarshal([]byte(`{"priority":1}`), &got); err == nil {
		t.Error("json.Unmarshal of a number into Priority succeeded")
	}
}

func priorityEntries() []codes.PriorityEntry {
	return []codes.PriorityEntry{
		{Priority: codes.P1, Name: name("一级", "One")},
		{Priority: codes.P2, Name: name("二级", "Two")},
		{Priority: codes.P3, Name: name("三级", "Three")},
		{Priority: codes.P4, Name: name("四级", "Four")},
		{Priority: codes.P5, Name: name("五级", "Five")},
	}
}

func TestNewPriorityTable(t *testing.T) {
	t.Parallel()
	entries := priorityEntries()
	// Any order is accepted; Entries returns P1 first.
	shuffled := []codes.PriorityEntry{entries[3], entries[0], entries[4], entries[2], entries[1]}
	tab, err := codes.NewPriorityTable(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(entries, tab.Entries()); diff != "" {
		t.Errorf("Entries mismatch (-want +got):\n%s", diff)
	}
	if e, err := tab.Lookup(codes.P4); err != nil || e != entries[3] {
		t.Errorf("Lookup(P4) = %+v, %v", e, err)
	}
	for _, p := range []codes.Priority{0, 6, -3} {
		if _, err := tab.Lookup(p); !errors.Is(err, codes.ErrUnknownCode) {
			t.Errorf("Lookup(%d) error = %v, want ErrUnknownCode", int(p), err)
		}
	}
	shuffled[0].Name.EN = "changed"
	if e, _ := tab.Lookup(codes.P4); e.Name.EN != "Four" {
		t.Errorf("table changed through its input: %+v", e)
	}
}

func TestNewPriorityTableInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		entries func([]codes.PriorityEntry) []codes.PriorityEntry
		want    []string
	}{
		{"empty", func([]codes.PriorityEntry) []codes.PriorityEntry { return nil }, []string{
			"priorities: has no entry for P1", "priorities: has no entry for P2", "priorities: has no entry for P3",
			"priorities: has no entry for P4", "priorities: has no entry for P5",
		}},
		{"missing P5", func(e []codes.PriorityEntry) []codes.PriorityEntry { return e[:4] }, []string{"priorities: has no entry for P5"}},
		{"priority 0", func(e []codes.PriorityEntry) []codes.PriorityEntry { e[2].Priority = 0; return e }, []string{
			"priorities[2]: priority is 0, want 1 to 5 (P1 to P5)", "priorities: has no entry for P3",
		}},
		{"priority 9", func(e []codes.PriorityEntry) []codes.PriorityEntry { e[4].Priority = 9; return e }, []string{
			"priorities[4]: priority is 9, want 1 to 5 (P1 to P5)", "priorities: has no entry for P5",
		}},
		{"duplicate", func(e []codes.PriorityEntry) []codes.PriorityEntry { return append(e, e[1]) }, []string{
			`priorities[5] "P2": priority duplicates priorities[1]`,
		}},
		{"names", func(e []codes.PriorityEntry) []codes.PriorityEntry {
			e[0].Name.ZH = ""
			e[1].Description.EN = " padded"
			return e
		}, []string{
			`priorities[0] "P1": name.zh is empty`,
			`priorities[1] "P2": description.en has leading or trailing space`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := codes.NewPriorityTable(tt.entries(priorityEntries()))
			if tab != nil {
				t.Error("NewPriorityTable returned a table with its error")
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
