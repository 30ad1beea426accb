package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

var beijing = time.FixedZone("CST", 8*3600)

// testClock is a clock the test sets.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *testClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *testClock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.at = t }

// newTestApp returns a web desk on a memory store at Monday 2025-11-17
// 09:00 in Beijing, and its clock.
func newTestApp(t *testing.T) (*app, *testClock, http.Handler) {
	t.Helper()
	clk := &testClock{at: time.Date(2025, 11, 17, 9, 0, 0, 0, beijing)}
	a, err := newApp(memstore.New(), clk.now, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return a, clk, a.handler()
}

// call sends a request to h and returns the response and its body.
func call(t *testing.T, h http.Handler, method, path, actor, body string) (*http.Response, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if actor != "" {
		req.Header.Set("X-Actor", actor)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// register registers a P3 through the API and returns its id.
func register(t *testing.T, h http.Handler, summary string) string {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"summary": summary, "impact": "medium", "urgency": "high", "requester": "li.lei", "source": "phone"})
	res, body := call(t, h, "POST", "/api/tickets", "desk", string(b))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("register: %d %s", res.StatusCode, body)
	}
	var out struct {
		Ticket struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Priority string `json:"priority"`
		} `json:"ticket"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if loc := res.Header.Get("Location"); loc != "/api/tickets/"+out.Ticket.ID {
		t.Errorf("Location %q, want /api/tickets/%s", loc, out.Ticket.ID)
	}
	if out.Ticket.Status != "registered" || out.Ticket.Priority != "P3" {
		t.Errorf("registered ticket %+v, want a P3 registered", out.Ticket)
	}
	return out.Ticket.ID
}

// problemOf checks that a response is a problem details object of its
// status, and returns it.
func problemOf(t *testing.T, res *http.Response, body string, status int) problem {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p problem
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("problem %s: %v", body, err)
	}
	if p.Status != status || p.Title != http.StatusText(status) || p.Type != "about:blank" || p.Detail == "" || p.Instance == "" {
		t.Errorf("problem %+v: want status %d, its title, a type, a detail and the instance", p, status)
	}
	if strings.Contains(p.Detail, "incident:") || strings.Contains(p.Detail, "json:") {
		t.Errorf("detail %q shows a Go package's prefix", p.Detail)
	}
	return p
}

// The API takes a ticket from registration to closure, each command's
// input in the library's JSON form, and shows the ticket with its log,
// its clocks and the commands its status allows.
func TestAPIFlow(t *testing.T) {
	_, clk, h := newTestApp(t)
	id := register(t, h, "Mail slow")
	steps := []struct {
		at      time.Time
		command string
		actor   string
		body    string
		status  string
	}{
		{bj(9, 5), "assign", "desk", `{"group":"mail","assignee":"wang","tier":"l1"}`, "assigned"},
		{bj(9, 20), "start", "wang", ``, "in_progress"},
		{bj(10, 0), "pend", "wang", `{"reason":"waiting for the user"}`, "pending"},
		{bj(11, 0), "resume", "wang", `{}`, "in_progress"},
		{bj(11, 30), "resolve", "wang", `{"solution":"Queue cleared","closure":"l1","time_spent":"1h"}`, "resolved"},
		{bj(12, 0), "confirm", "desk", `{"satisfaction":"very_good","feedback":"fast"}`, "closed"},
	}
	for _, s := range steps {
		clk.set(s.at)
		res, body := call(t, h, "POST", "/api/tickets/"+id+"/"+s.command, s.actor, s.body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", s.command, res.StatusCode, body)
		}
		var out result
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if string(out.Ticket.Status) != s.status {
			t.Errorf("%s: status %s, want %s", s.command, out.Ticket.Status, s.status)
		}
	}
	res, body := call(t, h, "GET", "/api/tickets/"+id, "", "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET ticket: %d %s", res.StatusCode, body)
	}
	var v struct {
		Ticket   map[string]any   `json:"ticket"`
		Log      []map[string]any `json:"log"`
		SLA      map[string]any   `json:"sla"`
		Commands []string         `json:"commands"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Log) < 7 {
		t.Errorf("log has %d entries, want at least the 7 commands'", len(v.Log))
	}
	// The resolution clock ran from registration, 09:00–10:00 and
	// 11:00–11:30 (paused an hour while pending): 90 minutes of a P3's 3
	// working hours, met.
	targets, _ := v.SLA["targets"].([]any)
	var found bool
	for _, x := range targets {
		m := x.(map[string]any)
		if m["target"] == "resolution" {
			found = true
			if m["state"] != "met" || m["elapsed"] != "1h30m0s" || m["paused_for"] != "1h0m0s" {
				t.Errorf("resolution clock %v, want met after 1h30m counted and 1h paused", m)
			}
		}
	}
	if !found {
		t.Errorf("no resolution clock in %v", v.SLA)
	}
	if v.Ticket["time_spent"] != "1h0m0s" || v.Ticket["satisfaction"] != "very_good" {
		t.Errorf("ticket %v: want the time spent and the rating recorded", v.Ticket)
	}
	if len(v.Commands) != 0 {
		t.Errorf("a closed ticket offers commands %v", v.Commands)
	}
}

