package escalation

import (
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/itsmkit/itsm/sla"
)

// ParseConfig reads a Config from JSON or YAML (JSON is YAML too). Keys are
// the json tags of Config and the types it holds; durations are Go duration
// strings ("30m", "1h30m"), priorities "P1" to "P5". Unknown and duplicate
// keys are errors (a *RulesError). The result is not yet validated: pass it
// to New, or use Load.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		msg := strings.NewReplacer("error unmarshaling JSON: ", "", "while decoding JSON: ", "", "json: ", "").Replace(err.Error())
		return Config{}, &RulesError{Problems: []Problem{{Path: "(document)", Message: msg}}}
	}
	return c, nil
}

// Load reads a Config from JSON or YAML and compiles it against policy with
// New. To give a Desk the rules, pass the Config (ParseConfig) or the Rules
// as incident.Config.Escalation.
func Load(data []byte, policy *sla.Policy) (*Rules, error) {
	c, err := ParseConfig(data)
	if err != nil {
		return nil, err
	}
	return New(c, policy)
}
