package escalation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// EngineConfig configures an Engine. Desk, Store and Rules are required.
type EngineConfig struct {
	// Desk records the firings. Its Config.Schedulers must include a
	// Scheduler of the same Rules, so that tickets fall due when rules do.
	Desk *incident.Desk
	// Store is the Desk's store, asked for the tickets due.
	Store incident.Store
	// Rules are the rules the engine runs.
	Rules *Rules
	// Notifier delivers firings. Default Discard.
	Notifier Notifier
	// Directory resolves roles to people. Default: each role resolves to
	// itself.
	Directory Directory
	// Now returns the current time. Default time.Now. Give it the Desk's.
	Now func() time.Time
	// Actor is the actor of the entries the engine records. Default
	// "escalation".
	Actor string
	// RedeliverAfter is how long a firing recorded but not marked
	// delivered waits before it is delivered again (by this engine or
	// another). It must exceed the time a delivery takes, or a slow
	// delivery is made twice. Default DefaultRedeliverAfter; give the
	// Scheduler the same value.
	RedeliverAfter time.Duration
	// Retries is how many times a ticket is read again after another
	// writer changed it first (ErrConflict). Default 3.
	Retries int
	// BatchSize is how many due tickets a Tick reads from the Store at a
	// time. Default 500.
	BatchSize int
	// Logger receives the engine's errors and deliveries that failed.
	// Default: discard.
	Logger *slog.Logger
}

// Engine runs the rules over the tickets in a Store: at each Tick it reads
// the tickets due, evaluates the rules, records each firing in the ticket's
// activity log under its idempotency key with the Desk's versioned save, and
// delivers it through the Notifier.
//
// A firing is recorded exactly once, whatever the crashes and however many
// engines share the store: the key is in the log or it is not, and the save
// that adds it succeeds for one writer only. Delivery is at least once:
// a firing is marked delivered (an EntryDelivered entry) after the Notifier
// accepts it; one recorded and not marked — the engine stopped between the
// two, or the Notifier failed — is delivered again RedeliverAfter later,
// by whichever engine first records a claim (EntryRetry) for that attempt.
// A firing is delivered twice only if an engine stops after the Notifier
// accepted it and before the mark was saved, or a delivery takes longer than
// RedeliverAfter; the Notification carries the key for receivers to dedupe.
//
// An Engine is safe for concurrent use.
type Engine struct {
	cfg EngineConfig

	// idle remembers, per ticket, a version at which nothing was due and
	// until when: a ticket the Store reports due because an SLA stage
	// fell, with no rule to fire, is not read again until it changes or a
	// rule falls due. The Desk leaves its NextDue in the past until the
	// next command on it.
	mu   sync.Mutex
	idle map[codes.ID]idleMark
}

type idleMark struct {
	version int64
	until   time.Time // zero: until the ticket changes
}

