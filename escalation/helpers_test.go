package escalation_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

var ctx = context.Background()

// bj is a time in Beijing in November 2025: Monday the 17th is a working
// day, Saturday the 22nd is not.
func bj(day, h, m int) time.Time { return time.Date(2025, 11, day, h, m, 0, 0, shanghai) }

// clock is a settable Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// seedPolicy is the Desk's default policy, the one rules are compiled
// against unless a test says otherwise.
var seedPolicy = func() *sla.Policy {
	p, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
	if err != nil {
		panic(err)
	}
	return p
}()

func compile(t testing.TB, cfg escalation.Config) *escalation.Rules {
	t.Helper()
	r, err := escalation.New(cfg, seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// defaultRules are the escalation paths (EscalationRules), which most tests
// state their expectations on; requester_test.go tests what DefaultConfig
// adds.
func defaultRules(t testing.TB) *escalation.Rules {
	t.Helper()
	return compile(t, pathsConfig())
}

func pathsConfig() escalation.Config {
	return escalation.Config{Name: "default", Done: escalation.DefaultDone(), Rules: escalation.EscalationRules()}
}

// world is a Desk on a memstore with a settable clock, scheduling the rules
// (on their policy, unless cfg gives another).
type world struct {
	t     testing.TB
	store *memstore.Store
	cs    *countingStore // the Desk's store: w.store, its reads counted
	desk  *incident.Desk
	clk   *clock
	rules *escalation.Rules
}

func newWorld(t testing.TB, cfg incident.Config, rules *escalation.Rules) *world {
	t.Helper()
	w := &world{t: t, store: memstore.New(), clk: &clock{t: bj(17, 9, 0)}, rules: rules}
	if rules == nil {
		w.rules = defaultRules(t)
	}
	w.cs = &countingStore{Store: w.store}
	if cfg.Store == nil {
		cfg.Store = w.cs
	}
	cfg.Now = w.clk.Now
	cfg.Location = shanghai
	if cfg.Policy == nil {
		cfg.Policy = w.rules.Policy()
	}
	cfg.Escalation = w.rules
	d, err := incident.NewDesk(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w.desk = d
	w.rules = d.Scheduler().(*escalation.Rules)
	return w
}

func (w *world) register(tm time.Time, p codes.Priority) codes.ID {
	w.t.Helper()
	w.clk.Set(tm)
	tk, err := w.desk.Register(ctx, incident.Registration{
		Action: incident.Action{Actor: "desk"}, Summary: "mail slow", Requester: "li.lei",
		Source: codes.SourcePhone, Priority: p,
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return tk.ID
}

func (w *world) do(tm time.Time, f func(a incident.Action) (*incident.Ticket, error)) {
	w.t.Helper()
	w.clk.Set(tm)
	if _, err := f(incident.Action{Actor: "desk"}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) assign(tm time.Time, id codes.ID, tier codes.Tier) {
	w.t.Helper()
	w.do(tm, func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Assign(ctx, id, incident.Assignment{Action: a, Group: "mail", Assignee: "wang", Tier: tier})
	})
}

func (w *world) reassign(tm time.Time, id codes.ID, who string) {
	w.t.Helper()
	w.do(tm, func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Reassign(ctx, id, incident.Assignment{Action: a, Group: "mail", Assignee: who})
	})
}

func (w *world) start(tm time.Time, id codes.ID) {
	w.t.Helper()
	w.do(tm, func(a incident.Action) (*incident.Ticket, error) { return w.desk.Start(ctx, id, a) })
}

// eval evaluates the rules on the stored ticket at now and returns the keys
// due, without the "esc/<id>/" prefix, and the next instant.
func (w *world) eval(id codes.ID, now time.Time) ([]string, time.Time) {
	w.t.Helper()
	tk, log, err := w.desk.Get(ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	res, err := w.desk.Policy().Evaluate(incident.History(log), now)
	if err != nil {
		w.t.Fatal(err)
	}
	f := w.rules.Facts(id, log)
	due, next := w.rules.Evaluate(tk, &f, &res, now, nil)
	var keys []string
	for i := range due {
		keys = append(keys, strings.TrimPrefix(due[i].Key(id), escalation.KeyPrefix+id.String()+"/"))
		if due[i].At.After(now) {
			w.t.Errorf("%s due at %v, after now %v", keys[len(keys)-1], due[i].At, now)
		}
	}
	return keys, next
}

// fire records the firings of keys (without prefix) as an engine would.
func (w *world) fire(tm time.Time, id codes.ID, keys ...string) {
	w.t.Helper()
	var es []incident.Entry
	for _, k := range keys {
		es = append(es, incident.Entry{Type: escalation.EntryFiring, Key: escalation.KeyPrefix + id.String() + "/" + k})
	}
	w.do(tm, func(a incident.Action) (*incident.Ticket, error) {
		t, _, err := w.desk.Record(ctx, id, a, es)
		return t, err
	})
}
