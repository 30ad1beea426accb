// Package confload decodes the library's configuration documents, JSON or
// YAML, strictly and completely: instead of stopping at the first problem it
// walks the whole document against the Go type it fills and reports every
// problem of decoding (an unknown key, a value of the wrong kind, a value its
// type rejects) with its path, spelled as in the document:
//
//	versions[0].rules[2].goals[1].goal: "90" is not a duration such as 90m or 1h30m
//	versions[0].targets[0].stpo: unknown key (did you mean stop?)
//
// What did decode is filled in, so that the caller may go on to check the
// meaning of the configuration and report those problems in the same error
// (see Report.Add).
//
// Keys are the json tags of the target type (matched as encoding/json matches
// them, exact spelling first, then regardless of case). A type that
// implements json.Unmarshaler decodes its own value; a type that implements
// encoding.TextUnmarshaler decodes the text of a scalar (a YAML number such as
// 90 is passed as its text, so the type's own message explains what it
// wants). The error either returns becomes the problem at that path.
package confload

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/yaml"
)

// Document is the path of problems that concern the document as a whole,
// such as a syntax error.
const Document = "(document)"

// Problem is one thing wrong with a document: where, and what.
type Problem struct {
	Path    string // e.g. "versions[0].rules[2].goals[1].goal", or Document
	Message string // e.g. `unknown key (did you mean stop?)`
	// Err is the error behind the problem: the one a type's own decoder
	// returned (so errors.Is sees its sentinel), or one that says Message.
	Err error
}

// String returns "path: message".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// Report is the outcome of Decode: every problem of decoding, in document
// order (list items in order, the keys of an object in alphabetical order,
// as the YAML reader hands them over), and what the caller needs to add the problems of meaning.
type Report struct {
	// Problems holds every problem found so far.
	Problems []Problem
	// Fatal is set when decoding did not get far enough for the meaning of
	// the result to be worth checking: the document is not JSON or YAML, or
	// its top level is not of the target's kind.
	Fatal bool

	covered []string // paths whose value is missing or wrong: what is said of them later is noise
}

// OK reports whether no problem was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Add appends the problems of meaning found in the decoded value, except
// those at or under a path where decoding failed, or at the key an unknown
// key probably meant (the value there is missing because of a problem
// already reported, so they would only repeat it).
func (r *Report) Add(meaning ...Problem) {
	for _, p := range meaning {
		if !r.isCovered(p.Path) {
			r.Problems = append(r.Problems, p)
		}
	}
}

// Covered reports whether a problem of meaning at path would repeat a
// problem of decoding; Add drops those.
func (r *Report) Covered(path string) bool { return r.isCovered(path) }

// Under reports whether a problem of decoding lies at or under path: then
// the value there is partly missing, and conclusions drawn from it as a
// whole (one rule hiding another, say) are unreliable.
func (r *Report) Under(path string) bool {
	for _, p := range r.Problems {
		if under(p.Path, path) {
			return true
		}
	}
	return false
}

// under reports whether path is prefix or lies under it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix) && len(path) > len(prefix) && (path[len(prefix)] == '.' || path[len(prefix)] == '[')
}

func (r *Report) isCovered(path string) bool {
	for _, c := range r.covered {
		if under(path, c) {
			return true
		}
	}
	return false
}

// Decode decodes data, a JSON or YAML document, into v, a non-nil pointer,
// and reports every problem. Duplicate keys are problems too (of the whole
// document, with the line, as the YAML reader finds them). An empty document
// decodes to the zero value.
func Decode(data []byte, v any) *Report {
	r := &Report{}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("confload: Decode needs a non-nil pointer")
	}
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		// Duplicate keys fail the strict reading only: report them, and go
		// on with the lenient one (the last value of a key wins).
		lenient, lerr := yaml.YAMLToJSON(data)
		r.Problems = append(r.Problems, Problem{Document, clean(err.Error()), err})
		if lerr != nil {
			r.Fatal = true
			return r
		}
		js = lenient
	}
	js = bytes.TrimSpace(js)
	if len(js) == 0 || string(js) == "null" {
		return r
	}
	d := decoder{r: r}
	before := len(r.Problems)
	d.value(js, rv.Elem(), "")
	if len(r.Problems) > before && len(r.covered) > 0 && r.covered[0] == "" {
		r.Fatal = true
	}
	return r
}

type decoder struct{ r *Report }

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// fail records a problem at path, whose value is then missing.
func (d *decoder) fail(path, msg string) { d.failErr(path, msg, errors.New(msg)) }

// failErr is fail with the error behind the problem.
func (d *decoder) failErr(path, msg string, err error) {
	d.r.Problems = append(d.r.Problems, Problem{display(path), msg, err})
	d.r.covered = append(d.r.covered, path)
}

// failWith records err, a decoder's error, as the problem at path.
func (d *decoder) failWith(path string, err error) { d.failErr(path, clean(err.Error()), err) }

// display is the path as printed: the top level is the document.
func display(path string) string {
	if path == "" {
		return Document
	}
	return path
}

