package incident

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// step is one entry a command appends, before it is numbered and timed.
type step struct {
	typ     EntryType
	event   Event
	changes []Change
	task    int
	text    string
	key     string
	system  bool // done by the Desk itself, as Config.System
}

// when returns the time of a command: act.At, or now; never before the last
// entry, never in the future. Instants are wall-clock instants: a
// monotonic clock reading (time.Now's) is dropped, so that entries compare
// the same in this process as read back from a store. Where the clock
// reads before the last entry (the system clock was set back), now is the
// last entry's time: the log stays in order. A caller that goes on using
// now takes the later of now and the time returned.
func (d *Desk) when(cmd string, act Action, last, now time.Time) (time.Time, error) {
	now = now.Round(0)
	if last = last.Round(0); now.Before(last) {
		now = last
	}
	at := act.At.Round(0)
	if at.IsZero() {
		at = now
	}
	at = at.In(d.cfg.Location)
	if at.After(now) {
		return time.Time{}, &CommandError{Command: cmd, Field: "at", Reason: fmt.Sprintf("%s is in the future (now is %s)", at.Format(time.RFC3339), now.Format(time.RFC3339))}
	}
	if !last.IsZero() && at.Before(last) {
		return time.Time{}, &CommandError{Command: cmd, Field: "at", Reason: fmt.Sprintf("%s is before the ticket's last entry at %s", at.Format(time.RFC3339Nano), last.Format(time.RFC3339Nano))}
	}
	return at, nil
}

// run is every command on an existing ticket: exec with a plan of steps
// from the ticket and its log. in is the command's input for the
// permission hook; nil does not ask it (the Desk's own actions).
func (d *Desk) run(ctx context.Context, cmd string, id codes.ID, act Action, in any, plan func(t *Ticket) ([]step, error)) (*Ticket, []Entry, error) {
	out, err := d.exec(ctx, &op{cmd: cmd, id: id, act: act}, func(t *Ticket, _ logView, _ *sla.Result, _ time.Time, _ *logFold) ([]step, error) {
		return plan(t)
	}, in)
	if err != nil {
		return nil, nil, err
	}
	return out.t, out.entries, nil
}

// runFolded is run for a plan that reads what the Desk folds of the log
// (when the ticket was resolved, whether it was flagged major on its own)
// rather than the log: the Desk reads the ticket's row alone where it can.
func (d *Desk) runFolded(ctx context.Context, cmd string, id codes.ID, act Action, in any, plan func(t *Ticket, f *logFold) ([]step, error)) (*Ticket, []Entry, error) {
	out, err := d.exec(ctx, &op{cmd: cmd, id: id, act: act}, func(t *Ticket, _ logView, _ *sla.Result, _ time.Time, f *logFold) ([]step, error) {
		return plan(t, f)
	}, in)
	if err != nil {
		return nil, nil, err
	}
	return out.t, out.entries, nil
}

// load returns a ticket of the caller's own and its log, which the caller
// must not change (View).
func (d *Desk) load(ctx context.Context, id codes.ID) (*Ticket, []Entry, error) {
	return View(ctx, d.cfg.Store, id)
}

// append turns steps into entries numbered after n and applies each to t,
// which must be the caller's own copy (Store.Load returns one): on error the
// caller drops it, so nothing of the command remains. An entry with an event
// must be allowed by the workflow and pass its guards on the ticket as the
// entry's changes leave it.
func (d *Desk) append(ctx context.Context, next *Ticket, n int, actor string, at time.Time, steps []step) (*Ticket, []Entry, error) {
	entries := make([]Entry, 0, len(steps))
	for i, s := range steps {
		e := Entry{Seq: n + i + 1, At: at, Actor: actor, Type: s.typ, Event: s.event, Changes: s.changes, Task: s.task, Text: s.text, Key: s.key}
		if s.system {
			e.Actor = d.cfg.System
		}
		// The entries are numbered and timed by construction (the time
		// checked by when), so apply them directly rather than replay.
		next.Updated = at
		if err := applyEntry(next, &e); err != nil {
			return nil, nil, &CommandError{Command: string(s.event), Field: "changes", Reason: err.Error()}
		}
		if s.event != "" {
			to, err := d.wf.Fire(ctx, next, s.event)
			if err != nil {
				return nil, nil, err
			}
			e.Status, next.Status = to, to
		}
		entries = append(entries, e)
	}
	return next, entries, nil
}

func (d *Desk) notify(ctx context.Context, t *Ticket, entries []Entry) {
	for _, f := range d.cfg.OnCommit {
		f(ctx, Commit{Ticket: t.Clone(), Entries: cloneEntries(entries)})
	}
}

func cloneEntries(es []Entry) []Entry {
	out := slices.Clone(es)
	for i := range out {
		out[i].Changes = slices.Clone(out[i].Changes)
	}
	return out
}

// Registration is what the service desk records of a new incident.
type Registration struct {
	Action // Actor is the registrar.

	Summary     string       `json:"summary"`               // a one-line description (简要描述); required
	Description string       `json:"description,omitempty"` // the full description (详细描述)
	Requester   string       `json:"requester,omitempty"`   // the person the incident is for (申请人), who confirms the solution
	Source      codes.Source `json:"source,omitempty"`      // how it came in: phone, e-mail, monitoring, ... (事件来源)
	// ExternalKey identifies a monitoring alert: registering an alert whose
	// source and key match an open ticket adds to that ticket instead. At
	// most MaxKeyLen bytes.
	ExternalKey string `json:"external_key,omitempty"`

	// Impact and Urgency give the priority through the matrix; Priority,
	// if set, overrides it. One of the two ways is required.
	Impact   codes.Impact   `json:"impact,omitempty"`
	Urgency  codes.Urgency  `json:"urgency,omitempty"`  // see Impact
	Priority codes.Priority `json:"priority,omitempty"` // see Impact

	Category     codes.Category `json:"category,omitempty"`      // a code of the category tree (事件分类)
	System       codes.System   `json:"system,omitempty"`        // the owning system (所属系统)
	Nature       codes.Nature   `json:"nature,omitempty"`        // incident or service request (事件性质)
	CustomerTier string         `json:"customer_tier,omitempty"` // the requester's class of service, such as "vip"
	// Tier is the tier that holds the new ticket. Default: the service desk.
	Tier        codes.Tier `json:"tier,omitempty"`
	ConfigItems []string   `json:"config_items,omitempty"` // the configuration items concerned (配置项)
	Attachments []string   `json:"attachments,omitempty"`  // names or references of attached files (附件)
	// Major flags a major incident whatever its priority (P1 and P2 are
	// major anyway).
	Major bool `json:"major,omitempty"`

	// Facts are the incident's own facts: when it occurred, the reporter,
	// location, symptom, error code.
	Facts
}

