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
	"github.com/itsmkit/itsm/sla"
)

// EngineConfig configures an Engine; the zero EngineConfig is valid. What
// the engine shares with its Desk — the store, the clock, the SLA policy,
// the rules, the retries on a conflict — it takes from the Desk.
type EngineConfig struct {
	// Notifier delivers firings. Default Discard.
	Notifier Notifier
	// Directory resolves roles to people. Default: each role resolves to
	// itself.
	Directory Directory
	// Actor is the actor of the entries the engine records. Default
	// "escalation".
	Actor string
	// BatchSize is how many due tickets a Tick reads from the Store at a
	// time. Default 500.
	BatchSize int
	// Logger receives the engine's errors and deliveries that failed, and
	// at Debug level a record of each tick. Default: discard.
	Logger *slog.Logger
	// Observe, if set, is called after every Tick with what it did, how
	// long it took and its error: enough to feed metrics or traces. It
	// must be quick and safe for concurrent use.
	Observe func(context.Context, TickObservation)
	// ManagementRoles gives the roles a management escalation
	// (EscalateToManagement) tells for a ticket's priority. Default
	// ManagementRoles, the default ladder's management rungs.
	ManagementRoles func(codes.Priority) []string
}

// TickObservation is what an Engine tells EngineConfig.Observe of a Tick.
type TickObservation struct {
	TickReport
	Duration time.Duration // wall-clock time the tick took
	Err      error         // the tick's error, nil if it succeeded
}

// Engine runs a Desk's escalation rules over the tickets in its Store: at
// each Tick it reads the tickets due, evaluates the rules, records each
// firing in the ticket's activity log under its idempotency key through the
// Desk (incident.Desk.Apply: one read of the ticket, one evaluation of its
// SLA), and delivers it through the Notifier.
//
// A firing is recorded exactly once, whatever the crashes and however many
// engines share the store: the key is in the log or it is not, and the save
// that adds it succeeds for one writer only. Delivery is at least once:
// a firing is marked delivered (an EntryDelivered entry) after the Notifier
// accepts it; one recorded and not marked — the engine stopped between the
// two, or the Notifier failed — is delivered again RedeliverAfter later
// (Config.RedeliverAfter), by whichever engine first records a claim
// (EntryRetry) for that attempt. A firing is delivered twice only if an
// engine stops after the Notifier accepted it and before the mark was saved,
// or a delivery takes longer than RedeliverAfter; the Notification carries
// the key for receivers to dedupe.
//
// An Engine is safe for concurrent use.
type Engine struct {
	cfg   EngineConfig
	desk  *incident.Desk
	store incident.Store
	rules *Rules

	// idle remembers, per ticket, a version at which nothing was due and
	// until when: a ticket the Store reports due with nothing for the
	// engine to do (its auto-close is due, and nobody runs AutoClose) is not
	// read again until it changes or a rule falls due.
	mu   sync.Mutex
	idle map[codes.ID]idleMark
}

type idleMark struct {
	version int64
	until   time.Time // zero: until the ticket changes
}

