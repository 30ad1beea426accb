package codes

import (
	"fmt"
	"slices"
)

// Code is the constraint satisfied by the string code types of this package
// that have a plain Table: Kind, Status, Source, Nature, ResolverRole, Tier
// and System. Other packages can use it in generic code but cannot add types
// to it.
type Code interface {
	~string
	// tableName names the table in documents and error messages.
	tableName() string
}

// Entry is one row of a code table: a stable machine code with its Chinese
// and English names and an optional description.
type Entry[C Code] struct {
	// Code is the machine code: 1 to 64 ASCII letters, digits, '_' or '-',
	// unique in its table.
	Code C `json:"code"`
	// Name is the name shown to people; both texts are required.
	Name Name `json:"name"`
	// Description explains the code; optional.
	Description Name `json:"description,omitzero"`
}

// Table is an immutable, ordered table of codes of type C with their names.
// Build one with NewTable, or take one from a Tables. A Table is safe for
// concurrent use; its methods return copies, never its own storage.
type Table[C Code] struct {
	list list[C, Entry[C]]
}

func (e Entry[C]) key() C { return e.Code }

// NewTable validates entries and returns them as a table, in the given
// order. entries is copied. It fails with a *TableError listing every
// problem: an empty table, a malformed or duplicate code, a missing name.
// Tables of Kind and Tier accept only the kinds and tiers this package
// defines, because ids and tier ordering know no others.
func NewTable[C Code](entries []Entry[C]) (*Table[C], error) {
	var zero C
	var p problems
	p.checkEntries(zero.tableName(), len(entries), func(i int) (string, Name, Name) {
		return string(entries[i].Code), entries[i].Name, entries[i].Description
	}, func(i int, path string) {
		code := entries[i].Code
		if v, ok := any(code).(interface{ invalid() string }); ok && codeProblem(string(code)) == "" {
			if msg := v.invalid(); msg != "" {
				p.add(path, string(code), "code", msg)
			}
		}
	})
	if err := p.err(); err != nil {
		return nil, err
	}
	return &Table[C]{list: newList(zero.tableName(), entries)}, nil
}

// checkEntries validates the common fields of a list of n entries named
// table in documents: at least one entry, well-formed unique codes, names.
// entry returns the code, name and description of entry i; extra, if not
// nil, checks the other fields of entry i at path.
func (p *problems) checkEntries(table string, n int, entry func(i int) (code string, name, desc Name), extra func(i int, path string)) {
	if n == 0 {
		p.add(table, "", "", "has no entries")
		return
	}
	seen := make(map[string]string, n)
	for i := range n {
		path := fmt.Sprintf("%s[%d]", table, i)
		code, name, desc := entry(i)
		p.checkCode(path, code)
		if first, dup := seen[code]; dup && code != "" {
			p.add(path, code, "code", "duplicates "+first)
		} else {
			seen[code] = path
		}
		p.checkName(path, code, "name", name)
		p.checkDescription(path, code, "description", desc)
		if extra != nil {
			extra(i, path)
		}
	}
}

// Lookup returns the entry for code. It fails with an *UnknownCodeError
// (matching ErrUnknownCode) if the table does not hold code.
func (t *Table[C]) Lookup(code C) (Entry[C], error) { return t.list.lookup(code) }

// Has reports whether the table holds code.
func (t *Table[C]) Has(code C) bool { return t.list.has(code) }

// Codes returns the codes in table order, in a new slice.
func (t *Table[C]) Codes() []C { return t.list.codes() }

// Entries returns the entries in table order, in a new slice.
func (t *Table[C]) Entries() []Entry[C] { return slices.Clone(t.list.entries) }

// Len returns the number of entries.
func (t *Table[C]) Len() int { return len(t.list.entries) }

// list is the storage shared by the tables of this package: entries in
// order and an index by code. It is never modified after newList.
type list[C ~string, E interface{ key() C }] struct {
	table   string
	entries []E
	index   map[C]int
}

// newList copies entries, which must have been validated, into a list.
func newList[C ~string, E interface{ key() C }](table string, entries []E) list[C, E] {
	l := list[C, E]{table: table, entries: slices.Clone(entries), index: make(map[C]int, len(entries))}
	for i, e := range l.entries {
		l.index[e.key()] = i
	}
	return l
}

func (l *list[C, E]) lookup(code C) (E, error) {
	i, ok := l.index[code]
	if !ok {
		var zero E
		return zero, &UnknownCodeError{Table: l.table, Code: string(code)}
	}
	return l.entries[i], nil
}

func (l *list[C, E]) has(code C) bool {
	_, ok := l.index[code]
	return ok
}

func (l *list[C, E]) codes() []C {
	codes := make([]C, len(l.entries))
	for i, e := range l.entries {
		codes[i] = e.key()
	}
	return codes
}