// Register opens a ticket, or, when r repeats the alert of an open ticket
// (same Source and ExternalKey), records the repeat on that ticket and
// returns it (its Alerts counts the repeats). However many repeats of an
// alert arrive at once, one ticket opens and the others attach to it: the
// Store keeps one open ticket per alert, and a repeat that loses a race
// tries again until it lands or ctx is done.
//
// The ticket's id takes the next number of its day in the same write that
// creates it, so a registration refused or interrupted takes no number.
func (d *Desk) Register(ctx context.Context, r Registration) (t *Ticket, err error) {
	const cmd = "register"
	start := time.Now()
	o := Observation{Command: CmdRegister, Actor: r.Actor}
	attached := false // a repeat attached to its open ticket is observed as a command on it
	defer func() {
		if attached {
			return
		}
		o.Duration, o.Err = time.Since(start), err
		if t != nil {
			o.Ticket = t.ID
		}
		d.observe(ctx, &o)
	}()
	if r.Actor == "" {
		return nil, &CommandError{Command: cmd, Field: "actor", Reason: "the registrar is required"}
	}
	if err := r.check(cmd); err != nil {
		return nil, err
	}
	if err := d.authorize(ctx, CmdRegister, r.Actor, nil, r); err != nil {
		return nil, err
	}
	changes, err := d.registration(r)
	if err != nil {
		return nil, err
	}
	at, err := d.when(cmd, r.Action, time.Time{}, d.cfg.Now())
	if err != nil {
		return nil, err
	}
	if r.ExternalKey == "" {
		changes = append(changes, d.suggest(ctx, r)...)
	}
	routed, err := d.routeRegistration(ctx, at, r.Actor, changes)
	if err != nil {
		return nil, err
	}
	var open codes.ID // the open ticket of the alert, when known
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.ExternalKey != "" {
			if open.IsZero() {
				found, err := d.cfg.Store.Find(ctx, Filter{Source: r.Source, ExternalKey: r.ExternalKey, NotStatuses: d.finals(), Limit: 1})
				if err != nil {
					return nil, err
				}
				if len(found) > 0 {
					open = found[0].ID
				}
			}
			if !open.IsZero() {
				t, err := d.attach(ctx, open, r)
				switch {
				case err == nil:
					attached = true
					return t, nil
				case errors.Is(err, ErrConflict):
					// Another repeat came first: try again on the ticket.
				case errors.Is(err, errNotOpen), errors.Is(err, ErrNotFound):
					// The ticket closed meanwhile, or the store still
					// counts a closed ticket open (one stored before
					// Closed was): bring its Closed up to date, then
					// look again.
					if _, err := d.Refresh(ctx, open); err != nil && !errors.Is(err, ErrConflict) && !errors.Is(err, ErrNotFound) {
						return nil, err
					}
					open = codes.ID{}
				default:
					return nil, err
				}
				continue
			}
		}
		o.Attempts++
		o.Evaluations++
		t, log, err := d.open(ctx, at, r.Actor, changes, routed)
		var ao *AlertOpenError
		if errors.As(err, &ao) {
			open = ao.Open // another registration of the alert came first
			continue
		}
		if err != nil {
			return nil, err
		}
		d.notify(ctx, t, log)
		return t, nil
	}
}

var errNotOpen = errors.New("incident: the ticket is closed")

// attach records a repeat of the alert r on the open ticket id.
func (d *Desk) attach(ctx context.Context, id codes.ID, r Registration) (*Ticket, error) {
	t, _, err := d.run(ctx, "register", id, r.Action, nil, func(t *Ticket) ([]step, error) {
		if d.wf.Final(t.Status) {
			return nil, errNotOpen
		}
		return []step{{typ: EntryAlert, text: strings.TrimSpace(r.Summary + "\n" + r.Description)}}, nil
	})
	return t, err
}

// open creates the ticket whose register entry has changes, followed by the
// entries of more, at at, taking its number in the same write.
func (d *Desk) open(ctx context.Context, at time.Time, actor string, changes []Change, more []step) (*Ticket, []Entry, error) {
	local := at.In(d.cfg.Location)
	var (
		t   *Ticket
		log []Entry
	)
	err := d.cfg.Store.Write(ctx, func(tx Tx) error {
		seq, err := tx.NextSeq(d.cfg.Kind, DayOf(local))
		if err != nil {
			return err
		}
		id, err := codes.NewID(d.cfg.Kind, local, seq)
		if err != nil {
			return err
		}
		log = []Entry{{Seq: 1, At: at, Actor: actor, Type: EntryRegister, Status: d.wf.Initial(), Changes: changes}}
		if t, err = Replay(id, log); err != nil {
			return err
		}
		if len(more) > 0 {
			var extra []Entry
			if t, extra, err = d.append(ctx, t, 1, actor, at, more); err != nil {
				return err
			}
			log = append(log, extra...)
		}
		if err := d.derive(t, log, nil); err != nil {
			return err
		}
		return tx.Create(t, log)
	})
	if err != nil {
		return nil, nil, err
	}
	t.Version = 1
	return t, log, nil
}

// check refuses text in r that no Desk accepts (checkInput).
func (r *Registration) check(cmd string) error {
	in := []input{
		nameIn("actor", r.Actor), textIn("summary", r.Summary), textIn("description", r.Description),
		nameIn("requester", r.Requester), nameIn("source", string(r.Source)), keyIn("external_key", r.ExternalKey),
		nameIn("impact", string(r.Impact)), nameIn("urgency", string(r.Urgency)), nameIn("category", string(r.Category)),
		nameIn("system", string(r.System)), nameIn("nature", string(r.Nature)), nameIn("customer_tier", r.CustomerTier),
		nameIn("tier", string(r.Tier)),
	}
	in = append(in, each("config_items", r.ConfigItems, MaxKeyLen)...)
	in = append(in, each("attachments", r.Attachments, MaxKeyLen)...)
	return checkInput(cmd, in...)
}

