package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pages holds the page templates, parsed once.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"clock":      clockText,
	"late":       func(s sla.Status) bool { return !s.Breached.IsZero() },
	"dur":        shortDuration,
	"changes":    changesText,
	"label":      func(s string) string { return strings.ReplaceAll(s, "-", " ") },
	"statusText": http.StatusText,
	"target": func(r sla.Result, name string) *sla.Status {
		if s, ok := r.Target(name); ok {
			return &s
		}
		return nil
	},
	"formOf": formOf,
}).ParseFS(templateFiles, "templates/*.html"))

// Page is what every page shows: who is acting, the time, and the error
// of a command that failed.
type Page struct {
	Path    string // the page's path, to come back to
	Actor   string
	Now     time.Time
	Problem *problem
	Tables  formTables
}

// formTables are the code tables the forms offer.
type formTables struct {
	Impacts      []codes.ImpactEntry
	Urgencies    []codes.UrgencyEntry
	Priorities   []codes.PriorityEntry
	Closures     []codes.ClosureEntry
	Satisfaction []codes.SatisfactionEntry
	Tiers        []codes.Entry[codes.Tier]
	Sources      []codes.Entry[codes.Source]
	Statuses     []codes.Status
}

func (a *app) pageOf(r *http.Request) Page {
	t := a.tables
	who, _ := a.pageActor(r)
	return Page{
		Path:  r.URL.Path,
		Actor: who,
		Now:   a.desk.Now(),
		Tables: formTables{
			Impacts: t.Matrix().Impacts(), Urgencies: t.Matrix().Urgencies(),
			Priorities: t.Priorities().Entries(), Closures: t.ClosureCodes().Entries(),
			Satisfaction: t.Satisfaction().Entries(), Tiers: t.Tiers().Entries(),
			Sources: t.Sources().Entries(), Statuses: a.desk.Workflow().Statuses(),
		},
	}
}

// render writes template name with data, buffered so that a failing
// template gives a 500 instead of half a page.
func (a *app) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		a.log.Error("page failed", "page", name, "err", err)
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	// The pages are self-contained: no script, nothing from elsewhere.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// queueData is the queue page's.
type queueData struct {
	Page
	Items         []queueItem
	Filter        url.Values
	Notifications []notice
	Open          string // "true", "false" or "any"
}

// GET /: the queue.
func (a *app) queuePage(w http.ResponseWriter, r *http.Request) {
	a.showQueue(w, r, http.StatusOK, nil)
}

func (a *app) showQueue(w http.ResponseWriter, r *http.Request, status int, p *problem) {
	raw := r.URL.RawQuery
	if r.Method != http.MethodGet {
		raw = "" // a register form that failed: the default queue
	}
	q, _ := url.ParseQuery(raw)
	d := queueData{Page: a.pageOf(r), Filter: q}
	d.Problem = p
	d.Path = "/"
	if raw != "" {
		d.Path += "?" + raw
	}
	f, open, limit, err := a.parseFilter(raw)
	d.Open = open
	if err == nil {
		d.Items, err = a.queue(r, f, open, limit)
	}
	if err != nil {
		pr := a.problemFor(r, err)
		d.Problem, status = &pr, pr.Status
	}
	d.Notifications = a.board.recent(codes.ID{}, 15)
	a.render(w, r, status, "queue.html", d)
}

// ticketData is the ticket page's.
type ticketData struct {
	Page
	ticketView
	Timeline template.HTML // the SLA timeline, as the library draws it
	Gantt    string        // the same as a Mermaid Gantt chart
	Forms    []string      // the commands to offer, by name
}

// GET /tickets/{id}.
func (a *app) ticketPage(w http.ResponseWriter, r *http.Request) {
	a.showTicket(w, r, http.StatusOK, nil)
}

