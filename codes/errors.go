package codes

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error returned by this package matches one of them
// with errors.Is; the typed errors below carry the details.
var (
	// ErrInvalidID is matched by errors about record ids that cannot be
	// parsed or built (*ParseError).
	ErrInvalidID = errors.New("codes: invalid id")

	// ErrUnknownCode is matched by lookups of a code that a table does not
	// hold (*UnknownCodeError).
	ErrUnknownCode = errors.New("codes: unknown code")

	// ErrInvalidTable is matched by errors about malformed tables, whether
	// built in Go or loaded from JSON or YAML (*TableError, *EntryError).
	ErrInvalidTable = errors.New("codes: invalid table")
)

// ParseError reports a record id that ParseID or ID.UnmarshalText rejects,
// or arguments that NewID rejects (then Input is empty). It matches
// ErrInvalidID.
type ParseError struct {
	// Input is the text that was parsed; empty for NewID.
	Input string
	// Reason says what is wrong, for a person to read.
	Reason string
}

// maxQuoted bounds how much of a rejected input an error message repeats.
const maxQuoted = 40

// Error returns the message: the input (cut if long) and the reason.
func (e *ParseError) Error() string {
	if e.Input == "" {
		return "codes: invalid id: " + e.Reason
	}
	in := e.Input
	if len(in) > maxQuoted {
		in = in[:maxQuoted] + "..."
	}
	return fmt.Sprintf("codes: invalid id %q: %s", in, e.Reason)
}

// Is reports whether target is ErrInvalidID.
func (e *ParseError) Is(target error) bool { return target == ErrInvalidID }

// UnknownCodeError reports a code that a table does not hold. It matches
// ErrUnknownCode.
type UnknownCodeError struct {
	// Table names the table, as in documents: "statuses", "priorities",
	// "impacts", "categories", ...
	Table string
	// Code is the code that was looked up. For a category path it is the
	// path with its parts joined by " / ".
	Code string
}

// Error returns the message: the code (cut if long) and the table.
func (e *UnknownCodeError) Error() string {
	code := e.Code
	if len(code) > maxQuoted {
		code = code[:maxQuoted] + "..."
	}
	return fmt.Sprintf("codes: unknown code %q in %s", code, e.Table)
}

// Is reports whether target is ErrUnknownCode.
func (e *UnknownCodeError) Is(target error) bool { return target == ErrUnknownCode }

// EntryError is one problem in a table: where it is (Path, and the entry's
// Code when it has one), which field, and what is wrong. It matches
// ErrInvalidTable. Its message reads like
//
//	statuses[3] "pending": name.en is empty
type EntryError struct {
	// Path locates the entry in the document, as "statuses[3]" or
	// "categories[0].children[2]"; empty for problems of the whole document.
	Path string
	// Code is the code of the entry, if it has one.
	Code string
	// Field names the field within the entry, as "name.en"; empty when the
	// problem concerns the entry as a whole.
	Field string
	// Problem says what is wrong, as "is empty".
	Problem string
	// Err is the underlying error, if any (a decoding error, say).
	Err error
}

// Error returns the message: path, code, field and problem.
func (e *EntryError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Code != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%q", e.Code)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteByte(' ')
	}
	b.WriteString(e.Problem)
	return b.String()
}

// Is reports whether target is ErrInvalidTable.
func (e *EntryError) Is(target error) bool { return target == ErrInvalidTable }

// Unwrap returns the underlying error, if any.
func (e *EntryError) Unwrap() error { return e.Err }

// TableError lists every problem found in a table or a document of tables.
// It matches ErrInvalidTable, and errors.As finds each *EntryError through
// Unwrap.
type TableError struct {
	// Problems holds one entry per problem: table by table in the order of
	// the fields of Config, and within a table in the order of its entries.
	Problems []*EntryError
}

// Error returns the message: every problem, one a line after the first.
func (e *TableError) Error() string {
	switch len(e.Problems) {
	case 0:
		return ErrInvalidTable.Error()
	case 1:
		return "codes: invalid table: " + e.Problems[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "codes: invalid table: %d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidTable.
func (e *TableError) Is(target error) bool { return target == ErrInvalidTable }

// Unwrap returns the problems, so that errors.As can reach each *EntryError.
func (e *TableError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// problems collects the problems of a table while it is validated.
type problems struct {
	list []*EntryError
}

func (p *problems) add(path, code, field, problem string) {
	p.list = append(p.list, &EntryError{Path: path, Code: code, Field: field, Problem: problem})
}

func (p *problems) addf(path, code, field, format string, args ...any) {
	p.add(path, code, field, fmt.Sprintf(format, args...))
}

// err returns nil if no problem was found and a *TableError otherwise.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &TableError{Problems: p.list}
}

// merge appends the problems of err, a *TableError returned by a
// constructor of this package.
func (p *problems) merge(err error) {
	if err == nil {
		return
	}
	var te *TableError
	if errors.As(err, &te) {
		p.list = append(p.list, te.Problems...)
		return
	}
	p.list = append(p.list, &EntryError{Problem: err.Error(), Err: err})
}
