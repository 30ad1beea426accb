package incident

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// ErrInvalidCommand is matched by the errors of commands whose input is
// wrong (a *CommandError): a missing field, an unknown code, a time before
// the ticket's last entry. Nothing is written.
var ErrInvalidCommand = errors.New("incident: invalid command")

// CommandError reports what is wrong with a command's input. It matches
// ErrInvalidCommand.
type CommandError struct {
	Command string // e.g. "register"
	Field   string // e.g. "impact"
	Reason  string // what is wrong with it
}

// Error names the command and the field and says what is wrong.
func (e *CommandError) Error() string {
	return fmt.Sprintf("%v: %s: %s: %s", ErrInvalidCommand, e.Command, e.Field, e.Reason)
}

// Is reports whether target is ErrInvalidCommand.
func (e *CommandError) Is(target error) bool { return target == ErrInvalidCommand }

// Config configures a Desk. Only Store is required.
type Config struct {
	// Store keeps the tickets. Required; memstore.New() is the embedded
	// default.
	Store Store

	// Workflow is the ticket workflow. Default: DefaultWorkflowConfig's.
	Workflow *Workflow

	// Policy measures the SLA. Default: the seed's targets and clocks
	// (sla.SeedConfig) on the default calendars.
	Policy *sla.Policy

	// ResponseTarget and ResolutionTarget name the policy's targets whose
	// deadlines become the planned response and resolution times of a
	// ticket. Default "response" and "resolution", where the policy has
	// them; a name the policy lacks is a configuration error.
	ResponseTarget   string
	ResolutionTarget string // see ResponseTarget

	// Codes are the code tables commands are checked against: an unknown
	// source, category, closure code... is refused, and every status of the
	// Workflow must be one of its statuses. Default codes.DefaultTables()
	// with codes.ExtendedStatuses (pending, awaiting review and archived
	// besides the five of the default workflow), which every built-in
	// workflow fits.
	Codes *codes.Tables

	// Kind is the kind of record the Desk opens. Default codes.KindIncident.
	Kind codes.Kind

	// Location is the time zone of the instants the Desk records (every
	// entry's time, a ticket's Created and Updated) and whose dates number
	// the ids: a ticket opened at 23:30 UTC is the next day's in
	// Asia/Shanghai. Default: the zone of the SLA policy's first calendar
	// (Asia/Shanghai for the default policy), so that a ticket's times and
	// its deadlines read in one zone; UTC if the calendar has none.
	Location *time.Location

	// Now returns the current time. Default time.Now. Commands happen now
	// unless they carry an earlier time.
	Now func() time.Time

	// AutoCloseAfter closes resolved tickets of the AutoCloseUrgencies this
	// long after resolution, when AutoClose runs: the process lets an
	// incident of low urgency close by itself a while after it is resolved
	// (自动关闭), where others wait for the requester. Zero, the default,
	// never closes automatically. AutoCloseUrgencies defaults to
	// low urgency only.
	AutoCloseAfter     time.Duration
	AutoCloseUrgencies []codes.Urgency // see AutoCloseAfter; default low urgency only

	// Authorize is the permission hook, asked before every command of
	// people with who does it, the command, the ticket as read and the
	// command's input (see Authorizer, and its table of the rules the
	// process documents give). A refusal is a *ForbiddenError matching
	// ErrForbidden, and nothing is written. Default DefaultAuthorizer():
	// only the registrar confirms, rejects or closes a ticket (谁开单谁关闭:
	// whoever opened a ticket closes it — in a portal where the requester
	// confirms, allow them, with a rule of your own), and a priority is
	// lowered only as a correction, by a member of GroupIncidentManagers
	// when Members is set. AllowAll() allows everything. The
	// Desk's own automatic actions (Config.System) are always allowed.
	Authorize Authorizer

	// Members tells who belongs to which group (Groups is a ready-made
	// one). When set, Desk.Claim lets only a member of a ticket's group
	// take it from the group's queue, and the default permission rules
	// (when Authorize is not set) let only members of
	// GroupIncidentManagers correct a grading downwards. Default none:
	// claims are not checked against groups, and whoever states that a
	// lowering corrects a wrong grading may make it.
	Members Membership

	// System is the actor of the Desk's automatic actions. Default "system".
	System string

	// Routing chooses the group (and optionally the person and tier) that
	// takes a ticket, when it is registered and when its category or owning
	// system changes: AssignmentRules (rules as data, such as
	// DefaultAssignmentRules() or rules from ParseAssignmentRules, which
	// NewDesk checks against Codes) or a Router of your own. The Desk
	// records the routing as Config.System in an EntryRoute entry naming the
	// rule: from the initial status through the assign event, later through
	// the reassign event (counted as a reassignment) where the status
	// allows it. A ticket already where the Router sends it is left alone.
	// Default none: tickets stay with the service desk until assigned.
	Routing Router

	// Escalation is the escalation rule set the Desk schedules, such as
	// escalation.DefaultConfig() or a rule set loaded from YAML. NewDesk
	// compiles it against Policy, so that a rule naming a target or
	// calendar the policy lacks is refused here, and after every command a
	// ticket's NextDue includes the next instant a rule falls due. The
	// escalation engine is then built from the Desk (escalation.NewEngine)
	// and runs these rules. Default none: nothing escalates.
	Escalation Escalation

	// Retries is how many times a command that lost a race (another
	// writer saved the ticket between its read and its write) is run
	// again on the ticket as that writer left it. Commands are functions
	// of the ticket they read, so running one again is safe; a recorded
	// entry whose key has meanwhile landed is not recorded twice. Default
	// 3; a negative value never runs a command again, and the caller gets
	// ErrConflict at once.
	Retries int

	// Folds is how many tickets' folds the Desk keeps in memory, the least
	// recently used dropped first. A ticket's fold is the state of its SLA
	// clocks, the escalation rules' facts and the keys recorded, as of its
	// last entry: a command on a ticket whose fold is kept folds in only
	// its own entries. One whose fold is not kept is folded from its
	// checkpoint on a store that reads a ticket without its log
	// (HeadReader, as sqlstore does), else from its whole log (memstore):
	// on a memory store with more tickets in use than this, commands fold
	// their tickets' logs again. A fold takes 1–2 KB, plus the keys recorded. Default 4096; a negative value keeps
	// none, and every command folds its ticket from the store.
	Folds int

	// OnCommit functions are called after every committed change, in order,
	// outside any lock, with copies the callee may keep. Use them for
	// notifications and metrics.
	OnCommit []func(context.Context, Commit)

	// Logger receives a record of every command: at Debug level when it
	// commits or has nothing to do, Info when the Desk refuses it (bad
	// input, a transition or guard that does not allow it, a lost race),
	// Error when the Store fails; each with the command, ticket, actor and
	// duration. Default: discard.
	Logger *slog.Logger

	// Observe, if set, is called after every command the Desk runs,
	// committed or refused, with what it cost: how long it took, how many
	// times it read the ticket and evaluated its SLA, how many attempts a
	// race cost. Use it for metrics and tracing; it must be quick and safe
	// for concurrent use.
	Observe func(context.Context, Observation)

	// Knowledge is the knowledge base the Desk consults at registration
	// and offers solutions to at resolution (see Knowledge). Default none:
	// no suggestions, and a Resolution asking to offer its solution is
	// refused. MemoryKnowledge is an in-memory one.
	Knowledge Knowledge

	// ProblemForMajor raises a problem record (Desk.RaiseProblem) for
	// every major incident when it is resolved, as the Desk's System
	// actor, unless it has one already (每个重大事件都要创建问题). Default
	// false: problems are raised by hand.
	ProblemForMajor bool
}

