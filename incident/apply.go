package incident

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// Snapshot is a ticket as a Desk read or saved it: the ticket, its whole
// activity log and its SLA evaluated at Now over that log. Apply hands one to
// its Plan and returns the one it leaves, so that a caller making several
// changes in a row (the escalation engine records a firing, delivers it, then
// records the delivery) reads the ticket and evaluates its SLA once.
//
// Ticket is the holder's own. The log and SLA are shared: read them, keep
// them, never change them. A Snapshot that Apply returns holds the log it
// read and the entries the change appended apart, so that a chain of Applys
// on a long history copies no log: Log joins them when asked.
type Snapshot struct {
	Ticket *Ticket    // the ticket as read
	SLA    sla.Result // its SLA evaluated at Now
	Now    time.Time  // the instant the snapshot was taken at

	log  logView  // its whole activity log
	fold *logFold // the fold of the log, when the Desk has it
}

// Log returns the ticket's whole activity log, oldest entry first. It is
// shared: never change it. On a Snapshot that Apply returned after
// appending entries, each call copies the log into a new slice (keep it if
// you read it more than once); the escalation engine reads SchedulerState
// instead.
func (s *Snapshot) Log() []Entry { return s.log.whole() }

// Len returns the number of entries in the log, without joining it.
func (s *Snapshot) Len() int { return s.log.len() }

// SchedulerState returns the state of the whole log that the Desk's
// FoldingScheduler keeps (FoldLog), or nil: what the escalation engine reads
// instead of the log.
func (s *Snapshot) SchedulerState() any {
	if s == nil || s.fold == nil || s.fold.entries != s.log.len() {
		return nil
	}
	return s.fold.sched
}

// logView is a ticket's log as a change sees it: the log as read (the
// store's own, shared) and the entries appended to it since by the changes
// a Snapshot chains, kept apart so that the log is never copied to append.
type logView struct {
	base, added []Entry
}

func (v logView) len() int { return len(v.base) + len(v.added) }

// whole returns the log in one slice: base itself when nothing was added.
func (v logView) whole() []Entry {
	if len(v.added) == 0 {
		return v.base
	}
	return slices.Concat(v.base, v.added)
}

// lastAt returns the instant of the last entry, zero for none.
func (v logView) lastAt() time.Time {
	switch {
	case len(v.added) > 0:
		return v.added[len(v.added)-1].At
	case len(v.base) > 0:
		return v.base[len(v.base)-1].At
	}
	return time.Time{}
}

// with returns v with entries appended, sharing v's storage with no one
// who could append to it.
func (v logView) with(entries []Entry) logView {
	if len(entries) == 0 {
		return v
	}
	return logView{base: v.base, added: slices.Concat(v.added, entries)}
}

// Plan computes from a ticket as it stands the entries a change appends to
// its log (see Apply). It must be a function of s alone: Apply runs it again
// on the ticket as another writer left it when it loses a race. The Snapshot
// is valid during the call; do not change it.
type Plan func(s *Snapshot) ([]Entry, error)

// Apply is the Desk's primitive for entries computed elsewhere from a
// ticket, its log and its SLA — an escalation firing, its delivery, an
// integration's note. It reads ticket id, evaluates its SLA at now, asks plan
// for the entries to append, and appends them as a command does: at act's
// time (never before the ticket's last entry), each entry's Event (if any)
// through the workflow, the derived fields and NextDue recomputed, saved with
// the version read. Apply fills in each entry's Seq, At and Actor; plan sets
// Type, and Event, Changes, Task, Text and Key as needed.
//
// An entry whose Key is already in the log, or earlier among the entries, is
// skipped: recording under a key is idempotent, which is what lets an
// escalation engine fire each action once. With nothing to append, Apply
// saves only the derived fields, if time has moved them (a stage fell, a
// deadline passed), and otherwise writes nothing.
//
// from, when not nil, is a Snapshot of this ticket that an earlier Apply
// returned: Apply starts from it instead of reading the ticket, and keeps its
// SLA when the new entries change no SLA fact (no status, priority, tier,
// ...). If the ticket has changed since, the save conflicts and Apply starts
// again from the store. A lost race runs plan again on the fresh ticket, up
// to Config.Retries times, then returns ErrConflict.
//
// Apply returns the Snapshot the change leaves (the ticket as saved, its
// whole log, its SLA) and the entries appended.
func (d *Desk) Apply(ctx context.Context, id codes.ID, act Action, from *Snapshot, plan Plan) (*Snapshot, []Entry, error) {
	if from != nil && (from.Ticket == nil || from.Ticket.ID != id) {
		return nil, nil, &CommandError{Command: "apply", Field: "from", Reason: fmt.Sprintf("a snapshot of another ticket than %s", id)}
	}
	o := op{cmd: "apply", id: id, act: act, from: from, needSLA: true, snapshot: true, needsKeys: true}
	out, err := d.exec(ctx, &o, func(t *Ticket, log logView, res *sla.Result, now time.Time, f *logFold) ([]step, error) {
		es, err := plan(&Snapshot{Ticket: t, log: log, SLA: *res, Now: now, fold: f})
		if err != nil {
			return nil, err
		}
		return recordSteps(f, es)
	}, nil)
	if err != nil {
		return nil, nil, err
	}
	return out.snap, out.entries, nil
}

