package incident_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// replayed checks that Replay of a ticket's stored log gives its stored
// fields back (the derived ones and Version aside).
func replayed(t *testing.T, d *incident.Desk, id codes.ID) *incident.Ticket {
	t.Helper()
	got, log, err := d.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := incident.Replay(id, log)
	if err != nil {
		t.Fatal(err)
	}
	r.Version, r.PlannedResponse, r.ActualResponse, r.RespondedOnTime = got.Version, got.PlannedResponse, got.ActualResponse, got.RespondedOnTime
	r.PlannedResolution, r.ActualResolution, r.ResolvedOnTime, r.NextDue, r.Closed = got.PlannedResolution, got.ActualResolution, got.ResolvedOnTime, got.NextDue, got.Closed
	if diff := cmp.Diff(got, r); diff != "" {
		t.Errorf("Replay of the log differs from the stored ticket (-stored +replayed):\n%s", diff)
	}
	return got
}

func TestTaskWorkflow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var mu sync.Mutex
	var closings []incident.TaskClosing
	d, clk := newDesk(t, incident.Config{OnCommit: []func(context.Context, incident.Commit){func(_ context.Context, c incident.Commit) {
		mu.Lock()
		closings = append(closings, incident.TaskClosings(c)...)
		mu.Unlock()
	}}})
	tk, err := d.Register(ctx, p3("desk"))
	if err != nil {
		t.Fatal(err)
	}
	id := tk.ID
	d.Assign(ctx, id, incident.Assignment{Action: incident.Action{Actor: "desk"}, Group: "network", Assignee: "wang", Tier: codes.TierL1})
	d.Start(ctx, id, incident.Action{Actor: "wang"})
	clk.Set(bj(9, 10))
	tk, no, err := d.AddTask(ctx, id, incident.TaskSpec{Action: incident.Action{Actor: "wang"}, Summary: "Replace the switch port",
		Content: "Move the uplink to port 24", Type: "hardware.network.switch", Group: "field", OnSite: true, RespondWithin: sla.Duration(time.Hour),
		ConfigItems: []string{"sw-3f-01"}, Attachments: []string{"photo.jpg"}, Links: []incident.Link{{To: id, Kind: "related"}}})
	if err != nil {
		t.Fatal(err)
	}
	if no != 1 || incident.TaskRef(id, no) != id.String()+"-T01" {
		t.Fatalf("task %d, ref %s", no, incident.TaskRef(id, no))
	}
	want := incident.Task{No: 1, Status: incident.TaskOpen, Type: "hardware.network.switch", Summary: "Replace the switch port",
		Content: "Move the uplink to port 24", OnSite: true, Group: "field", Created: bj(9, 10), RespondBy: bj(10, 10),
		Attachments: []string{"photo.jpg"}, ConfigItems: []string{"sw-3f-01"}, Links: []incident.Link{{To: id, Kind: "related"}}}
	if diff := cmp.Diff(want, tk.Tasks[0]); diff != "" {
		t.Errorf("added task (-want +got):\n%s", diff)
	}

	// Resolving a task is not closing it: the parent stays unresolvable.
	clk.Set(bj(9, 40))
	if _, err := d.StartTask(ctx, id, 1, incident.Action{Actor: "zhao"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.StartTask(ctx, id, 1, incident.Action{Actor: "zhao"}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("StartTask of a task in progress: %v, want ErrInvalidCommand", err)
	}
	clk.Set(bj(10, 0))
	if _, err := d.ResolveTask(ctx, id, 1, incident.TaskResult{Action: incident.Action{Actor: "zhao"}, Result: "port moved", Closure: codes.ClosureSuccess}); err != nil {
		t.Fatal(err)
	}
	res := incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "uplink moved", Closure: codes.ClosureL1}
	if _, err := d.Resolve(ctx, id, res); !errors.Is(err, incident.ErrGuard) {
		t.Errorf("Resolve with a resolved, unclosed task: %v, want ErrGuard", err)
	}
	if len(closings) != 0 {
		t.Errorf("closings before any task closed: %v", closings)
	}
	clk.Set(bj(10, 5))
	tk, err = d.CompleteTask(ctx, id, 1, incident.TaskResult{Action: incident.Action{Actor: "wang"}}) // keeps the closure code
	if err != nil {
		t.Fatal(err)
	}
	got := tk.Tasks[0]
	if got.State() != incident.TaskClosed || got.Assignee != "zhao" || got.Result != "port moved" || got.Closure != codes.ClosureSuccess ||
		!got.TakenUp.Equal(bj(9, 40)) || !got.Resolved.Equal(bj(10, 0)) || !got.Completed.Equal(bj(10, 5)) {
		t.Errorf("closed task: %+v", got)
	}
	if len(closings) != 1 || closings[0].Ref != id.String()+"-T01" || closings[0].Handler != "wang" || closings[0].Task.Result != "port moved" {
		t.Errorf("closings: %+v, want one of T01 told to wang", closings)
	}
	if _, err := d.Resolve(ctx, id, res); err != nil {
		t.Errorf("Resolve with every task closed: %v", err)
	}
	replayed(t, d, id)
}

func TestTaskBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, _ := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	act := incident.Action{Actor: "wang"}
	missing, _ := codes.ParseID("IM251117999999")
	if _, _, err := d.AddTask(ctx, missing, incident.TaskSpec{Action: act, Summary: "x"}); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("a task of a missing parent: %v, want ErrNotFound", err)
	}
	for name, s := range map[string]incident.TaskSpec{
		"unknown type":   {Action: act, Summary: "x", Type: "no.such"},
		"unknown system": {Action: act, Summary: "x", System: "nope"},
		"negative clock": {Action: act, Summary: "x", RespondWithin: sla.Duration(-time.Minute)},
		"bad link kind":  {Action: act, Summary: "x", Links: []incident.Link{{To: tk.ID, Kind: "a b"}}},
		"NUL content":    {Action: act, Summary: "x", Content: "a\x00"},
	} {
		if _, _, err := d.AddTask(ctx, tk.ID, s); !errors.Is(err, incident.ErrInvalidCommand) {
			t.Errorf("%s: %v, want ErrInvalidCommand", name, err)
		}
	}
	for name, err := range map[string]error{
		"start missing": func() error { _, err := d.StartTask(ctx, tk.ID, 1, act); return err }(),
		"resolve missing": func() error {
			_, err := d.ResolveTask(ctx, tk.ID, 3, incident.TaskResult{Action: act, Closure: codes.ClosureSuccess})
			return err
		}(),
		"complete no code": func() error {
			if _, _, err := d.AddTask(ctx, tk.ID, incident.TaskSpec{Action: act, Summary: "x"}); err != nil {
				return err
			}
			_, err := d.CompleteTask(ctx, tk.ID, 1, incident.TaskResult{Action: act})
			return err
		}(),
	} {
		if !errors.Is(err, incident.ErrInvalidCommand) {
			t.Errorf("%s: %v, want ErrInvalidCommand", name, err)
		}
	}
	after, log, _ := d.Get(ctx, tk.ID)
	if len(log) != 2 || len(after.Tasks) != 1 {
		t.Errorf("after the refusals: %d entries, %d tasks; want the register and one add", len(log), len(after.Tasks))
	}
}

func TestFacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, clk := newDesk(t, incident.Config{})
	r := p3("desk")
	r.Facts = incident.Facts{OccurredAt: bj(8, 30), Reporter: incident.Reporter{Name: "刘洋", Phone: "010-5555", Email: "liu@example.com", Department: "交易部"},
		Location: "3F east", Symptom: "orders time out", ErrorCode: "ORA-12170"}
	tk, err := d.Register(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if !tk.OccurredAt.Equal(bj(8, 30)) || tk.Reporter != r.Reporter || tk.Location != "3F east" || tk.Symptom != "orders time out" || tk.ErrorCode != "ORA-12170" {
		t.Errorf("registered facts: %+v", tk)
	}
	act := incident.Action{Actor: "desk"}
	tk, _ = d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"})
	tk, _ = d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	clk.Set(bj(10, 0))
	tk, err = d.Resolve(ctx, tk.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "restarted listener", Closure: codes.ClosureSuccess,
		Findings: incident.Findings{RootCause: "listener crashed", RootCauseCategory: "software.system.database", VendorAtFault: "Oracle", TimeSpent: sla.Duration(45 * time.Minute)}})
	if err != nil {
		t.Fatal(err)
	}
	if tk.RootCause != "listener crashed" || tk.RootCauseCategory != "software.system.database" || tk.VendorAtFault != "Oracle" || !tk.Vendor ||
		tk.TimeSpent != sla.Duration(45*time.Minute) {
		t.Errorf("findings: %+v", tk)
	}
	tk, err = d.Confirm(ctx, tk.ID, incident.Confirmation{Action: act, Satisfaction: codes.SatisfactionVeryGood, Feedback: "快,谢谢"})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Feedback != "快,谢谢" || !tk.Closed.Equal(bj(10, 0)) {
		t.Errorf("feedback %q, closed %v", tk.Feedback, tk.Closed)
	}
	got := replayed(t, d, tk.ID)

	// The JSON form keeps them.
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var back incident.Ticket
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, &back); diff != "" {
		t.Errorf("JSON round trip (-before +after):\n%s", diff)
	}
	var raw map[string]any
	_ = json.Unmarshal(b, &raw)
	if raw["time_spent"] != "45m0s" || raw["reporter"].(map[string]any)["email"] != "liu@example.com" {
		t.Errorf("JSON: time_spent %v, reporter %v", raw["time_spent"], raw["reporter"])
	}
}

func TestFactsBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, _ := newDesk(t, incident.Config{})
	bad := map[string]incident.Registration{}
	r := p3("desk")
	r.OccurredAt = bj(9, 1) // the clock says 9:00
	bad["occurred after registration"] = r
	r = p3("desk")
	r.Reporter.Email = "not an address"
	bad["e-mail"] = r
	r = p3("desk")
	r.ErrorCode = string(make([]byte, incident.MaxNameLen+1))
	bad["long error code"] = r
	for name, r := range bad {
		if _, err := d.Register(ctx, r); !errors.Is(err, incident.ErrInvalidCommand) {
			t.Errorf("%s: %v, want ErrInvalidCommand", name, err)
		}
	}
	tk, _ := d.Register(ctx, p3("desk"))
	for name, u := range map[string]incident.Update{
		"unknown root cause": {Action: incident.Action{Actor: "desk"}, Findings: incident.Findings{RootCauseCategory: "no.such"}},
		"negative time":      {Action: incident.Action{Actor: "desk"}, Findings: incident.Findings{TimeSpent: sla.Duration(-time.Second)}},
		"occurred after":     {Action: incident.Action{Actor: "desk"}, Facts: incident.Facts{OccurredAt: bj(9, 0).Add(time.Second)}},
	} {
		if _, err := d.Update(ctx, tk.ID, u); !errors.Is(err, incident.ErrInvalidCommand) {
			t.Errorf("%s: %v, want ErrInvalidCommand", name, err)
		}
	}
	if _, log, _ := d.Get(ctx, tk.ID); len(log) != 1 {
		t.Errorf("%d entries after refused updates, want 1", len(log))
	}
	u, err := d.Update(ctx, tk.ID, incident.Update{Action: incident.Action{Actor: "desk"}, Facts: incident.Facts{OccurredAt: bj(7, 0), Location: "lobby"}})
	if err != nil || !u.OccurredAt.Equal(bj(7, 0)) || u.Location != "lobby" {
		t.Errorf("Update of facts: %v, %+v", err, u)
	}
}