// value decodes raw, one JSON value, into v.
func (d *decoder) value(raw []byte, v reflect.Value, path string) {
	if raw[0] == 'n' { // null leaves v as it is, as encoding/json does, except pointers
		if v.Kind() == reflect.Pointer || v.Kind() == reflect.Map || v.Kind() == reflect.Slice || v.Kind() == reflect.Interface {
			v.SetZero()
		}
		return
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(raw, v.Elem(), path)
		return
	}
	if v.CanAddr() {
		p := v.Addr()
		if p.Type().Implements(jsonUnmarshaler) {
			if err := p.Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
				d.failWith(path, err)
			}
			return
		}
		if p.Type().Implements(textUnmarshaler) {
			text, ok := scalarText(raw)
			if !ok {
				d.fail(path, "want "+want(v.Type())+", got "+kindOf(raw))
				return
			}
			if err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(text)); err != nil {
				d.failWith(path, err)
			}
			return
		}
	}
	switch v.Kind() {
	case reflect.Struct:
		d.object(raw, v, path)
	case reflect.Map:
		d.mapping(raw, v, path)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 && raw[0] == '"' {
			d.fallback(raw, v, path)
			return
		}
		d.list(raw, v, path)
	case reflect.String:
		text, ok := scalarText(raw)
		if !ok {
			d.fail(path, "want a string, got "+kindOf(raw))
			return
		}
		v.SetString(text)
	case reflect.Bool:
		switch string(raw) {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			d.fail(path, "want true or false, got "+kindOf(raw))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !isNumber(raw) {
			d.fail(path, "want a whole number, got "+kindOf(raw))
			return
		}
		n, err := strconv.ParseInt(string(raw), 10, v.Type().Bits())
		if err != nil {
			d.fail(path, fmt.Sprintf("%s is not a whole number of %d bits", raw, v.Type().Bits()))
			return
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if !isNumber(raw) {
			d.fail(path, "want a whole number, got "+kindOf(raw))
			return
		}
		n, err := strconv.ParseUint(string(raw), 10, v.Type().Bits())
		if err != nil {
			d.fail(path, fmt.Sprintf("%s is not a whole number from 0 to %d", raw, uint64(1)<<v.Type().Bits()-1))
			return
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		if !isNumber(raw) {
			d.fail(path, "want a number, got "+kindOf(raw))
			return
		}
		f, err := strconv.ParseFloat(string(raw), v.Type().Bits())
		if err != nil {
			d.fail(path, fmt.Sprintf("%s is out of range", raw))
			return
		}
		v.SetFloat(f)
	default:
		d.fallback(raw, v, path)
	}
}

// fallback decodes raw into v with encoding/json, for the kinds the walk
// does not take apart (interfaces, byte slices).
func (d *decoder) fallback(raw []byte, v reflect.Value, path string) {
	p := reflect.New(v.Type())
	if err := json.Unmarshal(raw, p.Interface()); err != nil {
		d.failWith(path, err)
		return
	}
	v.Set(p.Elem())
}

// field is a key of a struct and where its value goes.
type field struct {
	name  string
	index []int
}

// fields lists the keys of struct type t, as encoding/json does: json tags,
// the field's name without one, embedded structs without a tag flattened.
func fields(t reflect.Type) []field {
	var out []field
	seen := map[string]bool{}
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct && (f.IsExported() || ft.Kind() == reflect.Struct) {
					walk(ft, idx)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !seen[name] {
				seen[name] = true
				out = append(out, field{name, idx})
			}
		}
	}
	walk(t, nil)
	return out
}

// object decodes a JSON object into struct v.
func (d *decoder) object(raw []byte, v reflect.Value, path string) {
	members, ok := d.members(raw, v.Type(), path)
	if !ok {
		return
	}
	fs := fields(v.Type())
	for _, m := range members {
		f := lookup(fs, m.key)
		kp := join(path, m.key)
		if f == nil {
			msg := "unknown key"
			if s := suggest(fs, m.key); s != "" {
				msg += " (did you mean " + s + "?)"
				d.r.covered = append(d.r.covered, join(path, s))
			}
			if len(fs) == 0 {
				msg = "unknown key (no keys are allowed here)"
			}
			d.r.Problems = append(d.r.Problems, Problem{kp, msg, errors.New(msg)})
			continue
		}
		d.value(m.raw, fieldByIndex(v, f.index), kp)
	}
}

// fieldByIndex is v.FieldByIndex, allocating nil embedded pointers.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

func lookup(fs []field, key string) *field {
	for i := range fs {
		if fs[i].name == key {
			return &fs[i]
		}
	}
	for i := range fs {
		if strings.EqualFold(fs[i].name, key) {
			return &fs[i]
		}
	}
	return nil
}

// suggest returns the key of fs closest to key, if it is close enough to be
// a misspelling of it.
func suggest(fs []field, key string) string {
	best, bestD := "", 0
	for _, f := range fs {
		dist := distance(strings.ToLower(f.name), strings.ToLower(key))
		limit := 1 + utf8.RuneCountInString(f.name)/4
		if dist <= limit && (best == "" || dist < bestD) {
			best, bestD = f.name, dist
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b: edits
// of one rune, and swaps of two neighbours, each count one.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) > 64 || len(y) > 64 {
		return 1 << 30
	}
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

// mapping decodes a JSON object into map v.
func (d *decoder) mapping(raw []byte, v reflect.Value, path string) {
	members, ok := d.members(raw, v.Type(), path)
	if !ok {
		return
	}
	t := v.Type()
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(members)))
	}
	for _, m := range members {
		kp := join(path, m.key)
		k := reflect.New(t.Key()).Elem()
		switch {
		case reflect.PointerTo(t.Key()).Implements(textUnmarshaler):
			if err := k.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(m.key)); err != nil {
				d.failWith(kp, err)
				continue
			}
		case t.Key().Kind() == reflect.String:
			k.SetString(m.key)
		case t.Key().Kind() >= reflect.Int && t.Key().Kind() <= reflect.Int64:
			n, err := strconv.ParseInt(m.key, 10, t.Key().Bits())
			if err != nil {
				d.fail(kp, fmt.Sprintf("key %q is not a whole number", m.key))
				continue
			}
			k.SetInt(n)
		case t.Key().Kind() >= reflect.Uint && t.Key().Kind() <= reflect.Uintptr:
			n, err := strconv.ParseUint(m.key, 10, t.Key().Bits())
			if err != nil {
				d.fail(kp, fmt.Sprintf("key %q is not a whole number", m.key))
				continue
			}
			k.SetUint(n)
		default:
			d.fail(kp, "keys of this kind cannot be read")
			continue
		}
		e := reflect.New(t.Elem()).Elem()
		if old := v.MapIndex(k); old.IsValid() {
			e.Set(old)
		}
		d.value(m.raw, e, kp)
		v.SetMapIndex(k, e)
	}
}

