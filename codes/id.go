package codes

import (
	"fmt"
	"time"
)

// Kind is the kind of a record, the two-letter prefix of its id: IM for an
// incident, SR a service request, PM a problem, CH a change.
type Kind string

// The kinds of records. Ids accept only these four.
const (
	KindIncident       Kind = "IM" // 事件, incident
	KindServiceRequest Kind = "SR" // 服务请求, service request
	KindProblem        Kind = "PM" // 问题, problem
	KindChange         Kind = "CH" // 变更, change
)

// Valid reports whether k is one of the four kinds of records.
func (k Kind) Valid() bool {
	switch k {
	case KindIncident, KindServiceRequest, KindProblem, KindChange:
		return true
	}
	return false
}

func (Kind) tableName() string { return "kinds" }

func (k Kind) invalid() string {
	if !k.Valid() {
		return "is not a kind of record (IM, SR, PM or CH)"
	}
	return ""
}

// MaxSeq is the largest daily sequence number an id can hold.
const MaxSeq = 999999

// idLen is the length of an id: kind (2) + YYMMDD (6) + sequence (6).
const idLen = 14

// ID is the id of a record: its kind, the calendar date it was opened, and a
// sequence number that restarts at 1 each day. Its text form is
//
//	IM090224000001
//
// kind prefix, YYMMDD, then the six-digit sequence: incident no. 1 of
// 2009-02-24. The two-digit year YY stands for 20YY, so ids cover the
// years 2000 to 2099.
//
// The zero ID is "no id": its text is empty. Other IDs are made only by
// NewID, ParseID and UnmarshalText, so they are always valid. IDs are
// comparable with == and usable as map keys; within one kind, the text
// form sorts in the order the records were opened.
type ID struct {
	kind Kind
	date int32 // year*10000 + month*100 + day
	seq  int32
}

// NewID returns the id of record seq of the given kind opened on the
// calendar date of day, taken as is in day's location (no conversion to
// UTC: convert day first if the id should follow another time zone).
// It fails with a *ParseError if the kind is unknown, the year is outside
// 2000–2099, or seq is outside 1–MaxSeq.
func NewID(kind Kind, day time.Time, seq int) (ID, error) {
	if !kind.Valid() {
		return ID{}, &ParseError{Reason: fmt.Sprintf("unknown kind %q", string(kind))}
	}
	y, m, d := day.Date()
	if y < 2000 || y > 2099 {
		return ID{}, &ParseError{Reason: fmt.Sprintf("year %d is outside 2000–2099", y)}
	}
	if seq < 1 || seq > MaxSeq {
		return ID{}, &ParseError{Reason: fmt.Sprintf("sequence %d is outside 1–%d", seq, MaxSeq)}
	}
	return ID{kind: kind, date: int32(y*10000 + int(m)*100 + d), seq: int32(seq)}, nil
}

// ParseID parses an id in the form IM090224000001. It accepts exactly
// fourteen characters: one of the four kinds in upper case, a date YYMMDD
// that exists (YY is 20YY), and a sequence from 000001 to 999999. Anything
// else fails with a *ParseError that says what is wrong.
func ParseID(s string) (ID, error) {
	if s == "" {
		return ID{}, &ParseError{Input: s, Reason: "empty"}
	}
	if len(s) != idLen {
		return ID{}, &ParseError{Input: s, Reason: fmt.Sprintf("has %d bytes, want %d", len(s), idLen)}
	}
	kind := Kind(s[:2])
	if !kind.Valid() {
		return ID{}, &ParseError{Input: s, Reason: fmt.Sprintf("unknown kind %q (want IM, SR, PM or CH)", s[:2])}
	}
	for i := 2; i < idLen; i++ {
		if s[i] < '0' || s[i] > '9' {
			return ID{}, &ParseError{Input: s, Reason: fmt.Sprintf("byte %d is not a digit", i+1)}
		}
	}
	y := 2000 + digits(s[2:4])
	m := digits(s[4:6])
	d := digits(s[6:8])
	seq := digits(s[8:14])
	if m < 1 || m > 12 {
		return ID{}, &ParseError{Input: s, Reason: fmt.Sprintf("month %02d does not exist", m)}
	}
	if d < 1 || d > daysIn(y, time.Month(m)) {
		return ID{}, &ParseError{Input: s, Reason: fmt.Sprintf("day %d-%02d-%02d does not exist", y, m, d)}
	}
	if seq == 0 {
		return ID{}, &ParseError{Input: s, Reason: "sequence 000000 does not exist; sequences start at 000001"}
	}
	return ID{kind: kind, date: int32(y*10000 + m*100 + d), seq: int32(seq)}, nil
}

// digits returns the value of a string of ASCII digits.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Kind returns the kind of the record; empty for the zero ID.
func (id ID) Kind() Kind { return id.kind }

// Date returns the calendar date in the id; zeros for the zero ID.
func (id ID) Date() (year int, month time.Month, day int) {
	d := int(id.date)
	return d / 10000, time.Month(d / 100 % 100), d % 100
}

// Seq returns the daily sequence number, 1 to MaxSeq; 0 for the zero ID.
func (id ID) Seq() int { return int(id.seq) }

// Equal reports whether id and other are the same id. It is id == other;
// it lets github.com/google/go-cmp compare values holding ids.
func (id ID) Equal(other ID) bool { return id == other }

// Compare returns -1, 0 or +1 as id sorts before, equal to or after other:
// the order of their text, by kind, then date, then sequence, with the zero
// ID first. It does not allocate.
func (id ID) Compare(other ID) int {
	switch {
	case id.kind != other.kind:
		if id.kind < other.kind {
			return -1
		}
		return 1
	case id.date != other.date:
		if id.date < other.date {
			return -1
		}
		return 1
	case id.seq != other.seq:
		if id.seq < other.seq {
			return -1
		}
		return 1
	}
	return 0
}

// IsZero reports whether id is the zero ID.
func (id ID) IsZero() bool { return id == ID{} }

// String returns the id in the form IM090224000001, or "" for the zero ID.
func (id ID) String() string {
	if id.IsZero() {
		return ""
	}
	b, _ := id.AppendText(make([]byte, 0, idLen))
	return string(b)
}

// AppendText appends the text of id to b. It implements
// encoding.TextAppender and never fails.
func (id ID) AppendText(b []byte) ([]byte, error) {
	if id.IsZero() {
		return b, nil
	}
	y, m, d := id.Date()
	b = append(b, id.kind...)
	b = appendDigits(b, y%100, 2)
	b = appendDigits(b, int(m), 2)
	b = appendDigits(b, d, 2)
	return appendDigits(b, int(id.seq), 6), nil
}

// appendDigits appends n as exactly width decimal digits (n < 10^width).
func appendDigits(b []byte, n, width int) []byte {
	var buf [6]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, buf[:width]...)
}

// MarshalText returns the text of id; empty for the zero ID.
func (id ID) MarshalText() ([]byte, error) {
	return id.AppendText(nil)
}

// UnmarshalText parses text with ParseID. Empty text gives the zero ID, so
// that a zero ID survives a round trip through JSON.
func (id *ID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*id = ID{}
		return nil
	}
	parsed, err := ParseID(string(text))
	if err != nil {
		return err
	}
	*id = parsed
	return nil
}
