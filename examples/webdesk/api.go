package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// writeJSON writes v as the response, indented.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// queueItem is a ticket in the queue with its clocks now.
type queueItem struct {
	*incident.Ticket
	SLA sla.Result `json:"sla"`
}

// GET /api/tickets: the queue.
func (a *app) apiQueue(w http.ResponseWriter, r *http.Request) {
	f, limit, err := parseFilter(r.URL.Query())
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	items, err := a.queue(r, f, limit)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"tickets": items})
}

// queue returns the tickets f keeps, each with its clocks evaluated now.
// Open tickets come from the Desk's queue, the most urgent first (P1
// first, then the nearest deadline); a filter that asks for closed ones
// reads the store, newest first.
func (a *app) queue(r *http.Request, f incident.Filter, limit int) ([]queueItem, error) {
	var ts []*incident.Ticket
	var err error
	if slices.ContainsFunc(f.Statuses, a.desk.Workflow().Final) {
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

// parseFilter reads the queue's filters from a query: status, priority
// (each repeatable or comma-separated), group, assignee, open (true: the
// open tickets, the default; false: the closed ones) and limit (default
// 100, at most 1000).
func parseFilter(q url.Values) (incident.Filter, int, error) {
	var f incident.Filter
	known := map[string]bool{"status": true, "priority": true, "group": true, "assignee": true, "open": true, "limit": true}
	for k := range q {
		if !known[k] {
			return f, 0, &badInput{http.StatusBadRequest, fmt.Sprintf("unknown query parameter %q: the queue filters by status, priority, group, assignee, open and limit", k)}
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
	tables := codes.DefaultTables()
	for _, s := range list("status") {
		st := codes.Status(s)
		if !tables.Statuses().Has(st) {
			return f, 0, &badInput{http.StatusBadRequest, fmt.Sprintf("status: %q is not a status (%s)", s, join(tables.Statuses().Codes()))}
		}
		f.Statuses = append(f.Statuses, st)
	}
	for _, p := range list("priority") {
		pr, err := codes.ParsePriority(strings.ToUpper(p))
		if err != nil {
			return f, 0, &badInput{http.StatusBadRequest, fmt.Sprintf("priority: %q is not a priority (P1 to P5)", p)}
		}
		f.Priorities = append(f.Priorities, pr)
	}
	f.Group, f.Assignee = q.Get("group"), q.Get("assignee")
	if v := q.Get("open"); v != "" {
		open, err := strconv.ParseBool(v)
		if err != nil {
			return f, 0, &badInput{http.StatusBadRequest, fmt.Sprintf("open: %q is not true or false", v)}
		}
		if !open {
			f.Statuses = append(f.Statuses, codes.StatusClosed, codes.StatusArchived)
		}
	}
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return f, 0, &badInput{http.StatusBadRequest, fmt.Sprintf("limit: %q is not a number from 1 to 1000", v)}
		}
		limit = n
	}
	return f, limit, nil
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
	if err := apiActor(r, &reg.Action); err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	t, err := a.desk.Register(r.Context(), reg)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	w.Header().Set("Location", "/api/tickets/"+t.ID.String())
	writeJSON(w, http.StatusCreated, result{Ticket: t})
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
	return ticketView{Ticket: t, Log: log, SLA: res, Commands: a.next(t.Status), Notifications: a.board.recent(id, 50)}, nil
}

// GET /api/tickets/{id}.
func (a *app) apiTicket(w http.ResponseWriter, r *http.Request) {
	v, err := a.view(r)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	writeJSON(w, http.StatusOK, v)
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
	id, err := pathID(r)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	c, ok := a.commandFor(r.PathValue("command"))
	if !ok {
		writeProblem(w, r, problem{Status: http.StatusNotFound, Detail: fmt.Sprintf("no command %q: the commands are %s", r.PathValue("command"), strings.Join(a.commandNames(), ", "))})
		return
	}
	in, act := c.input()
	if err := decodeJSON(w, r, in); err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	if err := apiActor(r, act); err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	res, err := c.run(r.Context(), a.desk, id, in)
	if err != nil {
		p := a.problemFor(r, err)
		p.Command = c.name
		writeProblem(w, r, p)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// apiActor sets who is acting: the X-Actor header, or the body's actor.
// A body that names someone other than the header is refused.
func apiActor(r *http.Request, act *incident.Action) error {
	h := strings.TrimSpace(r.Header.Get("X-Actor"))
	switch {
	case h != "" && act.Actor != "" && act.Actor != h:
		return &badInput{http.StatusBadRequest, fmt.Sprintf("the body's actor %q is not the X-Actor of the request, %q", act.Actor, h)}
	case h != "":
		act.Actor = h
	case act.Actor == "":
		return &badInput{http.StatusBadRequest, "say who is acting: set the X-Actor header (or the body's \"actor\")"}
	}
	return nil
}

// GET /api/notifications.
func (a *app) apiNotifications(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"notifications": a.board.recent(codes.ID{}, boardSize)})
}
