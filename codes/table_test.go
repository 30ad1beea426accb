package codes_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
)

// problemsOf checks that err is a *TableError matching ErrInvalidTable and
// returns the message of each of its problems.
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("got no error, want a *TableError")
	}
	if !errors.Is(err, codes.ErrInvalidTable) {
		t.Errorf("errors.Is(%v, ErrInvalidTable) = false", err)
	}
	var te *codes.TableError
	if !errors.As(err, &te) {
		t.Fatalf("error %T is not a *TableError: %v", err, err)
	}
	var ee *codes.EntryError
	if !errors.As(err, &ee) || ee != te.Problems[0] {
		t.Errorf("errors.As(err, *EntryError) does not find the first problem")
	}
	msgs := make([]string, len(te.Problems))
	for i, p := range te.Problems {
		if !errors.Is(p, codes.ErrInvalidTable) {
			t.Errorf("problem %q does not match ErrInvalidTable", p)
		}
		msgs[i] = p.Error()
	}
	return msgs
}

func name(zh, en string) codes.Name { return codes.Name{ZH: zh, EN: en} }

func status(code codes.Status, zh, en string) codes.Entry[codes.Status] {
	return codes.Entry[codes.Status]{Code: code, Name: name(zh, en)}
}

func TestNewTable(t *testing.T) {
	t.Parallel()
	entries := []codes.Entry[codes.Status]{
		status("open", "打开", "Open"),
		{Code: "done", Name: name("完成", "Done"), Description: name("已完成", "Finished")},
	}
	tab, err := codes.NewTable(entries)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(entries, tab.Entries()); diff != "" {
		t.Errorf("Entries mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]codes.Status{"open", "done"}, tab.Codes()); diff != "" {
		t.Errorf("Codes mismatch (-want +got):\n%s", diff)
	}
	if tab.Len() != 2 || !tab.Has("done") || tab.Has("closed") {
		t.Errorf("Len = %d, Has(done) = %v, Has(closed) = %v", tab.Len(), tab.Has("done"), tab.Has("closed"))
	}
	e, err := tab.Lookup("done")
	if err != nil || e != entries[1] {
		t.Errorf("Lookup(done) = %+v, %v", e, err)
	}
}

func TestTableLookupUnknown(t *testing.T) {
	t.Parallel()
	for _, code := range []codes.Status{"", "Closed", "closed ", "nope", codes.StatusPending} {
		e, err := codes.DefaultTables().Statuses().Lookup(code)
		var ue *codes.UnknownCodeError
		if !errors.As(err, &ue) || !errors.Is(err, codes.ErrUnknownCode) {
			t.Fatalf("Lookup(%q) = %+v, %v; want an *UnknownCodeError", code, e, err)
		}
		if diff := cmp.Diff(&codes.UnknownCodeError{Table: "statuses", Code: string(code)}, ue); diff != "" {
			t.Errorf("Lookup(%q) error mismatch (-want +got):\n%s", code, diff)
		}
		if e != (codes.Entry[codes.Status]{}) {
			t.Errorf("Lookup(%q) returned %+v with its error", code, e)
		}
	}
	_, err := codes.DefaultTables().Sources().Lookup("fax")
	if want := `codes: unknown code "fax" in sources`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// TestNewTableInvalid has one case for each problem a plain table can have.
func TestNewTableInvalid(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 65)
	tests := []struct {
		name    string
		entries []codes.Entry[codes.Status]
		want    []string
	}{
		{"nil", nil, []string{"statuses: has no entries"}},
		{"empty", []codes.Entry[codes.Status]{}, []string{"statuses: has no entries"}},
		{"empty code", []codes.Entry[codes.Status]{status("", "打开", "Open")}, []string{`statuses[0]: code is empty`}},
		{"space in code", []codes.Entry[codes.Status]{status("in progress", "处理中", "In progress")},
			[]string{`statuses[0] "in progress": code has ' ' at byte 2; use ASCII letters, digits, '_' and '-'`}},
		{"dot in code", []codes.Entry[codes.Status]{status("a.b", "甲", "A")},
			[]string{`statuses[0] "a.b": code has '.' at byte 1; use ASCII letters, digits, '_' and '-'`}},
		{"Chinese code", []codes.Entry[codes.Status]{status("已登记", "已登记", "Registered")},
			[]string{`statuses[0] "已登记": code has '已' at byte 0; use ASCII letters, digits, '_' and '-'`}},
		{"code too long", []codes.Entry[codes.Status]{status(codes.Status(long), "甲", "A")},
			[]string{`statuses[0] "` + long + `": code is longer than 64 characters`}},
		{"duplicate code", []codes.Entry[codes.Status]{status("open", "打开", "Open"), status("done", "完成", "Done"), status("open", "再开", "Reopened")},
			[]string{`statuses[2] "open": code duplicates statuses[0]`}},
		{"empty zh name", []codes.Entry[codes.Status]{status("open", "", "Open")}, []string{`statuses[0] "open": name.zh is empty`}},
		{"empty en name", []codes.Entry[codes.Status]{status("open", "打开", "")}, []string{`statuses[0] "open": name.en is empty`}},
		{"padded name", []codes.Entry[codes.Status]{status("open", "打开 ", "\tOpen")},
			[]string{`statuses[0] "open": name.zh has leading or trailing space`, `statuses[0] "open": name.en has leading or trailing space`}},
		{"invalid UTF-8 name", []codes.Entry[codes.Status]{status("open", "打\xff开", "Open")}, []string{`statuses[0] "open": name.zh is not valid UTF-8`}},
		{"padded description", []codes.Entry[codes.Status]{{Code: "open", Name: name("打开", "Open"), Description: name("", "Open ")}},
			[]string{`statuses[0] "open": description.en has leading or trailing space`}},
		{"every problem at once",
			[]codes.Entry[codes.Status]{
				status("registered", "已登记", "Registered"),
				status("", "", "Assigned"),
				status("registered", "处理中", ""),
				status("pending", "挂起", ""),
			},
			[]string{
				`statuses[1]: code is empty`,
				`statuses[1]: name.zh is empty`,
				`statuses[2] "registered": code duplicates statuses[0]`,
				`statuses[2] "registered": name.en is empty`,
				`statuses[3] "pending": name.en is empty`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := codes.NewTable(tt.entries)
			if tab != nil {
				t.Errorf("NewTable returned a table with its error")
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTableErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := codes.NewTable([]codes.Entry[codes.Status]{status("open", "打开", "")})
	if want := `codes: invalid table: statuses[0] "open": name.en is empty`; err.Error() != want {
		t.Errorf("one problem: %q, want %q", err, want)
	}
	_, err = codes.NewTable([]codes.Entry[codes.Status]{status("open", "", "")})
	want := "codes: invalid table: 2 problems:\n" +
		"\tstatuses[0] \"open\": name.zh is empty\n" +
		"\tstatuses[0] \"open\": name.en is empty"
	if err.Error() != want {
		t.Errorf("two problems: %q, want %q", err, want)
	}
}

func TestKindAndTierTablesAcceptOnlyTheirCodes(t *testing.T) {
	t.Parallel()
	_, err := codes.NewTable([]codes.Entry[codes.Kind]{
		{Code: codes.KindIncident, Name: name("事件", "Incident")},
		{Code: "TK", Name: name("任务", "Task")},
		{Code: "im", Name: name("事件", "Incident")},
	})
	want := []string{
		`kinds[1] "TK": code is not a kind of record (IM, SR, PM or CH)`,
		`kinds[2] "im": code is not a kind of record (IM, SR, PM or CH)`,
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("kinds problems mismatch (-want +got):\n%s", diff)
	}
	_, err = codes.NewTable([]codes.Entry[codes.Tier]{{Code: "l4", Name: name("四线", "L4")}})
	want = []string{`tiers[0] "l4": code is not a tier (service_desk, l1, l2 or l3)`}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("tiers problems mismatch (-want +got):\n%s", diff)
	}
	// Renaming is allowed.
	if _, err := codes.NewTable([]codes.Entry[codes.Tier]{{Code: codes.TierL1, Name: name("现场支持", "Field support")}}); err != nil {
		t.Errorf("renamed tier: %v", err)
	}
}

func TestTableCopiesInAndOut(t *testing.T) {
	t.Parallel()
	entries := []codes.Entry[codes.Status]{status("open", "打开", "Open"), status("done", "完成", "Done")}
	tab, err := codes.NewTable(entries)
	if err != nil {
		t.Fatal(err)
	}
	entries[0].Name.EN = "changed in"
	out := tab.Entries()
	out[1].Name.EN = "changed out"
	tab.Codes()[0] = "changed"
	want := []codes.Entry[codes.Status]{status("open", "打开", "Open"), status("done", "完成", "Done")}
	if diff := cmp.Diff(want, tab.Entries()); diff != "" {
		t.Errorf("table changed through a slice (-want +got):\n%s", diff)
	}
}

func TestClosureTable(t *testing.T) {
	t.Parallel()
	valid := codes.ClosureEntry{Code: "fixed", Name: name("修复", "Fixed"), Outcome: codes.OutcomeResolved}
	tab, err := codes.NewClosureTable([]codes.ClosureEntry{valid})
	if err != nil {
		t.Fatal(err)
	}
	if e, err := tab.Lookup("fixed"); err != nil || e != valid {
		t.Errorf("Lookup(fixed) = %+v, %v", e, err)
	}
	if _, err := tab.Lookup(codes.ClosureSuccess); !errors.Is(err, codes.ErrUnknownCode) {
		t.Errorf("Lookup(success) error = %v, want ErrUnknownCode", err)
	}
	if !tab.Has("fixed") || tab.Len() != 1 || !cmp.Equal(tab.Codes(), []codes.ClosureCode{"fixed"}) || !cmp.Equal(tab.Entries(), []codes.ClosureEntry{valid}) {
		t.Errorf("Has, Len, Codes or Entries disagree with the input")
	}

	_, err = codes.NewClosureTable([]codes.ClosureEntry{
		{Code: "fixed", Name: name("修复", "Fixed")},
		{Code: "gone", Name: name("消失", "Gone"), Outcome: "vanished"},
		{Code: "fixed", Name: name("修复", "Fixed"), Outcome: codes.OutcomeNoFix},
	})
	want := []string{
		`closure_codes[0] "fixed": outcome is empty`,
		`closure_codes[1] "gone": outcome "vanished" is not resolved, problem_raised, unresolved or no_fix`,
		`closure_codes[2] "fixed": code duplicates closure_codes[0]`,
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if _, err := codes.NewClosureTable(nil); err == nil {
		t.Error("NewClosureTable(nil) succeeded")
	}
}

func TestSatisfactionTable(t *testing.T) {
	t.Parallel()
	valid := codes.SatisfactionEntry{Code: "ok", Name: name("好", "Good"), Score: 10}
	tab, err := codes.NewSatisfactionTable([]codes.SatisfactionEntry{valid})
	if err != nil {
		t.Fatal(err)
	}
	if e, err := tab.Lookup("ok"); err != nil || e != valid {
		t.Errorf("Lookup(ok) = %+v, %v", e, err)
	}
	if _, err := tab.Lookup("bad"); !errors.Is(err, codes.ErrUnknownCode) {
		t.Errorf("Lookup(bad) error = %v, want ErrUnknownCode", err)
	}
	if !tab.Has("ok") || tab.Len() != 1 || !cmp.Equal(tab.Codes(), []codes.Satisfaction{"ok"}) || !cmp.Equal(tab.Entries(), []codes.SatisfactionEntry{valid}) {
		t.Errorf("Has, Len, Codes or Entries disagree with the input")
	}
	_, err = codes.NewSatisfactionTable([]codes.SatisfactionEntry{
		{Code: "ok", Name: name("好", "Good")},
		{Code: "bad", Name: name("差", "Bad"), Score: -1},
	})
	want := []string{
		`satisfaction[0] "ok": score is 0, want a positive number`,
		`satisfaction[1] "bad": score is -1, want a positive number`,
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func TestTierOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tier codes.Tier
		rank int
		next codes.Tier
		ok   bool
	}{
		{codes.TierServiceDesk, 0, codes.TierL1, true},
		{codes.TierL1, 1, codes.TierL2, true},
		{codes.TierL2, 2, codes.TierL3, true},
		{codes.TierL3, 3, "", false},
		{"l4", -1, "", false},
		{"", -1, "", false},
		{"L1", -1, "", false},
	}
	for _, tt := range tests {
		if got := tt.tier.Rank(); got != tt.rank {
			t.Errorf("%q.Rank() = %d, want %d", tt.tier, got, tt.rank)
		}
		if next, ok := tt.tier.Next(); next != tt.next || ok != tt.ok {
			t.Errorf("%q.Next() = %q, %v; want %q, %v", tt.tier, next, ok, tt.next, tt.ok)
		}
	}
	// The default tier table is in ladder order.
	for i, tier := range codes.DefaultTables().Tiers().Codes() {
		if tier.Rank() != i {
			t.Errorf("tiers[%d] = %s has rank %d", i, tier, tier.Rank())
		}
	}
}

func TestOutcomeValid(t *testing.T) {
	t.Parallel()
	for _, o := range []codes.Outcome{codes.OutcomeResolved, codes.OutcomeProblemRaised, codes.OutcomeUnresolved, codes.OutcomeNoFix} {
		if !o.Valid() {
			t.Errorf("%q.Valid() = false", o)
		}
	}
	for _, o := range []codes.Outcome{"", "Resolved", "success"} {
		if o.Valid() {
			t.Errorf("%q.Valid() = true", o)
		}
	}
}

func TestNameString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    codes.Name
		want string
		zero bool
	}{
		{name("特大事件", "Critical"), "特大事件 (Critical)", false},
		{name("特大事件", ""), "特大事件", false},
		{name("", "Critical"), "Critical", false},
		{codes.Name{}, "", true},
	}
	for _, tt := range tests {
		if got := tt.n.String(); got != tt.want || tt.n.IsZero() != tt.zero {
			t.Errorf("%#v: String() = %q, IsZero() = %v; want %q, %v", tt.n, got, tt.n.IsZero(), tt.want, tt.zero)
		}
	}
}
