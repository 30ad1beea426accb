package sla

import (
	"errors"
	"strings"

	"github.com/itsmkit/itsm/internal/confload"
)

// ParseConfig reads a Config from JSON or YAML (JSON is YAML too). Keys are
// the json tags of Config and the types it holds; durations are Go duration
// strings ("30m", "1h30m"), priorities "P1" to "P5", instants RFC 3339.
// Unknown and duplicate keys are errors. It fails with a *PolicyError that
// lists every problem of decoding, each with its path, such as
//
//	versions[0].rules[2].goals[1].goal: "90" is not a duration such as 90m or 1h30m
//	versions[0].targets[0].stpo: unknown key (did you mean stop?)
//
// The result is not yet validated: pass it to New, or use Load, which also
// reports the problems New finds.
func ParseConfig(data []byte) (Config, error) {
	c, r := parse(data)
	if !r.OK() {
		return Config{}, &PolicyError{Problems: problems(r)}
	}
	return c, nil
}

// Load reads a Config from JSON or YAML and compiles it with New. It fails
// with one *PolicyError listing every problem, of decoding (as ParseConfig)
// and of meaning (as New), each with its path; problems of meaning are left
// out where they only repeat a problem of decoding (a key that is required
// but was misspelt, a value that could not be read).
func Load(data []byte, calendars map[string]Calendar) (*Policy, error) {
	c, r := parse(data)
	if r.Fatal {
		return nil, &PolicyError{Problems: problems(r)}
	}
	p, err := New(c, calendars)
	if r.OK() {
		return p, err
	}
	var pe *PolicyError
	if errors.As(err, &pe) {
		for _, q := range pe.Problems {
			// A rule is found unreachable by comparing it with the rules
			// before it: not worth saying when one of them was misread.
			if strings.HasPrefix(q.Message, "unreachable: ") {
				if i := strings.Index(q.Path, ".rules["); i >= 0 && r.Under(q.Path[:i+len(".rules")]) {
					continue
				}
			}
			r.Add(confload.Problem{Path: q.Path, Message: q.Message})
		}
	}
	return nil, &PolicyError{Problems: problems(r)}
}

func parse(data []byte) (Config, *confload.Report) {
	var c Config
	r := confload.Decode(data, &c)
	return c, r
}

func problems(r *confload.Report) []Problem {
	ps := make([]Problem, len(r.Problems))
	for i, p := range r.Problems {
		ps[i] = Problem{Path: p.Path, Message: p.Message}
	}
	return ps
}
