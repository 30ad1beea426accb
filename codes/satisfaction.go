package codes

import "slices"

// Satisfaction (事件支持满意度) is the requester's rating of the support
// they had.
type Satisfaction string

// The ratings of the default table, best first.
const (
	SatisfactionVeryGood         Satisfaction = "very_good"         // 非常好: very satisfied
	SatisfactionNormal           Satisfaction = "normal"            // 正常: accepts the result
	SatisfactionNeedsImprovement Satisfaction = "needs_improvement" // 需要提高: not satisfied with the process or the result
)

// SatisfactionEntry is one row of the satisfaction table.
type SatisfactionEntry struct {
	// Code is the machine code, unique in its table.
	Code Satisfaction `json:"code"`
	// Name is the name shown to people; both texts are required.
	Name Name `json:"name"`
	// Description explains the rating; optional.
	Description Name `json:"description,omitzero"`
	// Score is the value of the rating when ratings are averaged: a
	// positive number, higher is better. The process documents give no
	// numbers; the default table scores its three ratings 3, 2 and 1.
	Score int `json:"score"`
}

func (e SatisfactionEntry) key() Satisfaction { return e.Code }

// SatisfactionTable is an immutable, ordered table of ratings. It is safe
// for concurrent use; its methods return copies.
type SatisfactionTable struct {
	list list[Satisfaction, SatisfactionEntry]
}

const satisfactionTableName = "satisfaction"

// NewSatisfactionTable validates entries and returns them as a table, in
// the given order; entries is copied. It fails with a *TableError listing
// every problem, as NewTable does, and also every score that is not
// positive.
func NewSatisfactionTable(entries []SatisfactionEntry) (*SatisfactionTable, error) {
	var p problems
	p.checkEntries(satisfactionTableName, len(entries), func(i int) (string, Name, Name) {
		return string(entries[i].Code), entries[i].Name, entries[i].Description
	}, func(i int, path string) {
		if s := entries[i].Score; s <= 0 {
			p.addf(path, string(entries[i].Code), "score", "is %d, want a positive number", s)
		}
	})
	if err := p.err(); err != nil {
		return nil, err
	}
	return &SatisfactionTable{list: newList(satisfactionTableName, entries)}, nil
}

// Lookup returns the entry for code, or an *UnknownCodeError.
func (t *SatisfactionTable) Lookup(code Satisfaction) (SatisfactionEntry, error) {
	return t.list.lookup(code)
}

// Has reports whether the table holds code.
func (t *SatisfactionTable) Has(code Satisfaction) bool { return t.list.has(code) }

// Codes returns the codes in table order, in a new slice.
func (t *SatisfactionTable) Codes() []Satisfaction { return t.list.codes() }

// Entries returns the entries in table order, in a new slice.
func (t *SatisfactionTable) Entries() []SatisfactionEntry { return slices.Clone(t.list.entries) }

// Len returns the number of entries.
func (t *SatisfactionTable) Len() int { return len(t.list.entries) }