// NewEngine returns an Engine that runs desk's escalation rules
// (incident.Config.Escalation) on desk's store, at desk's clock, filling in
// cfg's defaults. It returns an error matching ErrInvalidEngine if desk is nil
// or schedules no rules of this package: an engine without the Desk
// scheduling its rules would find no ticket ever due.
func NewEngine(desk *incident.Desk, cfg EngineConfig) (*Engine, error) {
	if desk == nil {
		return nil, fmt.Errorf("%w: a Desk is required", ErrInvalidEngine)
	}
	rules, ok := desk.Scheduler().(*Rules)
	if !ok || rules == nil {
		return nil, fmt.Errorf("%w: the Desk schedules no escalation rules: give it the rules in incident.Config.Escalation (escalation.DefaultConfig(), a Config or Rules)", ErrInvalidEngine)
	}
	if cfg.Notifier == nil {
		cfg.Notifier = Discard
	}
	if cfg.Actor == "" {
		cfg.Actor = "escalation"
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ManagementRoles == nil {
		cfg.ManagementRoles = ManagementRoles
	}
	return &Engine{cfg: cfg, desk: desk, store: desk.Store(), rules: rules, idle: map[codes.ID]idleMark{}}, nil
}

// Rules returns the rules the engine runs: its Desk's.
func (e *Engine) Rules() *Rules { return e.rules }

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
func (e *Engine) Tick(ctx context.Context) (rep TickReport, err error) {
	start := time.Now()
	defer func() {
		d := time.Since(start)
		if l := e.cfg.Logger; l.Enabled(ctx, slog.LevelDebug) {
			l.LogAttrs(ctx, slog.LevelDebug, "escalation: tick", slog.Int("tickets", rep.Tickets), slog.Int("fired", rep.Fired),
				slog.Int("delivered", rep.Delivered), slog.Int("failed", rep.Failed), slog.Duration("duration", d), slog.Any("err", err))
		}
		if e.cfg.Observe != nil {
			e.cfg.Observe(ctx, TickObservation{TickReport: rep, Duration: d, Err: err})
		}
	}()
	now := e.desk.Now()
	var errs []error
	var after codes.ID
	seen := map[codes.ID]bool{}
	for {
		ts, err := e.store.Find(ctx, incident.Filter{DueBy: now, After: after, Limit: e.cfg.BatchSize})
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
// redeliveries in one save, delivers what it recorded, and records the
// deliveries, reading the ticket and evaluating its SLA once.
func (e *Engine) process(ctx context.Context, id codes.ID, rep *TickReport) error {
	act := incident.Action{Actor: e.cfg.Actor}
	var next time.Time   // the next instant a rule falls due, or a redelivery
	var claims []pending // the firings whose redelivery the plan claims
	snap, appended, err := e.desk.Apply(ctx, id, act, nil, func(s *incident.Snapshot) ([]incident.Entry, error) {
		var entries []incident.Entry
		entries, claims, next = e.plan(s)
		return entries, nil
	})
	if err != nil {
		return err
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
			if i := slices.IndexFunc(claims, func(p pending) bool { return p.firing.Key == k }); i >= 0 {
				owned = append(owned, delivery{firing: claims[i].firing, attempt: at})
			}
		}
	}
	if len(appended) == 0 {
		if t := snap.Ticket; t.NextDue.IsZero() || !t.NextDue.After(snap.Now) {
			// Still due by the Desk's account with nothing for the engine
			// to do: remember it, so this engine does not read it at every
			// tick until it changes or a rule falls due.
			e.mu.Lock()
			e.idle[id] = idleMark{version: t.Version, until: next}
			e.mu.Unlock()
		}
		return nil
	}
	var marks []incident.Entry
	for _, d := range owned {
		n := e.notification(ctx, snap.Ticket, d)
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
	_, _, err = e.desk.Apply(ctx, id, act, snap, func(*incident.Snapshot) ([]incident.Entry, error) { return marks, nil })
	return err
}

// plan returns the entries of the firings due on a ticket and of the claims
// of its overdue redeliveries, and the next instant a rule falls due or a
// redelivery is to be claimed.
func (e *Engine) plan(s *incident.Snapshot) ([]incident.Entry, []pending, time.Time) {
	id, now := s.Ticket.ID, s.Now
	st, ok := s.SchedulerState().(*logState)
	if !ok || st == nil {
		st = e.rules.FoldLog(nil, id, s.Log()).(*logState)
	}
	due, next := e.rules.Evaluate(s.Ticket, &st.facts, &s.SLA, now, nil)
	var entries []incident.Entry
	cur := *s.Ticket // the ticket as the firings before leave it
	for i := range due {
		d := &due[i]
		en := incident.Entry{Type: EntryFiring, Key: d.Key(id), Text: describe(d)}
		for _, a := range d.Actions {
			switch a.Kind {
			case RaiseTier:
				if ch, ok := incident.TierRaise(&cur, a.Group, ""); ok {
					if en.Event == "" && e.desk.Workflow().Can(cur.Status, incident.EventReassign) {
						en.Event = incident.EventReassign
					}
					en.Changes = append(en.Changes, ch...)
					for _, c := range ch {
						switch c.Field {
						case incident.FieldTier:
							cur.Tier = codes.Tier(c.Value)
						case incident.FieldGroup:
							cur.Group = c.Value
						case incident.FieldAssignee:
							cur.Assignee = c.Value
						case incident.FieldVendor:
							cur.Vendor = true
						}
					}
				}
			case FlagMajor:
				if !cur.Major {
					en.Changes = append(en.Changes, incident.Change{Field: incident.FieldMajor, Value: "true"})
					cur.Major = true
				}
			}
		}
		entries = append(entries, en)
	}
	var claims []pending
	for _, p := range st.pending {
		if lease := p.claimed.Add(e.rules.redeliver); !now.Before(lease) {
			entries = append(entries, incident.Entry{Type: EntryRetry, Key: p.firing.Key + retryInfix + strconv.Itoa(p.retries+1)})
			claims = append(claims, p)
		} else {
			next = sla.Earliest(next, lease)
		}
	}
	return entries, claims, next
}

type notification struct {
	Notification
	err error
}

// notification builds what the Notifier receives for a delivery.
func (e *Engine) notification(ctx context.Context, t *incident.Ticket, d delivery) notification {
	n := Notification{Key: d.firing.Key, Ticket: t.Clone(), At: d.firing.At, Attempt: d.attempt, Text: d.firing.Text}
	rest := strings.TrimPrefix(d.firing.Key, KeyPrefix+t.ID.String()+"/")
	if strings.HasPrefix(rest, ManagementRule+"/") {
		n.Rule, n.Actions = ManagementRule, e.managementActions(t)
	} else if rule, level, cycle, rep, ok := splitKey(rest); ok {
		// The key says which firing it is, whatever the rules are now;
		// the actions are those of the level, if the rules still have it.
		n.Rule, n.Level, n.Cycle, n.Rep = rule, level, cycle, rep
		if fd, ok := e.rules.parseKey(rest); ok {
			n.Actions = e.rules.rules[fd.rule].levels[fd.level].actions
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
			people, ok := fromTicket(role, n.Ticket)
			if !ok {
				people = []string{role}
			}
			if !ok && e.cfg.Directory != nil {
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