// flaky is a Knowledge that fails while down is set.
type flaky struct {
	*incident.MemoryKnowledge
	mu   sync.Mutex
	down bool
	keys []string
}

func (f *flaky) set(down bool) { f.mu.Lock(); f.down = down; f.mu.Unlock() }

func (f *flaky) Suggest(ctx context.Context, q incident.KnowledgeQuery) ([]incident.Suggestion, error) {
	f.mu.Lock()
	down := f.down
	f.mu.Unlock()
	if down {
		return nil, errors.New("knowledge base unreachable")
	}
	return f.MemoryKnowledge.Suggest(ctx, q)
}

func (f *flaky) Submit(ctx context.Context, c incident.Contribution) (string, error) {
	f.mu.Lock()
	f.keys = append(f.keys, c.Key)
	down := f.down
	f.mu.Unlock()
	if down {
		return "", errors.New("knowledge base unreachable")
	}
	return f.MemoryKnowledge.Submit(ctx, c)
}

func TestKnowledge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	kb := &flaky{MemoryKnowledge: incident.NewMemoryKnowledge(
		incident.KnowledgeItem{Kind: incident.KnownError, Ref: "KE0007", Title: "Mail queue stuck after patch", Category: "software", Keywords: []string{"mail"}},
		incident.KnowledgeItem{Kind: incident.Article, Ref: "KB0100", Title: "Printer jams", Category: "hardware"},
	)}
	d, clk := newDesk(t, incident.Config{Knowledge: kb})
	r := p3("desk")
	r.Summary, r.Category = "Office mail slow", "software.application"
	tk, err := d.Register(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	want := []incident.Suggestion{{Kind: incident.KnownError, Ref: "KE0007", Title: "Mail queue stuck after patch"}}
	if diff := cmp.Diff(want, tk.Suggestions); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
	replayed(t, d, tk.ID)

	// A knowledge base that is down costs the registration its
	// suggestions, not the ticket; Suggest asks again.
	kb.set(true)
	tk2, err := d.Register(ctx, r)
	if err != nil || len(tk2.Suggestions) != 0 {
		t.Fatalf("registration with the knowledge base down: %v, %v", err, tk2)
	}
	if _, err := d.Suggest(ctx, tk2.ID, incident.Action{Actor: "desk"}); !errors.Is(err, incident.ErrKnowledge) {
		t.Errorf("Suggest while down: %v, want ErrKnowledge", err)
	}
	kb.set(false)
	if tk2, err = d.Suggest(ctx, tk2.ID, incident.Action{Actor: "desk"}); err != nil || len(tk2.Suggestions) != 1 {
		t.Errorf("Suggest: %v, %v", err, tk2.Suggestions)
	}

	// The offer at resolution: the knowledge base down, the resolution
	// stands and the offer is pending; OfferKnowledge files it under the
	// same key, once.
	act := incident.Action{Actor: "desk"}
	d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"})
	d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	clk.Set(bj(9, 30))
	kb.set(true)
	res, err := d.Resolve(ctx, tk.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "flushed the queue", Closure: codes.ClosureSuccess,
		KnowledgeUsed: "KE0007", ToKnowledge: true})
	var ke *incident.KnowledgeError
	if !errors.As(err, &ke) || ke.Ticket != tk.ID {
		t.Fatalf("Resolve with the knowledge base down: %v, want a *KnowledgeError", err)
	}
	if res == nil || res.Status != codes.StatusResolved || res.KnowledgeOffer != incident.KnowledgePending || res.KnowledgeUsed != "KE0007" {
		t.Fatalf("the resolution must stand with the offer pending: %+v", res)
	}
	kb.set(false)
	clk.Set(bj(9, 35))
	res, err = d.OfferKnowledge(ctx, tk.ID, act)
	if err != nil || res.KnowledgeOffer != incident.KnowledgeOffered || res.KnowledgeRef != "KB000001" {
		t.Fatalf("OfferKnowledge: %v, %+v", err, res)
	}
	if again, err := d.OfferKnowledge(ctx, tk.ID, act); err != nil || again.Version != res.Version {
		t.Errorf("OfferKnowledge of a filed offer wrote: %v, version %d → %d", err, res.Version, again.Version)
	}
	if len(kb.keys) != 2 || kb.keys[0] != kb.keys[1] || kb.keys[0] == "" {
		t.Errorf("Submit keys %q: want the same key twice (the failure, the retry)", kb.keys)
	}
	if n := len(kb.Items()); n != 3 {
		t.Errorf("%d items, want the two and the filed solution", n)
	}
	replayed(t, d, tk.ID)

	// Without a knowledge base the offer is refused.
	plain, _ := newDesk(t, incident.Config{})
	pt, _ := plain.Register(ctx, p3("desk"))
	if _, err := plain.Resolve(ctx, pt.ID, incident.Resolution{Action: act, Solution: "x", Closure: codes.ClosureSuccess, ToKnowledge: true}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("ToKnowledge without a knowledge base: %v", err)
	}
}