// list decodes a JSON array into slice or array v.
func (d *decoder) list(raw []byte, v reflect.Value, path string) {
	if raw[0] != '[' {
		d.fail(path, "want a list, got "+kindOf(raw))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		d.fail(path, clean(err.Error()))
		return
	}
	var elems []json.RawMessage
	for dec.More() {
		var e json.RawMessage
		if err := dec.Decode(&e); err != nil {
			d.fail(path, clean(err.Error()))
			return
		}
		elems = append(elems, e)
	}
	if v.Kind() == reflect.Array {
		if len(elems) > v.Len() {
			d.fail(path, fmt.Sprintf("want at most %d items, got %d", v.Len(), len(elems)))
			elems = elems[:v.Len()]
		}
	} else {
		v.Set(reflect.MakeSlice(v.Type(), len(elems), len(elems)))
	}
	for i, e := range elems {
		d.value(e, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
}

// member is one key of a JSON object and its value.
type member struct {
	key string
	raw json.RawMessage
}

// members splits a JSON object into its members, in document order.
func (d *decoder) members(raw []byte, t reflect.Type, path string) ([]member, bool) {
	if raw[0] != '{' {
		d.fail(path, "want "+want(t)+", got "+kindOf(raw))
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		d.fail(path, clean(err.Error()))
		return nil, false
	}
	var ms []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			d.fail(path, clean(err.Error()))
			return nil, false
		}
		key, _ := tok.(string)
		var e json.RawMessage
		if err := dec.Decode(&e); err != nil {
			d.fail(path, clean(err.Error()))
			return nil, false
		}
		ms = append(ms, member{key, e})
	}
	return ms, true
}

// join appends key to path: "a.b", or a["x y"] for a key that is not a plain
// word.
func join(path, key string) string {
	plain := key != ""
	for _, c := range key {
		if !(c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > utf8.RuneSelf) {
			plain = false
			break
		}
	}
	if !plain {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// scalarText returns the text of a JSON string, number or boolean: what a
// YAML author wrote, for a field that reads text.
func scalarText(raw []byte) (string, bool) {
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
		return s, true
	case '{', '[', 'n':
		return "", false
	}
	return string(raw), true
}

func isNumber(raw []byte) bool { return raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9' }

// kindOf names the kind of a JSON value, with the value when it is short.
func kindOf(raw []byte) string {
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		if len(raw) <= 42 {
			return "the string " + string(raw)
		}
		return "a string"
	case 't', 'f':
		return string(raw)
	case 'n':
		return "null"
	}
	if len(raw) <= 40 {
		return "the number " + string(raw)
	}
	return "a number"
}

// want names what a value of type t is written as.
func want(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "a " + t.Kind().String()
}

// clean strips the decoders' layers from a message: YAML is read through
// JSON, which an author of a YAML file need not hear about.
func clean(msg string) string {
	return strings.NewReplacer("error converting YAML to JSON: ", "", "error unmarshaling JSON: ", "", "while decoding JSON: ", "", "json: ", "").Replace(msg)
}
