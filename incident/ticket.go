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
	ID       codes.ID       `json:"id"`                 // the record id, such as IM090224000001
	Status   codes.Status   `json:"status"`             // the status in the workflow
	Category codes.Category `json:"category,omitempty"` // the category (事件分类), a code of the category tree
	System   codes.System   `json:"system,omitempty"`   // the owning system
	Priority codes.Priority `json:"priority,omitzero"`  // P1 to P5: given, or impact × urgency; none on a problem record
	Impact   codes.Impact   `json:"impact,omitempty"`   // how much of the business is affected (影响度)
	Urgency  codes.Urgency  `json:"urgency,omitempty"`  // how soon the service is needed back (紧急度)
	Nature   codes.Nature   `json:"nature,omitempty"`   // incident or service request (事件性质)
	// CustomerTier is the requester's class of service, such as "vip",
	// which SLA policies may match on.
	CustomerTier string       `json:"customer_tier,omitempty"`
	Source       codes.Source `json:"source,omitempty"` // how the ticket came in: phone, e-mail, monitoring, ... (事件来源)
	// ExternalKey identifies the alert a monitoring system raised the
	// ticket for; a repeat of the alert attaches to the open ticket.
	ExternalKey string `json:"external_key,omitempty"`

	Summary     string     `json:"summary"`               // a one-line description (简要描述)
	Description string     `json:"description,omitempty"` // the full description (详细描述)
	Registrar   string     `json:"registrar"`             // who opened the record
	Requester   string     `json:"requester,omitempty"`   // the person the incident is for (申请人), who confirms the solution
	Group       string     `json:"group,omitempty"`       // the assigned group
	Assignee    string     `json:"assignee,omitempty"`    // the assigned person
	Tier        codes.Tier `json:"tier,omitempty"`        // the tier of support holding the ticket

	Solution string            `json:"solution,omitempty"` // the solution recorded at resolution (解决方案)
	Closure  codes.ClosureCode `json:"closure,omitempty"`  // the closure code (事件结束代码)
	// ResolverRole is the role of whoever resolved the ticket (事件解决人角色):
	// the service desk, a line of support, a field engineer. Resolve records it; a ticket never resolved has none.
	ResolverRole codes.ResolverRole `json:"resolver_role,omitempty"`
	Satisfaction codes.Satisfaction `json:"satisfaction,omitempty"` // the requester's rating (事件支持满意度)
	// Vendor reports whether a third party (L3, a vendor) is involved.
	Vendor bool `json:"vendor,omitempty"`

	// The incident's own facts (see Facts and Findings): when it occurred,
	// who reported it, where, what was seen; at closure the root cause,
	// the vendor at fault, the time spent and the requester's feedback.
	OccurredAt        time.Time      `json:"occurred_at,omitzero"`
	Reporter          Reporter       `json:"reporter,omitzero"`             // who reported it
	Location          string         `json:"location,omitempty"`            // where it happened
	Symptom           string         `json:"symptom,omitempty"`             // what was seen
	ErrorCode         string         `json:"error_code,omitempty"`          // the error code shown
	RootCause         string         `json:"root_cause,omitempty"`          // the root cause, as text
	RootCauseCategory codes.Category `json:"root_cause_category,omitempty"` // the root cause, classified
	VendorAtFault     string         `json:"vendor_at_fault,omitempty"`     // the vendor at fault
	TimeSpent         sla.Duration   `json:"time_spent,omitempty"`          // the working time spent on it
	Feedback          string         `json:"feedback,omitempty"`            // the requester's feedback with the rating

	// Knowledge: what the knowledge base suggested at registration, the
	// article or known error the resolution used, and the offer of the
	// solution to the knowledge base (see Knowledge).
	Suggestions    []Suggestion   `json:"suggestions,omitempty"`
	KnowledgeUsed  string         `json:"knowledge_used,omitempty"`  // the article or known error the resolution used
	KnowledgeOffer KnowledgeOffer `json:"knowledge_offer,omitempty"` // the state of the offer of the solution to the knowledge base
	KnowledgeRef   string         `json:"knowledge_ref,omitempty"`   // the knowledge base's reference for the offered solution

	// Problem is the problem record raised for this incident
	// (Desk.RaiseProblem); Incident, on a problem record, the incident it
	// was raised for. Both are also in Links.
	Problem  codes.ID `json:"problem,omitzero"`
	Incident codes.ID `json:"incident,omitzero"` // on a problem record: the incident it was raised for

	Attachments []string `json:"attachments,omitempty"`  // names or references of attached files (附件)
	ConfigItems []string `json:"config_items,omitempty"` // the configuration items concerned (配置项)
	Links       []Link   `json:"links,omitempty"`        // related records
	Tasks       []Task   `json:"tasks,omitempty"`        // the tasks split off the ticket, by number

	// DuplicateOf is the ticket this one duplicates; duplicates are left
	// out of totals.
	DuplicateOf codes.ID `json:"duplicate_of,omitzero"`
	// ReopenOf is the ticket this one continues, when a requester rejected
	// that one's solution; ReopenedAs is the reverse link.
	ReopenOf   codes.ID `json:"reopen_of,omitzero"`
	ReopenedAs codes.ID `json:"reopened_as,omitzero"` // the ticket that continues this one after a rejection
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
	Escalations   int `json:"escalations,omitempty"` // hand-overs up a tier
	Reopens       int `json:"reopens,omitempty"`     // times reopened in place (resolved, then back in progress)
	Alerts        int `json:"alerts,omitempty"`      // repeats of the monitoring alert attached

	Created time.Time `json:"created"` // when the ticket was registered (创建时间)
	Updated time.Time `json:"updated"` // when it last changed (更新时间)

	// Derived by the Desk after each command, from the SLA and the workflow.
	PlannedResponse   time.Time `json:"planned_response,omitzero"`
	ActualResponse    time.Time `json:"actual_response,omitzero"`    // when the response clock stopped (实际响应时间); zero before
	RespondedOnTime   OnTime    `json:"responded_on_time,omitempty"` // whether the response met its goal (是否按时响应)
	PlannedResolution time.Time `json:"planned_resolution,omitzero"` // the resolution deadline (计划完成时间); zero while its clock has not started
	ActualResolution  time.Time `json:"actual_resolution,omitzero"`  // when the resolution clock stopped (实际完成时间); zero before
	ResolvedOnTime    OnTime    `json:"resolved_on_time,omitempty"`  // whether the resolution met its goal (处理是否超时, negated)
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

	// Checkpoint is the Desk's fold of the ticket's log, written with the
	// ticket so that a Desk in another process reads the ticket without its
	// log (HeadReader) and folds in only a command's own entries. It is
	// opaque: stores keep it byte for byte and give it back with the
	// ticket; nothing else reads it. A Desk reads it only if written under
	// its policy, calendars and rules, for this ticket, and undamaged (it
	// opens with a digest); else it folds the log whole. It is not part of
	// the JSON form.
	Checkpoint []byte `json:"-"`
}

