package incident

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// Facts are the incident's own facts, recorded at registration
// (Registration.Facts) and corrected later (Update.Facts): when it
// occurred, who reported it, where, and what was seen. Each is logged as a
// field change, so that Replay gives it back.
type Facts struct {
	// OccurredAt is when the incident happened (发生日期时间), as distinct
	// from when it was registered (Ticket.Created). It may not be after the
	// registration. Zero: unknown, and reports count the ticket by its
	// registration.
	OccurredAt time.Time `json:"occurred_at,omitzero"`
	Reporter   Reporter  `json:"reporter,omitzero"`    // who reported the incident (报告人)
	Location   string    `json:"location,omitempty"`   // where (地点, 工作地点)
	Symptom    string    `json:"symptom,omitempty"`    // what was seen (症状)
	ErrorCode  string    `json:"error_code,omitempty"` // the error code shown, as the system shows it (错误代码)
}

// Reporter is the person who reported an incident (报告人): name, phone,
// e-mail and department. Ticket.Requester stays the account the Desk
// notifies; the reporter is who called.
type Reporter struct {
	Name       string `json:"name,omitempty"`       // the reporter's name
	Phone      string `json:"phone,omitempty"`      // a phone number to call back on
	Email      string `json:"email,omitempty"`      // an e-mail address
	Department string `json:"department,omitempty"` // the reporter's department
}

// Findings are what is known of an incident at its resolution
// (Resolution.Findings) or later (Update.Findings): the root cause, as
// text and classified by a category of the code tables (根据根本原因归类),
// the vendor at fault (故障厂商) — which also marks a vendor involved
// (Ticket.Vendor) —, and the working time spent on it (花费的时间).
type Findings struct {
	RootCause         string         `json:"root_cause,omitempty"`          // what caused the incident, as text (根本原因)
	RootCauseCategory codes.Category `json:"root_cause_category,omitempty"` // checked against the categories
	VendorAtFault     string         `json:"vendor_at_fault,omitempty"`     // the vendor whose product or service failed
	TimeSpent         sla.Duration   `json:"time_spent,omitempty"`          // not negative
}

// facts returns the facts of t.
func (t *Ticket) facts() Facts {
	return Facts{OccurredAt: t.OccurredAt, Reporter: t.Reporter, Location: t.Location, Symptom: t.Symptom, ErrorCode: t.ErrorCode}
}

// noTicket is the ticket before registration, for factChanges; never
// changed.
var noTicket Ticket

// factInputs returns the text fields of f and g for checkInput.
func factInputs(f Facts, g Findings) [10]input {
	return [10]input{
		nameIn("reporter.name", f.Reporter.Name), nameIn("reporter.phone", f.Reporter.Phone),
		nameIn("reporter.email", f.Reporter.Email), nameIn("reporter.department", f.Reporter.Department),
		textIn("location", f.Location), textIn("symptom", f.Symptom), nameIn("error_code", f.ErrorCode),
		textIn("root_cause", g.RootCause), nameIn("root_cause_category", string(g.RootCauseCategory)),
		nameIn("vendor_at_fault", g.VendorAtFault),
	}
}

