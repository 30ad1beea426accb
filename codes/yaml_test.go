package codes_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// orderedYAML rewrites a JSON document as YAML that keeps the order of the
// keys, so that the golden defaults read code, name, description, children
// in that order. Small objects of one-line scalars, such as names, are
// written in flow style: {zh: 小型机, en: Minicomputer}.
func orderedYAML(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := readNode(dec)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	writeBlock(&b, root, 0)
	return b.Bytes(), nil
}

// yNode is a JSON value with the order of its keys.
type yNode struct {
	keys   []string // object keys, in order
	values []*yNode // object values or array items
	array  bool
	scalar any // string, json.Number, bool or nil, when not a container
	leaf   bool
}

func readNode(dec *json.Decoder) (*yNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		n := &yNode{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k.(string))
			n.values = append(n.values, v)
		}
		_, err := dec.Token()
		return n, err
	case json.Delim('['):
		n := &yNode{array: true}
		for dec.More() {
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.values = append(n.values, v)
		}
		_, err := dec.Token()
		return n, err
	case nil:
		return &yNode{leaf: true}, nil
	}
	if _, ok := tok.(json.Delim); ok {
		return nil, io.ErrUnexpectedEOF
	}
	return &yNode{leaf: true, scalar: tok}, nil
}

// flow returns n in flow style, or false if n is not a small object of
// one-line scalars.
func flow(n *yNode) (string, bool) {
	if n.leaf || n.array || len(n.keys) == 0 {
		return "", false
	}
	parts := make([]string, len(n.keys))
	for i, k := range n.keys {
		v := n.values[i]
		if !v.leaf {
			return "", false
		}
		s, ok := scalar(v.scalar, true)
		if !ok {
			return "", false
		}
		parts[i] = k + ": " + s
	}
	out := "{" + strings.Join(parts, ", ") + "}"
	return out, len(out) <= 100
}

// scalar writes a one-line scalar, plain when YAML reads it back as the
// same string, quoted otherwise; false for a multi-line string.
func scalar(v any, inFlow bool) (string, bool) {
	s, isString := v.(string)
	if !isString {
		if v == nil {
			return "null", true
		}
		return fmt.Sprint(v), true
	}
	if strings.Contains(s, "\n") {
		return "", false
	}
	if plain(s, inFlow) {
		return s, true
	}
	q, _ := json.Marshal(s)
	return string(q), true
}

func plain(s string, inFlow bool) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`0123456789.+~") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	if inFlow && strings.ContainsAny(s, ",[]{}") {
		return false
	}
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off", "true", "false", "null":
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// writeValue writes the value of a key or an item after "key:" or "-",
// at indent for its lines below.
func writeValue(b *bytes.Buffer, v *yNode, indent int, item bool) {
	switch {
	case v.leaf:
		if s, ok := scalar(v.scalar, false); ok {
			fmt.Fprintf(b, " %s\n", s)
			return
		}
		b.WriteString(" |-\n")
		for _, line := range strings.Split(v.scalar.(string), "\n") {
			fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent+2), line)
		}
	case len(v.values) == 0 && v.array:
		b.WriteString(" []\n")
	case len(v.values) == 0:
		b.WriteString(" {}\n")
	default:
		if f, ok := flow(v); ok {
			fmt.Fprintf(b, " %s\n", f)
			return
		}
		b.WriteByte('\n')
		if v.array && !item {
			writeBlock(b, v, indent) // compact: "- " at the key's indent
		} else {
			writeBlock(b, v, indent+2)
		}
	}
}

func writeBlock(b *bytes.Buffer, n *yNode, indent int) {
	pad := strings.Repeat(" ", indent)
	if n.array {
		for _, v := range n.values {
			if !v.leaf && !v.array && len(v.keys) > 0 {
				if _, ok := flow(v); !ok {
					// The item's first key goes on the "- " line.
					var sub bytes.Buffer
					writeBlock(&sub, v, indent+2)
					b.WriteString(pad + "- " + strings.TrimPrefix(sub.String(), pad+"  "))
					continue
				}
			}
			b.WriteString(pad + "-")
			writeValue(b, v, indent, true)
		}
		return
	}
	for i, k := range n.keys {
		b.WriteString(pad + k + ":")
		writeValue(b, n.values[i], indent, false)
	}
}