// Observation is what the Desk tells Config.Observe of one command.
type Observation struct {
	Command  Command       // e.g. CmdRegister, CmdRecord, CmdRefresh
	Ticket   codes.ID      // zero for a registration refused before an id
	Actor    string        // who ran the command
	Duration time.Duration // wall-clock time the command took
	// Loads counts the reads of the ticket from the Store, Evaluations the
	// evaluations of its SLA, Attempts the runs of the command (more than
	// one when a race was lost and the command ran again).
	Loads, Evaluations, Attempts int
	Err                          error // nil if it committed or had nothing to do
}

// Escalation is a set of escalation rules a Desk schedules (package
// escalation's Config and Rules are ones). Compile checks it against the
// Desk's SLA policy and returns the Scheduler the Desk asks; its error is
// reported by NewDesk.
type Escalation interface {
	// Compile checks the rules against p and returns their Scheduler.
	Compile(p *sla.Policy) (Scheduler, error)
}

// Scheduler tells when a ticket next needs attention beyond what its SLA and
// auto-close give, such as an escalation rule falling due. The Desk asks it
// after every command, with the ticket as the command leaves it, its whole
// log, the SLA result (evaluated at or before now, with no fact since) and
// the current time; the zero time means never. It is asked about closed
// tickets too (a notification recorded but not delivered before the ticket
// closed is still due). The ticket, log and result are the Desk's, valid
// during the call only: read them, do not change or keep them.
// Implementations must be pure and safe for concurrent use.
type Scheduler interface {
	// Next returns when t next needs attention; the zero time means never.
	Next(t *Ticket, log []Entry, res *sla.Result, now time.Time) time.Time
}

