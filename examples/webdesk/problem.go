package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/itsmkit/itsm/incident"
)

// maxBody is the largest request body read: a command's texts fit many
// times over (a description is at most incident.MaxTextLen, 1 MB, and a
// body holding one that long is refused with the rest).
const maxBody = 1 << 20

// problem is an RFC 9457 problem details object. Type is "about:blank":
// the status says what kind of problem it is, Title is the status's
// phrase, and Detail says what is wrong with this request, for a person.
// The other members say more, for a program: the command, the field of the
// input that is wrong, the workflow's event and the events the status
// allows.
type problem struct {
	Type     string   `json:"type"`
	Title    string   `json:"title"`
	Status   int      `json:"status"`
	Detail   string   `json:"detail"`
	Instance string   `json:"instance,omitempty"`
	Command  string   `json:"command,omitempty"`
	Field    string   `json:"field,omitempty"`
	Event    string   `json:"event,omitempty"`
	Allowed  []string `json:"allowed,omitzero"` // on a 409 of a transition: the events the status allows, maybe none
	Actor    string   `json:"actor,omitempty"`
}

// writeProblem writes p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p problem) {
	p.Type = "about:blank"
	p.Title = http.StatusText(p.Status)
	p.Instance = clip(r.URL.EscapedPath(), 200)
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil { // a problem holds only text and numbers
		b = []byte(`{"type":"about:blank","status":500}`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	w.Write(append(b, '\n'))
}

// clip shortens s to at most n bytes of valid UTF-8, marking the cut: a
// name a client sent is echoed, but not at any length.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// notAllowed answers a method a route does not serve.
func notAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeProblem(w, r, problem{Status: http.StatusMethodNotAllowed, Detail: fmt.Sprintf("%s is not served here: use %s", r.Method, allow)})
	}
}

// badInput is a problem with a request itself, found before the Desk
// sees it: its status and what to say.
type badInput struct {
	status int
	detail string
}

func (e *badInput) Error() string { return e.detail }

// problemFor maps an error of the Desk (or of reading the request) to the
// problem to answer with. Errors of the library's kinds say what is wrong
// in their own words; any other error — a store that failed — is logged
// and answered with a 500 that does not show it.
func (a *app) problemFor(r *http.Request, err error) problem {
	var (
		bad       *badInput
		cmd       *incident.CommandError
		trans     *incident.TransitionError
		guard     *incident.GuardError
		forbidden *incident.ForbiddenError
	)
	switch {
	case errors.As(err, &bad):
		return problem{Status: bad.status, Detail: bad.detail}
	case errors.As(err, &cmd):
		return problem{Status: http.StatusBadRequest, Detail: message(err), Command: cmd.Command, Field: cmd.Field}
	case errors.As(err, &forbidden):
		return problem{Status: http.StatusForbidden, Detail: message(err), Command: string(forbidden.Command), Actor: forbidden.Actor}
	case errors.As(err, &trans):
		var allowed []string
		for _, ev := range trans.Allowed {
			allowed = append(allowed, string(ev))
		}
		if allowed == nil {
			allowed = []string{} // a final status: none
		}
		return problem{Status: http.StatusConflict, Detail: message(err), Event: string(trans.Event), Allowed: allowed}
	case errors.As(err, &guard):
		return problem{Status: http.StatusUnprocessableEntity, Detail: message(err), Event: string(guard.Event)}
	case errors.Is(err, incident.ErrNotFound):
		detail := "no such ticket"
		if id := r.PathValue("id"); id != "" {
			detail = "no ticket " + id
		}
		return problem{Status: http.StatusNotFound, Detail: detail}
	case errors.Is(err, incident.ErrConflict):
		return problem{Status: http.StatusConflict, Detail: "the ticket changed while the command ran, too often to retry: read it again and retry"}
	case errors.Is(err, incident.ErrProblemExists):
		return problem{Status: http.StatusConflict, Detail: message(err)}
	case errors.Is(err, incident.ErrInvalidCommand), errors.Is(err, incident.ErrInvalidTransition):
		return problem{Status: http.StatusBadRequest, Detail: message(err)}
	case errors.Is(err, r.Context().Err()) && r.Context().Err() != nil:
		return problem{Status: http.StatusServiceUnavailable, Detail: "the request was cancelled before it was answered"}
	}
	a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return problem{Status: http.StatusInternalServerError, Detail: "the server failed to carry out the request; nothing was half-written, and it is safe to retry"}
}