// Record appends entries made elsewhere in a system to a ticket: Apply with
// the entries given rather than planned. It returns the ticket as saved and
// the entries appended; with none to append (every key recorded already) it
// writes nothing but moved derived fields and returns the ticket as stored.
func (d *Desk) Record(ctx context.Context, id codes.ID, act Action, entries []Entry) (*Ticket, []Entry, error) {
	if err := checkEntries("record", entries); err != nil {
		return nil, nil, err
	}
	keyed := slices.ContainsFunc(entries, func(e Entry) bool { return e.Key != "" })
	out, err := d.exec(ctx, &op{cmd: "record", id: id, act: act, needsKeys: keyed}, func(_ *Ticket, _ logView, _ *sla.Result, _ time.Time, f *logFold) ([]step, error) {
		return recordSteps(f, entries)
	}, nil)
	if err != nil {
		return nil, nil, err
	}
	return out.t, out.entries, nil
}

// checkEntries checks the entries a caller records: each has a type, and
// its texts follow the Desk's input rules.
func checkEntries(cmd string, entries []Entry) error {
	for i, e := range entries {
		f := fmt.Sprintf("entries[%d].", i)
		if e.Type == "" {
			return &CommandError{Command: cmd, Field: f + "type", Reason: "empty"}
		}
		in := []input{nameIn(f+"type", string(e.Type)), nameIn(f+"event", string(e.Event)), textIn(f+"text", e.Text), keyIn(f+"key", e.Key)}
		for j, c := range e.Changes {
			g := fmt.Sprintf("%schanges[%d].", f, j)
			in = append(in, nameIn(g+"field", string(c.Field)), textIn(g+"value", c.Value))
		}
		if err := checkInput(cmd, in...); err != nil {
			return err
		}
	}
	return nil
}

// recordSteps turns entries into steps, skipping those whose key is in the
// log folded in f or earlier among them.
func recordSteps(f *logFold, entries []Entry) ([]step, error) {
	if err := checkEntries("apply", entries); err != nil {
		return nil, err
	}
	var seen map[string]bool
	steps := make([]step, 0, len(entries))
	for _, e := range entries {
		if e.Key != "" {
			if f.hasKey(e.Key) || seen[e.Key] {
				continue
			}
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[e.Key] = true
		}
		steps = append(steps, step{typ: e.Type, event: e.Event, changes: slices.Clone(e.Changes), task: e.Task, text: e.Text, key: e.Key})
	}
	return steps, nil
}

// Refresh recomputes a ticket's SLA fields and NextDue at the current time
// and saves them if they changed, appending nothing to the log. A scheduler
// calls it when a ticket's NextDue has passed (a warning stage fell, a
// deadline passed) so that the stored fields and NextDue move on. It returns
// the ticket as stored.
func (d *Desk) Refresh(ctx context.Context, id codes.ID) (*Ticket, error) {
	out, err := d.exec(ctx, &op{cmd: "refresh", id: id, act: Action{Actor: d.cfg.System}}, func(*Ticket, logView, *sla.Result, time.Time, *logFold) ([]step, error) {
		return nil, nil
	}, nil)
	if err != nil {
		return nil, err
	}
	return out.t, nil
}