func (a *app) showTicket(w http.ResponseWriter, r *http.Request, status int, p *problem) {
	v, err := a.view(r)
	if err != nil {
		pr := a.problemFor(r, err)
		a.render(w, r, pr.Status, "error.html", errorData{a.pageOf(r), pr.Status, pr.Detail})
		return
	}
	x, err := a.explain(v)
	if err != nil {
		a.log.Error("explain failed", "ticket", v.Ticket.ID, "err", err)
		x = &sla.Explanation{Result: v.SLA}
	}
	d := ticketData{Page: a.pageOf(r), ticketView: v, Forms: v.Commands}
	d.Problem = p
	d.Path = "/tickets/" + v.Ticket.ID.String()
	// The library escapes every text of its own in the SVG (the ticket's
	// summary included), so the page may put it in as it is.
	d.Timeline = template.HTML(timelineSVG(x, v.Ticket))
	d.Gantt = x.Gantt(v.Ticket.ID.String())
	a.render(w, r, status, "ticket.html", d)
}

// explain explains the clocks of the ticket v shows, at the instant its
// SLA was evaluated: what the timeline is drawn from.
func (a *app) explain(v ticketView) (*sla.Explanation, error) {
	return sla.Explain(a.desk.Policy(), incident.History(v.Log), v.SLA.Now)
}

// timelineSVG draws x, the explanation of t's clocks, titled with t.
func timelineSVG(x *sla.Explanation, t *incident.Ticket) string {
	return x.SVG(t.ID.String() + " " + t.Summary)
}

// GET /tickets/{id}/timeline.svg: the timeline alone, as an image.
func (a *app) timeline(w http.ResponseWriter, r *http.Request) {
	v, err := a.view(r)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	x, err := a.explain(v)
	if err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Write([]byte(timelineSVG(x, v.Ticket)))
}

// POST /tickets: the register form. On success the browser goes to the
// new ticket (303 See Other); on failure the queue page says why, with the
// problem's status.
func (a *app) registerForm(w http.ResponseWriter, r *http.Request) {
	t, err := a.registerFromForm(w, r)
	if err != nil {
		pr := a.problemFor(r, err)
		a.showQueue(w, r, pr.Status, &pr)
		return
	}
	http.Redirect(w, r, "/tickets/"+t.ID.String(), http.StatusSeeOther)
}

func (a *app) registerFromForm(w http.ResponseWriter, r *http.Request) (*incident.Ticket, error) {
	var reg incident.Registration
	if err := decodeForm(w, r, &reg); err != nil {
		return nil, err
	}
	var err error
	if reg.Actor, err = a.pageActor(r); err != nil {
		return nil, err
	}
	return a.desk.Register(r.Context(), reg)
}

// POST /tickets/{id}/{command}: a command's form. On success the browser
// goes back to the ticket, or to the problem record it raised (303 See
// Other); on failure the ticket page says why, with the problem's status.
func (a *app) commandForm(w http.ResponseWriter, r *http.Request) {
	res, p := a.runCommand(r,
		func(in any) error { return decodeForm(w, r, in) },
		func(act *incident.Action) (err error) { act.Actor, err = a.pageActor(r); return err })
	if p != nil {
		a.showTicket(w, r, p.Status, p)
		return
	}
	to := res.Ticket.ID
	if res.Problem != nil {
		to = res.Problem.ID
	}
	http.Redirect(w, r, "/tickets/"+to.String(), http.StatusSeeOther)
}

// The form fields that are not text.
var (
	boolFields = map[string]bool{"correction": true, "to_knowledge": true, "on_site": true, "major": true, "vendor": true}
	intFields  = map[string]bool{"task": true}
)

