package confload

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// dur is a duration read as text, as the library's Duration types are.
type dur time.Duration

func (d dur) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

func (d *dur) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return errors.New(`"` + string(b) + `" is not a duration such as 90m or 1h30m`)
	}
	*d = dur(v)
	return nil
}

type goal struct {
	Target string `json:"target"`
	Goal   dur    `json:"goal"`
}

type rule struct {
	Name  string          `json:"name"`
	Goals []goal          `json:"goals"`
	Tags  map[string]int  `json:"tags"`
	On    bool            `json:"enabled"`
	Share float64         `json:"share"`
	Next  *rule           `json:"next"`
	Size  uint8           `json:"size"`
	Extra json.RawMessage `json:"extra"`
	Any   any             `json:"any"`
}

type doc struct {
	Name  string `json:"name"`
	Rules []rule `json:"rules"`
	When  time.Time
}

func TestDecodeEveryProblem(t *testing.T) {
	const in = `
name: demo
rules:
  - name: a
    goals:
      - {target: response, goal: 90}
      - {target: resolution, goal: 4h, gaol: 1h}
    tags: {x: one, "y z": 2}
    enabled: maybe
  - nmae: b
    size: 300
    next: {goals: 5}
`
	var d doc
	r := Decode([]byte(in), &d)
	want := []string{
		`rules[0].enabled: want true or false, got the string "maybe"`,
		`rules[0].goals[0].goal: "90" is not a duration such as 90m or 1h30m`,
		`rules[0].goals[1].gaol: unknown key (did you mean goal?)`,
		`rules[0].tags.x: want a whole number, got the string "one"`,
		`rules[1].next.goals: want a list, got the number 5`,
		`rules[1].nmae: unknown key (did you mean name?)`,
		`rules[1].size: 300 is not a whole number from 0 to 255`,
	}
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Fatal {
		t.Error("Fatal set")
	}
	// What decoded is there.
	if d.Name != "demo" || len(d.Rules) != 2 || d.Rules[0].Goals[1].Goal != dur(4*time.Hour) || d.Rules[0].Tags["y z"] != 2 {
		t.Errorf("decoded %+v", d)
	}
	// Problems of meaning at a failed path, or at the key a misspelt one
	// meant, are dropped; others are kept.
	r.Add(Problem{Path: "rules[0].goals[0].goal", Message: "must be positive"}, Problem{Path: "rules[1].name", Message: "is empty"}, Problem{Path: "rules[0].goals[1].target", Message: "unknown"})
	if n := len(r.Problems); n != len(want)+1 || r.Problems[n-1].Path != "rules[0].goals[1].target" {
		t.Errorf("after Add: %v", r.Problems)
	}
}

func TestDecodeDocument(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		fatal    bool
	}{
		{"", "", false},
		{"name: [", "(document): yaml: line 1: did not find expected node content", true},
		{"- a\n- b", "(document): want an object, got a list", true},
		{"name: a\nname: b", `(document): yaml: unmarshal errors:
  line 2: key "name" already set in map`, false},
	} {
		var d doc
		r := Decode([]byte(tc.in), &d)
		var got []string
		for _, p := range r.Problems {
			got = append(got, p.String())
		}
		if strings.Join(got, "\n") != tc.want || r.Fatal != tc.fatal {
			t.Errorf("%q: %q fatal %v, want %q fatal %v", tc.in, got, r.Fatal, tc.want, tc.fatal)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"stop", "stpo", 1}, {"stop", "stop", 0}, {"goal", "gaol", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}} {
		if got := distance(tc.a, tc.b); got != tc.d {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

// FuzzDecode checks that Decode never panics, and that a document it
// accepts round-trips: encoding the result and decoding it again gives the
// same value.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("name: demo\nrules:\n  - name: a\n    goals: [{target: r, goal: 1h}]\n    tags: {x: 1}\n    enabled: true\n    share: 0.5\n    next: {name: b}\n    any: [1, {a: b}]\n"))
	f.Add([]byte(`{"rules": [{"goals": [{"goal": "90"}], "size": -1, "extra": {"a": 1}}], "When": "2024-01-02T03:04:05Z"}`))
	f.Add([]byte("name: a\nname: b\n"))
	f.Add([]byte("- [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1024 {
			return
		}
		var d doc
		r := Decode(data, &d)
		if !r.OK() {
			return
		}
		b, err := json.Marshal(d)
		if err != nil {
			return // a value JSON cannot hold, such as an any holding +Inf
		}
		var d2 doc
		if r2 := Decode(b, &d2); !r2.OK() {
			t.Fatalf("re-reading %s: %v", b, r2.Problems)
		}
		b2, err := json.Marshal(d2)
		if err != nil || string(b) != string(b2) {
			t.Fatalf("round trip:\n%s\n%s (%v)", b, b2, err)
		}
	})
}