// NewEngine returns an Engine for cfg, filling in the defaults. It returns an
// error matching ErrInvalidEngine if Desk, Store or Rules is missing.
func NewEngine(cfg EngineConfig) (*Engine, error) {
	var missing []string
	if cfg.Desk == nil {
		missing = append(missing, "Desk")
	}
	if cfg.Store == nil {
		missing = append(missing, "Store")
	}
	if cfg.Rules == nil {
		missing = append(missing, "Rules")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: %s required", ErrInvalidEngine, strings.Join(missing, ", "))
	}
	if cfg.Notifier == nil {
		cfg.Notifier = Discard
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Actor == "" {
		cfg.Actor = "escalation"
	}
	cfg.RedeliverAfter = redeliverAfter(cfg.RedeliverAfter)
	if cfg.Retries <= 0 {
		cfg.Retries = 3
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Engine{cfg: cfg, idle: map[codes.ID]idleMark{}}, nil
}

// TickReport counts what a Tick did.
type TickReport struct {
	Tickets   int // tickets read because they were due
	Fired     int // firings this engine recorded
	Delivered int // deliveries the Notifier accepted (redeliveries included)
	Failed    int // deliveries that failed, left for redelivery
}

// Tick runs the rules once, at the engine's now, over the tickets due at or
// before it. A ticket it cannot process (a store error, too many conflicts) is
// logged and left for the next tick; Tick returns the first such error, joined
// with a failure to read the store, after processing the others.
func (e *Engine) Tick(ctx context.Context) (TickReport, error) {
	var rep TickReport
	now := e.cfg.Now()
	var errs []error
	var after codes.ID
	seen := map[codes.ID]bool{}
	for {
		ts, err := e.cfg.Store.Find(ctx, incident.Filter{DueBy: now, After: after, Limit: e.cfg.BatchSize})
		if err != nil {
			return rep, errors.Join(append(errs, err)...)
		}
		for _, t := range ts {
			rep.Tickets++
			seen[t.ID] = true
			if e.skip(t, now) {
				continue
			}
			if err := e.process(ctx, t.ID, &rep); err != nil {
				if ctx.Err() != nil {
					return rep, ctx.Err()
				}
				e.cfg.Logger.ErrorContext(ctx, "escalation: ticket left for the next tick", slog.String("ticket", t.ID.String()), slog.Any("err", err))
				errs = append(errs, fmt.Errorf("escalation: ticket %s: %w", t.ID, err))
			}
		}
		if len(ts) < e.cfg.BatchSize {
			break
		}
		after = ts[len(ts)-1].ID
	}
	// A ticket no longer due has changed: forget it.
	e.mu.Lock()
	for id := range e.idle {
		if !seen[id] {
			delete(e.idle, id)
		}
	}
	e.mu.Unlock()
	return rep, errors.Join(errs...)
}

// Run ticks every interval until ctx is done, and returns ctx's error. Errors
// of a tick are logged, not returned.
func (e *Engine) Run(ctx context.Context, every time.Duration) error {
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		_, _ = e.Tick(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tk.C:
		}
	}
}

// skip reports whether t is known to have nothing due at now.
func (e *Engine) skip(t *incident.Ticket, now time.Time) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	m, ok := e.idle[t.ID]
	if !ok {
		return false
	}
	if m.version == t.Version && (m.until.IsZero() || now.Before(m.until)) {
		return true
	}
	delete(e.idle, t.ID)
	return false
}

// delivery is a firing this engine owns the delivery of.
type delivery struct {
	firing  incident.Entry
	attempt int
}

// process records the firings due on one ticket and the claims of overdue
// redeliveries, then delivers what it recorded.
func (e *Engine) process(ctx context.Context, id codes.ID, rep *TickReport) error {
	var owned []delivery
	var t *incident.Ticket
	for attempt := 0; ; attempt++ {
		var err error
		t, owned, err = e.record(ctx, id, rep)
		if err == nil {
			break
		}
		if !errors.Is(err, incident.ErrConflict) || attempt >= e.cfg.Retries {
			return err
		}
	}
	if len(owned) == 0 {
		return nil
	}
	var marks []incident.Entry
	for _, d := range owned {
		n := e.notification(ctx, t, d)
		err := n.err
		if err == nil {
			err = e.cfg.Notifier.Notify(ctx, n.Notification)
		}
		if err != nil {
			rep.Failed++
			e.cfg.Logger.WarnContext(ctx, "escalation: delivery failed", slog.String("key", d.firing.Key), slog.Any("err", err))
			continue
		}
		rep.Delivered++
		marks = append(marks, incident.Entry{Type: EntryDelivered, Key: d.firing.Key + deliveredSuffix})
	}
	if len(marks) == 0 {
		return nil
	}
	var err error
	for attempt := 0; attempt <= e.cfg.Retries; attempt++ {
		if _, _, err = e.cfg.Desk.Record(ctx, id, incident.Action{Actor: e.cfg.Actor}, marks); !errors.Is(err, incident.ErrConflict) {
			break
		}
	}
	return err
}