// op is one run of a change on an existing ticket.
type op struct {
	cmd  string
	id   codes.ID
	act  Action
	from *Snapshot
	// needSLA evaluates the SLA before plan, which then gets it; plans
	// that do not need it get nil, and the SLA is evaluated once, after.
	needSLA bool
	// snapshot builds the Snapshot the change leaves.
	snapshot bool
	// needsLog reads the log even where the ticket's checkpoint would do
	// without it: the plan reads the log.
	needsLog bool
	// needsKeys says the plan asks which idempotency keys the log has
	// (logFold.hasKey): a fold that does not know them (read from a
	// Checkpoint) will not do.
	needsKeys bool
	// staleCheckpoint says the ticket's Checkpoint was read and refused
	// (head): the command saves a new one even if it adds no entry.
	staleCheckpoint bool
}

// usable reports whether f, a fold of the ticket's log, has what o needs.
func (o *op) usable(f *logFold) bool {
	return f != nil && (!o.needsKeys || f.knowsKeys())
}

// planFunc computes the steps of a change from the ticket as read, its log
// (nil when the Desk reads the ticket without it), its SLA (when the op
// needs it), now and the fold of the log.
type planFunc func(t *Ticket, log logView, res *sla.Result, now time.Time, f *logFold) ([]step, error)

type outcome struct {
	t       *Ticket
	entries []Entry
	snap    *Snapshot
}