// registration checks r and returns the changes of its register entry.
func (d *Desk) registration(r Registration) ([]Change, error) {
	const cmd = "register"
	bad := func(field, format string, args ...any) error {
		return &CommandError{Command: cmd, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(r.Summary) == "" {
		return nil, bad("summary", "a summary is required")
	}
	p := r.Priority
	if p != 0 && !p.Valid() {
		return nil, bad("priority", "%d is not a priority (P1–P5)", int(p))
	}
	switch {
	case r.Impact != "" && r.Urgency == "":
		return nil, bad("urgency", "required with an impact: the priority is impact × urgency")
	case r.Urgency != "" && r.Impact == "":
		return nil, bad("impact", "required with an urgency: the priority is impact × urgency")
	}
	if r.Impact != "" || r.Urgency != "" {
		mp, err := d.cfg.Codes.Matrix().Priority(r.Impact, r.Urgency)
		if err != nil {
			return nil, bad("impact", "%v", err)
		}
		if p == 0 {
			p = mp
		}
	}
	if p == 0 {
		return nil, bad("priority", "impact and urgency, or a priority, are required")
	}
	if err := d.checkCodes(cmd, r.Source, r.Category, r.System, r.Nature, ""); err != nil {
		return nil, err
	}
	tier := r.Tier
	if tier == "" {
		tier = codes.TierServiceDesk
	}
	if !d.cfg.Codes.Tiers().Has(tier) {
		return nil, bad("tier", "unknown tier %q", tier)
	}
	c := make([]Change, 0, 16)
	c = append(c,
		Change{FieldSummary, r.Summary},
		Change{FieldPriority, p.String()},
		Change{FieldRegistrar, r.Actor},
		Change{FieldTier, string(tier)},
	)
	add := func(f Field, v string) {
		if v != "" {
			c = append(c, Change{f, v})
		}
	}
	add(FieldDescription, r.Description)
	add(FieldRequester, r.Requester)
	add(FieldSource, string(r.Source))
	add(FieldExternalKey, r.ExternalKey)
	add(FieldImpact, string(r.Impact))
	add(FieldUrgency, string(r.Urgency))
	add(FieldCategory, string(r.Category))
	add(FieldSystem, string(r.System))
	add(FieldNature, string(r.Nature))
	add(FieldCustomerTier, r.CustomerTier)
	for _, ci := range r.ConfigItems {
		add(FieldConfigItem, ci)
	}
	for _, a := range r.Attachments {
		add(FieldAttachment, a)
	}
	if r.Major {
		add(FieldMajor, "true")
	}
	facts, err := d.factChanges(cmd, nil, r.Facts, Findings{}, cmp.Or(r.At, d.cfg.Now()))
	if err != nil {
		return nil, err
	}
	return append(c, facts...), nil
}

// checkCodes refuses codes the Desk's tables do not hold; empty ones pass.
func (d *Desk) checkCodes(cmd string, src codes.Source, cat codes.Category, sys codes.System, nat codes.Nature, cl codes.ClosureCode) error {
	unknown := func(field string, err error) error {
		return &CommandError{Command: cmd, Field: field, Reason: err.Error()}
	}
	t := d.cfg.Codes
	if src != "" {
		if _, err := t.Sources().Lookup(src); err != nil {
			return unknown("source", err)
		}
	}
	if cat != "" {
		if _, err := t.Categories().Lookup(cat); err != nil {
			return unknown("category", err)
		}
	}
	if sys != "" {
		if _, err := t.Systems().Lookup(sys); err != nil {
			return unknown("system", err)
		}
	}
	if nat != "" {
		if _, err := t.Natures().Lookup(nat); err != nil {
			return unknown("nature", err)
		}
	}
	if cl != "" {
		if _, err := t.ClosureCodes().Lookup(cl); err != nil {
			return unknown("closure", err)
		}
	}
	return nil
}

// finals returns the workflow's final statuses.
func (d *Desk) finals() []codes.Status {
	var out []codes.Status
	for _, s := range d.wf.Statuses() {
		if d.wf.Final(s) {
			out = append(out, s)
		}
	}
	return out
}

// Assignment gives a ticket to a group, a person and a tier.
type Assignment struct {
	Action
	Group    string `json:"group,omitempty"`    // the group taking the ticket; it or Assignee is required
	Assignee string `json:"assignee,omitempty"` // the person taking it
	// Tier is the tier taking the ticket; empty keeps the current one.
	Tier codes.Tier `json:"tier,omitempty"`
}

func (d *Desk) assignment(cmd string, a Assignment) ([]Change, error) {
	if err := checkInput(cmd, nameIn("group", a.Group), nameIn("assignee", a.Assignee), nameIn("tier", string(a.Tier))); err != nil {
		return nil, err
	}
	if a.Group == "" && a.Assignee == "" {
		return nil, &CommandError{Command: cmd, Field: "assignee", Reason: "a group or an assignee is required"}
	}
	if a.Tier != "" && !d.cfg.Codes.Tiers().Has(a.Tier) {
		return nil, &CommandError{Command: cmd, Field: "tier", Reason: fmt.Sprintf("unknown tier %q", a.Tier)}
	}
	var c []Change
	if a.Group != "" {
		c = append(c, Change{FieldGroup, a.Group})
	}
	if a.Assignee != "" {
		c = append(c, Change{FieldAssignee, a.Assignee})
	}
	if a.Tier != "" {
		c = append(c, Change{FieldTier, string(a.Tier)})
	}
	return c, nil
}

// Assign gives a registered ticket to a group or person (and tier).
func (d *Desk) Assign(ctx context.Context, id codes.ID, a Assignment) (*Ticket, error) {
	return d.transition(ctx, "assign", id, a.Action, a, EventAssign, func(*Ticket) ([]Change, error) { return d.assignment("assign", a) })
}

// Reassign gives an assigned or in-progress ticket to another group, person
// or tier; Escalate is the common case of handing it up a tier. Each
// reassignment is counted (Ticket.Reassignments); the default escalation
// rules send a ticket reassigned more than three times to the incident
// manager.
func (d *Desk) Reassign(ctx context.Context, id codes.ID, a Assignment) (*Ticket, error) {
	return d.transition(ctx, "reassign", id, a.Action, a, EventReassign, func(*Ticket) ([]Change, error) { return d.assignment("reassign", a) })
}

// Escalate hands a ticket up to the next tier of support (service desk →
// L1 → L2 → L3), to a.Group and a.Assignee (one of them is required; the
// other is cleared unless given), through the reassign event. An L3 ticket
// marks a vendor involved. A ticket at L3 cannot go higher. It is counted
// in Ticket.Escalations, not as a reassignment; an escalation rule's
// raise_tier does the same (TierRaise).
func (d *Desk) Escalate(ctx context.Context, id codes.ID, a Assignment) (*Ticket, error) {
	const cmd = "escalate"
	if a.Group == "" && a.Assignee == "" {
		return nil, &CommandError{Command: cmd, Field: "assignee", Reason: "a group or an assignee is required"}
	}
	if a.Tier != "" {
		return nil, &CommandError{Command: cmd, Field: "tier", Reason: "the next tier is the ticket's; use Reassign to give it to a tier of your choice"}
	}
	return d.transition(ctx, cmd, id, a.Action, a, EventReassign, func(t *Ticket) ([]Change, error) {
		c, ok := TierRaise(t, a.Group, a.Assignee)
		if !ok {
			return nil, &CommandError{Command: cmd, Field: "tier", Reason: fmt.Sprintf("%q is the last tier", cmp.Or(t.Tier, codes.TierServiceDesk))}
		}
		return c, nil
	})
}

// TierRaise returns the changes that hand t up to the next tier of support
// (service desk → L1 → L2 → L3): the tier; the group and the assignee,
// each cleared when empty (the next tier's queue takes the ticket, not the
// person of the tier below); and at L3 the vendor flag (a third party is
// involved). ok is false when t is at the last tier. Desk.Escalate and an
// escalation rule's raise_tier both raise a tier with it, so the two mean
// the same.
func TierRaise(t *Ticket, group, assignee string) (changes []Change, ok bool) {
	cur := cmp.Or(t.Tier, codes.TierServiceDesk)
	next, ok := cur.Next()
	if !ok {
		return nil, false
	}
	changes = []Change{{FieldTier, string(next)}}
	if group != t.Group {
		changes = append(changes, Change{FieldGroup, group})
	}
	if assignee != t.Assignee {
		changes = append(changes, Change{FieldAssignee, assignee})
	}
	if next == codes.TierL3 && !t.Vendor {
		changes = append(changes, Change{FieldVendor, "true"})
	}
	return changes, true
}

// transition runs one event with the changes that come with it.
func (d *Desk) transition(ctx context.Context, cmd string, id codes.ID, act Action, in any, ev Event, changes func(*Ticket) ([]Change, error)) (*Ticket, error) {
	t, _, err := d.run(ctx, cmd, id, act, in, func(t *Ticket) ([]step, error) {
		c, err := changes(t)
		if err != nil {
			return nil, err
		}
		return []step{{typ: EntryTransition, event: ev, changes: c}}, nil
	})
	return t, err
}

func noChanges(*Ticket) ([]Change, error) { return nil, nil }

// Start marks the response: the assignee has taken up the ticket.
func (d *Desk) Start(ctx context.Context, id codes.ID, act Action) (*Ticket, error) {
	return d.transition(ctx, "start", id, act, act, EventStart, noChanges)
}

// Pend puts a ticket in progress on hold (waiting for the customer or a
// vendor), where the workflow has a pending status; reason is logged.
func (d *Desk) Pend(ctx context.Context, id codes.ID, act Action, reason string) (*Ticket, error) {
	if err := checkInput("pend", textIn("reason", reason)); err != nil {
		return nil, err
	}
	t, _, err := d.run(ctx, "pend", id, act, act, func(*Ticket) ([]step, error) {
		return []step{{typ: EntryTransition, event: EventPend, text: reason}}, nil
	})
	return t, err
}

// Resume takes a pending ticket back into progress.
func (d *Desk) Resume(ctx context.Context, id codes.ID, act Action) (*Ticket, error) {
	return d.transition(ctx, "resume", id, act, act, EventResume, noChanges)
}

// Resolution is how a ticket was resolved.
type Resolution struct {
	Action
	Solution string            `json:"solution"` // the cause and what was done; required
	Closure  codes.ClosureCode `json:"closure"`  // required
	// Role is the role of whoever resolved it, such as
	// codes.ResolverField for a field engineer on site. Default: the role
	// of the tier holding the ticket (service desk, L1, L2 or L3).
	Role codes.ResolverRole `json:"role,omitempty"`

	// Findings are the root cause, the vendor at fault and the time spent.
	Findings
	// KnowledgeUsed is the reference of the known error or article the
	// solution came from (获取知识库: it counts in the knowledge-base use
	// rate), such as one of Ticket.Suggestions. At most MaxKeyLen bytes.
	KnowledgeUsed string `json:"knowledge_used,omitempty"`
	// ToKnowledge offers the solution to the knowledge base (录入知识库,
	// Config.Knowledge), once, after the resolution is saved (see
	// Resolve).
	ToKnowledge bool `json:"to_knowledge,omitempty"`
}

// Resolve records the solution, closure code and resolver role and
// resolves the ticket. A ticket raised by a monitoring system then closes
// at once, as nobody is there to confirm; others wait for the requester's
// confirmation (Confirm or Reject).
//
// After the resolution is saved, two follow-ups may run, each its own
// write: the offer of the solution to the knowledge base, when
// r.ToKnowledge (OfferKnowledge), and the problem record of a major
// incident, under Config.ProblemForMajor (RaiseProblem). Their failure does
// not undo the resolution: Resolve returns the resolved ticket with the
// error — a *KnowledgeError (ErrKnowledge) for the offer, which stays
// pending for OfferKnowledge to file later under the same key; a
// *FollowUpError (ErrFollowUp) for the problem, which RaiseProblem raises
// later. A caller testing only err != nil must check which.
func (d *Desk) Resolve(ctx context.Context, id codes.ID, r Resolution) (*Ticket, error) {
	if err := checkInput("resolve", textIn("solution", r.Solution), nameIn("closure", string(r.Closure)), nameIn("role", string(r.Role)), keyIn("knowledge_used", r.KnowledgeUsed)); err != nil {
		return nil, err
	}
	if r.ToKnowledge && d.cfg.Knowledge == nil {
		return nil, &CommandError{Command: "resolve", Field: "to_knowledge", Reason: "the Desk has no knowledge base (Config.Knowledge)"}
	}
	if err := d.checkCodes("resolve", "", "", "", "", r.Closure); err != nil {
		return nil, err
	}
	if r.Role != "" {
		if _, err := d.cfg.Codes.ResolverRoles().Lookup(r.Role); err != nil {
			return nil, &CommandError{Command: "resolve", Field: "role", Reason: err.Error()}
		}
	}
	t, _, err := d.run(ctx, "resolve", id, r.Action, r, func(t *Ticket) ([]step, error) {
		more, err := d.resolutionChanges(t, r)
		if err != nil {
			return nil, err
		}
		c := make([]Change, 0, len(more)+3)
		if r.Solution != "" {
			c = append(c, Change{FieldSolution, r.Solution})
		}
		c = append(c, more...)
		if r.Closure != "" {
			c = append(c, Change{FieldClosure, string(r.Closure)})
		}
		c = append(c, Change{FieldResolverRole, string(cmp.Or(r.Role, tierRole(t.Tier)))})
		steps := []step{{typ: EntryTransition, event: EventResolve, changes: c}}
		if t.Source == codes.SourceMonitoring {
			steps = append(steps, step{typ: EntryTransition, event: EventClose, system: true, text: "closed automatically: raised by monitoring"})
		}
		return steps, nil
	})
	if err != nil {
		return t, err
	}
	return d.afterResolve(ctx, t, r)
}

// tierRole returns the resolver role of a tier: the tier's own, the service
// desk for a ticket with no tier.
func tierRole(t codes.Tier) codes.ResolverRole {
	switch t {
	case codes.TierL1:
		return codes.ResolverL1
	case codes.TierL2:
		return codes.ResolverL2
	case codes.TierL3:
		return codes.ResolverL3
	}
	return codes.ResolverServiceDesk
}

// Confirmation is the requester's answer that the solution works.
type Confirmation struct {
	Action
	Satisfaction codes.Satisfaction `json:"satisfaction,omitempty"` // optional
	// Feedback is what the requester says with the rating (意见和建议);
	// optional.
	Feedback string `json:"feedback,omitempty"`
}

// Confirm closes a resolved ticket on the requester's confirmation, with the
// closure code given at resolution.
func (d *Desk) Confirm(ctx context.Context, id codes.ID, c Confirmation) (*Ticket, error) {
	if err := checkInput("confirm", nameIn("satisfaction", string(c.Satisfaction)), textIn("feedback", c.Feedback)); err != nil {
		return nil, err
	}
	if c.Satisfaction != "" {
		if _, err := d.cfg.Codes.Satisfaction().Lookup(c.Satisfaction); err != nil {
			return nil, &CommandError{Command: "confirm", Field: "satisfaction", Reason: err.Error()}
		}
	}
	return d.transition(ctx, "confirm", id, c.Action, c, EventConfirm, func(t *Ticket) ([]Change, error) {
		var ch []Change
		if c.Satisfaction != "" {
			ch = append(ch, Change{FieldSatisfaction, string(c.Satisfaction)})
		}
		if c.Feedback != "" {
			ch = append(ch, Change{FieldFeedback, c.Feedback})
		}
		return ch, nil
	})
}

// Reject records that the requester finds the ticket not solved: the
// ticket closes with closure code unresolved, and a new ticket (重开单),
// linked both ways, opens assigned to the same handler, so the work goes on
// under a new record while the old one keeps its outcome. It
// returns the closed ticket and the new one. Both are written in one write,
// or neither; the new ticket's number is taken in that write.
func (d *Desk) Reject(ctx context.Context, id codes.ID, act Action, reason string) (closed, reopened *Ticket, err error) {
	const cmd = "reject"
	start := time.Now()
	var loads, evals int
	defer func() {
		d.observe(ctx, &Observation{Command: CmdReject, Ticket: id, Actor: act.Actor, Duration: time.Since(start), Loads: loads, Evaluations: evals, Attempts: 1, Err: err})
	}()
	if act.Actor == "" {
		return nil, nil, &CommandError{Command: cmd, Field: "actor", Reason: "who does it is required"}
	}
	if err := checkInput(cmd, nameIn("actor", act.Actor), textIn("reason", reason)); err != nil {
		return nil, nil, err
	}
	loads++
	old, log, err := d.load(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !d.wf.Can(old.Status, EventReject) {
		return nil, nil, &TransitionError{Status: old.Status, Event: EventReject, Allowed: d.wf.Events(old.Status)}
	}
	if err := d.authorize(ctx, CmdReject, act.Actor, old, act); err != nil {
		return nil, nil, err
	}
	var last time.Time
	if n := len(log); n > 0 {
		last = log[n-1].At
	}
	at, err := d.when(cmd, act, last, d.cfg.Now())
	if err != nil {
		return nil, nil, err
	}
	// The new ticket carries the old one's facts and starts assigned to
	// the same handler.
	r := Registration{
		Action: act, Summary: old.Summary, Description: old.Description, Requester: old.Requester,
		Source: old.Source, Priority: old.Priority, Impact: old.Impact, Urgency: old.Urgency,
		Category: old.Category, System: old.System, Nature: old.Nature, CustomerTier: old.CustomerTier,
		Tier: old.Tier, ConfigItems: old.ConfigItems, Major: old.Major && !old.Priority.Major(),
		Facts: old.facts(),
	}
	r.Actor = old.Registrar
	changes, err := d.registration(r)
	if err != nil {
		return nil, nil, err
	}
	if old.Vendor {
		changes = append(changes, Change{FieldVendor, "true"}) // still with the vendor
	}
	changes = append(changes, Change{FieldReopenOf, old.ID.String()})
	local := at.In(d.cfg.Location)
	read := old.Version
	var closedLog, newLog []Entry
	err = d.cfg.Store.Write(ctx, func(tx Tx) error {
		seq, err := tx.NextSeq(d.cfg.Kind, DayOf(local))
		if err != nil {
			return err
		}
		newID, err := codes.NewID(d.cfg.Kind, local, seq)
		if err != nil {
			return err
		}
		closed, closedLog, err = d.append(ctx, old.Clone(), len(log), act.Actor, at, []step{{typ: EntryTransition, event: EventReject, text: reason, changes: []Change{
			{FieldClosure, string(codes.ClosureUnresolved)},
			{FieldReopenedAs, newID.String()},
		}}})
		if err != nil {
			return err
		}
		evals++
		if err := d.derive(closed, log, closedLog); err != nil {
			return err
		}
		first := Entry{Seq: 1, At: at, Actor: act.Actor, Type: EntryRegister, Status: d.wf.Initial(), Changes: changes, Text: reason}
		t, err := Replay(newID, []Entry{first})
		if err != nil {
			return err
		}
		assign := []Change{{FieldGroup, old.Group}, {FieldAssignee, old.Assignee}}
		next, more, err := d.append(ctx, t, 1, act.Actor, at, []step{{typ: EntryTransition, event: EventAssign, changes: assign}})
		if err != nil {
			return err
		}
		newLog = append([]Entry{first}, more...)
		evals++
		if err := d.derive(next, newLog, nil); err != nil {
			return err
		}
		reopened = next
		if err := tx.Save(closed, closedLog, read); err != nil {
			return err
		}
		return tx.Create(reopened, newLog)
	})
	if err != nil {
		return nil, nil, err
	}
	closed.Version, reopened.Version = read+1, 1
	d.notify(ctx, closed, closedLog)
	d.notify(ctx, reopened, newLog)
	return closed, reopened, nil
}

// Closing closes a ticket directly: a resolved one by the service desk, or
// one registered in error (a false alarm, a rejected request).
type Closing struct {
	Action
	// Closure is the closure code; empty keeps the one given at
	// resolution.
	Closure codes.ClosureCode `json:"closure,omitempty"`
	Reason  string            `json:"reason,omitempty"` // why, for the log
}

// Close closes a ticket where the workflow allows it; a closure code is
// required (given now or at resolution).
func (d *Desk) Close(ctx context.Context, id codes.ID, c Closing) (*Ticket, error) {
	if err := checkInput("close", nameIn("closure", string(c.Closure)), textIn("reason", c.Reason)); err != nil {
		return nil, err
	}
	if err := d.checkCodes("close", "", "", "", "", c.Closure); err != nil {
		return nil, err
	}
	t, _, err := d.run(ctx, "close", id, c.Action, c, func(t *Ticket) ([]step, error) {
		var ch []Change
		if c.Closure != "" {
			ch = []Change{{FieldClosure, string(c.Closure)}}
		}
		return []step{{typ: EntryTransition, event: EventClose, changes: ch, text: c.Reason}}, nil
	})
	return t, err
}

// Reopen sends a resolved ticket back to work: the fix did not hold. The
// reopen is counted; the SLA's resolution target continues or starts a new
// cycle, as the policy says.
func (d *Desk) Reopen(ctx context.Context, id codes.ID, act Action, reason string) (*Ticket, error) {
	if err := checkInput("reopen", textIn("reason", reason)); err != nil {
		return nil, err
	}
	t, _, err := d.run(ctx, "reopen", id, act, act, func(*Ticket) ([]step, error) {
		return []step{{typ: EntryTransition, event: EventReopen, text: reason}}, nil
	})
	return t, err
}

// Fire runs an event of a user-defined workflow that has no command of its
// own, such as "review" or "archive".
func (d *Desk) Fire(ctx context.Context, id codes.ID, ev Event, act Action, note string) (*Ticket, error) {
	if err := checkInput("fire", nameIn("event", string(ev)), textIn("note", note)); err != nil {
		return nil, err
	}
	t, _, err := d.run(ctx, string(ev), id, act, act, func(*Ticket) ([]step, error) {
		return []step{{typ: EntryTransition, event: ev, text: note}}, nil
	})
	return t, err
}

// Reprioritization changes the impact and urgency, and so the priority
// through the matrix, or sets the priority directly.
type Reprioritization struct {
	Action
	Impact   codes.Impact   `json:"impact,omitempty"`   // empty keeps the current one
	Urgency  codes.Urgency  `json:"urgency,omitempty"`  // empty keeps the current one
	Priority codes.Priority `json:"priority,omitempty"` // set to override the matrix
	Reason   string         `json:"reason,omitempty"`   // why, for the log
	// Correction says the change corrects a wrong grading. A priority is
	// not lowered otherwise (原有分级不得降低: in principle, a grading is
	// not lowered; GradingsNotLowered, in the default permission rules).
	// A correction below P2 of a ticket that was a major incident only by
	// its priority clears the major flag, since it never was one; a
	// ticket flagged major on its own (Update's Major, a flag_major
	// escalation) stays major. A lowering that is no correction (where
	// the permission rules allow one) keeps the flag.
	Correction bool `json:"correction,omitempty"`
}

// forTicket returns r as the permission hook sees it: with the priority it
// gives t, through the matrix when r gives impact or urgency rather than a
// priority (the priority unchanged if they are incomplete or unknown: the
// command then refuses them).
func (r Reprioritization) forTicket(d *Desk, t *Ticket) any {
	if r.Priority == 0 {
		if p, err := d.cfg.Codes.Matrix().Priority(cmp.Or(r.Impact, t.Impact), cmp.Or(r.Urgency, t.Urgency)); err == nil {
			r.Priority = p
		} else {
			r.Priority = t.Priority
		}
	}
	return r
}

// Reprioritize changes a ticket's impact, urgency and priority. The SLA
// re-matches its targets and keeps the time already counted.
func (d *Desk) Reprioritize(ctx context.Context, id codes.ID, r Reprioritization) (*Ticket, error) {
	const cmd = "reprioritize"
	if err := checkInput(cmd, nameIn("impact", string(r.Impact)), nameIn("urgency", string(r.Urgency)), textIn("reason", r.Reason)); err != nil {
		return nil, err
	}
	t, _, err := d.runFolded(ctx, cmd, id, r.Action, r, func(t *Ticket, f *logFold) ([]step, error) {
		imp, urg := cmp.Or(r.Impact, t.Impact), cmp.Or(r.Urgency, t.Urgency)
		p := r.Priority
		if p != 0 && !p.Valid() {
			return nil, &CommandError{Command: cmd, Field: "priority", Reason: fmt.Sprintf("%d is not a priority (P1–P5)", int(p))}
		}
		if p == 0 {
			if imp == "" || urg == "" {
				return nil, &CommandError{Command: cmd, Field: "impact", Reason: "impact and urgency, or a priority, are required"}
			}
			mp, err := d.cfg.Codes.Matrix().Priority(imp, urg)
			if err != nil {
				return nil, &CommandError{Command: cmd, Field: "impact", Reason: err.Error()}
			}
			p = mp
		}
		var c []Change
		if imp != t.Impact {
			c = append(c, Change{FieldImpact, string(imp)})
		}
		if urg != t.Urgency {
			c = append(c, Change{FieldUrgency, string(urg)})
		}
		if p != t.Priority {
			c = append(c, Change{FieldPriority, p.String()})
			if r.Correction && p > t.Priority && !p.Major() && t.Major && !f.majorFlagged {
				c = append(c, Change{FieldMajor, "false"}) // it was major only by the wrong grading
			}
		}
		if len(c) == 0 {
			return nil, &CommandError{Command: cmd, Field: "priority", Reason: "nothing changes"}
		}
		return []step{{typ: EntryUpdate, changes: c, text: r.Reason}}, nil
	})
	return t, err
}

// Update changes descriptive fields; empty fields are kept.
type Update struct {
	Action
	Summary      string         `json:"summary,omitempty"`       // a new one-line description
	Description  string         `json:"description,omitempty"`   // a new full description
	Requester    string         `json:"requester,omitempty"`     // a new requester
	Category     codes.Category `json:"category,omitempty"`      // a new category
	System       codes.System   `json:"system,omitempty"`        // a new owning system
	Nature       codes.Nature   `json:"nature,omitempty"`        // a new nature
	CustomerTier string         `json:"customer_tier,omitempty"` // a new class of service
	Vendor       *bool          `json:"vendor,omitempty"`        // set to mark a third party involved or not
	Major        *bool          `json:"major,omitempty"`         // set to flag or clear a major incident
	ConfigItems  []string       `json:"config_items,omitempty"`  // configuration items to add
	Attachments  []string       `json:"attachments,omitempty"`   // attachments to add

	// Facts and Findings set the incident's own facts; empty ones are
	// kept. An occurrence after the registration is refused.
	Facts
	Findings
}

// Update records changes to a ticket's descriptive fields. A change of
// category, system, nature or customer tier re-matches the SLA; a change of
// category or owning system asks the Router again (Config.Routing), which
// may send the ticket to another group's queue.
func (d *Desk) Update(ctx context.Context, id codes.ID, u Update) (*Ticket, error) {
	const cmd = "update"
	in := []input{
		textIn("summary", u.Summary), textIn("description", u.Description), nameIn("requester", u.Requester),
		nameIn("category", string(u.Category)), nameIn("system", string(u.System)), nameIn("nature", string(u.Nature)),
		nameIn("customer_tier", u.CustomerTier),
	}
	in = append(in, each("config_items", u.ConfigItems, MaxKeyLen)...)
	if err := checkInput(cmd, append(in, each("attachments", u.Attachments, MaxKeyLen)...)...); err != nil {
		return nil, err
	}
	if err := d.checkCodes(cmd, "", u.Category, u.System, u.Nature, ""); err != nil {
		return nil, err
	}
	t, _, err := d.run(ctx, cmd, id, u.Action, u, func(t *Ticket) ([]step, error) {
		var c []Change
		set := func(f Field, v, old string) {
			if v != "" && v != old {
				c = append(c, Change{f, v})
			}
		}
		set(FieldSummary, u.Summary, t.Summary)
		set(FieldDescription, u.Description, t.Description)
		set(FieldRequester, u.Requester, t.Requester)
		set(FieldCategory, string(u.Category), string(t.Category))
		set(FieldSystem, string(u.System), string(t.System))
		set(FieldNature, string(u.Nature), string(t.Nature))
		set(FieldCustomerTier, u.CustomerTier, t.CustomerTier)
		if u.Vendor != nil && *u.Vendor != t.Vendor {
			c = append(c, Change{FieldVendor, strconv.FormatBool(*u.Vendor)})
		}
		if u.Major != nil && *u.Major != t.Major {
			c = append(c, Change{FieldMajor, strconv.FormatBool(*u.Major)})
		}
		for _, ci := range u.ConfigItems {
			c = append(c, Change{FieldConfigItem, ci})
		}
		for _, a := range u.Attachments {
			c = append(c, Change{FieldAttachment, a})
		}
		facts, err := d.factChanges(cmd, t, u.Facts, u.Findings, time.Time{})
		if err != nil {
			return nil, err
		}
		c = append(c, facts...)
		if len(c) == 0 {
			return nil, &CommandError{Command: cmd, Field: "update", Reason: "nothing changes"}
		}
		routed, err := d.reroute(ctx, t, c)
		if err != nil {
			return nil, err
		}
		return append([]step{{typ: EntryUpdate, changes: c}}, routed...), nil
	})
	return t, err
}

// MarkDuplicate marks a ticket as a duplicate of another (重复事件), which
// must exist: the service desk's mark on a second report of one incident.
// Duplicates are left out of totals.
func (d *Desk) MarkDuplicate(ctx context.Context, id, of codes.ID, act Action) (*Ticket, error) {
	if id == of {
		return nil, &CommandError{Command: "mark duplicate", Field: "of", Reason: "a ticket cannot duplicate itself"}
	}
	if _, _, err := d.cfg.Store.Load(ctx, of); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, &CommandError{Command: "mark duplicate", Field: "of", Reason: fmt.Sprintf("no ticket %s", of)}
		}
		return nil, err
	}
	t, _, err := d.run(ctx, "mark duplicate", id, act, act, func(*Ticket) ([]step, error) {
		return []step{{typ: EntryUpdate, changes: []Change{{FieldDuplicateOf, of.String()}}}}, nil
	})
	return t, err
}

// Comment adds a note to a ticket's activity log.
func (d *Desk) Comment(ctx context.Context, id codes.ID, act Action, text string) (*Ticket, error) {
	if err := checkInput("comment", textIn("text", text)); err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, &CommandError{Command: "comment", Field: "text", Reason: "empty"}
	}
	t, _, err := d.run(ctx, "comment", id, act, act, func(*Ticket) ([]step, error) {
		return []step{{typ: EntryComment, text: text}}, nil
	})
	return t, err
}

