package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

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
	Allowed  []string `json:"allowed,omitempty"`
	Actor    string   `json:"actor,omitempty"`
}

// writeProblem writes p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p problem) {
	p.Type = "about:blank"
	p.Title = http.StatusText(p.Status)
	p.Instance = r.URL.Path
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(p)
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
			allowed = []string{}
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

// message is err's text without the package's prefix, for a person.
func message(err error) string {
	return strings.TrimPrefix(err.Error(), "incident: ")
}

// decodeJSON reads a JSON request body into v: at most maxBody bytes, one
// JSON value, no key v does not know. An empty body is an empty object.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &badInput{http.StatusUnsupportedMediaType, fmt.Sprintf("the body is %q: send application/json", ct)}
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
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &badInput{http.StatusBadRequest, jsonMessage(err)}
	}
	if dec.More() {
		return &badInput{http.StatusBadRequest, "the body holds more than one JSON value"}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &badInput{http.StatusBadRequest, "the body holds more than one JSON value"}
	}
	return nil
}

// jsonMessage says what is wrong with a body encoding/json refused.
func jsonMessage(err error) string {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("the body is not valid JSON (at byte %d): %v", syntax.Offset, syntax)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("%s: a JSON %s cannot be a %s", typ.Field, typ.Value, typ.Type)
		}
		return fmt.Sprintf("the body must be a JSON object, not a %s", typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the body ends in the middle of a JSON value"
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if key, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return "unknown key " + key + " in the body"
	}
	return msg
}
