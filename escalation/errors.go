package escalation

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Test for them with errors.Is; the typed errors carry the
// details and match them.
var (
	// ErrInvalidRules is matched by every error New, Parse and Load return
	// for a bad Config (a *RulesError listing each problem).
	ErrInvalidRules = errors.New("escalation: invalid rules")

	// ErrInvalidEngine is returned by NewEngine for a Config missing what
	// an Engine needs.
	ErrInvalidEngine = errors.New("escalation: invalid engine configuration")

	// ErrInvalidEscalation is matched by the error of a management
	// escalation whose input is wrong (Engine.EscalateToManagement): no
	// actor, key or reason. Nothing is written.
	ErrInvalidEscalation = errors.New("escalation: invalid escalation")
)

// Problem is one thing wrong with a rule set: the path of the field, as it is
// spelled in JSON and YAML, and what is wrong with it.
type Problem struct {
	Path    string // e.g. "rules[2].levels[0].after"
	Message string // e.g. "must not be negative"
}

// String returns the problem as "path: message".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// RulesError lists every problem found in a rule set. It matches
// ErrInvalidRules.
type RulesError struct {
	Problems []Problem // every problem, in the order found
}

// Error lists the problems, one a line.
func (e *RulesError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "escalation: invalid rules: %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidRules.
func (e *RulesError) Is(target error) bool { return target == ErrInvalidRules }