// Link relates a ticket to another record (an incident, a request, a
// problem or a change).
func (d *Desk) Link(ctx context.Context, id codes.ID, l Link, act Action) (*Ticket, error) {
	if l.To.IsZero() {
		return nil, &CommandError{Command: "link", Field: "to", Reason: "no record given"}
	}
	if err := checkInput("link", nameIn("kind", l.Kind)); err != nil {
		return nil, err
	}
	if strings.ContainsAny(l.Kind, ": ") {
		return nil, &CommandError{Command: "link", Field: "kind", Reason: fmt.Sprintf("%q may not contain ':' or spaces", l.Kind)}
	}
	t, _, err := d.run(ctx, "link", id, act, l, func(*Ticket) ([]step, error) {
		return []step{{typ: EntryLink, changes: []Change{{FieldLink, l.String()}}}}, nil
	})
	return t, err
}

// TaskSpec describes a task split off a ticket (任务子单): a piece of the
// work given to its own group or person, with the items of a task record.
// Only Summary is required.
type TaskSpec struct {
	Action
	Summary  string `json:"summary"`            // a one-line description (简要描述); required
	Group    string `json:"group,omitempty"`    // the executor's group (执行组)
	Assignee string `json:"assignee,omitempty"` // the executor (执行人)

	Type    codes.Category `json:"type,omitempty"`    // 类型: a category of the code tables
	Content string         `json:"content,omitempty"` // 执行内容: what is to be done
	System  codes.System   `json:"system,omitempty"`  // 所属业务系统
	// OnSite sends a field engineer on site (现场支持): the task's
	// TakenUp is the arrival, which reports measure against RespondBy.
	OnSite bool `json:"on_site,omitempty"`
	// RespondWithin, when set, gives the task a response time of its own:
	// it should be taken up (StartTask) by its creation plus this much,
	// wall-clock (Task.RespondBy).
	RespondWithin sla.Duration `json:"respond_within,omitempty"`
	ConfigItems   []string     `json:"config_items,omitempty"` // the configuration items concerned
	Attachments   []string     `json:"attachments,omitempty"`  // names or references of attached files
	Links         []Link       `json:"links,omitempty"`        // related incidents, problems, changes
}