// factChanges checks f and g and returns the changes that set, on t (nil at
// registration), what they give and t does not have already. at is when the
// command happens: an incident does not occur after it is registered, nor
// in the future.
func (d *Desk) factChanges(cmd string, t *Ticket, f Facts, g Findings, at time.Time) ([]Change, error) {
	bad := func(field, format string, args ...any) error {
		return &CommandError{Command: cmd, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	in := factInputs(f, g)
	if err := checkInput(cmd, in[:]...); err != nil {
		return nil, err
	}
	old := t
	if old == nil {
		old = &noTicket
	}
	var c []Change
	set := func(fl Field, v, was string) {
		if v != "" && v != was {
			c = append(c, Change{fl, v})
		}
	}
	if !f.OccurredAt.IsZero() {
		limit := at
		if t != nil {
			limit = t.Created
		}
		if f.OccurredAt.After(limit) {
			return nil, bad("occurred_at", "%s is after the incident was registered (%s)", f.OccurredAt.Format(time.RFC3339), limit.Format(time.RFC3339))
		}
		if !f.OccurredAt.Equal(old.OccurredAt) {
			c = append(c, Change{FieldOccurredAt, f.OccurredAt.Format(time.RFC3339Nano)})
		}
	}
	if e := f.Reporter.Email; e != "" && (!strings.Contains(e, "@") || strings.ContainsAny(e, " \t\r\n")) {
		return nil, bad("reporter.email", "%q is not an e-mail address", e)
	}
	set(FieldReporterName, f.Reporter.Name, old.Reporter.Name)
	set(FieldReporterPhone, f.Reporter.Phone, old.Reporter.Phone)
	set(FieldReporterEmail, f.Reporter.Email, old.Reporter.Email)
	set(FieldReporterDept, f.Reporter.Department, old.Reporter.Department)
	set(FieldLocation, f.Location, old.Location)
	set(FieldSymptom, f.Symptom, old.Symptom)
	set(FieldErrorCode, f.ErrorCode, old.ErrorCode)
	set(FieldRootCause, g.RootCause, old.RootCause)
	if g.RootCauseCategory != "" {
		if _, err := d.cfg.Codes.Categories().Lookup(g.RootCauseCategory); err != nil {
			return nil, bad("root_cause_category", "%v", err)
		}
	}
	set(FieldRootCauseCategory, string(g.RootCauseCategory), string(old.RootCauseCategory))
	set(FieldVendorAtFault, g.VendorAtFault, old.VendorAtFault)
	if g.VendorAtFault != "" && !old.Vendor {
		c = append(c, Change{FieldVendor, "true"})
	}
	if g.TimeSpent < 0 {
		return nil, bad("time_spent", "%v is negative", g.TimeSpent)
	}
	if g.TimeSpent > 0 && g.TimeSpent != old.TimeSpent {
		c = append(c, Change{FieldTimeSpent, g.TimeSpent.String()})
	}
	return c, nil
}

// applyRecord applies a change of a field of records.go, task.go,
// knowledge.go or problem.go; ok is false for a field it does not know.
func applyRecord(t *Ticket, e *Entry, c Change) (ok bool, err error) {
	v := c.Value
	switch c.Field {
	case FieldOccurredAt:
		t.OccurredAt, err = parseOptionalTime(v)
	case FieldReporterName:
		t.Reporter.Name = v
	case FieldReporterPhone:
		t.Reporter.Phone = v
	case FieldReporterEmail:
		t.Reporter.Email = v
	case FieldReporterDept:
		t.Reporter.Department = v
	case FieldLocation:
		t.Location = v
	case FieldSymptom:
		t.Symptom = v
	case FieldErrorCode:
		t.ErrorCode = v
	case FieldRootCause:
		t.RootCause = v
	case FieldRootCauseCategory:
		t.RootCauseCategory = codes.Category(v)
	case FieldVendorAtFault:
		t.VendorAtFault = v
	case FieldTimeSpent:
		var d time.Duration
		if v != "" {
			d, err = time.ParseDuration(v)
		}
		t.TimeSpent = sla.Duration(d)
	case FieldFeedback:
		t.Feedback = v
	case FieldSuggestion:
		var s Suggestion
		s, err = parseSuggestion(v)
		t.Suggestions = append(t.Suggestions, s)
	case FieldKnowledgeUsed:
		t.KnowledgeUsed = v
	case FieldKnowledgeOffer:
		t.KnowledgeOffer = KnowledgeOffer(v)
	case FieldKnowledgeRef:
		t.KnowledgeRef = v
	case FieldProblem:
		t.Problem, err = parseOptionalID(v)
	case FieldIncident:
		t.Incident, err = parseOptionalID(v)
	case FieldTaskStatus, FieldTaskType, FieldTaskContent, FieldTaskSystem, FieldTaskOnSite, FieldTaskRespondBy,
		FieldTaskAttachment, FieldTaskConfigItem, FieldTaskLink:
		return true, applyTask(t, e, c)
	default:
		return false, nil
	}
	return true, err
}

func parseOptionalTime(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}

// resolutionChanges returns the changes a resolution makes beyond the
// solution, closure code and role: its findings, the knowledge used, and a
// pending offer to the knowledge base.
func (d *Desk) resolutionChanges(t *Ticket, r Resolution) ([]Change, error) {
	c, err := d.factChanges("resolve", t, Facts{}, r.Findings, time.Time{})
	if err != nil {
		return nil, err
	}
	if r.KnowledgeUsed != "" {
		if strings.ContainsAny(r.KnowledgeUsed, " \t\r\n") {
			return nil, &CommandError{Command: "resolve", Field: "knowledge_used", Reason: fmt.Sprintf("%q holds spaces: a reference has none", r.KnowledgeUsed)}
		}
		c = append(c, Change{FieldKnowledgeUsed, r.KnowledgeUsed})
	}
	if r.ToKnowledge && t.KnowledgeOffer != KnowledgePending {
		c = append(c, Change{FieldKnowledgeOffer, string(KnowledgePending)})
	}
	return c, nil
}

// afterResolve runs the follow-ups of a saved resolution: the offer to the
// knowledge base and the problem of a major incident (see Resolve).
func (d *Desk) afterResolve(ctx context.Context, t *Ticket, r Resolution) (*Ticket, error) {
	if r.ToKnowledge {
		nt, err := d.offer(ctx, t.ID, Action{Actor: r.Actor}, false)
		if nt != nil {
			t = nt
		}
		if err != nil {
			var ke *KnowledgeError
			if !errors.As(err, &ke) {
				err = &KnowledgeError{Ticket: t.ID, Err: err}
			}
			return t, err
		}
	}
	if d.cfg.ProblemForMajor && t.Major && t.Problem.IsZero() {
		nt, _, err := d.RaiseProblem(ctx, t.ID, ProblemSpec{Action: Action{Actor: d.cfg.System}, Reason: "a major incident raises a problem when it is resolved"})
		switch {
		case err == nil:
			t = nt
		case errors.Is(err, ErrProblemExists):
		default:
			return t, &FollowUpError{Ticket: t.ID, Command: CmdResolve, FollowUp: CmdRaiseProblem, Err: err}
		}
	}
	return t, nil
}
