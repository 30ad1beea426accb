package incident

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The longest text, in bytes, a Desk command accepts in each kind of field.
// The Desk refuses a longer one, or one that is not valid UTF-8 or holds a
// NUL byte, with a *CommandError naming the field, whatever the Store: every
// store keeps what the Desk accepts byte for byte, and a database indexes
// the short fields.
const (
	// MaxKeyLen bounds an alert's ExternalKey, a configuration item and an
	// attachment's reference, and the Key of an entry.
	MaxKeyLen = 512
	// MaxNameLen bounds who does a command (Action.Actor), the requester,
	// groups and assignees, codes (source, category, tier, ...), a
	// customer tier, a link's kind, and an entry's type, event and
	// fields' names.
	MaxNameLen = 256
	// MaxTextLen bounds the summary, description, solution, result,
	// reasons, notes, comments and an entry's text and changed values.
	MaxTextLen = 1 << 20
)

// input is one text field of a command and its bound.
type input struct {
	field string
	value string
	max   int
}

func nameIn(field, v string) input { return input{field, v, MaxNameLen} }
func keyIn(field, v string) input  { return input{field, v, MaxKeyLen} }
func textIn(field, v string) input { return input{field, v, MaxTextLen} }

// checkInput refuses the first of a command's text fields that is too
// long, not valid UTF-8 or holds a NUL byte. It is the one place the Desk
// checks text, so that it accepts the same whatever the Store.
func checkInput(cmd string, in ...input) error {
	for _, f := range in {
		var reason string
		switch {
		case len(f.value) > f.max:
			reason = fmt.Sprintf("%d bytes, longer than the %d allowed", len(f.value), f.max)
		case !utf8.ValidString(f.value):
			reason = "not valid UTF-8 text"
		case strings.IndexByte(f.value, 0) >= 0:
			reason = "holds a NUL byte"
		default:
			continue
		}
		return &CommandError{Command: cmd, Field: f.field, Reason: reason}
	}
	return nil
}

// each returns an input per value of a list field, named field[i].
func each(field string, vs []string, max int) []input {
	out := make([]input, len(vs))
	for i, v := range vs {
		out[i] = input{fmt.Sprintf("%s[%d]", field, i), v, max}
	}
	return out
}
