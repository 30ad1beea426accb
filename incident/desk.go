package incident

import (
	"cmp"
	"context"
	"errors"
	"fmt"
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
	Reason  string
}

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
	// ticket. Default "response" and "resolution".
	ResponseTarget   string
	ResolutionTarget string

	// Codes are the code tables commands are checked against: an unknown
	// source, category, closure code... is refused. Default
	// codes.DefaultTables().
	Codes *codes.Tables

	// Kind is the kind of record the Desk opens. Default codes.KindIncident.
	Kind codes.Kind

	// Location is the time zone whose dates number the ids: a ticket opened
	// at 23:30 UTC is the next day's in Asia/Shanghai. Default UTC.
	Location *time.Location

	// Now returns the current time. Default time.Now. Commands happen now
	// unless they carry an earlier time.
	Now func() time.Time

	// AutoCloseAfter closes resolved tickets of the AutoCloseUrgencies this
	// long after resolution, when AutoClose runs (seed 000 §4.4). Zero, the
	// default, never closes automatically. AutoCloseUrgencies defaults to
	// low urgency only.
	AutoCloseAfter     time.Duration
	AutoCloseUrgencies []codes.Urgency

	// MayClose says whether actor may confirm, reject or close ticket t.
	// Default: only the ticket's registrar (谁开单谁关闭: whoever opened a
	// ticket closes it; the service desk opens the tickets users report).
	// The Desk's own automatic closes are always allowed.
	MayClose func(t *Ticket, actor string) bool

	// System is the actor of the Desk's automatic actions. Default "system".
	System string

	// Schedulers tell the Desk when a ticket next needs attention beyond
	// what its SLA and auto-close give, such as an escalation rule falling
	// due. The ticket's NextDue is the earliest instant any of them gives.
	// They are asked about closed tickets too (a notification recorded but
	// not delivered before the ticket closed is still due).
	Schedulers []Scheduler

	// OnCommit functions are called after every committed change, in order,
	// outside any lock, with copies the callee may keep. Use them for
	// notifications and metrics.
	OnCommit []func(context.Context, Commit)
}

// Scheduler tells when a ticket next needs attention. The Desk asks each of
// its Schedulers after every command, with the ticket as the command leaves
// it, its whole log, the SLA result and the current time; the zero time
// means never. The ticket, log and result are the Desk's, valid during the
// call only: read them, do not change or keep them. Implementations must be
// pure and safe for concurrent use.
type Scheduler interface {
	Next(t *Ticket, log []Entry, res *sla.Result, now time.Time) time.Time
}

// Commit is a change the Desk has saved: the ticket as saved and the entries
// the change appended.
type Commit struct {
	Ticket  *Ticket
	Entries []Entry
}

// Desk runs the commands of incident management on tickets in a Store:
// register, assign, start, resolve, confirm and the rest. Each command checks
// its input and the workflow, appends entries to the ticket's activity log,
// recomputes the SLA from the whole history and saves ticket and entries in
// one versioned write. A Desk is safe for concurrent use; two commands on one
// ticket at once make one of them fail with ErrConflict, writing nothing.
type Desk struct {
	cfg Config
	wf  *Workflow
	pol *sla.Policy
}

// NewDesk returns a Desk for cfg, filling in the defaults.
func NewDesk(cfg Config) (*Desk, error) {
	if cfg.Store == nil {
		return nil, &CommandError{Command: "new desk", Field: "store", Reason: "a Store is required (memstore.New() is the embedded default)"}
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
	cfg.ResponseTarget = cmp.Or(cfg.ResponseTarget, "response")
	cfg.ResolutionTarget = cmp.Or(cfg.ResolutionTarget, "resolution")
	if cfg.Codes == nil {
		cfg.Codes = codes.DefaultTables()
	}
	cfg.Kind = cmp.Or(cfg.Kind, codes.KindIncident)
	if !cfg.Kind.Valid() {
		return nil, &CommandError{Command: "new desk", Field: "kind", Reason: fmt.Sprintf("%q is not a kind of record", cfg.Kind)}
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AutoCloseAfter < 0 {
		return nil, &CommandError{Command: "new desk", Field: "auto_close_after", Reason: "negative"}
	}
	if cfg.AutoCloseUrgencies == nil {
		cfg.AutoCloseUrgencies = []codes.Urgency{codes.UrgencyLow}
	}
	if cfg.MayClose == nil {
		cfg.MayClose = func(t *Ticket, actor string) bool { return actor == t.Registrar }
	}
	cfg.System = cmp.Or(cfg.System, "system")
	return &Desk{cfg: cfg, wf: cfg.Workflow, pol: cfg.Policy}, nil
}

// Workflow returns the Desk's workflow.
func (d *Desk) Workflow() *Workflow { return d.wf }

// Policy returns the Desk's SLA policy.
func (d *Desk) Policy() *sla.Policy { return d.pol }

// Get returns a ticket and its activity log.
func (d *Desk) Get(ctx context.Context, id codes.ID) (*Ticket, []Entry, error) {
	return d.cfg.Store.Load(ctx, id)
}

// SLA returns a ticket and the status of each of its SLA clocks at now (the
// Desk's clock when now is zero): elapsed and remaining working time, the
// deadline, the stage reached, the breach. The ticket's own fields keep only
// the planned and actual instants; this is the whole picture, evaluated
// over the ticket's history.
func (d *Desk) SLA(ctx context.Context, id codes.ID, now time.Time) (*Ticket, sla.Result, error) {
	t, log, err := d.load(ctx, id)
	if err != nil {
		return nil, sla.Result{}, err
	}
	if now.IsZero() {
		now = d.cfg.Now()
	}
	r, err := d.pol.Evaluate(History(log), now)
	if err != nil {
		return nil, sla.Result{}, fmt.Errorf("incident: the SLA of %s: %w", id, err)
	}
	return t, r, nil
}

// Action is who does a command and when. A zero At means now; an earlier At
// back-fills a record (seed 000 §4.7: a major incident's details are
// recorded after the fact), but never earlier than the ticket's last entry.
//
// Every text a command takes, Actor included, must be valid UTF-8 without a
// NUL byte and at most MaxNameLen, MaxKeyLen or MaxTextLen bytes long, as
// those constants say for each field; the Desk refuses other text with a
// *CommandError naming the field.
type Action struct {
	Actor string
	At    time.Time
}
