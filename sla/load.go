package sla

import (
	"strings"

	"sigs.k8s.io/yaml"
)

// ParseConfig reads a Config from JSON or YAML (JSON is YAML too). Keys are
// the json tags of Config and the types it holds; durations are Go duration
// strings ("30m", "1h30m"), priorities "P1" to "P5", instants RFC 3339.
// Unknown and duplicate keys are errors (a *PolicyError). The result is not
// yet validated: pass it to New, or use Load.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return Config{}, &PolicyError{Problems: []Problem{{Path: "(document)", Message: decodeMessage(err)}}}
	}
	return c, nil
}

// Load reads a Config from JSON or YAML and compiles it with New.
func Load(data []byte, calendars map[string]Calendar) (*Policy, error) {
	c, err := ParseConfig(data)
	if err != nil {
		return nil, err
	}
	return New(c, calendars)
}

// decodeMessage strips the decoder's layers from err's message: YAML is
// decoded through JSON, which a reader of a YAML file need not hear about.
func decodeMessage(err error) string {
	return strings.NewReplacer("error unmarshaling JSON: ", "", "while decoding JSON: ", "", "json: ", "").Replace(err.Error())
}
