package codes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Priority (优先级) is the priority of a ticket, P1 (most urgent) to P5.
// Each priority is also a level of impact (影响程度), and the PriorityTable
// describes which incidents each level covers; a Matrix derives a priority
// from impact and urgency instead. The zero Priority means "not set" and is
// not valid.
type Priority int

// The priorities.
const (
	P1 Priority = 1 // 特大事件, critical
	P2 Priority = 2 // 重大事件, major
	P3 Priority = 3 // 较大事件, significant
	P4 Priority = 4 // 普通事件, normal
	P5 Priority = 5 // 次要事件, minor
)

// ParsePriority parses "P1" to "P5" (upper case P). Anything else fails with
// an *UnknownCodeError for table "priorities".
func ParsePriority(s string) (Priority, error) {
	if len(s) == 2 && s[0] == 'P' && s[1] >= '1' && s[1] <= '5' {
		return Priority(s[1] - '0'), nil
	}
	return 0, &UnknownCodeError{Table: priorityTableName, Code: s}
}

// Valid reports whether p is one of P1 to P5.
func (p Priority) Valid() bool { return p >= P1 && p <= P5 }

// String returns "P1" to "P5", or "Priority(n)" for an invalid value.
func (p Priority) String() string {
	if !p.Valid() {
		return "Priority(" + strconv.Itoa(int(p)) + ")"
	}
	return "P" + strconv.Itoa(int(p))
}

// Major reports whether p is P1 or P2: a major incident (特大事件 or
// 重大事件). The service desk notifies the incident manager as soon as one
// is registered, and the emergency process starts.
func (p Priority) Major() bool { return p == P1 || p == P2 }

// Outranks reports whether p is more urgent than q: P1 outranks P2. It is
// false when either is invalid.
func (p Priority) Outranks(q Priority) bool { return p.Valid() && q.Valid() && p < q }

// MarshalText returns "P1" to "P5". It fails for an invalid priority.
func (p Priority) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, fmt.Errorf("codes: cannot marshal invalid priority %d", int(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText parses "P1" to "P5" with ParsePriority. Anything else fails
// with a message for the author of a document, `unknown priority "P9"
// (P1–P5)`, that matches ErrUnknownCode and unwraps to the
// *UnknownCodeError of ParsePriority.
func (p *Priority) UnmarshalText(text []byte) error {
	q, err := ParsePriority(string(text))
	if err != nil {
		return &priorityTextError{err.(*UnknownCodeError)}
	}
	*p = q
	return nil
}

// priorityTextError is the error of Priority.UnmarshalText.
type priorityTextError struct{ err *UnknownCodeError }

func (e *priorityTextError) Error() string {
	code := e.err.Code
	if len(code) > maxQuoted {
		code = code[:maxQuoted] + "..."
	}
	return fmt.Sprintf("unknown priority %q (P1–P5)", code)
}

func (e *priorityTextError) Unwrap() error { return e.err }

// docPriority is how tables documents read a priority: "P1" or 1, and
// also out-of-range values such as "P9" or 9, which the table's
// constructor then reports with every other problem and its path.
type docPriority Priority

// UnmarshalJSON reads "Pn" or n for any integer n.
func (p *docPriority) UnmarshalJSON(data []byte) error {
	text := string(bytes.TrimSpace(data))
	if text == "null" {
		return nil
	}
	num := text
	if len(text) > 0 && text[0] == '"' {
		s, err := strconv.Unquote(text)
		if err != nil || !strings.HasPrefix(s, "P") {
			return fmt.Errorf("codes: priority %s is not P1 to P5 or 1 to 5", text)
		}
		num = s[1:]
	}
	n, err := strconv.Atoi(num)
	if err != nil || strconv.Itoa(n) != num {
		return fmt.Errorf("codes: priority %s is not P1 to P5 or 1 to 5", text)
	}
	*p = docPriority(n)
	return nil
}

// PriorityEntry names a priority (优先级) and describes the incidents of
// its impact level (影响程度).
type PriorityEntry struct {
	// Priority is P1 to P5; in JSON and YAML "P1" or 1.
	Priority Priority `json:"priority"`
	// Name is the name of the level, such as 特大事件 / Critical.
	Name Name `json:"name"`
	// Description says which incidents have this impact level; optional.
	Description Name `json:"description,omitzero"`
}

// UnmarshalJSON reads the entry; unknown fields are errors, and a priority
// out of range is left for NewPriorityTable to report.
func (e *PriorityEntry) UnmarshalJSON(data []byte) error {
	var w struct {
		Priority    docPriority `json:"priority"`
		Name        Name        `json:"name"`
		Description Name        `json:"description,omitzero"`
	}
	if err := strictUnmarshal(data, &w); err != nil {
		return err
	}
	*e = PriorityEntry{Priority: Priority(w.Priority), Name: w.Name, Description: w.Description}
	return nil
}

// strictUnmarshal decodes JSON into v, rejecting unknown fields, as the
// documents of this package are read.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// PriorityTable names the five priorities. It is immutable and safe for
// concurrent use; its methods return copies.
type PriorityTable struct {
	entries [P5]PriorityEntry // entries[p-1] is priority p
}

const priorityTableName = "priorities"

// NewPriorityTable validates entries, which must name each of P1 to P5
// exactly once, in any order. It fails with a *TableError listing every
// problem: an invalid, duplicate or missing priority, a missing name.
func NewPriorityTable(entries []PriorityEntry) (*PriorityTable, error) {
	var p problems
	t := &PriorityTable{}
	var seen [P5 + 1]string
	for i, e := range entries {
		path := fmt.Sprintf("%s[%d]", priorityTableName, i)
		code := ""
		if e.Priority.Valid() {
			code = e.Priority.String()
		}
		switch {
		case !e.Priority.Valid():
			p.addf(path, code, "priority", "is %d, want 1 to 5 (P1 to P5)", int(e.Priority))
		case seen[e.Priority] != "":
			p.add(path, code, "priority", "duplicates "+seen[e.Priority])
		default:
			seen[e.Priority] = path
			t.entries[e.Priority-1] = e
		}
		p.checkName(path, code, "name", e.Name)
		p.checkDescription(path, code, "description", e.Description)
	}
	for q := P1; q <= P5; q++ {
		if seen[q] == "" {
			p.addf(priorityTableName, "", "", "has no entry for %s", q)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return t, nil
}

// Lookup returns the entry of priority q, or an *UnknownCodeError if q is
// not valid.
func (t *PriorityTable) Lookup(q Priority) (PriorityEntry, error) {
	if !q.Valid() {
		return PriorityEntry{}, &UnknownCodeError{Table: priorityTableName, Code: q.String()}
	}
	return t.entries[q-1], nil
}

// Entries returns the five entries, P1 first, in a new slice.
func (t *PriorityTable) Entries() []PriorityEntry { return slices.Clone(t.entries[:]) }