// AddTask splits a task off an open ticket and returns the ticket and the
// task's number.
func (d *Desk) AddTask(ctx context.Context, id codes.ID, s TaskSpec) (*Ticket, int, error) {
	const cmd = "add task"
	if err := s.check(d, cmd); err != nil {
		return nil, 0, err
	}
	if strings.TrimSpace(s.Summary) == "" {
		return nil, 0, &CommandError{Command: cmd, Field: "summary", Reason: "a summary is required"}
	}
	var no int
	t, _, err := d.run(ctx, cmd, id, s.Action, s, func(t *Ticket) ([]step, error) {
		if d.wf.Final(t.Status) {
			return nil, &CommandError{Command: cmd, Field: "status", Reason: fmt.Sprintf("the ticket is %s", t.Status)}
		}
		no = len(t.Tasks) + 1
		c := []Change{{FieldTaskSummary, s.Summary}}
		if s.Group != "" {
			c = append(c, Change{FieldTaskGroup, s.Group})
		}
		if s.Assignee != "" {
			c = append(c, Change{FieldTaskAssignee, s.Assignee})
		}
		c = append(c, s.changes(d.taskTime(s.Action))...)
		return []step{{typ: EntryTask, task: no, changes: c}}, nil
	})
	if err != nil {
		return nil, 0, err
	}
	return t, no, nil
}

