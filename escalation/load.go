package escalation

import (
	"errors"

	"github.com/itsmkit/itsm/internal/confload"
	"github.com/itsmkit/itsm/sla"
)

// ParseConfig reads a Config from JSON or YAML (JSON is YAML too). Keys are
// the json tags of Config and the types it holds; durations are Go duration
// strings ("30m", "1h30m"), priorities "P1" to "P5". Unknown and duplicate
// keys are errors. It fails with a *RulesError listing every problem of
// decoding, each with its path (`rules[2].levels[0].after: "90" is not a
// duration such as 90m or 1h30m`). The result is not yet validated: pass it
// to New, or use Load.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if r := confload.Decode(data, &c); !r.OK() {
		return Config{}, &RulesError{Problems: problems(r)}
	}
	return c, nil
}

// Load reads a Config from JSON or YAML and compiles it against policy with
// New. It fails with one *RulesError listing every problem, of decoding (as
// ParseConfig) and of meaning (as New), each with its path; problems of
// meaning that only repeat a problem of decoding are left out. To give a
// Desk the rules, pass the Config (ParseConfig) or the Rules as
// incident.Config.Escalation.
func Load(data []byte, policy *sla.Policy) (*Rules, error) {
	var c Config
	r := confload.Decode(data, &c)
	if r.Fatal {
		return nil, &RulesError{Problems: problems(r)}
	}
	rules, err := New(c, policy)
	if r.OK() {
		return rules, err
	}
	var re *RulesError
	if errors.As(err, &re) {
		for _, q := range re.Problems {
			r.Add(confload.Problem{Path: q.Path, Message: q.Message})
		}
	}
	return nil, &RulesError{Problems: problems(r)}
}

func problems(r *confload.Report) []Problem {
	ps := make([]Problem, len(r.Problems))
	for i, p := range r.Problems {
		ps[i] = Problem{Path: p.Path, Message: p.Message}
	}
	return ps
}
