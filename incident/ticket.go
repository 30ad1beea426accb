package incident

import (
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// Ticket is an incident record: the items of the incident form (事件单信息项:
// id, status, category, owning system, priority, descriptions, registrar,
// requester, assignment, solution, closure code, times, satisfaction,
// vendor, source, duplicate mark) plus impact, urgency, nature, tier, links
// and counters. A ticket's
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
	// ResolverRole is the role of whoever resolved the ticket (事件解决人角色):
	// the service desk, a line of support, a field engineer. Resolve records it; a ticket never resolved has none.
	ResolverRole codes.ResolverRole `json:"resolver_role,omitempty"`
	Satisfaction codes.Satisfaction `json:"satisfaction,omitempty"`
	// Vendor reports whether a third party (L3, a vendor) is involved.
	Vendor bool `json:"vendor,omitempty"`

	// The incident's own facts (see Facts and Findings): when it occurred,
	// who reported it, where, what was seen; at closure the root cause,
	// the vendor at fault, the time spent and the requester's feedback.
	OccurredAt        time.Time      `json:"occurred_at,omitzero"`
	Reporter          Reporter       `json:"reporter,omitzero"`
	Location          string         `json:"location,omitempty"`
	Symptom           string         `json:"symptom,omitempty"`
	ErrorCode         string         `json:"error_code,omitempty"`
	RootCause         string         `json:"root_cause,omitempty"`
	RootCauseCategory codes.Category `json:"root_cause_category,omitempty"`
	VendorAtFault     string         `json:"vendor_at_fault,omitempty"`
	TimeSpent         sla.Duration   `json:"time_spent,omitempty"`
	Feedback          string         `json:"feedback,omitempty"`

	// Knowledge: what the knowledge base suggested at registration, the
	// article or known error the resolution used, and the offer of the
	// solution to the knowledge base (see Knowledge).
	Suggestions    []Suggestion   `json:"suggestions,omitempty"`
	KnowledgeUsed  string         `json:"knowledge_used,omitempty"`
	KnowledgeOffer KnowledgeOffer `json:"knowledge_offer,omitempty"`
	KnowledgeRef   string         `json:"knowledge_ref,omitempty"`

	// Problem is the problem record raised for this incident
	// (Desk.RaiseProblem); Incident, on a problem record, the incident it
	// was raised for. Both are also in Links.
	Problem  codes.ID `json:"problem,omitzero"`
	Incident codes.ID `json:"incident,omitzero"`

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

// Task is a piece of a ticket's work given to its own assignee (任务单),
// with a workflow of its own: open → in progress →
// resolved → closed (see task.go). The ticket may be resolved only when
// every task is closed. Its reference is TaskRef(ticket, No), such as
// IM251117000001-T01.
type Task struct {
	No       int               `json:"no"` // 1, 2, ... within the ticket
	Status   TaskStatus        `json:"status,omitempty"`
	Type     codes.Category    `json:"type,omitempty"` // 类型, a category of the code tables
	Summary  string            `json:"summary"`
	Content  string            `json:"content,omitempty"` // 执行内容, what is to be done
	System   codes.System      `json:"system,omitempty"`
	OnSite   bool              `json:"on_site,omitempty"` // a field engineer is sent on site (现场支持)
	Group    string            `json:"group,omitempty"`
	Assignee string            `json:"assignee,omitempty"` // 执行人
	Result   string            `json:"result,omitempty"`
	Closure  codes.ClosureCode `json:"closure,omitempty"`
	Created  time.Time         `json:"created"`
	// RespondBy is when the task should be taken up (for an on-site task:
	// when the engineer should arrive), or zero.
	RespondBy time.Time `json:"respond_by,omitzero"`
	TakenUp   time.Time `json:"taken_up,omitzero"` // 响应时间: work started (on site: arrived)
	Resolved  time.Time `json:"resolved,omitzero"`
	Completed time.Time `json:"completed,omitzero"` // 实际完成时间: the task closed

	Attachments []string `json:"attachments,omitempty"`
	ConfigItems []string `json:"config_items,omitempty"`
	Links       []Link   `json:"links,omitempty"`
}

// Done reports whether the task is closed.
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
	for i := range t.Tasks {
		k := &t.Tasks[i]
		k.Attachments, k.ConfigItems, k.Links = slices.Clone(k.Attachments), slices.Clone(k.ConfigItems), slices.Clone(k.Links)
	}
	t.Suggestions = slices.Clone(t.Suggestions)
}
