package codes_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
)

// idParts is what an ID holds, for comparison with cmp.
type idParts struct {
	Kind  codes.Kind
	Year  int
	Month time.Month
	Day   int
	Seq   int
}

func partsOf(id codes.ID) idParts {
	y, m, d := id.Date()
	return idParts{Kind: id.Kind(), Year: y, Month: m, Day: d, Seq: id.Seq()}
}

func TestParseIDValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want idParts
	}{
		{"IM090224000001", idParts{codes.KindIncident, 2009, time.February, 24, 1}},
		{"SR000101000001", idParts{codes.KindServiceRequest, 2000, time.January, 1, 1}},
		{"PM991231999999", idParts{codes.KindProblem, 2099, time.December, 31, codes.MaxSeq}},
		{"CH000229123456", idParts{codes.KindChange, 2000, time.February, 29, 123456}},
		{"IM960229000010", idParts{codes.KindIncident, 2096, time.February, 29, 10}},
		{"IM250430000100", idParts{codes.KindIncident, 2025, time.April, 30, 100}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			id, err := codes.ParseID(tt.in)
			if err != nil {
				t.Fatalf("ParseID(%q) error: %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, partsOf(id)); diff != "" {
				t.Errorf("ParseID(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got := id.String(); got != tt.in {
				t.Errorf("String() = %q, want %q", got, tt.in)
			}
			if id.IsZero() {
				t.Error("IsZero() = true for a parsed id")
			}
		})
	}
}

