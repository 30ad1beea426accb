package escalation_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// inbox is a Notifier that keeps what it receives and can be told to fail.
type inbox struct {
	mu   sync.Mutex
	got  []escalation.Notification
	fail error
}

func (b *inbox) Notify(_ context.Context, n escalation.Notification) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail != nil {
		return b.fail
	}
	b.got = append(b.got, n)
	return nil
}

// keys returns the keys delivered, without the ticket prefix, with the
// attempt when it is not the first.
func (b *inbox) keys(id codes.ID) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ks []string
	for _, n := range b.got {
		k := n.Key[len(escalation.KeyPrefix+id.String()+"/"):]
		if n.Attempt > 0 {
			k += "#" + string(rune('0'+n.Attempt))
		}
		ks = append(ks, k)
	}
	return ks
}

func (w *world) engine(n escalation.Notifier) *escalation.Engine {
	w.t.Helper()
	e, err := escalation.NewEngine(w.desk, escalation.EngineConfig{
		Notifier:  n,
		Directory: escalation.StaticDirectory{escalation.RoleIncidentManager: {"zhao"}, escalation.RoleTechnicalLead: {"qian", "zhao"}},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return e
}

func (w *world) tick(e *escalation.Engine, tm time.Time) escalation.TickReport {
	w.t.Helper()
	w.clk.Set(tm)
	rep, err := e.Tick(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return rep
}

// ledger returns the keys of the escalation entries of a ticket's log, by
// type, without the ticket prefix.
func (w *world) ledger(id codes.ID) []string {
	w.t.Helper()
	_, log, err := w.desk.Get(ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	var ks []string
	for _, e := range log {
		switch e.Type {
		case escalation.EntryFiring, escalation.EntryRetry, escalation.EntryDelivered:
			ks = append(ks, e.Key[len(escalation.KeyPrefix+id.String()+"/"):])
		}
	}
	return ks
}

func TestEngineFiresOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	box := &inbox{}
	e := w.engine(box)
	id := w.register(bj(17, 9, 0), codes.P1)
	tk, _, _ := w.desk.Get(ctx, id)
	// A P1 falls due at once: the notification on registration.
	if !tk.NextDue.Equal(bj(17, 9, 0)) {
		t.Fatalf("NextDue after registration = %v, want 09:00", tk.NextDue)
	}
	rep := w.tick(e, bj(17, 9, 0))
	if diff := cmp.Diff(escalation.TickReport{Tickets: 1, Fired: 1, Delivered: 1}, rep); diff != "" {
		t.Errorf("first tick (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"notify.p1p2.registered/0/1/0"}, box.keys(id)); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	box.mu.Lock()
	n := box.got[0]
	box.mu.Unlock()
	// Roles resolve through the directory, each person once; roles the
	// directory does not know resolve to nobody.
	if diff := cmp.Diff([]string{"zhao", "qian"}, n.Recipients); diff != "" {
		t.Errorf("recipients (-want +got):\n%s", diff)
	}
	if n.Ticket == nil || n.Ticket.ID != id || n.Rule != "notify.p1p2.registered" || n.Cycle != 1 {
		t.Errorf("notification %+v", n)
	}
	// The ticket is due next when the first rung of the ladder falls: 09:05.
	tk, _, _ = w.desk.Get(ctx, id)
	if !tk.NextDue.Equal(bj(17, 9, 5)) {
		t.Errorf("NextDue after firing = %v, want 09:05", tk.NextDue)
	}
	if rep := w.tick(e, bj(17, 9, 1)); rep != (escalation.TickReport{}) {
		t.Errorf("tick with nothing due: %+v", rep)
	}
	w.tick(e, bj(17, 9, 5))
	w.tick(e, bj(17, 9, 6))
	want := []string{"notify.p1p2.registered/0/1/0", "ladder.p1/0/1/0"}
	if diff := cmp.Diff(want, box.keys(id)); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	wantLedger := []string{
		"notify.p1p2.registered/0/1/0", "notify.p1p2.registered/0/1/0/delivered",
		"ladder.p1/0/1/0", "ladder.p1/0/1/0/delivered",
	}
	if diff := cmp.Diff(wantLedger, w.ledger(id)); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
}

// countingStore counts the tickets read, by Load or View.
type countingStore struct {
	incident.Store
	loads atomic.Int64
}

func (s *countingStore) Load(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	s.loads.Add(1)
	return s.Store.Load(ctx, id)
}

func (s *countingStore) View(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	s.loads.Add(1)
	return incident.View(ctx, s.Store, id)
}

func TestEngineIdleTickReadsNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	cs := w.cs
	e := w.engine(escalation.Discard)
	for i := range 20 {
		w.register(bj(17, 9, i), codes.P3)
	}
	cs.loads.Store(0)
	// P3s registered 09:00–09:19: nothing is due before the ladder's
	// first rung, two working hours later.
	if rep := w.tick(e, bj(17, 10, 0)); rep.Tickets != 0 || cs.loads.Load() != 0 {
		t.Errorf("idle tick read %d tickets, loaded %d", rep.Tickets, cs.loads.Load())
	}
}

// faultStore fails saves as hook says: before writing (nothing saved) or
// after (saved, but the caller sees the error, as when a connection drops).
type faultStore struct {
	incident.Store
	mu   sync.Mutex
	hook func(entries []incident.Entry) (before, after error)
}

func (s *faultStore) Save(ctx context.Context, t *incident.Ticket, entries []incident.Entry, read int64) error {
	s.mu.Lock()
	hook := s.hook
	s.mu.Unlock()
	var before, after error
	if hook != nil {
		before, after = hook(entries)
	}
	if before != nil {
		return before
	}
	if err := s.Store.Save(ctx, t, entries, read); err != nil {
		return err
	}
	return after
}

func (s *faultStore) set(h func([]incident.Entry) (before, after error)) {
	s.mu.Lock()
	s.hook = h
	s.mu.Unlock()
}

func hasType(es []incident.Entry, typ incident.EntryType) bool {
	return slices.ContainsFunc(es, func(e incident.Entry) bool { return e.Type == typ })
}

// once fails the first save holding an entry of typ, before or after writing.
func once(typ incident.EntryType, afterWrite bool) func([]incident.Entry) (error, error) {
	var done atomic.Bool
	return func(es []incident.Entry) (error, error) {
		if !hasType(es, typ) || done.Swap(true) {
			return nil, nil
		}
		err := errors.New("disk on fire")
		if afterWrite {
			return nil, err
		}
		return err, nil
	}
}

// TestEngineFaults fails each step of a firing once, then lets the engine
// (or a new one, after a crash) carry on, and checks that the firing is
// recorded once and delivered as promised. The firing is a P1's notification
// on registration at 09:00; redelivery waits a minute.
func TestEngineFaults(t *testing.T) {
	t.Parallel()
	const key = "notify.p1p2.registered/0/1/0"
	for _, c := range []struct {
		name      string
		hook      func([]incident.Entry) (error, error)
		notifyErr bool
		// deliveries seen by the receiver after ticks at 09:00, 09:00:30,
		// 09:01 and 09:02, and the ledger at the end.
		delivered []string
		ledger    []string
	}{{
		name:      "firing save fails before writing",
		hook:      once(escalation.EntryFiring, false),
		delivered: []string{key},
		ledger:    []string{key, key + "/delivered"},
	}, {
		name: "firing save fails after writing",
		// Recorded but not known to be: delivered after the lease.
		hook:      once(escalation.EntryFiring, true),
		delivered: []string{key + "#1"},
		ledger:    []string{key, key + "/retry/1", key + "/delivered"},
	}, {
		name:      "notifier fails, or the engine stops before delivering",
		notifyErr: true,
		delivered: []string{key + "#1"},
		ledger:    []string{key, key + "/retry/1", key + "/delivered"},
	}, {
		name: "delivered mark fails before writing",
		// The one case of a second delivery: at least once.
		hook:      once(escalation.EntryDelivered, false),
		delivered: []string{key, key + "#1"},
		ledger:    []string{key, key + "/retry/1", key + "/delivered"},
	}, {
		name:      "delivered mark fails after writing",
		hook:      once(escalation.EntryDelivered, true),
		delivered: []string{key},
		ledger:    []string{key, key + "/delivered"},
	}, {
		name:      "retry claim fails before writing",
		notifyErr: true,
		hook:      once(escalation.EntryRetry, false),
		delivered: []string{key + "#1"},
		ledger:    []string{key, key + "/retry/1", key + "/delivered"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fs := &faultStore{Store: memstore.New()}
			w := newWorldOn(t, fs)
			id := w.register(bj(17, 9, 0), codes.P1)
			fs.set(c.hook)
			box := &inbox{}
			if c.notifyErr {
				box.fail = errors.New("mail server down")
			}
			e := w.engine(box)
			w.clk.Set(bj(17, 9, 0))
			_, _ = e.Tick(ctx) // may fail: that is the fault
			box.mu.Lock()
			box.fail = nil
			box.mu.Unlock()
			// A new engine, as after a restart.
			e = w.engine(box)
			for _, tm := range []time.Time{bj(17, 9, 0).Add(30 * time.Second), bj(17, 9, 1), bj(17, 9, 2)} {
				w.clk.Set(tm)
				_, _ = e.Tick(ctx) // may fail once more: a claim's fault
			}
			if diff := cmp.Diff(c.delivered, box.keys(id)); diff != "" {
				t.Errorf("delivered (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.ledger, w.ledger(id)); diff != "" {
				t.Errorf("ledger (-want +got):\n%s", diff)
			}
		})
	}
}

// newWorldOn is a world whose Desk uses store s.
func newWorldOn(t testing.TB, s incident.Store) *world {
	t.Helper()
	w := &world{t: t, clk: &clock{t: bj(17, 9, 0)}, rules: defaultRules(t)}
	d, err := incident.NewDesk(incident.Config{
		Store: s, Now: w.clk.Now, Location: shanghai, Policy: seedPolicy, Escalation: w.rules,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.desk = d
	return w
}

// TestEngineConflict: a command saved between the engine's read and its save
// makes the save fail with ErrConflict; the engine reads again and records the
// firing once.
func TestEngineConflict(t *testing.T) {
	t.Parallel()
	fs := &faultStore{Store: memstore.New()}
	w := newWorldOn(t, fs)
	id := w.register(bj(17, 9, 0), codes.P1)
	var done atomic.Bool
	fs.set(func(es []incident.Entry) (error, error) {
		if hasType(es, escalation.EntryFiring) && !done.Swap(true) {
			if _, err := w.desk.Comment(ctx, id, incident.Action{Actor: "wang"}, "looking"); err != nil {
				t.Error(err)
			}
		}
		return nil, nil
	})
	box := &inbox{}
	rep := w.tick(w.engine(box), bj(17, 9, 0))
	if rep.Fired != 1 || rep.Delivered != 1 {
		t.Errorf("report %+v", rep)
	}
	if diff := cmp.Diff([]string{"notify.p1p2.registered/0/1/0"}, box.keys(id)); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
}

// TestEnginesRace runs two engines, each with its own Desk, over one store and
// forty P1 tickets, ticking at the same instants at the same time through the
// P1 ladder: every firing is recorded once and delivered once.
func TestEnginesRace(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	clk := &clock{t: bj(17, 9, 0)}
	cfg := pathsConfig()
	cfg.RedeliverAfter = dur(time.Hour)
	rules := compile(t, cfg)
	box := &inbox{}
	var engines []*escalation.Engine
	var desk *incident.Desk
	for range 2 {
		d, err := incident.NewDesk(incident.Config{
			Store: store, Now: clk.Now, Location: shanghai, Policy: seedPolicy, Escalation: rules, Retries: 100,
		})
		if err != nil {
			t.Fatal(err)
		}
		desk = d
		e, err := escalation.NewEngine(d, escalation.EngineConfig{Notifier: box})
		if err != nil {
			t.Fatal(err)
		}
		engines = append(engines, e)
	}
	var ids []codes.ID
	for range 40 {
		tk, err := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "core switch down", Priority: codes.P1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	for m := 0; m <= 50; m += 5 {
		clk.Set(bj(17, 9, m))
		var wg sync.WaitGroup
		for _, e := range engines {
			wg.Go(func() {
				if _, err := e.Tick(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	// Per ticket: the notification on registration and five rungs.
	seen := map[string]int{}
	box.mu.Lock()
	for _, n := range box.got {
		seen[n.Key]++
	}
	box.mu.Unlock()
	if len(seen) != 40*6 {
		t.Errorf("%d keys delivered, want %d", len(seen), 40*6)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s delivered %d times", k, n)
		}
	}
	for _, id := range ids {
		_, log, _ := desk.Get(ctx, id)
		keys := map[string]int{}
		for _, e := range log {
			if e.Key != "" {
				keys[e.Key]++
			}
		}
		for k, n := range keys {
			if n != 1 {
				t.Errorf("%s recorded %d times", k, n)
			}
		}
	}
}

// TestEngineChanges: actions that change the ticket are recorded with the
// firing; custom actions reach the Notifier.
func TestEngineChanges(t *testing.T) {
	t.Parallel()
	cfg := escalation.Config{Rules: []escalation.Rule{{
		Name: "p4.stuck", When: escalation.Condition{Priorities: []codes.Priority{codes.P4}},
		From: escalation.Anchor{Kind: escalation.FromRegistered},
		Levels: []escalation.Level{{After: sla.Duration(10 * time.Minute), Actions: []escalation.Action{
			{Kind: escalation.RaiseTier}, {Kind: escalation.FlagMajor}, {Kind: escalation.Custom, Name: "page"},
		}}},
	}}}
	rules, err := escalation.New(cfg, seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, incident.Config{}, rules)
	box := &inbox{}
	e := w.engine(box)
	id := w.register(bj(17, 9, 0), codes.P4)
	w.tick(e, bj(17, 9, 10))
	tk, _, _ := w.desk.Get(ctx, id)
	if tk.Tier != codes.TierL1 || !tk.Major {
		t.Errorf("tier %q, major %v; want l1, true", tk.Tier, tk.Major)
	}
	box.mu.Lock()
	defer box.mu.Unlock()
	if len(box.got) != 1 || len(box.got[0].Actions) != 3 || box.got[0].Actions[2].Name != "page" || box.got[0].Ticket.Tier != codes.TierL1 {
		t.Errorf("delivered %+v", box.got)
	}
}

// TestEngineRun runs the engine on the clock of a synctest bubble.
func TestEngineRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rules := defaultRules(t)
		store := memstore.New()
		d, err := incident.NewDesk(incident.Config{Store: store, Policy: seedPolicy, Escalation: rules})
		if err != nil {
			t.Fatal(err)
		}
		box := &inbox{}
		e, err := escalation.NewEngine(d, escalation.EngineConfig{Notifier: box})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- e.Run(ctx, time.Minute) }()
		time.Sleep(30 * time.Second)
		tk, err := d.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "core switch down", Priority: codes.P1})
		if err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if len(box.keys(tk.ID)) != 0 {
			t.Errorf("delivered before the next tick")
		}
		time.Sleep(30 * time.Second)
		synctest.Wait()
		if diff := cmp.Diff([]string{"notify.p1p2.registered/0/1/0"}, box.keys(tk.ID)); diff != "" {
			t.Errorf("delivered (-want +got):\n%s", diff)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v", err)
		}
	})
}

// TestEngineStaleDue: a ticket due because an SLA stage fell, with no rule to
// fire, is read once; the engine does not read it again until it changes.
// A P3 assigned 09:00: the response clock's 80% stage falls at 09:24; the
// only rule falls at 17:00.
func TestEngineStaleDue(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, mustRules(t, escalation.Rule{
		Name: "late", From: escalation.Anchor{Kind: escalation.FromRegistered},
		Levels: []escalation.Level{{After: dur(8 * time.Hour), Actions: page}},
	}))
	cs := w.cs
	e := w.engine(escalation.Discard)
	id := w.register(bj(17, 9, 0), codes.P3)
	w.assign(bj(17, 9, 0), id, codes.TierL1)
	cs.loads.Store(0)
	w.tick(e, bj(17, 9, 25))
	w.tick(e, bj(17, 9, 26))
	if n := cs.loads.Load(); n != 1 {
		t.Errorf("loaded %d times, want 1", n)
	}
	// The first read moved NextDue on (the response warning at 09:24 fell
	// with nothing to fire), so another engine has nothing to read either.
	w.tick(w.engine(escalation.Discard), bj(17, 9, 26))
	if n := cs.loads.Load(); n != 1 {
		t.Errorf("a second engine loaded the ticket: %d loads, want 1", n)
	}
	// A change to the ticket makes it worth reading again.
	w.do(bj(17, 9, 27), func(a incident.Action) (*incident.Ticket, error) { return w.desk.Comment(ctx, id, a, "on it") })
	tk, _, _ := w.desk.Get(ctx, id)
	cs.loads.Store(0)
	w.tick(e, bj(17, 17, 0))
	if n := cs.loads.Load(); n != 1 || !tk.NextDue.Equal(bj(17, 9, 30)) {
		t.Errorf("loaded %d times, want 1; NextDue %v", n, tk.NextDue)
	}
}

// TestEngineDeliversAfterClose: a firing recorded while the notifier was
// down is delivered after a restart even though the ticket closed meanwhile.
func TestEngineDeliversAfterClose(t *testing.T) {
	t.Parallel()
	const key = "notify.p1p2.registered/0/1/0"
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P1)
	box := &inbox{fail: errors.New("mail server down")}
	w.tick(w.engine(box), bj(17, 9, 0))
	if got := w.ledger(id); len(got) != 1 || got[0] != key {
		t.Fatalf("ledger after the failed delivery: %v", got)
	}
	// Registered in error: the service desk closes it at once.
	w.clk.Set(bj(17, 9, 1))
	if _, err := w.desk.Close(ctx, id, incident.Closing{Action: incident.Action{Actor: "desk"}, Closure: codes.ClosureFalseAlarm}); err != nil {
		t.Fatal(err)
	}
	box.mu.Lock()
	box.fail = nil
	box.mu.Unlock()
	e := w.engine(box) // a new engine, as after a restart
	for _, tm := range []time.Time{bj(17, 9, 2), bj(17, 9, 3)} {
		w.tick(e, tm)
	}
	if diff := cmp.Diff([]string{key + "#1"}, box.keys(id)); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	tk, _, _ := w.desk.Get(ctx, id)
	if !tk.NextDue.IsZero() {
		t.Errorf("closed and delivered, still due at %v", tk.NextDue)
	}
}
