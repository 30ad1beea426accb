package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// writeJSON writes v as the response, indented; a value that does not
// encode is a 500 problem (and a line in the log), not an empty 200.
func (a *app) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		a.log.Error("response failed to encode", "method", r.Method, "path", r.URL.Path, "err", err)
		writeProblem(w, r, problem{Status: http.StatusInternalServerError, Detail: "the server failed to write its answer; what the request did is done"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// queueItem is a ticket in the queue with its clocks now.
type queueItem struct {
	*incident.Ticket
	SLA sla.Result `json:"sla"`
}

// GET /api/tickets: the queue.
func (a *app) apiQueue(w http.ResponseWriter, r *http.Request) {
	f, open, limit, err := a.parseFilter(r.URL.RawQuery)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	items, err := a.queue(r, f, open, limit)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	a.writeJSON(w, r, http.StatusOK, map[string]any{"tickets": items})
}

// queue returns the tickets f keeps, each with its clocks evaluated now.
// Open tickets come from the Desk's queue, the most urgent first (P1
// first, then the nearest deadline); closed ones (open is "false" or
// "any") from the store, newest first. (Each ticket's clocks cost a read
// of its log: a desk with thousands of tickets on one page would show the
// deadlines the ticket keeps, PlannedResolution and the rest, instead.)
func (a *app) queue(r *http.Request, f incident.Filter, open string, limit int) ([]queueItem, error) {
	var ts []*incident.Ticket
	var err error
	if open != "true" {
		ts, err = a.desk.Store().Find(r.Context(), f)
		slices.Reverse(ts)
	} else {
		f.Limit = limit
		ts, err = a.desk.Queue(r.Context(), f)
	}
	if err != nil {
		return nil, err
	}
	items := []queueItem{}
	for _, t := range ts[:min(len(ts), limit)] {
		t, res, err := a.desk.SLA(r.Context(), t.ID)
		if err != nil {
			return nil, err
		}
		items = append(items, queueItem{t, res})
	}
	return items, nil
}

// parseFilter reads the queue's filters from a raw query: status and
// priority (each repeatable, or comma-separated), group, assignee, open
// (true: the open tickets, the default unless status names a final one;
// false: the closed ones; any: both)
// and limit (default 100, at most 1000). A query that does not parse, a
// parameter it does not know or one given twice is refused.
func (a *app) parseFilter(raw string) (f incident.Filter, open string, limit int, err error) {
	bad := func(format string, args ...any) (incident.Filter, string, int, error) {
		return f, "", 0, &badInput{http.StatusBadRequest, fmt.Sprintf(format, args...)}
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return bad("the query does not parse: %s", clip(strings.TrimPrefix(err.Error(), "invalid URL escape "), 80))
	}
	for k, vs := range q {
		switch k {
		case "status", "priority":
		case "group", "assignee", "open", "limit":
			if len(vs) > 1 {
				return bad("%s: given %d times", k, len(vs))
			}
		default:
			return bad("unknown query parameter %s: the queue filters by status, priority, group, assignee, open and limit", clip(strconv.Quote(k), 80))
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return bad("%s: not valid UTF-8", k)
			}
		}
	}
	list := func(key string) []string {
		var out []string
		for _, v := range q[key] {
			for part := range strings.SplitSeq(v, ",") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
		}
		return out
	}
	wf := a.desk.Workflow()
	statuses := wf.Statuses()
	for _, s := range list("status") {
		st := codes.Status(s)
		if !slices.Contains(statuses, st) {
			return bad("status: %s is not a status of the workflow (%s)", clip(strconv.Quote(s), 80), join(statuses))
		}
		f.Statuses = append(f.Statuses, st)
	}
	for _, p := range list("priority") {
		pr, err := codes.ParsePriority(strings.ToUpper(p))
		if err != nil {
			return bad("priority: %s is not a priority (P1 to P5)", clip(strconv.Quote(p), 80))
		}
		f.Priorities = append(f.Priorities, pr)
	}
	f.Group, f.Assignee = q.Get("group"), q.Get("assignee")
	finalAsked := slices.ContainsFunc(f.Statuses, wf.Final)
	switch {
	case q.Has("open"):
		open = q.Get("open")
	case finalAsked:
		open = "any"
	default:
		open = "true"
	}
	openAsked := slices.ContainsFunc(f.Statuses, func(s codes.Status) bool { return !wf.Final(s) })
	switch open {
	case "true":
		if finalAsked {
			return bad("open=true keeps open tickets, and status asks for %s: say open=any, or leave the final status out", join(f.Statuses))
		}
	case "false":
		if openAsked {
			return bad("open=false keeps closed tickets, and status asks for %s: say open=any, or leave the open status out", join(f.Statuses))
		}
		if len(f.Statuses) == 0 {
			for _, s := range statuses {
				if wf.Final(s) {
					f.Statuses = append(f.Statuses, s)
				}
			}
		}
	case "any":
	default:
		return bad("open: %s is not true, false or any", clip(strconv.Quote(open), 40))
	}
	limit = 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return bad("limit: %s is not a number from 1 to 1000", clip(strconv.Quote(v), 40))
		}
		limit = n
	}
	return f, open, limit, nil
}

