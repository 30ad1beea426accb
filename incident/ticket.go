package incident

import (
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// Ticket is an incident record: the items of the incident form (seed 000
// §6.1) plus impact, urgency, nature, tier, links and counters. A ticket's
// fields are what replaying its activity log gives (see Replay); the Desk
// then adds the SLA's derived fields (the planned and actual times, the
// on-time flags and the next due instant). Nothing else writes a ticket.
type Ticket struct {
	ID       codes.ID       `json:"id"`
	Status   codes.Status   `json:"status"`
	Category codes.Category `json:"category,omitempty"`
	System   codes.System   `json:"system,omitempty"` // the owning system
	Priority codes.Priority `json:"priority"`
	Impact   codes.Impact   `json:"impact,omitempty"`
	Urgency  codes.Urgency  `json:"urgency,omitempty"`
	Nature   codes.Nature   `json:"nature,omitempty"`
	// CustomerTier is the requester's class of service, such as "vip",
	// which SLA policies may match on.
	CustomerTier string       `json:"customer_tier,omitempty"`
	Source       codes.Source `json:"source,omitempty"`
	// ExternalKey identifies the alert a monitoring system raised the
	// ticket for; a repeat of the alert attaches to the open ticket.
	ExternalKey string `json:"external_key,omitempty"`

	Summary     string     `json:"summary"`
	Description string     `json:"description,omitempty"`
	Registrar   string     `json:"registrar"` // who opened the record
	Requester   string     `json:"requester,omitempty"`
	Group       string     `json:"group,omitempty"`    // the assigned group
	Assignee    string     `json:"assignee,omitempty"` // the assigned person
	Tier        codes.Tier `json:"tier,omitempty"`

	Solution string            `json:"solution,omitempty"`
	Closure  codes.ClosureCode `json:"closure,omitempty"`
	// ResolverRole is the role of whoever resolved the ticket (seed 003
	// §5.11 事件解决人角色): the service desk, a line of support, a field
	// engineer. Resolve records it; a ticket never resolved has none.
	ResolverRole codes.ResolverRole `json:"resolver_role,omitempty"`
	Satisfaction codes.Satisfaction `json:"satisfaction,omitempty"`
	// Vendor reports whether a third party (L3, a vendor) is involved.
	Vendor bool `json:"vendor,omitempty"`

	Attachments []string `json:"attachments,omitempty"`
	ConfigItems []string `json:"config_items,omitempty"`
	Links       []Link   `json:"links,omitempty"` // related records
	Tasks       []Task   `json:"tasks,omitempty"`

	// DuplicateOf is the ticket this one duplicates; duplicates are left
	// out of totals.
	DuplicateOf codes.ID `json:"duplicate_of,omitzero"`
	// ReopenOf is the ticket this one continues, when a requester rejected
	// that one's solution; ReopenedAs is the reverse link.
	ReopenOf   codes.ID `json:"reopen_of,omitzero"`
	ReopenedAs codes.ID `json:"reopened_as,omitzero"`
	// Major marks a major incident: the emergency process applies. A P1 or
	// P2 priority sets it, and it stays set if the priority falls, until a
	// FieldMajor change clears it.
	Major bool `json:"major,omitempty"`
	// Reassignments counts the hand-overs to another group or person at
	// the same tier or below; Escalations the hand-overs up a tier (by
	// Desk.Escalate, a reassignment to a higher tier, or an escalation
	// rule's raise_tier). A rule on "reassigned more than three times"
	// counts the first only.
	Reassignments int `json:"reassignments,omitempty"`
	Escalations   int `json:"escalations,omitempty"`
	Reopens       int `json:"reopens,omitempty"`
	Alerts        int `json:"alerts,omitempty"` // repeats of the monitoring alert attached

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`

	// Derived by the Desk after each command, from the SLA and the workflow.
	PlannedResponse   time.Time `json:"planned_response,omitzero"`
	ActualResponse    time.Time `json:"actual_response,omitzero"`
	RespondedOnTime   OnTime    `json:"responded_on_time,omitempty"`
	PlannedResolution time.Time `json:"planned_resolution,omitzero"`
	ActualResolution  time.Time `json:"actual_resolution,omitzero"`
	ResolvedOnTime    OnTime    `json:"resolved_on_time,omitempty"`
	// NextDue is the next instant at which anything about the ticket
	// changes by the passing of time alone (a warning, a breach, an
	// auto-close); zero when nothing will. Stores index it.
	NextDue time.Time `json:"next_due,omitzero"`
	// Closed is the instant the ticket entered a final status of the
	// Desk's workflow (closed, in the default one); zero while it is open.
	// The Desk sets it after each command; stores keep one open ticket per
	// monitoring alert by it (see Store).
	Closed time.Time `json:"closed,omitzero"`

	// Version counts the saves of the ticket; a save names the version it
	// read and fails with ErrConflict if another save came first.
	Version int64 `json:"version"`
}

// OnTime is the outcome of a target: not yet known, met or missed.
type OnTime string

const (
	OnTimeUnknown OnTime = ""
	OnTimeYes     OnTime = "yes"
	OnTimeNo      OnTime = "no"
)

// Link relates a ticket to another record (an incident, a request, a problem
// or a change).
type Link struct {
	To   codes.ID `json:"to"`
	Kind string   `json:"kind,omitempty"` // e.g. "caused_by", "related"
}

// Task is a piece of a ticket's work given to its own assignee (seed 000
// §6.2): the ticket may be resolved only when every task is done.
type Task struct {
	No        int               `json:"no"` // 1, 2, ... within the ticket
	Summary   string            `json:"summary"`
	Group     string            `json:"group,omitempty"`
	Assignee  string            `json:"assignee,omitempty"`
	Result    string            `json:"result,omitempty"`
	Closure   codes.ClosureCode `json:"closure,omitempty"`
	Created   time.Time         `json:"created"`
	Completed time.Time         `json:"completed,omitzero"`
}

// Done reports whether the task is completed.
func (t Task) Done() bool { return !t.Completed.IsZero() }

// Open reports whether the ticket is open under workflow w: its status is not
// final.
func (t *Ticket) Open(w *Workflow) bool { return !w.Final(t.Status) }

// Clone returns a deep copy of t.
func (t *Ticket) Clone() *Ticket {
	c := *t
	c.ownSlices()
	return &c // small enough to inline, so a caller's *t.Clone() need not allocate
}

// ownSlices replaces t's slices with copies of their own. It is kept out of
// line so that Clone stays small enough to inline.
//
//go:noinline
func (t *Ticket) ownSlices() {
	t.Attachments = slices.Clone(t.Attachments)
	t.ConfigItems = slices.Clone(t.ConfigItems)
	t.Links = slices.Clone(t.Links)
	t.Tasks = slices.Clone(t.Tasks)
}