// Commit is a change the Desk has saved: the ticket as saved and the entries
// the change appended.
type Commit struct {
	Ticket  *Ticket // the ticket as saved, with its new version
	Entries []Entry // the entries the change appended, in order
}

// Desk runs the commands of incident management on tickets in a Store:
// register, assign, start, resolve, confirm and the rest. Each command checks
// its input and the workflow, appends entries to the ticket's activity log,
// recomputes the SLA from the whole history and saves ticket and entries in
// one versioned write. A Desk is safe for concurrent use; a command that
// loses a race with another writer of the same ticket runs again on the
// ticket as the winner left it (Config.Retries), and ErrConflict reaches the
// caller only when it loses more often than that.
type Desk struct {
	cfg   Config
	wf    *Workflow
	pol   *sla.Policy
	sched Scheduler
	// folds keeps what the Desk has read of the logs of the tickets it
	// used last, so that a command folds in only its own entries.
	folds *folds
	// heads says the Store reads a ticket without its log (HeadReader)
	// and the Desk's folds can be written (fp, what they are written
	// under, is not empty): commands write the ticket's Checkpoint.
	heads bool
	fp    string
}

// NewDesk returns a Desk for cfg, filling in the defaults. It checks the
// parts of cfg against each other — the response and resolution targets
// against the policy, the workflow's statuses against the code tables and the
// policy, the escalation rules against the policy — and returns a
// *ConfigError (matching ErrInvalidConfig) listing every problem.
func NewDesk(cfg Config) (*Desk, error) {
	var ps []ConfigProblem
	bad := func(path, format string, args ...any) {
		ps = append(ps, ConfigProblem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if cfg.Store == nil {
		bad("Store", "a Store is required (memstore.New() is the embedded default)")
	}
	if cfg.Workflow == nil {
		w, err := NewWorkflow(DefaultWorkflowConfig())
		if err != nil {
			return nil, err
		}
		cfg.Workflow = w
	}
	if cfg.Policy == nil {
		p, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
		if err != nil {
			return nil, err
		}
		cfg.Policy = p
	}
	targets := cfg.Policy.Targets()
	for _, f := range []struct {
		path string
		name *string
		def  string
	}{{"ResponseTarget", &cfg.ResponseTarget, sla.Response}, {"ResolutionTarget", &cfg.ResolutionTarget, sla.Resolution}} {
		switch {
		case *f.name == "":
			// The default names a target only where the policy has it.
			if slices.Contains(targets, f.def) {
				*f.name = f.def
			}
		case !slices.Contains(targets, *f.name):
			bad(f.path, "%s has no target %q (its targets: %s)", cfg.Policy, *f.name, strings.Join(targets, ", "))
		}
	}
	if cfg.Codes == nil {
		cfg.Codes = deskCodes
	}
	polStatuses := cfg.Policy.Statuses()
	for _, st := range cfg.Workflow.Statuses() {
		if !cfg.Codes.Statuses().Has(st) {
			bad("Workflow", "status %q is not in the code tables' statuses (Codes)", st)
		}
		if !slices.Contains(polStatuses, st) {
			bad("Workflow", "status %q is not one of the SLA policy's statuses, so its clocks could not follow a ticket into it", st)
		}
	}
	cfg.Kind = cmp.Or(cfg.Kind, codes.KindIncident)
	if !cfg.Kind.Valid() {
		bad("Kind", "%q is not a kind of record", cfg.Kind)
	}
	if cfg.Location == nil {
		cfg.Location = policyZone(cfg.Policy)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AutoCloseAfter < 0 {
		bad("AutoCloseAfter", "%v is negative", cfg.AutoCloseAfter)
	}
	if cfg.AutoCloseUrgencies == nil {
		cfg.AutoCloseUrgencies = []codes.Urgency{codes.UrgencyLow}
	}
	for i, u := range cfg.AutoCloseUrgencies {
		if _, err := cfg.Codes.Matrix().Urgency(u); err != nil {
			bad(fmt.Sprintf("AutoCloseUrgencies[%d]", i), "unknown urgency %q", u)
		}
	}
	if cfg.Authorize == nil {
		cfg.Authorize = defaultRules(cfg.Members)
	}
	cfg.System = cmp.Or(cfg.System, "system")
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = 3
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	switch r := cfg.Routing.(type) {
	case AssignmentRules:
		ps = append(ps, r.check(cfg.Codes)...)
	case *AssignmentRules:
		if r == nil {
			bad("Routing", "a nil *AssignmentRules")
		} else {
			ps = append(ps, r.check(cfg.Codes)...)
		}
	}
	switch {
	case cfg.Folds == 0:
		cfg.Folds = defaultFolds
	case cfg.Folds < 0:
		cfg.Folds = 0
	}
	d := &Desk{cfg: cfg, wf: cfg.Workflow, pol: cfg.Policy, folds: newFolds(cfg.Folds)}
	var escErr error
	if cfg.Escalation != nil {
		d.sched, escErr = cfg.Escalation.Compile(cfg.Policy)
	}
	if len(ps) > 0 || escErr != nil {
		return nil, &ConfigError{Problems: ps, Err: escErr}
	}
	d.fp = d.deskFingerprint()
	_, hr := cfg.Store.(HeadReader)
	d.heads = hr && d.fp != ""
	return d, nil
}

// policyZone returns the time zone of the policy's first calendar, or UTC.
func policyZone(p *sla.Policy) *time.Location {
	for _, name := range p.Calendars() {
		if c, ok := p.Calendar(name); ok {
			if l, ok := c.(interface{ Location() *time.Location }); ok && l.Location() != nil {
				return l.Location()
			}
		}
	}
	return time.UTC
}

// deskCodes are the Desk's default code tables.
var deskCodes = func() *codes.Tables {
	t, err := codes.NewTables(codes.Config{Statuses: codes.ExtendedStatuses().Entries()})
	if err != nil {
		panic(err) // the defaults are valid; a test checks it
	}
	return t
}()

// Workflow returns the Desk's workflow.
func (d *Desk) Workflow() *Workflow { return d.wf }

// Policy returns the Desk's SLA policy.
func (d *Desk) Policy() *sla.Policy { return d.pol }

// Store returns the Desk's Store.
func (d *Desk) Store() Store { return d.cfg.Store }

// Now returns the current time on the Desk's clock (Config.Now), in the
// Desk's zone (Location), as the Desk records it: a wall-clock instant,
// without the monotonic clock reading time.Now adds.
func (d *Desk) Now() time.Time { return d.cfg.Now().Round(0).In(d.cfg.Location) }

// Location returns the zone of the instants the Desk records
// (Config.Location, by default its policy's first calendar's).
func (d *Desk) Location() *time.Location { return d.cfg.Location }

// Scheduler returns the escalation rules the Desk schedules, compiled
// against its policy (Config.Escalation), or nil.
func (d *Desk) Scheduler() Scheduler { return d.sched }

// Get returns a ticket and its activity log.
func (d *Desk) Get(ctx context.Context, id codes.ID) (*Ticket, []Entry, error) {
	return d.cfg.Store.Load(ctx, id)
}

// SLA returns a ticket and the status of each of its SLA clocks now, on the
// Desk's clock: elapsed and remaining working time, the deadline, the stage
// reached, the breach. The ticket's own fields keep only the planned and
// actual instants; this is the whole picture, evaluated over the ticket's
// history.
func (d *Desk) SLA(ctx context.Context, id codes.ID) (*Ticket, sla.Result, error) {
	return d.SLAAt(ctx, id, d.cfg.Now())
}

// SLAAt is SLA at the instant at: as the clocks stood then (the history
// after it left out), or will stand if nothing happens meanwhile.
func (d *Desk) SLAAt(ctx context.Context, id codes.ID, at time.Time) (*Ticket, sla.Result, error) {
	if id.IsZero() {
		return nil, sla.Result{}, &CommandError{Command: "sla", Field: "id", Reason: "no ticket id given"}
	}
	if at.IsZero() {
		return nil, sla.Result{}, &CommandError{Command: "sla", Field: "at", Reason: "the zero time; SLA gives the clocks now"}
	}
	t, log, err := d.load(ctx, id)
	if err != nil {
		return nil, sla.Result{}, err
	}
	r, err := d.pol.Evaluate(History(log), at)
	if err != nil {
		return nil, sla.Result{}, fmt.Errorf("incident: the SLA of %s: %w", id, err)
	}
	return t, r, nil
}

// Action is who does a command and when. A zero At means now; an earlier At
// back-fills a record (补录: during a major incident the handlers work the
// emergency process first and record the details once it is over), but
// never earlier than the ticket's last entry.
//
// Every text a command takes, Actor included, must be valid UTF-8 without a
// NUL byte and at most MaxNameLen, MaxKeyLen or MaxTextLen bytes long, as
// those constants say for each field; the Desk refuses other text with a
// *CommandError naming the field.
//
// Action and every command input embedding it have a JSON form: the keys
// of the ticket's fields they set (snake_case: "summary", "closure",
// "occurred_at"), "actor" and "at" (RFC 3339) beside them, durations as Go
// duration strings ("1h30m"). A front end decodes a request body into the
// input, with encoding/json's DisallowUnknownFields to refuse misspelt keys.
type Action struct {
	Actor string    `json:"actor"`       // who does the command: a person or a system; required
	At    time.Time `json:"at,omitzero"` // when; zero means now (Config.Now)
}