// decodeForm reads a form post into v through the same decoder as the
// API's bodies, so that a form and a JSON body are checked alike: the
// fields are named by the JSON keys, empty ones are left out, checkboxes
// give true. A form acts now, as the page's actor: it may not name an
// actor or a time (back-filling is the API's).
func decodeForm(w http.ResponseWriter, r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return &badInput{http.StatusUnsupportedMediaType, "a form is sent as application/x-www-form-urlencoded"}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return &badInput{http.StatusRequestEntityTooLarge, fmt.Sprintf("the form is over %d bytes", maxBody)}
		}
		return &badInput{http.StatusBadRequest, "the form could not be read"}
	}
	m := map[string]any{}
	for k, vs := range r.PostForm {
		if !utf8.ValidString(k) {
			return &badInput{http.StatusBadRequest, "the form is not valid UTF-8"}
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return &badInput{http.StatusBadRequest, fmt.Sprintf("%s: not valid UTF-8", clip(k, 80))}
			}
		}
		if len(vs) == 0 || vs[0] == "" {
			continue
		}
		if len(vs) > 1 {
			return &badInput{http.StatusBadRequest, fmt.Sprintf("%s: given %d times", clip(k, 80), len(vs))}
		}
		switch {
		case k == "actor":
			return &badInput{http.StatusBadRequest, "actor: a form acts as whoever the page says is acting"}
		case k == "at":
			return &badInput{http.StatusBadRequest, "at: a form acts now (the API back-fills a record)"}
		case boolFields[k]:
			m[k] = true
		case intFields[k]:
			n, err := strconv.Atoi(vs[0])
			if err != nil {
				return &badInput{http.StatusBadRequest, fmt.Sprintf("%s: %s is not a number", k, clip(strconv.Quote(vs[0]), 40))}
			}
			m[k] = n
		default:
			m[k] = vs[0]
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return &badInput{http.StatusBadRequest, "the form could not be read"}
	}
	return decodeBody(b, v)
}

// The actor of the pages: a cookie the "acting as" form sets, the service
// desk by default. (A real desk takes it from its sign-in.)
const (
	actorCookie  = "webdesk_actor"
	defaultActor = "desk"
)

// pageActor returns who the page acts as. A cookie holding a name the
// desk refuses (see checkActor) is an error, not the default actor.
func (a *app) pageActor(r *http.Request) (string, error) {
	c, err := r.Cookie(actorCookie)
	if err != nil {
		return defaultActor, nil
	}
	who, err := url.QueryUnescape(c.Value)
	if err != nil {
		return "", &badInput{http.StatusBadRequest, "the acting-as cookie does not hold a name: switch actor"}
	}
	if err := a.checkActor(who); err != nil {
		return "", err
	}
	return who, nil
}

// POST /actor: act as someone else, then go back to the page the form
// was on (a path of this site, nothing else).
func (a *app) setActor(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if err := r.ParseForm(); err != nil {
		writeProblem(w, r, problem{Status: http.StatusBadRequest, Detail: "the form could not be read"})
		return
	}
	who := strings.TrimSpace(r.PostForm.Get("actor"))
	if err := a.checkActor(who); err != nil {
		writeProblem(w, r, a.problemFor(r, err))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: actorCookie, Value: url.QueryEscape(who), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.PostForm.Get("back")), http.StatusSeeOther)
}

// localPath returns back if it is a path of this site (with its query),
// and "/" otherwise: never another site, however the text is dressed up
// (a browser drops tabs and newlines from a URL, and reads "/\x" as "//x").
func localPath(back string) string {
	for _, r := range back {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(back)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(back, "//") {
		return "/"
	}
	out := u.EscapedPath()
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out
}

// errorData is the error page's: a page that cannot be shown, and why.
type errorData struct {
	Page
	Status int
	Detail string
}

// Any other page.
func (a *app) pageNotFound(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusNotFound, "error.html", errorData{a.pageOf(r), http.StatusNotFound, "There is no page " + r.URL.Path + " here."})
}

// clockText says where a clock stands, for a person: "1h20m left",
// "overdue 35m", "paused (pending), 2h left", "met", "missed by 20m".
func clockText(s sla.Status) string {
	left := func() string {
		if s.Remaining < 0 {
			return "overdue " + shortDuration(-s.Remaining)
		}
		return shortDuration(s.Remaining) + " left"
	}
	switch {
	case s.State == sla.NotStarted:
		return "not started"
	case s.State == sla.Met:
		return "met"
	case !s.Stopped.IsZero():
		return "missed by " + shortDuration(-s.Remaining)
	case s.State == sla.Paused || s.PausedBy != "":
		return "paused (" + s.PausedBy + "), " + left()
	}
	return left()
}