// TestParseIDInvalid has one case for each way an id can be malformed.
func TestParseIDInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, reason string
	}{
		{"empty", "", "empty"},
		{"too short", "IM09022400001", "has 13 bytes, want 14"},
		{"too long", "IM0902240000011", "has 15 bytes, want 14"},
		{"lower-case kind", "im090224000001", `unknown kind "im"`},
		{"mixed-case kind", "Im090224000001", `unknown kind "Im"`},
		{"unknown kind", "XX090224000001", `unknown kind "XX"`},
		{"task kind", "TK090224000001", `unknown kind "TK"`},
		{"letter in date", "IM09O224000001", "byte 5 is not a digit"},
		{"letter in sequence", "IM0902240000x1", "byte 13 is not a digit"},
		{"space", "IM090224 00001", "byte 9 is not a digit"},
		{"sign", "IM090224+00001", "byte 9 is not a digit"},
		{"non-ASCII in sequence", "IM09022400é01", "byte 11 is not a digit"},
		{"full-width digits", "IM０９0224000001", "has 18 bytes, want 14"},
		{"invalid UTF-8", "IM09022400\xff001", "byte 11 is not a digit"},
		{"month 00", "IM090024000001", "month 00 does not exist"},
		{"month 13", "IM091324000001", "month 13 does not exist"},
		{"day 00", "IM090200000001", "day 2009-02-00 does not exist"},
		{"February 30", "IM090230000001", "day 2009-02-30 does not exist"},
		{"February 29 of a common year", "IM090229000001", "day 2009-02-29 does not exist"},
		{"April 31", "IM090431000001", "day 2009-04-31 does not exist"},
		{"day 32", "IM090132000001", "day 2009-01-32 does not exist"},
		{"sequence 000000", "IM090224000000", "sequence 000000 does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := codes.ParseID(tt.in)
			if err == nil {
				t.Fatalf("ParseID(%q) = %v, want an error", tt.in, id)
			}
			if !errors.Is(err, codes.ErrInvalidID) {
				t.Errorf("errors.Is(%v, ErrInvalidID) = false", err)
			}
			var pe *codes.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			if pe.Input != tt.in {
				t.Errorf("Input = %q, want %q", pe.Input, tt.in)
			}
			if !strings.HasPrefix(pe.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to start with %q", pe.Reason, tt.reason)
			}
			if !id.IsZero() {
				t.Errorf("ParseID returned %v with its error, want the zero ID", id)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := codes.ParseID("IM090230000001")
	want := `codes: invalid id "IM090230000001": day 2009-02-30 does not exist`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	// A long input is cut in the message but kept whole in the error.
	long := strings.Repeat("9", 1000)
	_, err = codes.ParseID(long)
	var pe *codes.ParseError
	if !errors.As(err, &pe) || pe.Input != long {
		t.Fatalf("ParseID(long) error = %v, want a *ParseError holding the input", err)
	}
	if n := len(err.Error()); n > 120 {
		t.Errorf("message of a long input has %d bytes, want at most 120: %s", n, err)
	}
}

func TestNewID(t *testing.T) {
	t.Parallel()
	beijing := time.FixedZone("CST", 8*60*60)
	tests := []struct {
		name string
		kind codes.Kind
		day  time.Time
		seq  int
		want string
	}{
		{"first of the day", codes.KindIncident, time.Date(2009, 2, 24, 0, 0, 0, 0, time.UTC), 1, "IM090224000001"},
		{"last of the day", codes.KindChange, time.Date(2099, 12, 31, 23, 59, 59, 0, time.UTC), codes.MaxSeq, "CH991231999999"},
		{"time of day is ignored", codes.KindProblem, time.Date(2000, 1, 1, 13, 45, 0, 0, time.UTC), 42, "PM000101000042"},
		// 01:30 in Beijing is still the previous day in UTC: the date is
		// taken in the location of day, as is.
		{"date in day's location", codes.KindServiceRequest, time.Date(2024, 3, 1, 1, 30, 0, 0, beijing), 7, "SR240301000007"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := codes.NewID(tt.kind, tt.day, tt.seq)
			if err != nil {
				t.Fatalf("NewID error: %v", err)
			}
			if got := id.String(); got != tt.want {
				t.Errorf("NewID = %q, want %q", got, tt.want)
			}
			parsed, err := codes.ParseID(tt.want)
			if err != nil || parsed != id {
				t.Errorf("ParseID(%q) = %v, %v; want %v equal to NewID's", tt.want, parsed, err, id)
			}
		})
	}
}

func TestNewIDInvalid(t *testing.T) {
	t.Parallel()
	day := time.Date(2009, 2, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		kind   codes.Kind
		day    time.Time
		seq    int
		reason string
	}{
		{"unknown kind", "XX", day, 1, `unknown kind "XX"`},
		{"empty kind", "", day, 1, `unknown kind ""`},
		{"lower-case kind", "im", day, 1, `unknown kind "im"`},
		{"year before 2000", codes.KindIncident, time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), 1, "year 1999 is outside 2000–2099"},
		{"year after 2099", codes.KindIncident, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 1, "year 2100 is outside 2000–2099"},
		{"zero time", codes.KindIncident, time.Time{}, 1, "year 1 is outside 2000–2099"},
		{"sequence 0", codes.KindIncident, day, 0, "sequence 0 is outside 1–999999"},
		{"negative sequence", codes.KindIncident, day, -1, "sequence -1 is outside 1–999999"},
		{"sequence over MaxSeq", codes.KindIncident, day, codes.MaxSeq + 1, "sequence 1000000 is outside 1–999999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := codes.NewID(tt.kind, tt.day, tt.seq)
			var pe *codes.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, codes.ErrInvalidID) {
				t.Fatalf("NewID = %v, %v; want a *ParseError matching ErrInvalidID", id, err)
			}
			if pe.Reason != tt.reason || pe.Input != "" {
				t.Errorf("error = %+v, want Reason %q and no Input", pe, tt.reason)
			}
		})
	}
}

func TestIDText(t *testing.T) {
	t.Parallel()
	type ticket struct {
		ID     codes.ID   `json:"id"`
		Parent codes.ID   `json:"parent"`
		Links  []codes.ID `json:"links"`
	}
	id, err := codes.ParseID("IM090224000001")
	if err != nil {
		t.Fatal(err)
	}
	link, err := codes.ParseID("PM090301000002")
	if err != nil {
		t.Fatal(err)
	}
	in := ticket{ID: id, Links: []codes.ID{link}}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const wantJSON = `{"id":"IM090224000001","parent":"","links":["PM090301000002"]}`
	if string(data) != wantJSON {
		t.Errorf("json.Marshal = %s, want %s", data, wantJSON)
	}
	var out ticket
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out, cmp.Comparer(func(a, b codes.ID) bool { return a == b })); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}

	// A bad id is an error and leaves the target as it was.
	kept := id
	err = kept.UnmarshalText([]byte("IM090230000001"))
	if !errors.Is(err, codes.ErrInvalidID) || kept != id {
		t.Errorf("UnmarshalText(bad) = %v, id now %v; want ErrInvalidID and %v kept", err, kept, id)
	}
	if err := json.Unmarshal([]byte(`{"id":"im090224000001"}`), &out); !errors.Is(err, codes.ErrInvalidID) {
		t.Errorf("json.Unmarshal(bad id) error = %v, want ErrInvalidID", err)
	}

	var zero codes.ID
	if s := zero.String(); s != "" {
		t.Errorf("zero ID String() = %q, want empty", s)
	}
	if parts := partsOf(zero); parts != (idParts{}) {
		t.Errorf("zero ID parts = %+v, want all zero", parts)
	}
	b, err := id.AppendText([]byte("id="))
	if err != nil || string(b) != "id=IM090224000001" {
		t.Errorf("AppendText = %q, %v", b, err)
	}
}

