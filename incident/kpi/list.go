package kpi

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/itsmkit/itsm/incident"
)

// ticketHeader is the header row of WriteTicketsCSV.
var ticketHeader = []string{
	"id", "status", "priority", "major", "category", "system", "customer_tier", "source", "summary",
	"reporter_name", "reporter_phone", "reporter_email", "reporter_department", "location", "symptom", "error_code",
	"registrar", "requester", "group", "assignee", "tier",
	"occurred_at", "created", "planned_response", "actual_response", "responded_on_time",
	"planned_resolution", "actual_resolution", "resolved_on_time", "closed",
	"closure", "resolver_role", "solution", "root_cause", "root_cause_category", "vendor", "vendor_at_fault", "time_spent_seconds",
	"satisfaction", "feedback", "reopens", "escalations", "reassignments", "duplicate_of",
	"tasks", "open_tasks", "knowledge_used", "knowledge_ref", "problem",
}

// WriteTicketsCSV writes one CSV row per ticket, in the order given: the
// incident summary record (事件汇总记录), for a spreadsheet or an audit. The
// columns, in this order, which stays:
//
//	id, status, priority, major, category, system, customer_tier, source, summary,
//	reporter_name, reporter_phone, reporter_email, reporter_department, location, symptom, error_code,
//	registrar, requester, group, assignee, tier,
//	occurred_at, created, planned_response, actual_response, responded_on_time,
//	planned_resolution, actual_resolution, resolved_on_time, closed,
//	closure, resolver_role, solution, root_cause, root_cause_category, vendor, vendor_at_fault, time_spent_seconds,
//	satisfaction, feedback, reopens, escalations, reassignments, duplicate_of,
//	tasks, open_tasks, knowledge_used, knowledge_ref, problem
//
// Instants are RFC 3339 in the time zone loc (nil: each as stored), empty
// when unknown; codes are the codes of the code tables; flags are true or
// false; tasks counts the ticket's tasks and open_tasks those not closed.
// A text a spreadsheet would take for a formula is written with a leading
// apostrophe, as in WriteCSV.
func WriteTicketsCSV(w io.Writer, tickets []*incident.Ticket, loc *time.Location) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ticketHeader); err != nil {
		return err
	}
	for i, t := range tickets {
		if t == nil {
			return &InputError{Field: fmt.Sprintf("tickets[%d]", i), Reason: "no ticket"}
		}
		if err := cw.Write(ticketRecord(t, loc)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func ticketRecord(t *incident.Ticket, loc *time.Location) []string {
	at := func(v time.Time) string {
		if v.IsZero() {
			return ""
		}
		if loc != nil {
			v = v.In(loc)
		}
		return v.Format(time.RFC3339)
	}
	id := func(v interface {
		IsZero() bool
		String() string
	}) string {
		if v.IsZero() {
			return ""
		}
		return v.String()
	}
	b := strconv.FormatBool
	n := strconv.Itoa
	pri := ""
	if t.Priority.Valid() {
		pri = t.Priority.String()
	}
	return []string{
		t.ID.String(), string(t.Status), pri, b(t.Major), cell(string(t.Category)), cell(string(t.System)), cell(t.CustomerTier), cell(string(t.Source)), cell(t.Summary),
		cell(t.Reporter.Name), cell(t.Reporter.Phone), cell(t.Reporter.Email), cell(t.Reporter.Department), cell(t.Location), cell(t.Symptom), cell(t.ErrorCode),
		cell(t.Registrar), cell(t.Requester), cell(t.Group), cell(t.Assignee), cell(string(t.Tier)),
		at(t.OccurredAt), at(t.Created), at(t.PlannedResponse), at(t.ActualResponse), string(t.RespondedOnTime),
		at(t.PlannedResolution), at(t.ActualResolution), string(t.ResolvedOnTime), at(t.Closed),
		cell(string(t.Closure)), cell(string(t.ResolverRole)), cell(t.Solution), cell(t.RootCause), cell(string(t.RootCauseCategory)), b(t.Vendor), cell(t.VendorAtFault),
		strconv.FormatFloat(t.TimeSpent.D().Seconds(), 'f', -1, 64),
		cell(string(t.Satisfaction)), cell(t.Feedback), n(t.Reopens), n(t.Escalations), n(t.Reassignments), id(t.DuplicateOf),
		n(len(t.Tasks)), n(len(t.OpenTasks())), cell(t.KnowledgeUsed), cell(t.KnowledgeRef), id(t.Problem),
	}
}

// ExportTickets writes, with WriteTicketsCSV, the tickets of store that a
// report with opt counts — in the period by opt.CountBy, passing
// opt.Filter, duplicates included (their duplicate_of says so) — in id
// order, reading a page at a time. Bad options or a nil store return an
// *InputError; the Store's errors are returned wrapped.
func ExportTickets(ctx context.Context, store incident.Store, opt Options, w io.Writer, loc *time.Location) error {
	if store == nil {
		return &InputError{Field: "store", Reason: "a Store is required"}
	}
	o, err := opt.withDefaults()
	if err != nil {
		return err
	}
	tl := newTally(&o)
	f := incident.Filter{CreatedFrom: o.From, CreatedBefore: o.To, Limit: o.PageSize}
	if o.CountBy == ByOccurrence {
		f.CreatedBefore = time.Time{}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ticketHeader); err != nil {
		return err
	}
	for {
		page, err := store.Find(ctx, f)
		if err != nil {
			return fmt.Errorf("kpi: reading the tickets: %w", err)
		}
		for _, t := range page {
			if !tl.inPeriod(t) || (o.Filter != nil && !o.Filter(t)) {
				continue
			}
			if err := cw.Write(ticketRecord(t, loc)); err != nil {
				return err
			}
		}
		if len(page) < o.PageSize {
			break
		}
		f.After = page[len(page)-1].ID
	}
	cw.Flush()
	return cw.Error()
}