func TestMemoryKnowledgeSubmitIdempotent(t *testing.T) {
	t.Parallel()
	kb := incident.NewMemoryKnowledge()
	a, _ := kb.Submit(context.Background(), incident.Contribution{Key: "k1", Summary: "a"})
	b, _ := kb.Submit(context.Background(), incident.Contribution{Key: "k1", Summary: "a"})
	c, _ := kb.Submit(context.Background(), incident.Contribution{Key: "k2", Summary: "c"})
	if a != b || a == c || len(kb.Items()) != 2 {
		t.Errorf("refs %s %s %s, %d items", a, b, c, len(kb.Items()))
	}
}

func TestRaiseProblem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, clk := newDesk(t, incident.Config{})
	tk, _ := d.Register(ctx, p3("desk"))
	clk.Set(bj(11, 0))
	inc, pm, err := d.RaiseProblem(ctx, tk.ID, incident.ProblemSpec{Action: incident.Action{Actor: "wang"}, Reason: "recurs weekly"})
	if err != nil {
		t.Fatal(err)
	}
	if pm.ID.String() != "PM251117000001" || pm.ID.Kind() != codes.KindProblem {
		t.Errorf("problem id %s, want PM251117000001", pm.ID)
	}
	if inc.Problem != pm.ID || pm.Incident != inc.ID || len(inc.Links) != 1 || inc.Links[0] != (incident.Link{To: pm.ID, Kind: incident.LinkProblem}) ||
		len(pm.Links) != 1 || pm.Links[0] != (incident.Link{To: inc.ID, Kind: incident.LinkIncident}) {
		t.Errorf("links: incident %+v %v, problem %+v %v", inc.Problem, inc.Links, pm.Incident, pm.Links)
	}
	if pm.Summary != tk.Summary || pm.Registrar != "wang" || pm.Status != codes.StatusRegistered {
		t.Errorf("problem record: %+v", pm)
	}
	replayed(t, d, inc.ID)
	replayed(t, d, pm.ID)

	_, _, err = d.RaiseProblem(ctx, tk.ID, incident.ProblemSpec{Action: incident.Action{Actor: "wang"}})
	var pe *incident.ProblemExistsError
	if !errors.As(err, &pe) || !errors.Is(err, incident.ErrProblemExists) || pe.Problem != pm.ID {
		t.Errorf("second RaiseProblem: %v, want a *ProblemExistsError naming %s", err, pm.ID)
	}
	// Nothing written, and the next problem takes number 2.
	if after, _, _ := d.Get(ctx, tk.ID); after.Version != inc.Version {
		t.Errorf("the refused raise wrote: version %d → %d", inc.Version, after.Version)
	}
	t2, _ := d.Register(ctx, p3("desk"))
	_, pm2, err := d.RaiseProblem(ctx, t2.ID, incident.ProblemSpec{Action: incident.Action{Actor: "wang"}})
	if err != nil || pm2.ID.String() != "PM251117000002" {
		t.Errorf("next problem: %v, %v", err, pm2)
	}
	if _, _, err := d.RaiseProblem(ctx, pm2.ID, incident.ProblemSpec{Action: incident.Action{Actor: "wang"}}); !errors.Is(err, incident.ErrInvalidCommand) {
		t.Errorf("a problem of a problem: %v", err)
	}
}

