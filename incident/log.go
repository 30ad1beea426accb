package incident

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// ErrInvalidLog is matched by errors from Replay for a log that cannot be a
// ticket's history (a *LogError): entries out of order, an unknown field, a
// value that does not parse.
var ErrInvalidLog = errors.New("incident: invalid activity log")

// LogError reports what is wrong with an activity log and where. It matches
// ErrInvalidLog.
type LogError struct {
	Seq    int    // the entry, 1-based
	Reason string // what is wrong with it
}

// Error returns the entry's position and what is wrong with it.
func (e *LogError) Error() string {
	return fmt.Sprintf("%v: entry %d: %s", ErrInvalidLog, e.Seq, e.Reason)
}

// Is reports whether target is ErrInvalidLog.
func (e *LogError) Is(target error) bool { return target == ErrInvalidLog }

// EntryType says what kind of change an activity log entry records.
type EntryType string

// The entry types the Desk writes. Other packages may record their own
// (an escalation firing, its delivery); Replay applies any entry's status and
// field changes whatever its type.
const (
	EntryRegister   EntryType = "register"   // the ticket was opened
	EntryTransition EntryType = "transition" // an event moved it to another status
	EntryUpdate     EntryType = "update"     // fields changed, status kept
	EntryComment    EntryType = "comment"
	EntryAlert      EntryType = "alert" // the monitoring alert repeated
	EntryTask       EntryType = "task"  // a task was added or completed
	EntryLink       EntryType = "link"
)

// Entry is one line of a ticket's activity log (活动日志): what changed,
// who changed it and when. The log is append-only and is the
// ticket's history: Replay rebuilds the ticket from it, and the SLA is
// computed from it.
type Entry struct {
	Seq     int          `json:"seq"`               // position in the log, from 1
	At      time.Time    `json:"at"`                // when the change happened
	Actor   string       `json:"actor"`             // who made it: a person, or a system such as the escalation engine
	Type    EntryType    `json:"type"`              // what kind of change the entry records
	Event   Event        `json:"event,omitempty"`   // for transitions
	Status  codes.Status `json:"status,omitempty"`  // the status entered, if any
	Changes []Change     `json:"changes,omitempty"` // the fields set, in order
	Task    int          `json:"task,omitempty"`    // the task the task.* changes apply to
	Text    string       `json:"text,omitempty"`    // a comment
	Key     string       `json:"key,omitempty"`     // an idempotency key, for entries recorded once
}

// Change sets one field to a value in its text form ("P3", "IM090224000001",
// "true"). Fields marked "adds" in the Field list append instead.
type Change struct {
	Field Field  `json:"field"` // the field set
	Value string `json:"value"` // its new value, in text form
}

// Field names a ticket field an entry may change.
type Field string

// The fields of a ticket that the log records.
const (
	FieldPriority     Field = "priority"
	FieldImpact       Field = "impact"
	FieldUrgency      Field = "urgency"
	FieldCategory     Field = "category"
	FieldSystem       Field = "system"
	FieldNature       Field = "nature"
	FieldCustomerTier Field = "customer_tier"
	FieldSource       Field = "source"
	FieldExternalKey  Field = "external_key"
	FieldSummary      Field = "summary"
	FieldDescription  Field = "description"
	FieldRegistrar    Field = "registrar"
	FieldRequester    Field = "requester"
	FieldGroup        Field = "group"
	FieldAssignee     Field = "assignee"
	FieldTier         Field = "tier"
	FieldSolution     Field = "solution"
	FieldClosure      Field = "closure"
	FieldResolverRole Field = "resolver_role"
	FieldSatisfaction Field = "satisfaction"
	FieldVendor       Field = "vendor" // "true" or "false"
	FieldMajor        Field = "major"  // "true" flags a major incident whatever its priority; "false" clears it
	FieldDuplicateOf  Field = "duplicate_of"
	FieldReopenOf     Field = "reopen_of"
	FieldReopenedAs   Field = "reopened_as"
	FieldAttachment   Field = "attachment"  // adds one
	FieldConfigItem   Field = "config_item" // adds one
	FieldLink         Field = "link"        // adds one: "kind:ID" or "ID"

	FieldTaskSummary  Field = "task.summary"
	FieldTaskGroup    Field = "task.group"
	FieldTaskAssignee Field = "task.assignee"
	FieldTaskResult   Field = "task.result"
	FieldTaskClosure  Field = "task.closure"
	FieldTaskDone     Field = "task.done" // completes the task at the entry's time
)