// record reads the ticket, evaluates the rules and records the new firings
// and the claims of redeliveries in one save. It returns the ticket as saved
// and the deliveries the save made this engine's.
func (e *Engine) record(ctx context.Context, id codes.ID, rep *TickReport) (*incident.Ticket, []delivery, error) {
	t, log, err := e.cfg.Store.Load(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	now := e.cfg.Now()
	res, err := e.cfg.Desk.Policy().Evaluate(incident.History(log), now)
	if err != nil {
		return nil, nil, err
	}
	f := e.cfg.Rules.Facts(id, log)
	due, next := e.cfg.Rules.Evaluate(t, &f, &res, now, nil)
	var entries []incident.Entry
	tier, major := t.Tier, t.Major
	for i := range due {
		d := &due[i]
		en := incident.Entry{Type: EntryFiring, Key: d.Key(id), Text: describe(d)}
		for _, a := range d.Actions {
			switch a.Kind {
			case RaiseTier:
				if up, ok := tier.Next(); ok {
					en.Changes = append(en.Changes, incident.Change{Field: incident.FieldTier, Value: string(up)})
					tier = up
				}
			case FlagMajor:
				if !major {
					en.Changes = append(en.Changes, incident.Change{Field: incident.FieldMajor, Value: "true"})
					major = true
				}
			}
		}
		entries = append(entries, en)
	}
	for _, p := range pendingOf(log) {
		if lease := p.claimed.Add(e.cfg.RedeliverAfter); !now.Before(lease) {
			entries = append(entries, incident.Entry{Type: EntryRetry, Key: p.firing.Key + retryInfix + strconv.Itoa(p.retries+1)})
		} else {
			next = earliest(next, lease)
		}
	}
	if len(entries) == 0 {
		if t.NextDue.IsZero() || !t.NextDue.After(now) {
			// Time alone has passed the ticket's NextDue (a warning stage
			// fell, a deadline passed, and no rule fires): move it on, so
			// that no engine reads the ticket again until it is due.
			switch rt, err := e.cfg.Desk.Refresh(ctx, id); {
			case err == nil:
				t = rt
			case !errors.Is(err, incident.ErrConflict):
				return nil, nil, err
			}
			if t.NextDue.IsZero() || !t.NextDue.After(now) {
				// Still due by the Desk's account: remember it, so this
				// engine does not read it at every tick until it changes.
				e.mu.Lock()
				e.idle[id] = idleMark{version: t.Version, until: next}
				e.mu.Unlock()
			}
		}
		return t, nil, nil
	}
	saved, appended, err := e.cfg.Desk.Record(ctx, id, incident.Action{Actor: e.cfg.Actor}, entries)
	if err != nil {
		return nil, nil, err
	}
	var owned []delivery
	for _, a := range appended {
		switch a.Type {
		case EntryFiring:
			rep.Fired++
			owned = append(owned, delivery{firing: a})
		case EntryRetry:
			k, n, _ := strings.Cut(a.Key, retryInfix)
			at, _ := strconv.Atoi(n)
			if i := slices.IndexFunc(log, func(x incident.Entry) bool { return x.Type == EntryFiring && x.Key == k }); i >= 0 {
				owned = append(owned, delivery{firing: log[i], attempt: at})
			}
		}
	}
	return saved, owned, nil
}

type notification struct {
	Notification
	err error
}

// notification builds what the Notifier receives for a delivery.
func (e *Engine) notification(ctx context.Context, t *incident.Ticket, d delivery) notification {
	n := Notification{Key: d.firing.Key, Ticket: t.Clone(), At: d.firing.At, Attempt: d.attempt}
	rest := strings.TrimPrefix(d.firing.Key, KeyPrefix+t.ID.String()+"/")
	if fd, ok := e.cfg.Rules.parseKey(rest); ok {
		cr := &e.cfg.Rules.rules[fd.rule]
		n.Rule, n.Level, n.Cycle, n.Rep = cr.name, fd.level, fd.cycle, fd.rep
		if fd.level < len(cr.levels) {
			n.Actions = cr.levels[fd.level].actions
		}
	} else if parts := strings.Split(rest, "/"); len(parts) == 4 {
		n.Rule = parts[0]
	}
	seen := map[string]bool{}
	for _, a := range n.Actions {
		if a.Kind != Notify {
			continue
		}
		for _, role := range a.Roles {
			people := []string{role}
			if e.cfg.Directory != nil {
				var err error
				if people, err = e.cfg.Directory.Resolve(ctx, role, n.Ticket); err != nil {
					return notification{Notification: n, err: fmt.Errorf("escalation: resolving role %q: %w", role, err)}
				}
			}
			for _, p := range people {
				if !seen[p] {
					seen[p] = true
					n.Recipients = append(n.Recipients, p)
				}
			}
		}
	}
	return notification{Notification: n}
}

// describe is the text of a firing's entry, for people reading the log.
func describe(d *Due) string {
	var b strings.Builder
	fmt.Fprintf(&b, "escalation %s level %d", d.Rule, d.Level)
	for _, a := range d.Actions {
		switch a.Kind {
		case Notify:
			fmt.Fprintf(&b, "; notify %s", strings.Join(a.Roles, ", "))
		case RaiseTier:
			b.WriteString("; raise the tier")
		case FlagMajor:
			b.WriteString("; flag major")
		case Custom:
			fmt.Fprintf(&b, "; %s", a.Name)
		}
	}
	return b.String()
}