// exec is every change on an existing ticket: read it (or start from a
// snapshot), plan the entries, run each entry's event through the workflow,
// derive the SLA fields, save ticket and entries with the version read, and
// tell the hooks. A lost race runs it all again, up to Config.Retries times.
// plan gives the steps; input is the command's input for the permission
// hook, and nil does not ask it (Apply, Record, the Desk's own actions).
// Both are parameters rather than fields of o, which is read into errors
// and the store's calls, so that a command's closures stay on its stack.
func (d *Desk) exec(ctx context.Context, o *op, plan planFunc, input any) (out outcome, err error) {
	obs := Observation{Command: Command(o.cmd), Ticket: o.id, Actor: o.act.Actor}
	start := time.Now()
	defer func() {
		obs.Duration, obs.Err = time.Since(start), err
		if errors.Is(err, errNotDue) {
			obs.Err = nil // nothing to do
		}
		d.observe(ctx, &obs)
	}()
	if o.id.IsZero() {
		return out, &CommandError{Command: o.cmd, Field: "id", Reason: "no ticket id given"}
	}
	if o.act.Actor == "" {
		return out, &CommandError{Command: o.cmd, Field: "actor", Reason: "who does it is required"}
	}
	if err := checkInput(o.cmd, nameIn("actor", o.act.Actor)); err != nil {
		return out, err
	}
	sc := getScratch()
	defer sc.put()
	for attempt := 0; ; attempt++ {
		obs.Attempts++
		var t *Ticket
		var log logView
		var known *sla.Result // the SLA of log, evaluated at or before now
		var n int             // entries in the log
		var f *logFold        // the fold of those n entries, when known
		// owned says no one else holds f: the command's entries are folded
		// into it in place, and until then giveBack returns it to the
		// cache when the command stops short.
		var owned bool
		giveBack := func() {
			if owned {
				d.folds.put(o.id, t.Version, f)
			}
		}
		if attempt == 0 && o.from != nil {
			t, log, known = o.from.Ticket.Clone(), o.from.log, &o.from.SLA
			n = log.len()
			if ff := o.from.fold; ff != nil && ff.entries == n && o.usable(ff) {
				f = ff // shared: folded into a copy only
			}
		} else {
			obs.Loads++
			if t, n, f, owned, err = d.head(ctx, o); err != nil {
				return out, err
			}
			if f == nil {
				if t != nil {
					obs.Loads++ // the row was read, and the log is needed too
				}
				if t, log.base, err = d.load(ctx, o.id); err != nil {
					return out, err
				}
				n = len(log.base)
			}
		}
		if input != nil {
			in := input
			if g, ok := in.(interface{ forTicket(*Desk, *Ticket) any }); ok {
				in = g.forTicket(d, t)
			}
			if err := d.authorize(ctx, Command(o.cmd), o.act.Actor, t, in); err != nil {
				giveBack()
				return out, err
			}
		}
		now := d.cfg.Now()
		last := log.lastAt()
		if log.len() == 0 && f != nil {
			last = f.lastAt
		}
		at, err := d.when(o.cmd, o.act, last, now)
		if err != nil {
			giveBack()
			return out, err
		}
		if now.Before(at) {
			now = at // the clock was set back: the log's last entry is now
		}
		if f == nil {
			if o.snapshot {
				f = d.folds.get(o.id, t.Version, n)
			} else {
				f, owned = d.folds.take(o.id, t.Version, n)
			}
			if f != nil && !o.usable(f) {
				giveBack()
				f, owned = nil, false
			}
		}
		if f == nil {
			// Not folded here at this version: fold the whole log, the
			// reference every incremental fold agrees with.
			if f, err = d.foldMore(nil, o.id, log.whole(), sc); err != nil {
				return out, err
			}
			owned = true
		}
		if o.snapshot && owned {
			// A Snapshot's plan is handed f, and its holder may keep it.
			f.shared, owned = true, false
		}
		if o.needSLA && known == nil {
			obs.Evaluations++
			known = new(sla.Result)
			if err := d.pol.ProjectTo(known, f.sla, now); err != nil {
				giveBack()
				return out, err
			}
		}
		steps, err := plan(t, log, known, now, f)
		if err != nil {
			giveBack()
			return out, err
		}
		read := t.Version
		before := derivedOf(t)
		next, entries, err := d.append(ctx, t, n, o.act.Actor, at, steps)
		if err != nil {
			giveBack()
			return out, err
		}
		after := f
		switch {
		case len(entries) > 0 && owned:
			// Fold the command's entries into f rather than into a copy
			// of it: no one else holds it.
			owned = false // changed: never given back as the fold of the log read
			if err := d.foldInto(f, o.id, entries, sc); err != nil {
				return out, err
			}
		case len(entries) > 0:
			if after, err = d.foldMore(f, o.id, entries, sc); err != nil {
				return out, err
			}
			after.shared = o.snapshot
		}
		res := known
		if res == nil || addsFacts(entries) {
			obs.Evaluations++
			res = &sc.res
			if err := d.pol.ProjectTo(res, after.sla, now); err != nil {
				return out, err
			}
		}
		d.deriveFrom(next, after, res, now, log, entries, sc)
		if d.heads {
			next.Checkpoint = d.writeFold(next.ID, after)
		}
		if len(entries) == 0 && before.same(next) && (next.Checkpoint == nil || before.checkpointed && !o.staleCheckpoint) {
			d.folds.put(o.id, read, f)
			return d.outcome(o, next, log, nil, res, res == &sc.res, now, f), nil
		}
		err = d.cfg.Store.Save(ctx, next, entries, read)
		if errors.Is(err, ErrConflict) && attempt < d.cfg.Retries && ctx.Err() == nil {
			continue
		}
		if err != nil {
			return out, err
		}
		next.Version = read + 1
		d.folds.put(o.id, next.Version, after)
		d.notify(ctx, next, entries)
		return d.outcome(o, next, log, entries, res, res == &sc.res, now, after), nil
	}
}

// outcome is what exec returns; res is the scratch's when scratched, and is
// copied into a Snapshot then.
func (d *Desk) outcome(o *op, t *Ticket, log logView, entries []Entry, res *sla.Result, scratched bool, now time.Time, f *logFold) outcome {
	out := outcome{t: t, entries: entries}
	if o.snapshot {
		// The store's log is never appended to in place: the entries
		// are kept beside it.
		s := &Snapshot{Ticket: t.Clone(), log: log.with(entries), SLA: *res, Now: now, fold: f}
		if scratched {
			s.SLA.Targets = slices.Clone(res.Targets)
		}
		out.snap = s
	}
	return out
}