// OnTime is the outcome of a target: not yet known, met or missed.
type OnTime string

const (
	OnTimeUnknown OnTime = ""    // the clock has not stopped, or the target does not apply
	OnTimeYes     OnTime = "yes" // the clock stopped before its deadline
	OnTimeNo      OnTime = "no"  // the clock breached
)

// Link relates a ticket to another record (an incident, a request, a problem
// or a change).
type Link struct {
	To   codes.ID `json:"to"`             // the record linked to
	Kind string   `json:"kind,omitempty"` // e.g. "caused_by", "related"
}

// Task is a piece of a ticket's work given to its own assignee (任务单),
// with a workflow of its own: open → in progress →
// resolved → closed (see task.go). The ticket may be resolved only when
// every task is closed. Its reference is TaskRef(ticket, No), such as
// IM251117000001-T01.
type Task struct {
	No       int               `json:"no"`                 // 1, 2, ... within the ticket
	Status   TaskStatus        `json:"status,omitempty"`   // open, in progress, resolved or closed
	Type     codes.Category    `json:"type,omitempty"`     // 类型, a category of the code tables
	Summary  string            `json:"summary"`            // a one-line description (简要描述)
	Content  string            `json:"content,omitempty"`  // 执行内容, what is to be done
	System   codes.System      `json:"system,omitempty"`   // the owning system (所属业务系统)
	OnSite   bool              `json:"on_site,omitempty"`  // a field engineer is sent on site (现场支持)
	Group    string            `json:"group,omitempty"`    // the group of the executor (执行组)
	Assignee string            `json:"assignee,omitempty"` // 执行人
	Result   string            `json:"result,omitempty"`   // the result of the work (执行结果)
	Closure  codes.ClosureCode `json:"closure,omitempty"`  // the task's closure code (任务结束代码)
	Created  time.Time         `json:"created"`            // when the task was split off
	// RespondBy is when the task should be taken up (for an on-site task:
	// when the engineer should arrive), or zero.
	RespondBy time.Time `json:"respond_by,omitzero"`
	TakenUp   time.Time `json:"taken_up,omitzero"`  // 响应时间: work started (on site: arrived)
	Resolved  time.Time `json:"resolved,omitzero"`  // when the task was resolved
	Completed time.Time `json:"completed,omitzero"` // 实际完成时间: the task closed

	Attachments []string `json:"attachments,omitempty"`  // names or references of attached files
	ConfigItems []string `json:"config_items,omitempty"` // the configuration items concerned
	Links       []Link   `json:"links,omitempty"`        // related records
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
	t.Checkpoint = slices.Clone(t.Checkpoint)
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
