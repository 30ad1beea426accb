package codes_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/itsmkit/itsm/codes"
)

// smallSpec is a 2×3 matrix unlike the default one.
func smallSpec() codes.MatrixSpec {
	return codes.MatrixSpec{
		Impacts: []codes.ImpactEntry{
			{Code: "site", Name: name("全站", "Whole site")},
			{Code: "user", Name: name("个人", "One user"), Scope: name("单个用户", "A single user")},
		},
		Urgencies: []codes.UrgencyEntry{
			{Code: "now", Name: name("立即", "Now"), Time: 15 * time.Minute},
			{Code: "today", Name: name("当天", "Today"), Time: 8 * time.Hour},
			{Code: "whenever", Name: name("不急", "Whenever")},
		},
		Priorities: map[codes.Urgency]map[codes.Impact]codes.Priority{
			"now":      {"site": codes.P1, "user": codes.P3},
			"today":    {"site": codes.P2, "user": codes.P4},
			"whenever": {"site": codes.P4, "user": codes.P5},
		},
	}
}

func TestNewMatrix(t *testing.T) {
	t.Parallel()
	spec := smallSpec()
	m, err := codes.NewMatrix(spec)
	if err != nil {
		t.Fatal(err)
	}
	for u, row := range spec.Priorities {
		for i, want := range row {
			if got, err := m.Priority(i, u); err != nil || got != want {
				t.Errorf("Priority(%s, %s) = %v, %v; want %v", i, u, got, err, want)
			}
		}
	}
	if diff := cmp.Diff(spec.Impacts, m.Impacts()); diff != "" {
		t.Errorf("Impacts mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(spec.Urgencies, m.Urgencies()); diff != "" {
		t.Errorf("Urgencies mismatch (-want +got):\n%s", diff)
	}
	if e, err := m.Impact("user"); err != nil || e != spec.Impacts[1] {
		t.Errorf("Impact(user) = %+v, %v", e, err)
	}
	if e, err := m.Urgency("now"); err != nil || e != spec.Urgencies[0] {
		t.Errorf("Urgency(now) = %+v, %v", e, err)
	}
	if diff := cmp.Diff(spec, m.Spec()); diff != "" {
		t.Errorf("Spec mismatch (-want +got):\n%s", diff)
	}

	// The matrix is a copy: neither the spec given nor the spec taken out
	// reach it.
	spec.Priorities["now"]["site"] = codes.P5
	spec.Impacts[0].Name.EN = "changed"
	out := m.Spec()
	out.Priorities["now"]["user"] = codes.P5
	out.Urgencies[0].Time = time.Second
	if diff := cmp.Diff(smallSpec(), m.Spec()); diff != "" {
		t.Errorf("matrix changed through a spec (-want +got):\n%s", diff)
	}
}

func TestMatrixUnknownCodes(t *testing.T) {
	t.Parallel()
	m := codes.DefaultMatrix()
	tests := []struct {
		i    codes.Impact
		u    codes.Urgency
		want codes.UnknownCodeError
	}{
		{"critical", codes.UrgencyCritical, codes.UnknownCodeError{Table: "impacts", Code: "critical"}},
		{"", codes.UrgencyLow, codes.UnknownCodeError{Table: "impacts", Code: ""}},
		{"HIGH", codes.UrgencyLow, codes.UnknownCodeError{Table: "impacts", Code: "HIGH"}},
		{codes.ImpactHigh, "urgent", codes.UnknownCodeError{Table: "urgencies", Code: "urgent"}},
		{codes.ImpactHigh, "", codes.UnknownCodeError{Table: "urgencies", Code: ""}},
	}
	for _, tt := range tests {
		p, err := m.Priority(tt.i, tt.u)
		var ue *codes.UnknownCodeError
		if !errors.As(err, &ue) || !errors.Is(err, codes.ErrUnknownCode) || p != 0 {
			t.Errorf("Priority(%q, %q) = %v, %v; want an *UnknownCodeError", tt.i, tt.u, p, err)
			continue
		}
		if diff := cmp.Diff(tt.want, *ue); diff != "" {
			t.Errorf("Priority(%q, %q) error mismatch (-want +got):\n%s", tt.i, tt.u, diff)
		}
	}
	if _, err := m.Impact("none"); !errors.Is(err, codes.ErrUnknownCode) {
		t.Errorf("Impact(none) error = %v", err)
	}
	if _, err := m.Urgency("none"); !errors.Is(err, codes.ErrUnknownCode) {
		t.Errorf("Urgency(none) error = %v", err)
	}
}

// TestNewMatrixInvalid has one case for each problem a matrix can have.
func TestNewMatrixInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*codes.MatrixSpec)
		want []string
	}{
		{"no impacts", func(s *codes.MatrixSpec) {
			s.Impacts = nil
			s.Priorities = map[codes.Urgency]map[codes.Impact]codes.Priority{"now": {}, "today": {}, "whenever": {}}
		}, []string{"matrix.impacts: has no entries"}},
		{"no urgencies", func(s *codes.MatrixSpec) {
			s.Urgencies = nil
			s.Priorities = nil
		}, []string{"matrix.urgencies: has no entries"}},
		{"bad impact entry", func(s *codes.MatrixSpec) {
			s.Impacts[1].Code = "site"
			s.Impacts[0].Name.EN = ""
			s.Impacts[0].Extent.ZH = " 多"
		}, []string{
			`matrix.impacts[0] "site": name.en is empty`,
			`matrix.impacts[0] "site": extent.zh has leading or trailing space`,
			`matrix.impacts[1] "site": code duplicates matrix.impacts[0]`,
			// The cells of "user" have lost their column.
			`matrix.priorities: now.user is a cell for an impact that is not in matrix.impacts`,
			`matrix.priorities: today.user is a cell for an impact that is not in matrix.impacts`,
			`matrix.priorities: whenever.user is a cell for an impact that is not in matrix.impacts`,
		}},
		{"bad urgency entry", func(s *codes.MatrixSpec) {
			s.Urgencies[2].Code = "any time"
			s.Urgencies[1].Time = -time.Hour
		}, []string{
			`matrix.urgencies[1] "today": time is negative (-1h0m0s)`,
			`matrix.urgencies[2] "any time": code has ' ' at byte 3; use ASCII letters, digits, '_' and '-'`,
			`matrix.priorities: has no row for urgency "any time"`,
			`matrix.priorities: whenever is a row for an urgency that is not in matrix.urgencies`,
		}},
		{"missing row", func(s *codes.MatrixSpec) { delete(s.Priorities, "today") }, []string{
			`matrix.priorities: has no row for urgency "today"`,
		}},
		{"missing cell", func(s *codes.MatrixSpec) { delete(s.Priorities["whenever"], "user") }, []string{
			`matrix.priorities: whenever.user is missing`,
		}},
		{"invalid priorities", func(s *codes.MatrixSpec) {
			s.Priorities["now"]["site"] = 0
			s.Priorities["today"]["user"] = 6
		}, []string{
			`matrix.priorities: now.site is 0, want 1 to 5 (P1 to P5)`,
			`matrix.priorities: today.user is 6, want 1 to 5 (P1 to P5)`,
		}},
		{"cells off the axes", func(s *codes.MatrixSpec) {
			s.Priorities["later"] = map[codes.Impact]codes.Priority{"site": codes.P5}
			s.Priorities["now"]["team"] = codes.P2
		}, []string{
			`matrix.priorities: later is a row for an urgency that is not in matrix.urgencies`,
			`matrix.priorities: now.team is a cell for an impact that is not in matrix.impacts`,
		}},
		{"no priorities at all", func(s *codes.MatrixSpec) { s.Priorities = nil }, []string{
			`matrix.priorities: has no row for urgency "now"`,
			`matrix.priorities: has no row for urgency "today"`,
			`matrix.priorities: has no row for urgency "whenever"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := smallSpec()
			tt.edit(&spec)
			m, err := codes.NewMatrix(spec)
			if m != nil {
				t.Error("NewMatrix returned a matrix with its error")
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatrixSpecYAML(t *testing.T) {
	t.Parallel()
	// Cells may be written as the documents do (1) or as priorities (P1).
	doc := `
impacts:
- code: site
  name: {zh: 全站, en: Whole site}
- code: user
  name: {zh: 个人, en: One user}
  scope: {zh: 单个用户, en: A single user}
urgencies:
- {code: now, name: {zh: 立即, en: Now}, time: 15m}
- {code: today, name: {zh: 当天, en: Today}, time: 8h}
- {code: whenever, name: {zh: 不急, en: Whenever}}
priorities:
  now: {site: 1, user: P3}
  today: {site: P2, user: 4}
  whenever: {site: "P4", user: 5}
`
	var spec codes.MatrixSpec
	if err := yaml.UnmarshalStrict([]byte(doc), &spec); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(smallSpec(), spec); diff != "" {
		t.Errorf("decoded spec mismatch (-want +got):\n%s", diff)
	}
	// And back: priorities are written as P1, times as short durations.
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"now":{"site":"P1","user":"P3"}`, `"time":"15m"`, `"time":"8h"`, `{"code":"whenever","name":{"zh":"不急","en":"Whenever"}}`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("json.Marshal = %s\nwant it to contain %s", data, want)
		}
	}
	var again codes.MatrixSpec
	if err := json.Unmarshal(data, &again); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(spec, again); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestMatrixSpecDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, want string
	}{
		{"unknown field", `{impacts: [], urgencies: [], priorities: {}, rows: []}`, `unknown field "rows"`},
		{"unknown urgency field", `{urgencies: [{code: now, name: {zh: a, en: b}, deadline: 1h}]}`, `unknown field "deadline"`},
		{"bad time", `{urgencies: [{code: now, name: {zh: a, en: b}, time: soon}]}`, `urgency "now": time: time: invalid duration "soon"`},
		{"word for a priority", `{priorities: {now: {site: high}}}`, `priority "high" is not P1 to P5 or 1 to 5`},
		{"fraction for a priority", `{priorities: {now: {site: 1.5}}}`, `priority 1.5 is not P1 to P5 or 1 to 5`},
		{"lower-case priority", `{priorities: {now: {site: p1}}}`, `priority "p1" is not P1 to P5 or 1 to 5`},
		{"padded priority", `{priorities: {now: {site: "P01"}}}`, `priority "P01" is not P1 to P5 or 1 to 5`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var spec codes.MatrixSpec
			err := yaml.UnmarshalStrict([]byte(tt.doc), &spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestMatrixSpecOutOfRangeFromYAML: priorities that are numbers but not
// P1 to P5 decode, so that NewMatrix reports all of them with their cells.
func TestMatrixSpecOutOfRangeFromYAML(t *testing.T) {
	t.Parallel()
	doc := `
impacts: [{code: site, name: {zh: 全站, en: Whole site}}, {code: user, name: {zh: 个人, en: One user}}]
urgencies: [{code: now, name: {zh: 立即, en: Now}}, {code: later, name: {zh: 稍后, en: Later}}]
priorities:
  now: {site: 0, user: P9}
  later: {site: 6, user: -1}
`
	var spec codes.MatrixSpec
	if err := yaml.UnmarshalStrict([]byte(doc), &spec); err != nil {
		t.Fatal(err)
	}
	_, err := codes.NewMatrix(spec)
	want := []string{
		"matrix.priorities: now.site is 0, want 1 to 5 (P1 to P5)",
		"matrix.priorities: now.user is 9, want 1 to 5 (P1 to P5)",
		"matrix.priorities: later.site is 6, want 1 to 5 (P1 to P5)",
		"matrix.priorities: later.user is -1, want 1 to 5 (P1 to P5)",
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func TestUrgencyTimeText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    time.Duration
		text string
	}{
		{time.Hour, `"1h"`},
		{90 * time.Minute, `"1h30m"`},
		{30 * time.Minute, `"30m"`},
		{45 * time.Second, `"45s"`},
		{time.Hour + time.Second, `"1h0m1s"`},
		{1500 * time.Millisecond, `"1.5s"`},
		{0, ``},
	}
	for _, tt := range tests {
		e := codes.UrgencyEntry{Code: "u", Name: name("甲", "A"), Time: tt.d}
		data, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"code":"u","name":{"zh":"甲","en":"A"}}`
		if tt.text != "" {
			want = `{"code":"u","name":{"zh":"甲","en":"A"},"time":` + tt.text + `}`
		}
		if string(data) != want {
			t.Errorf("Time %v: json.Marshal = %s, want %s", tt.d, data, want)
		}
		var back codes.UrgencyEntry
		if err := json.Unmarshal(data, &back); err != nil || back != e {
			t.Errorf("Time %v: round trip = %+v, %v", tt.d, back, err)
		}
	}
}

func TestMatrixSpecMarshalOrder(t *testing.T) {
	t.Parallel()
	spec := smallSpec()
	spec.Priorities["after"] = map[codes.Impact]codes.Priority{"user": codes.P1}
	spec.Priorities["now"]["extra"] = codes.P2
	spec.Priorities["zzz"] = nil
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	// Rows follow the urgencies, cells the impacts; others come after,
	// sorted, so that NewMatrix can still report them.
	want := `"priorities":{"now":{"site":"P1","user":"P3","extra":"P2"},"today":{"site":"P2","user":"P4"},"whenever":{"site":"P4","user":"P5"},"after":{"user":"P1"},"zzz":null}}`
	if !strings.HasSuffix(string(data), want) {
		t.Errorf("json.Marshal = %s\nwant it to end with %s", data, want)
	}
	var back codes.MatrixSpec
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(spec, back); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}

	spec = smallSpec()
	spec.Priorities["today"]["user"] = 0
	if _, err := json.Marshal(spec); err == nil || !strings.Contains(err.Error(), "matrix.priorities: today.user") {
		t.Errorf("json.Marshal of an invalid cell: error = %v", err)
	}
	if data, err := json.Marshal(codes.MatrixSpec{}); err != nil || string(data) != `{"impacts":null,"urgencies":null,"priorities":null}` {
		t.Errorf("json.Marshal(MatrixSpec{}) = %s, %v", data, err)
	}
}