func join[S ~string](list []S) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

// POST /api/tickets: register.
func (a *app) apiRegister(w http.ResponseWriter, r *http.Request) {
	var reg incident.Registration
	if err := decodeJSON(w, r, &reg); err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	if err := a.apiActor(r, &reg.Action); err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	t, err := a.desk.Register(r.Context(), reg)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	w.Header().Set("Location", "/api/tickets/"+t.ID.String())
	a.writeJSON(w, r, http.StatusCreated, result{Ticket: t})
}

// ticketView is a ticket as GET /api/tickets/{id} gives it: the ticket,
// its activity log, its clocks now, the commands its status allows and the
// notifications the engine delivered for it.
type ticketView struct {
	Ticket        *incident.Ticket `json:"ticket"`
	Log           []incident.Entry `json:"log"`
	SLA           sla.Result       `json:"sla"`
	Commands      []string         `json:"commands"`
	Notifications []notice         `json:"notifications"`
}

// view reads the ticket named in the request's path, with its log and its
// clocks now.
func (a *app) view(r *http.Request) (ticketView, error) {
	id, err := pathID(r)
	if err != nil {
		return ticketView{}, err
	}
	t, log, err := a.desk.Get(r.Context(), id)
	if err != nil {
		return ticketView{}, err
	}
	res, err := sla.Evaluate(a.desk.Policy(), incident.History(log), a.desk.Now())
	if err != nil {
		return ticketView{}, err
	}
	return ticketView{Ticket: t, Log: log, SLA: res, Commands: a.next(t), Notifications: a.board.recent(id, 50)}, nil
}

// GET /api/tickets/{id}.
func (a *app) apiTicket(w http.ResponseWriter, r *http.Request) {
	v, err := a.view(r)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	a.writeJSON(w, r, http.StatusOK, v)
}

// pathID parses the {id} of the request's path.
func pathID(r *http.Request) (codes.ID, error) {
	s := r.PathValue("id")
	id, err := codes.ParseID(s)
	if err != nil || id.IsZero() {
		return codes.ID{}, &badInput{http.StatusNotFound, fmt.Sprintf("%q is not a ticket id such as IM251117000001", s)}
	}
	return id, nil
}

// POST /api/tickets/{id}/{command}.
func (a *app) apiCommand(w http.ResponseWriter, r *http.Request) {
	res, p := a.runCommand(r,
		func(in any) error { return decodeJSON(w, r, in) },
		func(act *incident.Action) error { return a.apiActor(r, act) })
	if p != nil {
		writeProblem(w, r, *p)
		return
	}
	a.writeJSON(w, r, http.StatusOK, res)
}

// runCommand runs the command r's path names on the ticket it names, for
// the API and the forms alike: decode reads the command's input, actor
// sets who acts. It returns what the command gave, or the problem to
// answer with; a problem of the command itself names it.
func (a *app) runCommand(r *http.Request, decode func(in any) error, actor func(act *incident.Action) error) (result, *problem) {
	fail := func(err error) (result, *problem) {
		p := a.problemFor(r, err)
		return result{}, &p
	}
	id, err := pathID(r)
	if err != nil {
		return fail(err)
	}
	c, ok := a.commandFor(r.PathValue("command"))
	if !ok {
		return fail(&badInput{http.StatusNotFound, fmt.Sprintf("no command %s: the commands are %s, and the events of the workflow", clip(strconv.Quote(r.PathValue("command")), 80), strings.Join(a.commandNames(), ", "))})
	}
	in, act := c.input()
	if err := decode(in); err != nil {
		return fail(err)
	}
	if err := actor(act); err != nil {
		return fail(err)
	}
	res, err := c.run(r.Context(), a.desk, id, in)
	if err != nil {
		res, p := fail(err)
		p.Command = c.name
		return res, p
	}
	return res, nil
}

// apiActor sets who is acting: the X-Actor header, or the body's actor.
// A body that names someone other than the header is refused, and so is a
// name the Desk or the engine acts under (see reservedActor).
func (a *app) apiActor(r *http.Request, act *incident.Action) error {
	hs := r.Header.Values("X-Actor")
	if len(hs) > 1 {
		return &badInput{http.StatusBadRequest, fmt.Sprintf("X-Actor is given %d times", len(hs))}
	}
	switch {
	case len(hs) == 1 && act.Actor != "" && act.Actor != hs[0]:
		return &badInput{http.StatusBadRequest, fmt.Sprintf("the body's actor %s is not the X-Actor of the request, %s", clip(strconv.Quote(act.Actor), 80), clip(strconv.Quote(hs[0]), 80))}
	case len(hs) == 1:
		act.Actor = hs[0]
	case act.Actor == "":
		return &badInput{http.StatusBadRequest, "say who is acting: set the X-Actor header (or the body's \"actor\")"}
	}
	return a.checkActor(act.Actor)
}

// GET /api/notifications.
func (a *app) apiNotifications(w http.ResponseWriter, r *http.Request) {
	a.writeJSON(w, r, http.StatusOK, map[string]any{"notifications": a.board.recent(codes.ID{}, boardSize)})
}