// TaskResult is how a task ended.
type TaskResult struct {
	Action
	Result string `json:"result,omitempty"` // the result of the work (执行结果)
	// Closure is the task's closure code (任务结束代码, from the closure
	// codes): required, except by CompleteTask on a task resolved with one.
	Closure codes.ClosureCode `json:"closure,omitempty"`
}

// CompleteTask closes a task (关闭任务单): from resolved, keeping the result
// and closure code given then unless r gives others, or straight from open
// or in progress with r's result and closure code. The commit's entry tells
// OnCommit hooks, which notify the ticket's handler (see TaskClosings).
func (d *Desk) CompleteTask(ctx context.Context, id codes.ID, no int, r TaskResult) (*Ticket, error) {
	const cmd = "complete task"
	if err := checkInput(cmd, textIn("result", r.Result), nameIn("closure", string(r.Closure))); err != nil {
		return nil, err
	}
	if err := d.checkCodes(cmd, "", "", "", "", r.Closure); err != nil {
		return nil, err
	}
	t, _, err := d.run(ctx, cmd, id, r.Action, r, func(t *Ticket) ([]step, error) {
		if no < 1 || no > len(t.Tasks) {
			return nil, &CommandError{Command: cmd, Field: "task", Reason: fmt.Sprintf("no task %d (the ticket has %d)", no, len(t.Tasks))}
		}
		if t.Tasks[no-1].Done() {
			return nil, &CommandError{Command: cmd, Field: "task", Reason: fmt.Sprintf("task %d is already done", no)}
		}
		if r.Closure == "" && t.Tasks[no-1].Closure == "" {
			return nil, &CommandError{Command: cmd, Field: "closure", Reason: "a closure code is required"}
		}
		c := []Change{{FieldTaskDone, ""}}
		if r.Closure != "" {
			c = []Change{{FieldTaskClosure, string(r.Closure)}, {FieldTaskDone, ""}}
		}
		if r.Result != "" {
			c = append([]Change{{FieldTaskResult, r.Result}}, c...)
		}
		return []step{{typ: EntryTask, task: no, changes: c}}, nil
	})
	return t, err
}