// derived is what derive sets of a ticket, kept before a change to tell
// whether the change moved it.
type derived struct {
	plannedResponse, actualResponse     time.Time
	respondedOnTime                     OnTime
	plannedResolution, actualResolution time.Time
	resolvedOnTime                      OnTime
	nextDue, closed                     time.Time
	checkpointed                        bool // the ticket had a Checkpoint
}

func derivedOf(t *Ticket) derived {
	return derived{t.PlannedResponse, t.ActualResponse, t.RespondedOnTime, t.PlannedResolution, t.ActualResolution,
		t.ResolvedOnTime, t.NextDue, t.Closed, len(t.Checkpoint) > 0}
}

// same reports whether t agrees with a on every field derive sets.
func (a *derived) same(t *Ticket) bool {
	return a.plannedResponse.Equal(t.PlannedResponse) && a.actualResponse.Equal(t.ActualResponse) &&
		a.respondedOnTime == t.RespondedOnTime && a.plannedResolution.Equal(t.PlannedResolution) &&
		a.actualResolution.Equal(t.ActualResolution) && a.resolvedOnTime == t.ResolvedOnTime &&
		a.nextDue.Equal(t.NextDue) && a.closed.Equal(t.Closed)
}

// observe tells the Logger and the Observe hook of a command.
func (d *Desk) observe(ctx context.Context, o *Observation) {
	level, msg := slog.LevelDebug, "incident: command"
	switch {
	case o.Err == nil:
	case errors.Is(o.Err, ErrInvalidCommand), errors.Is(o.Err, ErrInvalidTransition), errors.Is(o.Err, ErrGuard), errors.Is(o.Err, ErrForbidden),
		errors.Is(o.Err, ErrNotFound), errors.Is(o.Err, ErrConflict), ctx.Err() != nil:
		level, msg = slog.LevelInfo, "incident: command refused"
	default:
		level, msg = slog.LevelError, "incident: command failed"
	}
	if l := d.cfg.Logger; l.Enabled(ctx, level) {
		attrs := []slog.Attr{slog.String("command", string(o.Command)), slog.String("actor", o.Actor), slog.Duration("duration", o.Duration)}
		if !o.Ticket.IsZero() {
			attrs = append(attrs, slog.String("ticket", o.Ticket.String()))
		}
		if o.Attempts > 1 {
			attrs = append(attrs, slog.Int("attempts", o.Attempts))
		}
		if o.Err != nil {
			attrs = append(attrs, slog.Any("err", o.Err))
		}
		l.LogAttrs(ctx, level, msg, attrs...)
	}
	if d.cfg.Observe != nil {
		d.cfg.Observe(ctx, *o)
	}
}

// head reads ticket o.id without its log when the Store can (HeadReader) and
// the command can do without it: the ticket, the length of its log, and the
// fold of the log from the Desk's own or the ticket's Checkpoint. It returns
// a nil fold when the log must be read after all (the ticket is then the
// row read, or nil when nothing was read). owned says the caller holds the
// fold alone (folds.take).
func (d *Desk) head(ctx context.Context, o *op) (t *Ticket, n int, f *logFold, owned bool, err error) {
	o.staleCheckpoint = false
	hr, ok := d.cfg.Store.(HeadReader)
	if !ok || !d.heads || o.needsLog || o.snapshot {
		return nil, 0, nil, false, nil
	}
	if _, folding := d.sched.(FoldingScheduler); d.sched != nil && !folding {
		return nil, 0, nil, false, nil
	}
	if t, n, err = hr.Head(ctx, o.id); err != nil {
		return nil, 0, nil, false, err
	}
	f, owned = d.folds.take(o.id, t.Version, n)
	if f != nil && !o.usable(f) {
		if owned {
			d.folds.put(o.id, t.Version, f)
		}
		return t, n, nil, false, nil // the log is read after all, and folded whole
	}
	if f == nil {
		f = d.readFold(t.ID, t.Checkpoint, n)
		// A checkpoint that is not read (of another form, policy or
		// rules, damaged, another ticket's) is written again even by a
		// command that adds no entry.
		o.staleCheckpoint = f == nil && len(t.Checkpoint) > 0
		if !o.usable(f) {
			return t, n, nil, false, nil
		}
		owned = true
	}
	return t, n, f, owned, nil
}