// message is err's text without the packages' prefixes, for a person.
func message(err error) string {
	return strings.NewReplacer("incident: ", "", "codes: ", "", "sla: ", "").Replace(err.Error())
}

// decodeJSON reads a JSON request body into v: at most maxBody bytes of
// UTF-8, one JSON object whose keys are exactly the JSON names of v's
// fields, each once. An empty body is an empty object.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &badInput{http.StatusUnsupportedMediaType, fmt.Sprintf("the body is %s: send application/json", clip(strconv.Quote(ct), 100))}
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			return &badInput{http.StatusUnsupportedMediaType, fmt.Sprintf("the body is in %s: send UTF-8", clip(strconv.Quote(cs), 40))}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return &badInput{http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes", maxBody)}
	case err != nil:
		return &badInput{http.StatusBadRequest, "the body could not be read"}
	}
	return decodeBody(body, v)
}

// decodeBody decodes body into v as decodeJSON says.
func decodeBody(body []byte, v any) error {
	if !utf8.Valid(body) {
		return &badInput{http.StatusBadRequest, "the body is not valid UTF-8"}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	// The keys first: encoding/json matches them without regard to case
	// and lets a repeated key win, which a request should not rely on.
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return &badInput{http.StatusBadRequest, "the body must be a JSON object, not " + jsonKind(typ.Value)}
		}
		return &badInput{http.StatusBadRequest, syntaxMessage(err)}
	}
	names := jsonNames(reflect.TypeOf(v).Elem())
	seen := map[string]bool{}
	for _, k := range objectKeys(body) {
		switch {
		case seen[strings.ToLower(k)]:
			return &badInput{http.StatusBadRequest, fmt.Sprintf("the key %s is given twice", clip(strconv.Quote(k), 80))}
		case !names[k]:
			return &badInput{http.StatusBadRequest, fmt.Sprintf("unknown key %s in the body", clip(strconv.Quote(k), 80))}
		}
		seen[strings.ToLower(k)] = true
	}
	if err := strictUnmarshal(body, v); err != nil {
		// Find the key at fault: decode each alone.
		for _, k := range objectKeys(body) {
			one, _ := json.Marshal(map[string]json.RawMessage{k: keys[k]})
			if err := strictUnmarshal(one, reflect.New(reflect.TypeOf(v).Elem()).Interface()); err != nil {
				return &badInput{http.StatusBadRequest, k + ": " + valueMessage(err)}
			}
		}
		return &badInput{http.StatusBadRequest, valueMessage(err)}
	}
	return nil
}

// strictUnmarshal decodes b into v, refusing keys v does not know at any
// depth.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// objectKeys returns the keys of the JSON object body, in order, repeats
// included.
func objectKeys(body []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}

// jsonNames returns the JSON names of a struct's fields, those of
// embedded structs included (encoding/json flattens them).
func jsonNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	if t.Kind() != reflect.Struct {
		return names
	}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous:
		case f.Anonymous && name == "":
			for n := range jsonNames(f.Type) {
				names[n] = true
			}
		case name != "":
			names[name] = true
		default:
			names[f.Name] = true
		}
	}
	return names
}

// syntaxMessage says what is wrong with a body that is not JSON.
func syntaxMessage(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("the body is not valid JSON (at byte %d: %s)", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
		return "the body ends in the middle of a JSON value"
	}
	return "the body is not valid JSON"
}

// valueMessage says what is wrong with a value, in the words of JSON and
// of the library, not of Go.
func valueMessage(err error) string {
	var (
		typ   *json.UnmarshalTypeError
		parse *time.ParseError
	)
	switch {
	case errors.As(err, &typ):
		return fmt.Sprintf("%s is not allowed here; give %s", jsonKind(typ.Value), goKind(typ.Type))
	case errors.As(err, &parse), strings.Contains(err.Error(), "Time.UnmarshalJSON"):
		return "not an instant in RFC 3339, such as 2025-11-17T09:00:00+08:00"
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return "unknown key " + f
	}
	return message(errors.New(msg))
}

// jsonKind names a JSON value kind as encoding/json reports it.
func jsonKind(v string) string {
	switch v {
	case "object", "array":
		return "an " + v
	case "string", "number", "bool":
		return "a JSON " + strings.Replace(v, "bool", "true or false", 1)
	}
	if strings.HasPrefix(v, "number") {
		return "a number"
	}
	return "a JSON " + v
}

// goKind says what a field of Go type t takes, in JSON's words.
func goKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return "text"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	}
	return "another kind of value"
}