// shortDuration writes d as 1h20m or 35m: hours, not days, since a clock
// counts working time (48h of office hours is more than a week).
func shortDuration(d time.Duration) string {
	if d < 0 {
		return "-" + shortDuration(-d)
	}
	d = d.Round(time.Minute)
	h, m := d/time.Hour, d%time.Hour/time.Minute
	switch {
	case h > 0 && m > 0:
		return fmt.Sprintf("%dh%dm", h, m)
	case h > 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dm", m)
}

// changesText writes an entry's changes as field=value pairs.
func changesText(cs []incident.Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		v := c.Value
		if len(v) > 200 {
			v = strings.ToValidUTF8(v[:200], "") + "…"
		}
		parts[i] = string(c.Field) + "=" + v
	}
	return strings.Join(parts, " ")
}

// formSpec is a command's form on the ticket page.
type formSpec struct {
	ID     codes.ID
	Name   string
	Fields []field
}

// field is a field of a form, named by its JSON key.
type field struct {
	Name, Label string
	Kind        string // "text", "textarea", "select" or "check"
	Required    bool
	Value       string
	Options     []option
}

type option struct{ Value, Text string }

// formOf returns the form of command name on ticket t: the fields its
// input needs most, the rest being the API's.
func formOf(name string, t *incident.Ticket, tb formTables) formSpec {
	text := func(n, label string, req bool) field {
		return field{Name: n, Label: label, Kind: "text", Required: req}
	}
	sel := func(n, label string, req bool, opts []option) field {
		return field{Name: n, Label: label, Kind: "select", Required: req, Options: opts}
	}
	var tiers, closures, sats, impacts, urgencies, prios []option
	for _, e := range tb.Tiers {
		tiers = append(tiers, option{string(e.Code), e.Name.EN})
	}
	for _, e := range tb.Closures {
		closures = append(closures, option{string(e.Code), e.Name.EN})
	}
	for _, e := range tb.Satisfaction {
		sats = append(sats, option{string(e.Code), e.Name.EN})
	}
	for _, e := range tb.Impacts {
		impacts = append(impacts, option{string(e.Code), e.Name.EN})
	}
	for _, e := range tb.Urgencies {
		urgencies = append(urgencies, option{string(e.Code), e.Name.EN})
	}
	for _, e := range tb.Priorities {
		prios = append(prios, option{e.Priority.String(), e.Priority.String() + " " + e.Name.EN})
	}
	f := formSpec{ID: t.ID, Name: name}
	switch name {
	case "assign", "reassign":
		g := text("group", "group", false)
		g.Value = t.Group
		f.Fields = []field{g, text("assignee", "assignee", false), sel("tier", "tier", false, tiers)}
	case "escalate": // to the next tier, always: the Desk picks it
		f.Fields = []field{text("group", "group", false), text("assignee", "assignee", false)}
	case "pend", "reject", "reopen":
		f.Fields = []field{text("reason", "reason", false)}
	case "resolve":
		f.Fields = []field{{Name: "solution", Label: "solution", Kind: "textarea", Required: true}, sel("closure", "closure code", true, closures)}
	case "confirm":
		f.Fields = []field{sel("satisfaction", "satisfaction", false, sats), text("feedback", "feedback", false)}
	case "close":
		f.Fields = []field{sel("closure", "closure code", false, closures), text("reason", "reason", false)}
	case "reprioritize":
		f.Fields = []field{sel("impact", "impact", false, impacts), sel("urgency", "urgency", false, urgencies),
			sel("priority", "or priority", false, prios), text("reason", "reason", false),
			{Name: "correction", Label: "corrects a wrong grading", Kind: "check"}}
	case "comment":
		f.Fields = []field{{Name: "text", Label: "comment", Kind: "textarea", Required: true}}
	case "add-task":
		f.Fields = []field{text("summary", "summary", true), text("group", "group", false), text("assignee", "assignee", false)}
	case "start", "resume", "claim", "suggest", "offer-knowledge":
	default:
		f.Fields = []field{text("note", "note", false)}
	}
	return f
}