// The fields of the incident's own facts, of tasks' further items, of
// knowledge and of problem hand-off (records.go, task.go, knowledge.go,
// problem.go).
const (
	FieldOccurredAt        Field = "occurred_at" // RFC 3339
	FieldReporterName      Field = "reporter.name"
	FieldReporterPhone     Field = "reporter.phone"
	FieldReporterEmail     Field = "reporter.email"
	FieldReporterDept      Field = "reporter.department"
	FieldLocation          Field = "location"
	FieldSymptom           Field = "symptom"
	FieldErrorCode         Field = "error_code"
	FieldRootCause         Field = "root_cause"
	FieldRootCauseCategory Field = "root_cause_category"
	FieldVendorAtFault     Field = "vendor_at_fault"
	FieldTimeSpent         Field = "time_spent" // a Go duration, "1h30m"
	FieldFeedback          Field = "feedback"

	FieldSuggestion     Field = "suggestion"      // adds one: "kind:ref title"
	FieldKnowledgeUsed  Field = "knowledge_used"  // the ref of the article or known error the solution used
	FieldKnowledgeOffer Field = "knowledge_offer" // "pending", "offered" or ""
	FieldKnowledgeRef   Field = "knowledge_ref"   // what the knowledge base filed the solution as
	FieldProblem        Field = "problem"         // the problem record raised for the incident
	FieldIncident       Field = "incident"        // on a problem record: the incident it was raised for

	FieldTaskStatus     Field = "task.status" // enters the status at the entry's time
	FieldTaskType       Field = "task.type"
	FieldTaskContent    Field = "task.content"
	FieldTaskSystem     Field = "task.system"
	FieldTaskOnSite     Field = "task.on_site" // "true" or "false"
	FieldTaskRespondBy  Field = "task.respond_by"
	FieldTaskAttachment Field = "task.attachment"  // adds one
	FieldTaskConfigItem Field = "task.config_item" // adds one
	FieldTaskLink       Field = "task.link"        // adds one: "kind:ID" or "ID"
)

// Replay rebuilds a ticket from its activity log, entry by entry: the status
// each entry entered, the fields it changed, the counters its events imply
// (reassignments, reopens, alert repeats). Created and Updated are the times
// of the first and the last entry. The SLA's derived fields and Version are
// left zero: they are not history.
//
// The log must start with an EntryRegister, number its entries 1, 2, ... and
// never go back in time; a log that does not is a *LogError (ErrInvalidLog).
func Replay(id codes.ID, log []Entry) (*Ticket, error) {
	t := &Ticket{ID: id}
	if err := replayInto(t, log, 0); err != nil {
		return nil, err
	}
	return t, nil
}

// replayInto applies log to t; the entries continue a log of n entries.
func replayInto(t *Ticket, log []Entry, n int) error {
	for i := range log {
		e := &log[i]
		if e.Seq != n+i+1 {
			return &LogError{Seq: e.Seq, Reason: fmt.Sprintf("numbered %d, want %d", e.Seq, n+i+1)}
		}
		if e.At.IsZero() {
			return &LogError{Seq: e.Seq, Reason: "no time"}
		}
		if n+i == 0 {
			if e.Type != EntryRegister {
				return &LogError{Seq: e.Seq, Reason: fmt.Sprintf("a log starts with %q, not %q", EntryRegister, e.Type)}
			}
			t.Created = e.At
		} else if e.At.Before(t.Updated) {
			return &LogError{Seq: e.Seq, Reason: fmt.Sprintf("at %s, before the entry it follows (%s)", e.At.Format(time.RFC3339Nano), t.Updated.Format(time.RFC3339Nano))}
		}
		t.Updated = e.At
		if err := applyEntry(t, e); err != nil {
			return &LogError{Seq: e.Seq, Reason: err.Error()}
		}
	}
	return nil
}

// applyEntry applies one entry's status, counters and changes to t.
func applyEntry(t *Ticket, e *Entry) error {
	if e.Status != "" {
		t.Status = e.Status
	}
	if e.Event == EventReopen {
		t.Reopens++
	}
	if e.Type == EntryAlert {
		t.Alerts++
	}
	tier := tierRank(t.Tier)
	for _, c := range e.Changes {
		if err := apply(t, e, c); err != nil {
			return err
		}
	}
	// Handing a ticket up a tier is an escalation, however it is done (an
	// escalation, a reassignment to a higher tier, a rule's raise_tier);
	// another reassignment is counted as one. The first assignment, from
	// the service desk to the tier that takes the ticket, is neither.
	switch {
	case e.Type != EntryRegister && e.Event != EventAssign && tierRank(t.Tier) > tier:
		t.Escalations++
	case e.Event == EventReassign:
		t.Reassignments++
	}
	return nil
}

