package escalation_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/kpi"
	"github.com/itsmkit/itsm/incident/memstore"
)

// heard records what a Notifier is given: "rule → recipients".
type heard struct {
	mu  sync.Mutex
	got []string
	ns  []escalation.Notification
}

func (h *heard) Notify(_ context.Context, n escalation.Notification) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, fmt.Sprintf("%s → %v", n.Rule, n.Recipients))
	h.ns = append(h.ns, n)
	return nil
}

func (h *heard) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.got
	h.got = nil
	return out
}

// only keeps the lines of the rules named.
func only(lines []string, rules ...string) []string {
	var out []string
	for _, l := range lines {
		for _, r := range rules {
			if len(l) > len(r) && l[:len(r)+1] == r+" " {
				out = append(out, l)
			}
		}
	}
	return out
}

// engineWorld is a world running DefaultConfig with an engine that tells h.
func engineWorld(t *testing.T, dir escalation.Directory) (*world, *escalation.Engine, *heard) {
	t.Helper()
	w := newWorld(t, incident.Config{}, compile(t, escalation.DefaultConfig()))
	h := &heard{}
	e, err := escalation.NewEngine(w.desk, escalation.EngineConfig{Notifier: h, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	return w, e, h
}

// Seed 000 §4.2(1), seed 002 §3, seed 003 §5.7 (适时与客户沟通事件处理进展) and
// seed 001 4.5.2 (当天未能解决的事件,应在当天下班前半小时告知客户): the
// requester hears the id at registration, the progress every 4 working
// hours, the state half an hour before close of business each working day
// the ticket is open, and is asked to confirm at resolution.
func TestRequesterNotices(t *testing.T) {
	t.Parallel()
	w, e, h := engineWorld(t, escalation.StaticDirectory{})
	id := w.register(bj(17, 10, 0), codes.P5) // Monday 10:00; requester li.lei
	w.tick(e, bj(17, 10, 0))
	if got := only(h.take(), "requester.registered"); !slices.Equal(got, []string{"requester.registered → [li.lei]"}) {
		t.Errorf("at registration: %v", got)
	}
	w.assign(bj(17, 10, 5), id, codes.TierL1)
	w.start(bj(17, 10, 10), id)
	// 4 working hours from 10:00 on 09:00–12:00, 13:30–18:00: 15:30.
	w.tick(e, bj(17, 15, 29))
	if got := only(h.take(), "requester.progress"); len(got) != 0 {
		t.Errorf("progress before 4 working hours: %v", got)
	}
	w.tick(e, bj(17, 15, 30))
	if got := only(h.take(), "requester.progress"); !slices.Equal(got, []string{"requester.progress → [li.lei]"}) {
		t.Errorf("progress at 15:30: %v", got)
	}
	// Close of business 18:00: the notice at 17:30.
	w.tick(e, bj(17, 17, 29))
	if got := only(h.take(), "requester.end_of_day"); len(got) != 0 {
		t.Errorf("end of day before 17:30: %v", got)
	}
	w.tick(e, bj(17, 17, 30))
	if got := only(h.take(), "requester.end_of_day"); !slices.Equal(got, []string{"requester.end_of_day → [li.lei]"}) {
		t.Errorf("end of day at 17:30: %v", got)
	}
	// The next progress notice: 4 more working hours from 15:30 → Tuesday 11:30.
	w.tick(e, bj(18, 11, 30))
	if got := only(h.take(), "requester.progress"); !slices.Equal(got, []string{"requester.progress → [li.lei]"}) {
		t.Errorf("progress on Tuesday 11:30: %v", got)
	}
	w.do(bj(18, 11, 40), func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Resolve(ctx, id, incident.Resolution{Action: a, Solution: "cleared the queue", Closure: codes.ClosureL1})
	})
	w.tick(e, bj(18, 11, 40))
	if got := only(h.take(), "requester.resolved"); !slices.Equal(got, []string{"requester.resolved → [li.lei]"}) {
		t.Errorf("at resolution: %v", got)
	}
	// Resolved: no more progress or end-of-day notices.
	w.tick(e, bj(18, 17, 30))
	w.tick(e, bj(19, 17, 30))
	if got := only(h.take(), "requester.progress", "requester.end_of_day"); len(got) != 0 {
		t.Errorf("notices after resolution: %v", got)
	}
}

// Seed 000 §6.7 (超出和即将超出时限的通告: about to breach and breached) and seed
// 003 §5.9 (超出规定的响应或者解决时限之后,需要立即升级): at 80% of a goal the
// post owner and technical lead hear; at the breach itself the incident
// manager, at once. A P2's resolution goal is 30 minutes: its breach is told
// at 30 minutes, not at the 1-hour notification path.
func TestStageAndBreachNotices(t *testing.T) {
	t.Parallel()
	dir := escalation.StaticDirectory{
		escalation.RoleIncidentManager: {"zhao"}, escalation.RoleTechnicalLead: {"qian"},
		escalation.RolePostOwner: {"sun"}, escalation.RoleCentreLeadership: {"li"},
	}
	w, e, h := engineWorld(t, dir)
	id := w.register(bj(17, 10, 0), codes.P2)
	w.assign(bj(17, 10, 0), id, codes.TierL1)
	w.start(bj(17, 10, 2), id) // responded in 2 minutes: no response stage
	rules := []string{"stage.response", "stage.resolution", "breach.resolution.p1p2", "breach.resolution", "breach.response.p1p2", "breach.response"}
	w.tick(e, bj(17, 10, 25)) // 23 of 30 minutes: not yet 80%
	if got := only(h.take(), rules...); len(got) != 0 {
		t.Errorf("before 80%%: %v", got)
	}
	w.tick(e, bj(17, 10, 26)) // 24 minutes: 80%
	if got := only(h.take(), rules...); !slices.Equal(got, []string{"stage.resolution → [sun qian]"}) {
		t.Errorf("at 80%%: %v", got)
	}
	w.tick(e, bj(17, 10, 32)) // 30 minutes: breached
	if got := only(h.take(), rules...); !slices.Equal(got, []string{"breach.resolution.p1p2 → [zhao li]"}) {
		t.Errorf("at the breach: %v", got)
	}

	// A P4 breaches its response goal (2 working hours) unassisted: the
	// incident manager alone.
	id4 := w.register(bj(18, 9, 0), codes.P4)
	w.assign(bj(18, 9, 0), id4, codes.TierL1)
	w.tick(e, bj(18, 11, 1))
	if got := only(h.take(), rules...); !slices.Equal(got, []string{"stage.response → [sun qian]", "breach.response → [zhao]"}) {
		t.Errorf("P4 response breach: %v", got)
	}
}

// Seed 000 100.3.5.3.3 (任务单关闭后,系统自动发送通知给主单处理人): closing a task
// tells the ticket's handler, through the Notifier.
func TestTaskDoneNotice(t *testing.T) {
	t.Parallel()
	w, e, h := engineWorld(t, escalation.StaticDirectory{})
	id := w.register(bj(17, 10, 0), codes.P4)
	w.assign(bj(17, 10, 0), id, codes.TierL1) // assignee wang
	var no int
	w.do(bj(17, 10, 5), func(a incident.Action) (*incident.Ticket, error) {
		t, n, err := w.desk.AddTask(ctx, id, incident.TaskSpec{Action: a, Summary: "replace the disk", Assignee: "chen"})
		no = n
		return t, err
	})
	w.tick(e, bj(17, 10, 6))
	if got := only(h.take(), "task.done"); len(got) != 0 {
		t.Errorf("before the task is done: %v", got)
	}
	w.do(bj(17, 11, 0), func(a incident.Action) (*incident.Ticket, error) {
		a.Actor = "chen"
		return w.desk.CompleteTask(ctx, id, no, incident.TaskResult{Action: a, Result: "replaced", Closure: codes.ClosureL2})
	})
	w.tick(e, bj(17, 11, 0))
	if got := only(h.take(), "task.done"); !slices.Equal(got, []string{"task.done → [wang]"}) {
		t.Errorf("task done: %v", got)
	}
	w.tick(e, bj(17, 11, 30))
	if got := only(h.take(), "task.done"); len(got) != 0 {
		t.Errorf("told twice: %v", got)
	}
}

// Seed 000 100.8.3 (升级到管理层: the incident manager brings the incident to
// management) and seed 001 程序 1.3 (manual vertical escalation): the
// management roles of the ladder for the ticket's priority hear now, with
// the reason, once per key.
func TestManagementEscalation(t *testing.T) {
	t.Parallel()
	dir := escalation.StaticDirectory{escalation.RoleServiceManager: {"feng"}, escalation.RoleServiceDirector: {"chu"}, escalation.RoleExecutives: {"wei"}}
	w, e, h := engineWorld(t, dir)
	id := w.register(bj(17, 10, 0), codes.P2)
	w.clk.Set(bj(17, 10, 20))
	n, err := e.EscalateToManagement(ctx, id, escalation.ManagementEscalation{Action: incident.Action{Actor: "zhao"}, Key: "vendor-silent", Reason: "the vendor does not answer"})
	if err != nil {
		t.Fatal(err)
	}
	if n.Rule != escalation.ManagementRule || !slices.Equal(n.Recipients, []string{"feng", "chu"}) || n.Text != "escalation to management: the vendor does not answer; notify service_manager, service_director" {
		t.Errorf("notification %+v", n)
	}
	if got := h.take(); !slices.Equal(got, []string{"management → [feng chu]"}) {
		t.Errorf("delivered %v", got)
	}
	// The key indicators count it as an escalation to management.
	rep, err := kpi.Compute(ctx, w.store, kpi.Options{From: bj(17, 0, 0), To: bj(18, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Management.Count != 1 {
		t.Errorf("kpi counts %d escalations to management, want 1", rep.Total.Management.Count)
	}
	again, err := e.EscalateToManagement(ctx, id, escalation.ManagementEscalation{Action: incident.Action{Actor: "zhao"}, Key: "vendor-silent", Reason: "still nothing"})
	if err != nil || again.Key != "" {
		t.Errorf("the same key again: %+v, %v", again, err)
	}
	w.tick(e, bj(17, 10, 30))
	if got := only(h.take(), "management"); len(got) != 0 {
		t.Errorf("delivered again by a tick: %v", got)
	}
	_, log, _ := w.desk.Get(ctx, id)
	var keys []string
	for _, en := range log {
		if en.Type == escalation.EntryFiring || en.Type == escalation.EntryDelivered {
			if en.Key == "esc/"+id.String()+"/management/vendor-silent" || en.Key == "esc/"+id.String()+"/management/vendor-silent/delivered" {
				keys = append(keys, en.Actor+" "+string(en.Type))
			}
		}
	}
	if diff := cmp.Diff([]string{"zhao escalation", "escalation escalation.delivered"}, keys); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
	for _, bad := range []escalation.ManagementEscalation{
		{Action: incident.Action{Actor: "zhao"}, Reason: "no key"},
		{Action: incident.Action{Actor: "zhao"}, Key: "a/b", Reason: "slash"},
		{Action: incident.Action{Actor: "zhao"}, Key: "k"},
		{Key: "k", Reason: "nobody"},
	} {
		if _, err := e.EscalateToManagement(ctx, id, bad); !errors.Is(err, escalation.ErrInvalidEscalation) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	_, after, _ := w.desk.Get(ctx, id)
	if len(after) != len(log) {
		t.Errorf("bad escalations wrote %d entries", len(after)-len(log))
	}
}

// A failed delivery is on the ledger: the engine's ticks deliver it later,
// like any firing.
func TestManagementEscalationRedelivered(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, compile(t, escalation.DefaultConfig()))
	fail := true
	h := &heard{}
	n := escalation.NotifierFunc(func(ctx context.Context, x escalation.Notification) error {
		if fail && x.Rule == escalation.ManagementRule {
			return errors.New("mail down")
		}
		return h.Notify(ctx, x)
	})
	e, err := escalation.NewEngine(w.desk, escalation.EngineConfig{Notifier: n})
	if err != nil {
		t.Fatal(err)
	}
	id := w.register(bj(17, 10, 0), codes.P1)
	w.clk.Set(bj(17, 10, 1))
	if _, err := e.EscalateToManagement(ctx, id, escalation.ManagementEscalation{Action: incident.Action{Actor: "zhao"}, Key: "k1", Reason: "r"}); err == nil {
		t.Fatal("the Notifier's failure was not returned")
	}
	fail = false
	w.tick(e, bj(17, 10, 3)) // past RedeliverAfter (1 minute)
	got := only(h.take(), "management")
	if !slices.Equal(got, []string{"management → [service_manager service_director executives]"}) {
		t.Errorf("redelivered: %v", got)
	}
}

// The requester hears of the ticket's id at registration, and is asked to
// confirm at resolution; the Notifier writes the words.
func ExampleRequesterRules() {
	ctx := context.Background()
	bj, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, bj)
	desk, _ := incident.NewDesk(incident.Config{Store: memstore.New(), Now: func() time.Time { return now }, Location: bj,
		Escalation: escalation.Config{Rules: escalation.RequesterRules(4 * time.Hour)}})
	say := escalation.NotifierFunc(func(_ context.Context, n escalation.Notification) error {
		switch n.Rule {
		case "requester.registered":
			fmt.Printf("to %v: your ticket is %s\n", n.Recipients, n.Ticket.ID)
		case "requester.resolved":
			fmt.Printf("to %v: %s is resolved (%s); please confirm\n", n.Recipients, n.Ticket.ID, n.Ticket.Solution)
		default:
			fmt.Printf("to %v: %s is %s\n", n.Recipients, n.Ticket.ID, n.Ticket.Status)
		}
		return nil
	})
	engine, _ := escalation.NewEngine(desk, escalation.EngineConfig{Notifier: say})
	t, _ := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "mail slow", Requester: "li.lei", Priority: codes.P4})
	engine.Tick(ctx)
	now = now.Add(10 * time.Minute)
	desk.Assign(ctx, t.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"})
	desk.Start(ctx, t.ID, incident.Action{Actor: "wang"})
	now = now.Add(4 * time.Hour) // 13:10 → 4 working hours since 09:00 fall at 14:30
	desk.Resolve(ctx, t.ID, incident.Resolution{Action: incident.Action{Actor: "wang"}, Solution: "mailbox moved", Closure: codes.ClosureL1})
	engine.Tick(ctx)
	// Output:
	// to [li.lei]: your ticket is IM251117000001
	// to [li.lei]: IM251117000001 is resolved (mailbox moved); please confirm
}

// The incident manager escalates to management: the ladder's management
// roles for the priority hear now, with the reason, once per key.
func ExampleEngine_EscalateToManagement() {
	ctx := context.Background()
	bj, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, bj)
	desk, _ := incident.NewDesk(incident.Config{Store: memstore.New(), Now: func() time.Time { return now }, Location: bj,
		Escalation: escalation.DefaultConfig()})
	engine, _ := escalation.NewEngine(desk, escalation.EngineConfig{
		Notifier: escalation.NotifierFunc(func(_ context.Context, n escalation.Notification) error {
			if n.Rule == escalation.ManagementRule {
				fmt.Println(n.Recipients, n.Text)
			}
			return nil
		}),
		Directory: escalation.StaticDirectory{escalation.RoleServiceManager: {"feng"}, escalation.RoleServiceDirector: {"chu"}},
	})
	t, _ := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "settlement late", Priority: codes.P2})
	now = now.Add(40 * time.Minute)
	esc := escalation.ManagementEscalation{Action: incident.Action{Actor: "zhao"}, Key: "more-hands", Reason: "needs a second DBA team"}
	engine.EscalateToManagement(ctx, t.ID, esc)
	n, _ := engine.EscalateToManagement(ctx, t.ID, esc)
	fmt.Println(n.Key == "")
	// Output:
	// [feng chu] escalation to management: needs a second DBA team; notify service_manager, service_director
	// true
}
