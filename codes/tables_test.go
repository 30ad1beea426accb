package codes_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/itsmkit/itsm/codes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestDefaultsGolden keeps testdata/defaults.yaml, the default tables as a
// document, in step with DefaultConfig; run with -update after changing
// the defaults. The file doubles as a template for users' own tables.
func TestDefaultsGolden(t *testing.T) {
	data, err := json.Marshal(codes.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	got, err := orderedYAML(data)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "defaults.yaml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestDefaultsGolden -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is out of date (-file +DefaultConfig), run with -update:\n%s", golden, diff)
	}
	// Loading the file gives the default tables back.
	tables, err := codes.LoadTables(want)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(codes.DefaultConfig(), tables.Config()); diff != "" {
		t.Errorf("loaded defaults mismatch (-want +got):\n%s", diff)
	}
}

func TestConfigRoundTrip(t *testing.T) {
	t.Parallel()
	want := codes.DefaultConfig()
	if diff := cmp.Diff(want, codes.DefaultTables().Config()); diff != "" {
		t.Errorf("DefaultTables().Config() mismatch (-want +got):\n%s", diff)
	}
	for _, cfg := range []codes.Config{{}, codes.DefaultConfig()} {
		tables, err := codes.NewTables(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, tables.Config()); diff != "" {
			t.Errorf("NewTables(%T).Config() mismatch (-want +got):\n%s", cfg, diff)
		}
	}
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := codes.LoadTables(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, tables.Config()); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestDefaultConfigIsACopy(t *testing.T) {
	t.Parallel()
	cfg := codes.DefaultConfig()
	cfg.Statuses[0].Name.EN = "changed"
	cfg.Matrix.Priorities[codes.UrgencyCritical][codes.ImpactHigh] = codes.P5
	cfg.Categories[0].Children[0].Name.EN = "changed"
	cfg.Systems[0].Systems[0].Name.EN = "changed"
	again := codes.DefaultConfig()
	if again.Statuses[0].Name.EN != "Registered" ||
		again.Matrix.Priorities[codes.UrgencyCritical][codes.ImpactHigh] != codes.P1 ||
		again.Categories[0].Children[0].Name.EN != "System software" ||
		again.Systems[0].Systems[0].Name.EN != "Phase VI trading system" {
		t.Error("DefaultConfig returned data shared with an earlier call")
	}
	if p, _ := codes.DefaultMatrix().Priority(codes.ImpactHigh, codes.UrgencyCritical); p != codes.P1 {
		t.Errorf("default matrix changed through DefaultConfig: %v", p)
	}
	got := codes.DefaultTables().Config()
	got.Statuses[1].Code = "changed"
	if !codes.DefaultTables().Statuses().Has(codes.StatusAssigned) {
		t.Error("default statuses changed through Config")
	}
}

func TestLoadTablesYAML(t *testing.T) {
	t.Parallel()
	doc := `
# Statuses and a 2×2 matrix of our own; every other table keeps its default.
statuses:
- code: open
  name: {zh: 处理中, en: Open}
- code: done
  name: {zh: 完成, en: Done}
  description: {zh: 已处理完毕, en: Finished}
matrix:
  impacts:
  - {code: wide, name: {zh: 广, en: Wide}}
  - {code: narrow, name: {zh: 窄, en: Narrow}}
  urgencies:
  - {code: now, name: {zh: 立即, en: Now}, time: 30m}
  - {code: later, name: {zh: 稍后, en: Later}, time: 1h30m}
  priorities:
    now: {wide: 1, narrow: 3}
    later: {wide: P2, narrow: P5}
`
	tables, err := codes.LoadTables([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses := []codes.Entry[codes.Status]{
		status("open", "处理中", "Open"),
		{Code: "done", Name: name("完成", "Done"), Description: name("已处理完毕", "Finished")},
	}
	if diff := cmp.Diff(wantStatuses, tables.Statuses().Entries()); diff != "" {
		t.Errorf("statuses mismatch (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		i    codes.Impact
		u    codes.Urgency
		want codes.Priority
	}{{"wide", "now", codes.P1}, {"narrow", "now", codes.P3}, {"wide", "later", codes.P2}, {"narrow", "later", codes.P5}} {
		if got, err := tables.Matrix().Priority(c.i, c.u); err != nil || got != c.want {
			t.Errorf("Priority(%s, %s) = %v, %v; want %v", c.i, c.u, got, err, c.want)
		}
	}
	// The tables left out are the defaults.
	cfg, def := tables.Config(), codes.DefaultConfig()
	cfg.Statuses, def.Statuses = nil, nil
	cfg.Matrix, def.Matrix = nil, nil
	if diff := cmp.Diff(def, cfg); diff != "" {
		t.Errorf("tables left out are not the defaults (-want +got):\n%s", diff)
	}
	// The defaults are untouched.
	if !codes.DefaultTables().Statuses().Has(codes.StatusRegistered) {
		t.Error("LoadTables changed the default statuses")
	}
}

func TestLoadTablesJSON(t *testing.T) {
	t.Parallel()
	doc := `{
	"sources": [
		{"code": "chat", "name": {"zh": "在线聊天", "en": "Chat"}},
		{"code": "monitoring", "name": {"zh": "监控系统", "en": "Monitoring system"}}
	],
	"priorities": [
		{"priority": "P1", "name": {"zh": "一级", "en": "Sev 1"}},
		{"priority": 2, "name": {"zh": "二级", "en": "Sev 2"}},
		{"priority": "P3", "name": {"zh": "三级", "en": "Sev 3"}},
		{"priority": "P4", "name": {"zh": "四级", "en": "Sev 4"}},
		{"priority": "P5", "name": {"zh": "五级", "en": "Sev 5"}}
	]
}`
	tables, err := codes.LoadTables([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]codes.Source{"chat", codes.SourceMonitoring}, tables.Sources().Codes()); diff != "" {
		t.Errorf("sources mismatch (-want +got):\n%s", diff)
	}
	if e, err := tables.Priorities().Lookup(codes.P2); err != nil || e.Name.EN != "Sev 2" {
		t.Errorf("Lookup(P2) = %+v, %v", e, err)
	}
}

func TestLoadTablesEmptyDocumentMeansDefaults(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{"", "{}", "# nothing but a comment\n"} {
		tables, err := codes.LoadTables([]byte(doc))
		if err != nil {
			t.Fatalf("LoadTables(%q): %v", doc, err)
		}
		if diff := cmp.Diff(codes.DefaultConfig(), tables.Config()); diff != "" {
			t.Errorf("LoadTables(%q) mismatch (-want +got):\n%s", doc, diff)
		}
	}
}

// TestLoadTablesDecodeErrors: a document with one problem of decoding gives
// one problem that says why, with its path.
func TestLoadTablesDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, want string
	}{
		{"unknown table", "status:\n- code: open\n", `status: unknown key (did you mean statuses?)`},
		{"unknown field in an entry", "statuses:\n- code: open\n  name: {zh: 开, en: Open}\n  colour: red\n", `statuses[0].colour: unknown key`},
		{"unknown field in a name", "statuses:\n- code: open\n  name: {zh: 开, en: Open, fr: Ouvert}\n", `statuses[0].name.fr: unknown key`},
		{"unknown field in a priority", "priorities:\n- {priority: P1, name: {zh: 一, en: One}, level: 1}\n", `unknown field "level"`},
		{"duplicate key", "statuses:\n- code: open\n  code: closed\n  name: {zh: 关, en: Closed}\n", `key "code" already set`},
		{"syntax error", "statuses: [\n", `did not find expected`},
		{"JSON syntax error", `{"statuses": [}`, `did not find expected`},
		{"a list where a table is wanted", "- code: open\n", `want an object, got a list`},
		{"a word for a priority", "priorities:\n- {priority: high, name: {zh: 高, en: High}}\n", `priority "high" is not P1 to P5 or 1 to 5`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := codes.LoadTables([]byte(tt.doc))
			msgs := problemsOf(t, err)
			if len(msgs) != 1 || !strings.Contains(msgs[0], tt.want) {
				t.Errorf("problems = %q, want one containing %q", msgs, tt.want)
			}
			var ee *codes.EntryError
			if errors.As(err, &ee) && ee.Err == nil {
				t.Error("the decoding error is not kept in EntryError.Err")
			}
		})
	}
}

// TestLoadTablesReportsEveryProblem: a document with problems in several
// tables gives all of them at once, each naming its entry and field.
func TestLoadTablesReportsEveryProblem(t *testing.T) {
	t.Parallel()
	doc := `
kinds:
- {code: IM, name: {zh: 事件, en: Incident}}
- {code: TK, name: {zh: 任务, en: Task}}
priorities:
- {priority: P1, name: {zh: 一级, en: One}}
- {priority: P7, name: {zh: 七级, en: Seven}}
- {priority: 3, name: {zh: 三级, en: Three}}
- {priority: P3, name: {zh: 三级, en: ""}}
- {priority: P4, name: {zh: 四级, en: Four}}
- {priority: P5, name: {zh: 五级, en: Five}}
matrix:
  impacts: [{code: high, name: {zh: 高, en: High}}]
  urgencies: [{code: now, name: {zh: 立即, en: Now}}, {code: soon, name: {zh: 尽快, en: Soon}}]
  priorities:
    now: {high: 9}
statuses:
- {code: registered, name: {zh: 已登记, en: Registered}}
- {code: registered, name: {zh: 已分派, en: Assigned}}
- {code: in progress, name: {zh: 处理中, en: In progress}}
- {code: pending, name: {zh: 挂起, en: ""}}
sources: []
satisfaction:
- {code: good, name: {zh: 好, en: Good}}
categories:
- code: hw
  name: {zh: 硬件, en: Hardware}
  children:
  - {code: pc, name: {zh: 电脑, en: PC}}
  - {code: pc, name: {zh: 主机, en: Host}}
systems:
- {code: core, name: {zh: 核心, en: Core}, systems: []}
`
	_, err := codes.LoadTables([]byte(doc))
	want := []string{
		`kinds[1] "TK": code is not a kind of record (IM, SR, PM or CH)`,
		`priorities[1]: priority is 7, want 1 to 5 (P1 to P5)`,
		`priorities[3] "P3": priority duplicates priorities[2]`,
		`priorities[3] "P3": name.en is empty`,
		`priorities: has no entry for P2`,
		`matrix.priorities: now.high is 9, want 1 to 5 (P1 to P5)`,
		`matrix.priorities: has no row for urgency "soon"`,
		`statuses[1] "registered": code duplicates statuses[0]`,
		`statuses[2] "in progress": code has ' ' at byte 2; use ASCII letters, digits, '_' and '-'`,
		`statuses[3] "pending": name.en is empty`,
		`sources: has no entries`,
		`satisfaction[0] "good": score is 0, want a positive number`,
		`categories[0].children[1] "hw.pc": code duplicates categories[0].children[0]`,
		`systems[0] "core": systems has no entries`,
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(err.Error(), "codes: invalid table: 14 problems:\n\tkinds[1] ") {
		t.Errorf("message starts %q", err.Error()[:min(len(err.Error()), 60)])
	}
}

func TestNewTablesExtendsDefaults(t *testing.T) {
	t.Parallel()
	cfg := codes.DefaultConfig()
	cfg.Statuses = codes.ExtendedStatuses().Entries()
	cfg.Sources = append(cfg.Sources, codes.Entry[codes.Source]{Code: "chat", Name: name("在线聊天", "Chat")})
	tables, err := codes.NewTables(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !tables.Statuses().Has(codes.StatusAwaitingReview) || !tables.Sources().Has("chat") || !tables.Sources().Has(codes.SourceSMS) {
		t.Error("extended tables miss an entry")
	}
	if codes.DefaultTables().Sources().Has("chat") {
		t.Error("extending changed the default sources")
	}
}

// TestEveryTableLoadsAlone: each key of the document replaces its table.
func TestEveryTableLoadsAlone(t *testing.T) {
	t.Parallel()
	full, err := json.Marshal(codes.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(full, &keys); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 12 {
		t.Errorf("the default document has %d tables, want 12", len(keys))
	}
	for key, raw := range keys {
		doc := []byte(`{"` + key + `": ` + string(raw) + `}`)
		if _, err := codes.LoadTables(doc); err != nil {
			t.Errorf("%s alone: %v", key, err)
		}
		// And an empty list of that table is an error that names it.
		_, err := codes.LoadTables([]byte(`{"` + key + `": []}`))
		if key == "matrix" {
			continue // the matrix is an object, not a list
		}
		msgs := problemsOf(t, err)
		if len(msgs) == 0 || !strings.HasPrefix(msgs[0], key) {
			t.Errorf("%s: []: problems %q do not name the table", key, msgs)
		}
	}
	// YAML and JSON give the same tables.
	y, err := yaml.JSONToYAML(full)
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := codes.LoadTables(y)
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := codes.LoadTables(full)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fromJSON.Config(), fromYAML.Config()); diff != "" {
		t.Errorf("YAML and JSON disagree (-json +yaml):\n%s", diff)
	}
	if bytes.Contains(y, []byte("0s")) {
		t.Errorf("durations are not written short:\n%s", y)
	}
}

// TestLoadTablesEveryDecodingProblem: problems of decoding in several tables
// come at once, with those NewTables finds.
func TestLoadTablesEveryDecodingProblem(t *testing.T) {
	t.Parallel()
	_, err := codes.LoadTables([]byte(`
statuses:
- {code: open, name: {zh: 开, en: Open}, colour: red}
- {code: shut, name: {zh: 关}}
kinds:
- {code: [incident], name: {zh: 事件, en: Incident}}
sources: {code: chat}
`))
	want := []string{
		`kinds[0].code: want a string, got a list`,
		`sources: want a list, got an object`,
		`statuses[0].colour: unknown key`,
		`statuses[1] "shut": name.en is empty`,
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s\nerror:\n%v", diff, err)
	}
}