func bj(h, m int) time.Time { return time.Date(2025, 11, 17, h, m, 0, 0, beijing) }

// Every error has its status and a problem details body that says what is
// wrong, and a refused command writes nothing.
func TestAPIProblems(t *testing.T) {
	_, clk, h := newTestApp(t)
	id := register(t, h, "Printer jams")
	other := register(t, h, "Printer jams again")
	clk.set(bj(9, 10))
	call(t, h, "POST", "/api/tickets/"+other+"/assign", "desk", `{"group":"desktop","assignee":"zhou"}`)
	call(t, h, "POST", "/api/tickets/"+other+"/start", "zhou", `{}`)
	call(t, h, "POST", "/api/tickets/"+other+"/add-task", "zhou", `{"summary":"order a part"}`)
	big := `{"summary":"` + strings.Repeat("x", maxBody) + `"}`
	cases := []struct {
		name, method, path, actor, body, ctype string
		status                                 int
		want                                   string // in the detail
	}{
		{"unknown ticket", "GET", "/api/tickets/IM251117000099", "", "", "", 404, "no ticket IM251117000099"},
		{"malformed id", "GET", "/api/tickets/nope", "", "", "", 404, "not a ticket id"},
		{"unknown command", "POST", "/api/tickets/" + id + "/teleport", "desk", "{}", "", 404, "no command \"teleport\""},
		{"command on unknown ticket", "POST", "/api/tickets/IM251117000099/start", "desk", "{}", "", 404, "no ticket IM251117000099"},
		{"invalid transition", "POST", "/api/tickets/" + id + "/start", "desk", "{}", "", 409, "start"},
		{"guard", "POST", "/api/tickets/" + other + "/resolve", "zhou", `{"solution":"done","closure":"l1"}`, "", 422, "task"},
		{"forbidden", "POST", "/api/tickets/" + id + "/close", "mallory", `{"closure":"rejected","reason":"x"}`, "", 403, "mallory"},
		{"bad input", "POST", "/api/tickets/" + id + "/assign", "desk", `{}`, "", 400, "group"},
		{"bad code", "POST", "/api/tickets", "desk", `{"summary":"x","impact":"galactic","urgency":"high"}`, "", 400, "galactic"},
		{"unknown key", "POST", "/api/tickets", "desk", `{"summary":"x","impact":"low","urgency":"low","colour":"red"}`, "", 400, "colour"},
		{"not JSON", "POST", "/api/tickets", "desk", `{"summary":`, "", 400, "JSON"},
		{"wrong type", "POST", "/api/tickets", "desk", `{"summary":42}`, "", 400, "summary"},
		{"an array", "POST", "/api/tickets", "desk", `[1,2]`, "", 400, "object"},
		{"two values", "POST", "/api/tickets", "desk", `{"summary":"a","priority":"P4"}{}`, "", 400, "not valid JSON"},
		{"bad duration", "POST", "/api/tickets/" + other + "/resolve", "zhou", `{"solution":"x","closure":"l1","time_spent":90}`, "", 400, "time_spent"},
		{"oversized", "POST", "/api/tickets", "desk", big, "", 413, "bytes"},
		{"not JSON content", "POST", "/api/tickets", "desk", `summary=x`, "application/x-www-form-urlencoded", 415, "application/json"},
		{"nobody acting", "POST", "/api/tickets", "", `{"summary":"x","priority":"P4"}`, "", 400, "X-Actor"},
		{"two actors", "POST", "/api/tickets", "desk", `{"actor":"zhou","summary":"x","priority":"P4"}`, "", 400, "zhou"},
		{"future", "POST", "/api/tickets/" + id + "/comment", "desk", `{"text":"x","at":"2030-01-01T00:00:00Z"}`, "", 400, "future"},
		{"method", "DELETE", "/api/tickets/" + id, "desk", "", "", 405, "DELETE"},
		{"method on queue", "PUT", "/api/tickets", "desk", "", "", 405, "PUT"},
		{"method on command", "GET", "/api/tickets/" + id + "/start", "", "", "", 405, "GET"},
		{"no such resource", "GET", "/api/teapot", "", "", "", 404, "/api/tickets"},
		{"queue filter", "GET", "/api/tickets?status=lost", "", "", "", 400, "lost"},
		{"queue priority", "GET", "/api/tickets?priority=P9", "", "", "", 400, "P9"},
		{"queue unknown parameter", "GET", "/api/tickets?sort=asc", "", "", "", 400, "sort"},
		{"queue limit", "GET", "/api/tickets?limit=0", "", "", "", 400, "limit"},
		{"queue limit twice", "GET", "/api/tickets?limit=1&limit=5000", "", "", "", 400, "2 times"},
		{"queue escape", "GET", "/api/tickets?%zz", "", "", "", 400, "does not parse"},
		{"queue contradiction", "GET", "/api/tickets?open=true&status=closed", "", "", "", 400, "open=any"},
		{"queue open", "GET", "/api/tickets?open=maybe", "", "", "", 400, "maybe"},
		{"the system's name", "POST", "/api/tickets/" + id + "/reprioritize", "system", `{"priority":"P5"}`, "", 403, "system"},
		{"the engine's name", "POST", "/api/tickets/" + id + "/comment", "", `{"actor":"escalation","text":"x"}`, "", 403, "escalation"},
		{"actor on two lines", "POST", "/api/tickets/" + id + "/comment", "", `{"actor":" b\n","text":"x"}`, "", 400, "actor"},
		{"invalid UTF-8", "POST", "/api/tickets/" + id + "/comment", "desk", "{\"text\":\"ab\xff\"}", "", 400, "UTF-8"},
		{"latin1", "POST", "/api/tickets/" + id + "/comment", "desk", `{"text":"x"}`, "application/json; charset=latin1", 415, "UTF-8"},
		{"key twice", "POST", "/api/tickets/" + id + "/comment", "desk", `{"text":"a","text":"b"}`, "", 400, "twice"},
		{"key in other case", "POST", "/api/tickets/" + id + "/comment", "desk", `{"Text":"a"}`, "", 400, "Text"},
		{"nested unknown key", "POST", "/api/tickets", "desk", `{"summary":"x","priority":"P4","reporter":{"nme":"li"}}`, "", 400, "reporter: unknown key"},
		{"bad instant", "POST", "/api/tickets/" + id + "/comment", "desk", `{"text":"x","at":"garbage"}`, "", 400, "at: not an instant in RFC 3339"},
		{"number for text", "POST", "/api/tickets", "desk", `{"summary":"x","priority":7}`, "", 400, "priority: a JSON number is not allowed here; give text"},
		{"bad id in body", "POST", "/api/tickets/" + id + "/mark-duplicate", "desk", `{"of":"bad"}`, "", 400, "of:"},
		{"long command", "POST", "/api/tickets/" + id + "/" + strings.Repeat("x", 5000), "desk", "{}", "", 404, "no command"},
		{"cross-site", "POST", "/api/tickets/" + id + "/comment", "desk", `{"text":"x"}`, "cross-site", 403, "another site"},
		{"method on notifications", "POST", "/api/notifications", "desk", "", "", 405, "POST"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, before := call(t, h, "GET", "/api/tickets/"+id, "", "")
			var r io.Reader
			if c.body != "" {
				r = strings.NewReader(c.body)
			}
			req := httptest.NewRequest(c.method, c.path, r)
			if c.actor != "" {
				req.Header.Set("X-Actor", c.actor)
			}
			switch {
			case c.ctype == "cross-site":
				req.Header.Set("Sec-Fetch-Site", "cross-site")
			case c.ctype != "":
				req.Header.Set("Content-Type", c.ctype)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			res := w.Result()
			body, _ := io.ReadAll(res.Body)
			p := problemOf(t, res, string(body), c.status)
			if !strings.Contains(p.Detail, c.want) {
				t.Errorf("detail %q does not say %q", p.Detail, c.want)
			}
			for _, goWord := range []string{"codes.", " int", "Time.", "2006-01-02", "Go ", "reflect", "unmarshal"} {
				if strings.Contains(p.Detail+" ", goWord) && !strings.Contains(c.want, goWord) {
					t.Errorf("detail %q speaks of Go (%q)", p.Detail, goWord)
				}
			}
			if len(body) > 2000 {
				t.Errorf("a problem of %d bytes: names sent are echoed at any length", len(body))
			}
			if c.status == 405 && res.Header.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
			if _, after := call(t, h, "GET", "/api/tickets/"+id, "", ""); after != before {
				t.Errorf("a refused request changed the ticket:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	// The transition's problem lists what the status allows.
	res, body := call(t, h, "POST", "/api/tickets/"+id+"/start", "desk", "{}")
	p := problemOf(t, res, body, 409)
	if p.Event != "start" || !strings.Contains(strings.Join(p.Allowed, ","), "assign") || p.Command != "start" {
		t.Errorf("problem %+v: want event start, the allowed events (assign, close) and the command", p)
	}
}

// The queue filters by priority, status, group, assignee and open, newest
// first, each ticket with its clocks.
func TestAPIQueue(t *testing.T) {
	_, clk, h := newTestApp(t)
	a := register(t, h, "first")
	b := register(t, h, "second")
	res, body := call(t, h, "POST", "/api/tickets", "desk", `{"summary":"urgent","priority":"P2"}`)
	if res.StatusCode != 201 {
		t.Fatal(body)
	}
	c := strings.TrimPrefix(res.Header.Get("Location"), "/api/tickets/")
	clk.set(bj(9, 5))
	call(t, h, "POST", "/api/tickets/"+b+"/assign", "desk", `{"group":"mail","assignee":"wang"}`)
	call(t, h, "POST", "/api/tickets/"+a+"/close", "desk", `{"closure":"false_alarm","reason":"a test"}`)
	ids := func(q string) []string {
		res, body := call(t, h, "GET", "/api/tickets"+q, "", "")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", q, res.StatusCode, body)
		}
		var out struct {
			Tickets []struct {
				ID  string `json:"id"`
				SLA struct {
					Targets []any `json:"targets"`
				} `json:"sla"`
			} `json:"tickets"`
		}
		json.Unmarshal([]byte(body), &out)
		var got []string
		for _, x := range out.Tickets {
			got = append(got, x.ID)
			if len(x.SLA.Targets) == 0 {
				t.Errorf("%s: %s without its clocks", q, x.ID)
			}
		}
		return got
	}
	for q, want := range map[string][]string{
		"":                                   {c, b},
		"?status=assigned":                   {b},
		"?priority=p3":                       {b},
		"?priority=P1,P2":                    {c},
		"?group=mail":                        {b},
		"?assignee=wang":                     {b},
		"?open=true":                         {c, b},
		"?open=false":                        {a},
		"?status=closed":                     {a},
		"?limit=1":                           {c},
		"?status=registered&status=assigned": {c, b},
		"?status=pending":                    nil,
		"?open=any":                          {c, b, a},
	} {
		if got := ids(q); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("queue%s = %v, want %v", q, got, want)
		}
	}
}

// The pages show the queue and the ticket; user text is escaped wherever
// it appears, the timeline is inline SVG, and nothing is loaded from
// elsewhere.
func TestPages(t *testing.T) {
	_, clk, h := newTestApp(t)
	hostile := `<script>alert("x")</script> & <b>bold</b>`
	id := register(t, h, hostile)
	clk.set(bj(9, 5))
	call(t, h, "POST", "/api/tickets/"+id+"/assign", "desk", `{"group":"mail","assignee":"wang"}`)
	clk.set(bj(9, 20))
	call(t, h, "POST", "/api/tickets/"+id+"/start", "wang", `{}`)
	call(t, h, "POST", "/api/tickets/"+id+"/comment", "wang", `{"text":"<img src=x onerror=alert(1)>"}`)
	clk.set(bj(14, 0))

	for _, path := range []string{"/", "/tickets/" + id} {
		res, body := call(t, h, "GET", path, "", "")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		for _, bad := range []string{"<script", "<b>bold", "<img", `src="`, `href="http`, "<link", "@import", "url("} {
			if strings.Contains(body, bad) {
				t.Errorf("%s holds %q: user text not escaped, or an external asset", path, bad)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s does not show the summary, escaped", path)
		}
	}
	_, body := call(t, h, "GET", "/tickets/"+id, "", "")
	for _, want := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" class="sla-timeline"`[:4], // the timeline inline
		`class="span counted"`, `class="now"`, `class="deadline`,
		`data-command="resolve"`, `data-command="pend"`, `data-command="reassign"`,
		`id="status" class="status" data-status="in_progress"`,
		"gantt", "Activity log",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("ticket page lacks %q", want)
		}
	}
	if strings.Contains(body, `data-command="start"`) {
		t.Error("the ticket page offers start to a ticket in progress")
	}

	res, svg := call(t, h, "GET", "/tickets/"+id+"/timeline.svg", "", "")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(svg, "<svg") || strings.Contains(svg, "<script") {
		t.Errorf("timeline.svg: %d %s %.80q", res.StatusCode, res.Header.Get("Content-Type"), svg)
	}
	res, body = call(t, h, "GET", "/tickets/IM251117000099", "", "")
	if res.StatusCode != 404 || !strings.Contains(body, "no ticket IM251117000099") {
		t.Errorf("unknown ticket page: %d", res.StatusCode)
	}
	res, _ = call(t, h, "GET", "/nowhere", "", "")
	if res.StatusCode != 404 {
		t.Errorf("unknown page: %d", res.StatusCode)
	}
}

// post sends a form as a browser does.
func post(t *testing.T, h http.Handler, path string, form url.Values, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// The forms run the same commands as the API, as whoever the page acts
// as, and say on the page why a command was refused.
func TestForms(t *testing.T) {
	a, clk, h := newTestApp(t)
	res, _ := post(t, h, "/actor", url.Values{"actor": {"zhang"}, "back": {"/"}})
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 {
		t.Fatalf("acting as zhang: %d, cookies %v", res.StatusCode, res.Cookies())
	}
	zhang := res.Cookies()[0]

	res, body := post(t, h, "/tickets", url.Values{"summary": {"VPN drops"}, "impact": {"medium"}, "urgency": {"high"}, "source": {"phone"}}, zhang)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register form: %d %s", res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	id := strings.TrimPrefix(loc, "/tickets/")
	clk.set(bj(9, 5))
	if res, body := post(t, h, loc+"/assign", url.Values{"group": {"network"}, "assignee": {"wu"}, "tier": {""}}, zhang); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != loc {
		t.Fatalf("assign form: %d %s", res.StatusCode, body)
	}
	// Resolving a ticket not started is a transition the workflow refuses.
	res, body = post(t, h, loc+"/resolve", url.Values{"solution": {"x"}, "closure": {"l1"}}, zhang)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "resolve") {
		t.Errorf("refused form: %d, want 409 and the page saying why", res.StatusCode)
	}
	res, _ = post(t, h, loc+"/comment", url.Values{"text": {"hi"}, "actor": {"mallory"}}, zhang)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("a form naming its actor: %d, want 400", res.StatusCode)
	}
	res, _ = post(t, h, loc+"/reprioritize", url.Values{"priority": {"P2"}, "correction": {"true"}, "reason": {"wider"}}, zhang)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("reprioritize form: %d", res.StatusCode)
	}
	tk, log, err := a.desk.Get(context.Background(), mustID(t, id))
	if err != nil {
		t.Fatal(err)
	}
	if tk.Registrar != "zhang" || tk.Assignee != "wu" || tk.Priority.String() != "P2" {
		t.Errorf("ticket %+v: want registered by zhang, assigned to wu, raised to P2", tk)
	}
	for _, e := range log {
		if e.Actor != "zhang" && e.Actor != "escalation" {
			t.Errorf("entry %d by %q, want the page's actor", e.Seq, e.Actor)
		}
	}

	// Another site cannot post a form through a visitor's browser.
	req := httptest.NewRequest("POST", loc+"/comment", strings.NewReader("text=pwned"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusForbidden {
		t.Errorf("cross-site form post: %d, want 403", w.Code)
	}
	// Nor move the visitor elsewhere after switching actor.
	for _, back := range []string{"//evil.example/", "/\t/evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)"} {
		res, _ = post(t, h, "/actor", url.Values{"actor": {"x"}, "back": {back}})
		if l := res.Header.Get("Location"); l != "/" {
			t.Errorf("actor form with back %q redirected to %q", back, l)
		}
	}
	res, _ = post(t, h, "/actor", url.Values{"actor": {"x"}, "back": {"/?open=any&priority=P1"}})
	if l := res.Header.Get("Location"); l != "/?open=any&priority=P1" {
		t.Errorf("actor form redirected to %q, want the queue as it was", l)
	}
	res, _ = post(t, h, "/actor", url.Values{"actor": {"two\nlines"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("actor on two lines: %d", res.StatusCode)
	}
	res, _ = post(t, h, "/actor", url.Values{"actor": {"system"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("acting as the system: %d, want 403", res.StatusCode)
	}
	// A cookie set elsewhere to a name the desk refuses acts as nobody.
	res, body = post(t, h, loc+"/comment", url.Values{"text": {"hi"}}, &http.Cookie{Name: actorCookie, Value: "system"})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `role="alert"`) {
		t.Errorf("a form acting as the system through the cookie: %d, want 403", res.StatusCode)
	}
	for name, form := range map[string]url.Values{
		"a time":       {"text": {"hi"}, "at": {"2025-11-17T09:00:00+08:00"}},
		"invalid text": {"text": {"ab\xff"}},
	} {
		if res, _ := post(t, h, loc+"/comment", form, zhang); res.StatusCode != http.StatusBadRequest {
			t.Errorf("a form with %s: %d, want 400", name, res.StatusCode)
		}
	}
	req = httptest.NewRequest("POST", loc+"/comment", strings.NewReader(`{"text":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("JSON posted to a form's route: %d, want 415", w.Code)
	}
	for _, m := range []struct{ method, path string }{{"DELETE", "/"}, {"PUT", loc}, {"GET", "/actor"}, {"GET", loc + "/comment"}, {"GET", "/tickets"}} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(m.method, m.path, nil))
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") == "" {
			t.Errorf("%s %s: %d, want 405 with Allow", m.method, m.path, w.Code)
		}
	}
}

// The escalation engine's notifications show on the board, the API and
// the ticket's page.
func TestNotifications(t *testing.T) {
	a, clk, h := newTestApp(t)
	b, _ := json.Marshal(map[string]any{"summary": "Core switch down", "priority": "P1", "requester": "li.lei"})
	res, body := call(t, h, "POST", "/api/tickets", "desk", string(b))
	if res.StatusCode != 201 {
		t.Fatal(body)
	}
	var out result
	json.Unmarshal([]byte(body), &out)
	clk.set(bj(10, 0))
	if _, err := a.engine.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, body = call(t, h, "GET", "/api/notifications", "", "")
	var notes struct {
		Notifications []struct {
			TicketID string `json:"ticket_id"`
			Rule     string `json:"rule"`
			Text     string `json:"text"`
		} `json:"notifications"`
	}
	json.Unmarshal([]byte(body), &notes)
	if len(notes.Notifications) == 0 {
		t.Fatalf("no notifications after a P1 went an hour untouched: %s", body)
	}
	for _, n := range notes.Notifications {
		if n.TicketID != out.Ticket.ID.String() || n.Rule == "" {
			t.Errorf("notification %+v: want the ticket's id and the rule", n)
		}
	}
	_, page := call(t, h, "GET", "/tickets/"+out.Ticket.ID.String(), "", "")
	if !strings.Contains(page, notes.Notifications[0].Text) {
		t.Errorf("the ticket page does not show the notification %q", notes.Notifications[0].Text)
	}
}

// The demo registers tickets of every priority, in each stage of the
// workflow, and every page shows.
func TestDemo(t *testing.T) {
	a, clk, h := newTestApp(t)
	clk.set(bj(16, 0))
	n, err := seed(context.Background(), a.desk, clk.now())
	if err != nil {
		t.Fatal(err)
	}
	ts, err := a.desk.Store().Find(context.Background(), incident.Filter{})
	if err != nil || len(ts) != n {
		t.Fatalf("queue holds %d tickets (%v), want the %d registered", len(ts), err, n)
	}
	prios, statuses := map[string]bool{}, map[string]bool{}
	for _, tk := range ts {
		prios[tk.Priority.String()] = true
		statuses[string(tk.Status)] = true
		res, body := call(t, h, "GET", "/tickets/"+tk.ID.String(), "", "")
		if res.StatusCode != 200 || !strings.Contains(body, "<svg") {
			t.Errorf("%s: %d", tk.ID, res.StatusCode)
		}
	}
	if len(prios) != 5 {
		t.Errorf("demo priorities %v, want all five", prios)
	}
	for _, s := range []string{"registered", "assigned", "in_progress", "pending", "resolved", "closed"} {
		if !statuses[s] {
			t.Errorf("no demo ticket is %s", s)
		}
	}
	_, body := call(t, h, "GET", "/", "", "")
	if !strings.Contains(body, "breached") {
		t.Error("no demo ticket shows a breached clock on the queue")
	}
}

func mustID(t *testing.T, s string) codes.ID {
	t.Helper()
	id, err := codes.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// failingStore is a store whose reads fail after the test says so.
type failingStore struct {
	*memstore.Store
	mu   sync.Mutex
	fail bool
}

var errDisk = errors.New("sqlite: disk I/O error at /var/lib/secret/tickets.db")

func (s *failingStore) broken() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.fail }

func (s *failingStore) Load(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	if s.broken() {
		return nil, nil, errDisk
	}
	return s.Store.Load(ctx, id)
}

func (s *failingStore) Find(ctx context.Context, f incident.Filter) ([]*incident.Ticket, error) {
	if s.broken() {
		return nil, errDisk
	}
	return s.Store.Find(ctx, f)
}

func (s *failingStore) View(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	if s.broken() {
		return nil, nil, errDisk
	}
	return s.Store.View(ctx, id)
}

// A store that fails gives a 500 problem that does not show the store's
// error (it is logged), on the API and on the pages.
func TestStoreFailure(t *testing.T) {
	store := &failingStore{Store: memstore.New()}
	clk := &testClock{at: bj(9, 0)}
	var logged strings.Builder
	a, err := newApp(store, clk.now, slog.New(slog.NewTextHandler(&syncWriter{w: &logged}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h := a.handler()
	id := register(t, h, "before the disk failed")
	store.mu.Lock()
	store.fail = true
	store.mu.Unlock()
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/api/tickets", ""},
		{"GET", "/api/tickets/" + id, ""},
		{"POST", "/api/tickets/" + id + "/comment", `{"text":"hello"}`},
	} {
		res, body := call(t, h, r.method, r.path, "desk", r.body)
		p := problemOf(t, res, body, http.StatusInternalServerError)
		if strings.Contains(body, "secret") || strings.Contains(body, "sqlite") {
			t.Errorf("%s %s: the problem shows the store's error: %s", r.method, r.path, p.Detail)
		}
	}
	for _, path := range []string{"/", "/tickets/" + id} {
		res, body := call(t, h, "GET", path, "", "")
		if res.StatusCode != http.StatusInternalServerError || strings.Contains(body, "secret") {
			t.Errorf("page %s: %d, or it shows the store's error", path, res.StatusCode)
		}
	}
	if !strings.Contains(logged.String(), "disk I/O error") {
		t.Error("the store's error was not logged")
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// The web desk answers the same on SQLite as in memory.
func TestSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tickets.db")
	store, closeStore, err := openStore(ctx, options{db: path}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore()
	responses := func(store incident.Store) []string {
		clk := &testClock{at: bj(9, 0)}
		a, err := newApp(store, clk.now, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		h := a.handler()
		var out []string
		id := register(t, h, "Mail slow")
		for _, s := range []struct {
			at             time.Time
			command, actor string
			body           string
		}{
			{bj(9, 5), "start", "desk", ""},
			{bj(9, 5), "assign", "desk", `{"group":"mail","assignee":"wang"}`},
			{bj(9, 20), "start", "wang", ""},
			{bj(9, 30), "resolve", "wang", `{"closure":"l1"}`},
			{bj(9, 40), "pend", "wang", `{"reason":"user away"}`},
			{bj(13, 40), "resume", "wang", ""},
			{bj(14, 0), "close", "wang", `{"closure":"l1"}`},
			{bj(14, 10), "resolve", "wang", `{"solution":"cleared","closure":"l1"}`},
		} {
			clk.set(s.at)
			res, body := call(t, h, "POST", "/api/tickets/"+id+"/"+s.command, s.actor, s.body)
			out = append(out, res.Status+" "+body)
		}
		_, body := call(t, h, "GET", "/api/tickets/"+id, "", "")
		return append(out, body)
	}
	mem, sql := responses(memstore.New()), responses(store)
	if diff := cmp.Diff(mem, sql); diff != "" {
		t.Errorf("SQLite answers differently from memory (-memory +sqlite):\n%s", diff)
	}
}

// The register form refuses bad input on the queue page, with the
// problem's status, and registers nothing.
func TestRegisterFormProblems(t *testing.T) {
	a, _, h := newTestApp(t)
	for name, c := range map[string]struct {
		form   url.Values
		status int
		want   string
	}{
		"no summary":    {url.Values{"impact": {"low"}, "urgency": {"low"}}, 400, "summary"},
		"unknown field": {url.Values{"summary": {"x"}, "impact": {"low"}, "urgency": {"low"}, "colour": {"red"}}, 400, "colour"},
		"twice":         {url.Values{"summary": {"x", "y"}, "priority": {"P4"}}, 400, "2 times"},
		"bad impact":    {url.Values{"summary": {"x"}, "impact": {"<b>huge</b>"}, "urgency": {"low"}}, 400, "&lt;b&gt;huge&lt;/b&gt;"},
	} {
		res, body := post(t, h, "/tickets", c.form)
		if res.StatusCode != c.status || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, want %d and the queue page saying %q", name, res.StatusCode, c.status, c.want)
		}
	}
	if ts, _ := a.desk.Store().Find(context.Background(), incident.Filter{}); len(ts) != 0 {
		t.Errorf("refused registrations left %d tickets", len(ts))
	}
}

// A problem record raised from an incident has no priority; it reads on
// the API and the pages like any ticket. The knowledge base suggests
// known errors, and a closed ticket offers no command.
func TestProblemsAndKnowledge(t *testing.T) {
	_, clk, h := newTestApp(t)
	id := register(t, h, "VPN drops again")
	clk.set(bj(9, 10))
	res, body := call(t, h, "POST", "/api/tickets/"+id+"/raise-problem", "desk", `{"reason":"it recurs"}`)
	if res.StatusCode != 200 {
		t.Fatalf("raise-problem: %d %s", res.StatusCode, body)
	}
	var out result
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Problem == nil {
		t.Fatalf("raise-problem gave %s (%v)", body, err)
	}
	pm := out.Problem.ID.String()
	for _, path := range []string{"/api/tickets/" + pm, "/api/tickets?open=any", "/tickets/" + pm, "/"} {
		if res, body := call(t, h, "GET", path, "", ""); res.StatusCode != 200 || len(body) == 0 {
			t.Errorf("%s: %d, %d bytes", path, res.StatusCode, len(body))
		}
	}
	res, body = call(t, h, "POST", "/api/tickets/"+id+"/suggest", "desk", `{}`)
	if res.StatusCode != 200 || !strings.Contains(body, "KE0042") {
		t.Errorf("suggest: %d %s", res.StatusCode, body)
	}
	call(t, h, "POST", "/api/tickets/"+id+"/close", "desk", `{"closure":"false_alarm"}`)
	_, body = call(t, h, "GET", "/api/tickets/"+id, "", "")
	if !strings.Contains(body, `"commands": []`) {
		t.Error("a closed ticket's commands are not an empty list")
	}
	res, body = call(t, h, "POST", "/api/tickets/"+id+"/reopen", "desk", `{}`)
	p := problemOf(t, res, body, 409)
	if p.Allowed == nil || len(p.Allowed) != 0 {
		t.Errorf("a transition refused in a final status: allowed %v, want an empty list", p.Allowed)
	}
}

// A clock reads as a person says it: working hours, not days.
func TestClockText(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0m", 35 * time.Minute: "35m", 2 * time.Hour: "2h", 47*time.Hour + 45*time.Minute: "47h45m", -90 * time.Second: "-2m"} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
	for _, c := range []struct {
		s    sla.Status
		want string
	}{
		{sla.Status{State: sla.NotStarted}, "not started"},
		{sla.Status{State: sla.Running, Remaining: 80 * time.Minute}, "1h20m left"},
		{sla.Status{State: sla.Breached, Remaining: -35 * time.Minute}, "overdue 35m"},
		{sla.Status{State: sla.Paused, PausedBy: "pending", Remaining: time.Hour}, "paused (pending), 1h left"},
		{sla.Status{State: sla.Breached, PausedBy: "pending", Remaining: -time.Hour}, "paused (pending), overdue 1h"},
		{sla.Status{State: sla.Met, Stopped: bj(10, 0)}, "met"},
		{sla.Status{State: sla.Breached, Stopped: bj(10, 0), Remaining: -20 * time.Minute}, "missed by 20m"},
	} {
		if got := clockText(c.s); got != c.want {
			t.Errorf("clockText(%+v) = %q, want %q", c.s, got, c.want)
		}
	}
}