// refIDPattern and refParseID are a slow, obviously right reference for
// ParseID: a regular expression and the normalisation of time.Date.
var refIDPattern = regexp.MustCompile(`^(IM|SR|PM|CH)([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{6})$`)

func refParseID(s string) (idParts, bool) {
	m := refIDPattern.FindStringSubmatch(s)
	if m == nil {
		return idParts{}, false
	}
	num := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			panic(err)
		}
		return n
	}
	y, mo, d, seq := 2000+num(m[2]), num(m[3]), num(m[4]), num(m[5])
	tm := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if tm.Year() != y || int(tm.Month()) != mo || tm.Day() != d || seq == 0 {
		return idParts{}, false
	}
	return idParts{Kind: codes.Kind(m[1]), Year: y, Month: time.Month(mo), Day: d, Seq: seq}, true
}

// checkParseID compares ParseID with the reference on one input.
func checkParseID(t *testing.T, s string) {
	t.Helper()
	id, err := codes.ParseID(s)
	want, ok := refParseID(s)
	switch {
	case ok && err != nil:
		t.Fatalf("ParseID(%q) error %v; the reference accepts it as %+v", s, err, want)
	case !ok && err == nil:
		t.Fatalf("ParseID(%q) = %v; the reference rejects it", s, id)
	case err != nil:
		var pe *codes.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, codes.ErrInvalidID) || pe.Input != s {
			t.Fatalf("ParseID(%q) error %#v is not a *ParseError holding the input", s, err)
		}
	default:
		if got := partsOf(id); got != want {
			t.Fatalf("ParseID(%q) = %+v, reference %+v", s, got, want)
		}
		if id.String() != s {
			t.Fatalf("ParseID(%q).String() = %q", s, id.String())
		}
		again, err := codes.NewID(id.Kind(), time.Date(want.Year, want.Month, want.Day, 0, 0, 0, 0, time.UTC), id.Seq())
		if err != nil || again != id {
			t.Fatalf("NewID from the parts of %q = %v, %v", s, again, err)
		}
	}
}

// TestParseIDEveryDate checks every YYMMDD from 000000 to 991399 (valid or
// not) against the reference.
func TestParseIDEveryDate(t *testing.T) {
	t.Parallel()
	for yy := 0; yy <= 99; yy++ {
		for mm := 0; mm <= 13; mm++ {
			for dd := 0; dd <= 32; dd++ {
				checkParseID(t, fmt.Sprintf("IM%02d%02d%02d000001", yy, mm, dd))
			}
		}
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{
		"IM090224000001", "SR000229999999", "PM991231000001", "CH250101000100",
		"", "IM", "im090224000001", "IM090230000001", "IM090224000000",
		"IM09022400é01", "XX090224000001", "IM0902240000011", "IM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkParseID(t, s)
	})
}

// TestIDCmp: go-cmp compares ids, and values holding them, through Equal.
func TestIDCmp(t *testing.T) {
	a, _ := codes.ParseID("IM090224000001")
	b, _ := codes.ParseID("IM090224000001")
	c, _ := codes.ParseID("IM090224000002")
	type rec struct{ ID codes.ID }
	if diff := cmp.Diff(rec{a}, rec{b}); diff != "" {
		t.Errorf("equal ids differ:\n%s", diff)
	}
	if cmp.Equal(rec{a}, rec{c}) || !a.Equal(b) || a.Equal(c) {
		t.Error("different ids compare equal")
	}
}

// TestIDCompare: Compare orders ids as their text does.
func TestIDCompare(t *testing.T) {
	ids := []string{"", "CH250101000001", "IM090224000001", "IM090224000002", "IM091231000001", "IM250101000001", "PM090101000009", "SR000101000001"}
	parse := func(s string) codes.ID {
		if s == "" {
			return codes.ID{}
		}
		id, err := codes.ParseID(s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, a := range ids {
		for _, b := range ids {
			want := strings.Compare(a, b)
			if got := parse(a).Compare(parse(b)); got != want {
				t.Errorf("Compare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}