// AutoClose closes the resolved tickets whose auto-close time has come
// (Config.AutoCloseAfter), as the Desk's System actor, and returns their
// ids. Run it from a scheduler; it reads only tickets due now. A ticket
// changed meanwhile by someone else is left for the next run.
func (d *Desk) AutoClose(ctx context.Context) ([]codes.ID, error) {
	if d.cfg.AutoCloseAfter <= 0 {
		return nil, nil
	}
	now := d.cfg.Now()
	due, err := d.cfg.Store.Find(ctx, Filter{Statuses: []codes.Status{codes.StatusResolved}, DueBy: now})
	if err != nil {
		return nil, err
	}
	var closed []codes.ID
	for _, t := range due {
		_, _, err := d.runFolded(ctx, "auto-close", t.ID, Action{Actor: d.cfg.System, At: now}, nil, func(t *Ticket, f *logFold) ([]step, error) {
			if at, ok := d.autoCloseFrom(t, f.resolvedAt); !ok || at.After(now) {
				return nil, errNotDue
			}
			return []step{{typ: EntryTransition, event: EventClose, system: true, text: "closed automatically after resolution"}}, nil
		})
		switch {
		case err == nil:
			closed = append(closed, t.ID)
		case errors.Is(err, errNotDue), errors.Is(err, ErrConflict):
		default:
			return closed, err
		}
	}
	return closed, nil
}

var errNotDue = errors.New("incident: not due")
