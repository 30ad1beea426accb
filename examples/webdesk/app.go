package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// app is the web desk: a Desk, its escalation engine, and the board of
// what the engine told people.
type app struct {
	desk   *incident.Desk
	engine *escalation.Engine
	board  *board
	tables *codes.Tables
	log    *slog.Logger
}

// newApp wires a Desk on store with the library's pieces — the workflow
// with a pending status; the SLA policy most organisations use, both
// clocks from registration in China office hours, paused while pending;
// the default escalation rules, routing and permission rules — and an
// engine whose notifications go to the board.
func newApp(store incident.Store, now func() time.Time, logger *slog.Logger) (*app, error) {
	board := &board{}
	wf, err := incident.NewWorkflow(incident.PendingWorkflowConfig())
	if err != nil {
		return nil, err
	}
	policy, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	if err != nil {
		return nil, err
	}
	desk, err := incident.NewDesk(incident.Config{
		Store:      store,
		Workflow:   wf,
		Policy:     policy,
		System:     systemActor,
		Knowledge:  knowledge(),
		Now:        now,
		Routing:    incident.DefaultAssignmentRules(),
		Escalation: escalation.DefaultConfig(),
		Logger:     logger,
	})
	if err != nil {
		return nil, err
	}
	engine, err := escalation.NewEngine(desk, escalation.EngineConfig{Notifier: board, Logger: logger, Actor: engineActor})
	if err != nil {
		return nil, err
	}
	return &app{desk: desk, engine: engine, board: board, tables: codes.DefaultTables(), log: logger}, nil
}

// The names the Desk and the engine act under. The Desk does not ask the
// permission hook about its own actions (Config.System), so a request may
// not act under either name.
const (
	systemActor = "system"
	engineActor = "escalation"
)

// checkActor refuses a name a request may not act under: empty, longer
// than 64 bytes, not one line of printable UTF-8 without spaces at its
// ends, or one of the Desk's and the engine's own.
func (a *app) checkActor(who string) error {
	switch {
	case !validActor(who):
		return &badInput{http.StatusBadRequest, "actor: a name of 1 to 64 bytes, printable, on one line, without spaces at its ends"}
	case who == systemActor || who == engineActor:
		return &badInput{http.StatusForbidden, fmt.Sprintf("%q is the name the desk's own actions are recorded under; act as a person", who)}
	}
	return nil
}

func validActor(s string) bool {
	if s == "" || len(s) > 64 || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// knowledge returns the demo's knowledge base: two known errors the Desk
// suggests at registration, and where resolutions are offered.
func knowledge() *incident.MemoryKnowledge {
	return incident.NewMemoryKnowledge(
		incident.KnowledgeItem{Kind: incident.KnownError, Ref: "KE0042", Title: "VPN drops when the client's MTU is above 1400", Keywords: []string{"vpn"}},
		incident.KnowledgeItem{Kind: incident.KnownError, Ref: "KE0051", Title: "Mail queues stall after the nightly antivirus update", Keywords: []string{"mail"}},
	)
}

// handler routes the API and the pages. Cross-origin form posts are
// refused (http.CrossOriginProtection), so another site cannot make a
// visitor's browser run commands.
func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	route(mux, "/api/tickets", method{"GET", a.apiQueue}, method{"POST", a.apiRegister})
	route(mux, "/api/tickets/{id}", method{"GET", a.apiTicket})
	route(mux, "/api/tickets/{id}/{command}", method{"POST", a.apiCommand})
	route(mux, "/api/notifications", method{"GET", a.apiNotifications})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, problem{Status: http.StatusNotFound, Detail: "no such resource: the API serves /api/tickets, /api/tickets/{id}, /api/tickets/{id}/{command} and /api/notifications"})
	})

	route(mux, "/{$}", method{"GET", a.queuePage})
	route(mux, "/tickets", method{"POST", a.registerForm})
	route(mux, "/tickets/{id}", method{"GET", a.ticketPage})
	// No 405 of its own: any other method is a command's form post.
	mux.HandleFunc("GET /tickets/{id}/timeline.svg", a.timeline)
	route(mux, "/tickets/{id}/{command}", method{"POST", a.commandForm})
	route(mux, "/actor", method{"POST", a.setActor})
	mux.HandleFunc("/", a.pageNotFound)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, problem{Status: http.StatusForbidden, Detail: "a request from another site may not change anything here"})
	}))
	return cop.Handler(a.recoverer(mux))
}

// method is the handler of a route for one HTTP method.
type method struct {
	name    string
	handler http.HandlerFunc
}

// route serves path with a handler for each of the methods, and answers
// any other method with a 405 problem whose Allow header names them.
func route(mux *http.ServeMux, path string, methods ...method) {
	allow := make([]string, len(methods))
	for i, m := range methods {
		mux.HandleFunc(m.name+" "+path, m.handler)
		allow[i] = m.name
	}
	mux.HandleFunc(path, notAllowed(strings.Join(allow, ", ")))
}

// recoverer turns a panic in a handler into a 500 problem, logged, rather
// than a dropped connection.
func (a *app) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeProblem(w, r, problem{Status: http.StatusInternalServerError, Detail: "the server failed to answer this request"})
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// board keeps the notifications the escalation engine delivered, the
// newest last, up to boardSize of them. It is the engine's Notifier.
type board struct {
	mu    sync.Mutex
	notes []notice
}

// notice is a notification on the board: the firing and its ticket's id
// (the board does not keep the ticket).
type notice struct {
	TicketID codes.ID `json:"ticket_id"`
	escalation.Notification
}

const boardSize = 500

// Notify records n. A redelivery of a firing already on the board (the
// same key) replaces it.
func (b *board) Notify(_ context.Context, n escalation.Notification) error {
	var id codes.ID
	if n.Ticket != nil {
		id = n.Ticket.ID
	}
	n.Ticket = nil
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.IndexFunc(b.notes, func(m notice) bool { return m.Key == n.Key }); i >= 0 {
		b.notes[i] = notice{id, n}
		return nil
	}
	b.notes = append(b.notes, notice{id, n})
	if len(b.notes) > boardSize {
		b.notes = slices.Delete(b.notes, 0, len(b.notes)-boardSize)
	}
	return nil
}

// recent returns up to n notifications, newest first, of the ticket id or
// of every ticket when id is zero.
func (b *board) recent(id codes.ID, n int) []notice {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := []notice{}
	for i := len(b.notes) - 1; i >= 0 && len(out) < n; i-- {
		if id.IsZero() || b.notes[i].TicketID == id {
			out = append(out, b.notes[i])
		}
	}
	return out
}