func TestProblemForMajor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, clk := newDesk(t, incident.Config{ProblemForMajor: true})
	act := incident.Action{Actor: "desk"}
	for _, p := range []codes.Priority{codes.P2, codes.P3} {
		r := p3("desk")
		r.Priority = p
		tk, _ := d.Register(ctx, r)
		d.Assign(ctx, tk.ID, incident.Assignment{Action: act, Assignee: "wang"})
		d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
		clk.Set(clk.Now().Add(time.Minute))
		res, err := d.Resolve(ctx, tk.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "x", Closure: codes.ClosureSuccess})
		if err != nil {
			t.Fatal(err)
		}
		if raised := !res.Problem.IsZero(); raised != p.Major() {
			t.Errorf("%v: problem raised %v, want %v", p, raised, p.Major())
		}
		if p.Major() {
			_, plog, err := d.Get(ctx, res.Problem)
			if err != nil || plog[0].Actor != "system" {
				t.Errorf("problem record of the rule: %v, %+v", err, plog)
			}
		}
	}
}

// noWrites is a Store whose Write fails once armed: Register (before
// arming) and Save work.
type noWrites struct {
	incident.Store
	mu    sync.Mutex
	armed bool
}

func (s *noWrites) Write(ctx context.Context, fn func(tx incident.Tx) error) error {
	s.mu.Lock()
	armed := s.armed
	s.mu.Unlock()
	if armed {
		return errors.New("disk full")
	}
	return s.Store.Write(ctx, fn)
}

// TestProblemForMajorFollowUpFails: the resolution of a major incident
// stands when its problem cannot be raised; the error says so, and
// RaiseProblem raises it later.
func TestProblemForMajorFollowUpFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := &noWrites{Store: memstore.New()}
	d, clk := newDesk(t, incident.Config{Store: store, ProblemForMajor: true})
	r := p3("desk")
	r.Priority = codes.P1
	tk, _ := d.Register(ctx, r)
	d.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"})
	d.Start(ctx, tk.ID, incident.Action{Actor: "wang"})
	clk.Set(bj(9, 30))
	store.mu.Lock()
	store.armed = true
	store.mu.Unlock()
	res, err := d.Resolve(ctx, tk.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "x", Closure: codes.ClosureSuccess})
	var fe *incident.FollowUpError
	if !errors.As(err, &fe) || fe.FollowUp != incident.CmdRaiseProblem || !errors.Is(err, incident.ErrFollowUp) {
		t.Fatalf("Resolve: %v, want a *FollowUpError of raise problem", err)
	}
	if res == nil || res.Status != codes.StatusResolved || !res.Problem.IsZero() {
		t.Fatalf("the resolution must stand without a problem: %+v", res)
	}
	if got, _, _ := d.Get(ctx, tk.ID); got.Status != codes.StatusResolved {
		t.Errorf("stored status %s, want resolved", got.Status)
	}
	store.mu.Lock()
	store.armed = false
	store.mu.Unlock()
	if inc, _, err := d.RaiseProblem(ctx, tk.ID, incident.ProblemSpec{Action: incident.Action{Actor: "wang"}}); err != nil || inc.Problem.IsZero() {
		t.Errorf("RaiseProblem later: %v", err)
	}
}
