package kpi

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Dimension is a way to break the indicators down: one row per assignee,
// per group, per category or per priority.
type Dimension string

// The dimensions a report can break down by.
const (
	ByAssignee Dimension = "assignee" // the engineer holding the ticket (个人事件总数)
	ByGroup    Dimension = "group"    // the assigned group
	ByCategory Dimension = "category" // the category code (具体类别事件发生总数)
	ByPriority Dimension = "priority" // "P1" to "P5"
	// ByCustomerTier is the requester's class of service (Ticket.CustomerTier:
	// "vip"; the row with no key is the ordinary customers), for the
	// responses on time per class of customer (用户事件响应率: VIP/普通客户).
	ByCustomerTier Dimension = "customer_tier"
	// ByEngineer counts a ticket once for every engineer who worked it
	// (个人事件总数): each assignee its log ever set and each task's
	// assignee, not only the one holding it now. Its rows do not sum to
	// the overall row, so AllDimensions leaves it out; ask for it by name.
	ByEngineer Dimension = "engineer"
)

// AllDimensions returns every dimension whose rows partition the tickets,
// in the order reports list them (ByEngineer, whose rows overlap, is left
// out).
func AllDimensions() []Dimension {
	return []Dimension{ByAssignee, ByGroup, ByCategory, ByPriority, ByCustomerTier}
}

// knownDimensions are the dimensions Options.GroupBy may name.
var knownDimensions = append(AllDimensions(), ByEngineer)

// key returns the value of t that d groups by; "" when t has none.
func (d Dimension) key(t *incident.Ticket) string {
	switch d {
	case ByAssignee:
		return t.Assignee
	case ByGroup:
		return t.Group
	case ByCategory:
		return string(t.Category)
	case ByPriority:
		if t.Priority.Valid() {
			return priorityKeys[t.Priority]
		}
	case ByCustomerTier:
		return t.CustomerTier
	}
	return ""
}

// priorityKeys are the texts of P1 to P5, made once: priorityKeys[p].
var priorityKeys = func() (k [codes.P5 + 1]string) {
	for p := codes.P1; p <= codes.P5; p++ {
		k[p] = p.String()
	}
	return k
}()

// Options says which tickets a report covers and how it breaks them down.
// From and To are required; every other field has a default.
type Options struct {
	// From and To bound the period: a report covers the tickets registered
	// (Ticket.Created) at or after From and before To. Required, with From
	// before To.
	From, To time.Time

	// Now is when the report is made. Tickets still unresolved past their
	// planned resolution are counted at the earlier of To and Now: set Now
	// when the period has not ended yet. Default: To.
	Now time.Time

	// GroupBy lists the breakdowns the report adds to its overall row, in
	// order; AllDimensions gives every one. Default: none, the overall row
	// only.
	GroupBy []Dimension

	// Codes are the tables that classify closure codes (which outcomes
	// count as successful, which raise a problem) and score satisfaction
	// ratings. Default codes.DefaultTables().
	Codes *codes.Tables

	// Workflow says which statuses are final: a ticket in one is closed.
	// Default: the workflow of incident.DefaultWorkflowConfig.
	Workflow *incident.Workflow

	// Filter, if set, keeps only the tickets for which it returns true: a
	// record kind (incidents, not service requests), a nature, a customer.
	// It is called for every ticket of the period, duplicates included.
	Filter func(*incident.Ticket) bool

	// PageSize is how many tickets Compute reads from the Store at a time.
	// Default 500.
	PageSize int

	// CountBy says which instant puts a ticket in the period: its
	// registration (ByRegistration, the default: Ticket.Created) or its
	// occurrence (ByOccurrence: Ticket.OccurredAt, 事件发生时间, which the
	// process counts by; a ticket with no occurrence recorded counts by its
	// registration).
	CountBy Basis

	// ManagementRoles are the roles whose notification makes an
	// escalation to management (升级到管理层). Default
	// DefaultManagementRoles.
	ManagementRoles []string
}

// Basis is the instant that puts a ticket in a report's period.
type Basis string

// The bases of a period.
const (
	ByRegistration Basis = "registration"
	ByOccurrence   Basis = "occurrence"
)

// DefaultManagementRoles are the management roles of the default
// escalation rules: the service manager (运维服务经理), the service
// director (运维服务总监), the centre's leadership (中心领导) and the
// company's (公司领导).
func DefaultManagementRoles() []string {
	return []string{"service_manager", "service_director", "centre_leadership", "executives"}
}

// DefaultPageSize is the number of tickets Compute reads per Store.Find
// when Options.PageSize is zero.
const DefaultPageSize = 500

var defaultWorkflow = sync.OnceValues(func() (*incident.Workflow, error) {
	return incident.NewWorkflow(incident.DefaultWorkflowConfig())
})

// withDefaults checks o and returns it with the defaults filled in.
func (o Options) withDefaults() (Options, error) {
	bad := func(field, format string, args ...any) (Options, error) {
		return Options{}, &InputError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if o.From.IsZero() {
		return bad("from", "the start of the period is required")
	}
	if o.To.IsZero() {
		return bad("to", "the end of the period is required")
	}
	if !o.From.Before(o.To) {
		return bad("from", "the period starts at %s, not before its end at %s", o.From.Format(time.RFC3339), o.To.Format(time.RFC3339))
	}
	if o.PageSize < 0 {
		return bad("page_size", "%d is negative", o.PageSize)
	}
	o.PageSize = cmp.Or(o.PageSize, DefaultPageSize)
	for i, d := range o.GroupBy {
		if !slices.Contains(knownDimensions, d) {
			return bad(fmt.Sprintf("group_by[%d]", i), "unknown dimension %q (assignee, group, category, priority, customer_tier or engineer)", d)
		}
		if slices.Contains(o.GroupBy[:i], d) {
			return bad(fmt.Sprintf("group_by[%d]", i), "%q is listed twice", d)
		}
	}
	o.GroupBy = slices.Clone(o.GroupBy)
	if o.Now.IsZero() {
		o.Now = o.To
	}
	switch o.CountBy {
	case "":
		o.CountBy = ByRegistration
	case ByRegistration, ByOccurrence:
	default:
		return bad("count_by", "unknown basis %q (registration or occurrence)", o.CountBy)
	}
	if o.ManagementRoles == nil {
		o.ManagementRoles = DefaultManagementRoles()
	}
	if o.Codes == nil {
		o.Codes = codes.DefaultTables()
	}
	if o.Codes.ClosureCodes() == nil || o.Codes.Satisfaction() == nil {
		return bad("codes", "the tables hold no closure codes or no satisfaction ratings: the report needs both")
	}
	if o.Workflow == nil {
		w, err := defaultWorkflow()
		if err != nil {
			return Options{}, err
		}
		o.Workflow = w
	}
	return o, nil
}

// at is the instant a report judges tickets still unresolved at.
func (o *Options) at() time.Time {
	if o.Now.Before(o.To) {
		return o.Now
	}
	return o.To
}