// tierRank is the rank of a tier, a ticket without one being at the service
// desk.
func tierRank(t codes.Tier) int {
	if t == "" {
		return codes.TierServiceDesk.Rank()
	}
	return t.Rank()
}

// apply sets one field of t.
func apply(t *Ticket, e *Entry, c Change) error {
	v := c.Value
	var err error
	switch c.Field {
	case FieldPriority:
		t.Priority, err = codes.ParsePriority(v)
		// A major priority makes a major incident; it stays one, whatever
		// the priority becomes, until its flag is cleared.
		t.Major = t.Major || t.Priority.Major()
	case FieldImpact:
		t.Impact = codes.Impact(v)
	case FieldUrgency:
		t.Urgency = codes.Urgency(v)
	case FieldCategory:
		t.Category = codes.Category(v)
	case FieldSystem:
		t.System = codes.System(v)
	case FieldNature:
		t.Nature = codes.Nature(v)
	case FieldCustomerTier:
		t.CustomerTier = v
	case FieldSource:
		t.Source = codes.Source(v)
	case FieldExternalKey:
		t.ExternalKey = v
	case FieldSummary:
		t.Summary = v
	case FieldDescription:
		t.Description = v
	case FieldRegistrar:
		t.Registrar = v
	case FieldRequester:
		t.Requester = v
	case FieldGroup:
		t.Group = v
	case FieldAssignee:
		t.Assignee = v
	case FieldTier:
		t.Tier = codes.Tier(v)
	case FieldSolution:
		t.Solution = v
	case FieldClosure:
		t.Closure = codes.ClosureCode(v)
	case FieldResolverRole:
		t.ResolverRole = codes.ResolverRole(v)
	case FieldSatisfaction:
		t.Satisfaction = codes.Satisfaction(v)
	case FieldVendor:
		t.Vendor, err = parseBool(v)
	case FieldMajor:
		t.Major, err = parseBool(v)
	case FieldDuplicateOf:
		t.DuplicateOf, err = parseOptionalID(v)
	case FieldReopenOf:
		t.ReopenOf, err = parseOptionalID(v)
	case FieldReopenedAs:
		t.ReopenedAs, err = parseOptionalID(v)
	case FieldAttachment:
		t.Attachments = append(t.Attachments, v)
	case FieldConfigItem:
		t.ConfigItems = append(t.ConfigItems, v)
	case FieldLink:
		var l Link
		l, err = parseLink(v)
		t.Links = append(t.Links, l)
	case FieldTaskSummary, FieldTaskGroup, FieldTaskAssignee, FieldTaskResult, FieldTaskClosure, FieldTaskDone:
		return applyTask(t, e, c)
	default:
		var ok bool
		if ok, err = applyRecord(t, e, c); !ok {
			return fmt.Errorf("unknown field %q", c.Field)
		}
	}
	if err != nil {
		return fmt.Errorf("field %s: %w", c.Field, err)
	}
	return nil
}

func applyTask(t *Ticket, e *Entry, c Change) error {
	if e.Task < 1 || e.Task > len(t.Tasks)+1 {
		return fmt.Errorf("field %s: task %d does not exist (the ticket has %d)", c.Field, e.Task, len(t.Tasks))
	}
	if e.Task == len(t.Tasks)+1 {
		t.Tasks = append(t.Tasks, Task{No: e.Task, Status: TaskOpen, Created: e.At})
	}
	task := &t.Tasks[e.Task-1]
	switch c.Field {
	case FieldTaskSummary:
		task.Summary = c.Value
	case FieldTaskGroup:
		task.Group = c.Value
	case FieldTaskAssignee:
		task.Assignee = c.Value
	case FieldTaskResult:
		task.Result = c.Value
	case FieldTaskClosure:
		task.Closure = codes.ClosureCode(c.Value)
	case FieldTaskDone:
		task.Completed, task.Status = e.At, TaskClosed
	default:
		return applyTaskRecord(task, e, c)
	}
	return nil
}

func parseBool(v string) (bool, error) {
	switch v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", v)
}

func parseOptionalID(v string) (codes.ID, error) {
	if v == "" {
		return codes.ID{}, nil
	}
	return codes.ParseID(v)
}

// parseLink reads "kind:ID" or "ID".
func parseLink(v string) (Link, error) {
	kind, id, ok := strings.Cut(v, ":")
	if !ok {
		kind, id = "", v
	}
	to, err := codes.ParseID(id)
	if err != nil {
		return Link{}, err
	}
	return Link{To: to, Kind: kind}, nil
}

// String returns the link as "kind:ID", or "ID" without a kind: the form a
// FieldLink change holds.
func (l Link) String() string {
	if l.Kind == "" {
		return l.To.String()
	}
	return l.Kind + ":" + l.To.String()
}
