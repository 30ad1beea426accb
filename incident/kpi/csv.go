package kpi

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// csvHeader is the header row of WriteCSV.
var csvHeader = []string{
	"dimension", "key", "tickets", "duplicates",
	"closed", "closed_rate", "successful", "successful_rate",
	"overdue", "overdue_rate", "overdue_unresolved",
	"major", "major_rate", "first_time", "first_time_rate",
	"problem_raised", "problem_raised_rate",
	"responded", "response_mean_seconds",
	"resolved", "resolution_mean_seconds", "service_desk", "service_desk_rate",
	"third_party", "third_party_mean_seconds",
	"rated", "satisfaction_mean",
	"responded_on_time", "responded_on_time_rate", "resolved_in_time", "resolved_in_time_rate",
	"escalated", "escalated_rate", "escalated_l1", "escalated_l2", "escalated_l3",
	"management", "management_rate",
	"on_site", "on_site_in_time", "on_site_in_time_rate", "dispatched", "dispatch_mean_seconds",
	"knowledge_used", "knowledge_used_rate",
}

// WriteCSV writes the report as CSV for machines (encoding/csv): a header
// row, the overall row with dimension "all", then one row per key of each
// breakdown, with raw numbers. The columns, in this order, which stays:
//
//	dimension, key, tickets, duplicates,
//	closed, closed_rate, successful, successful_rate,
//	overdue, overdue_rate, overdue_unresolved,
//	major, major_rate, first_time, first_time_rate,
//	problem_raised, problem_raised_rate,
//	responded, response_mean_seconds,
//	resolved, resolution_mean_seconds, service_desk, service_desk_rate,
//	third_party, third_party_mean_seconds,
//	rated, satisfaction_mean,
//	responded_on_time, responded_on_time_rate, resolved_in_time, resolved_in_time_rate,
//	escalated, escalated_rate, escalated_l1, escalated_l2, escalated_l3,
//	management, management_rate,
//	on_site, on_site_in_time, on_site_in_time_rate, dispatched, dispatch_mean_seconds,
//	knowledge_used, knowledge_used_rate
//
// (on_site counts the tickets with an on-site task, on_site_in_time_rate
// is a share of them, and dispatched counts those whose engineer arrived.)
//
// A count is followed by its rate, a ratio from 0 to 1 of the row's
// tickets (service_desk_rate: of its resolved tickets); a number of
// tickets measured by the mean of their times, in seconds, or of their
// satisfaction scores. A rate or mean with no data is an empty field.
// Numbers are never in exponent form. A key that a spreadsheet would take
// for a formula (beginning =, +, -, @, a tab or a carriage return: an
// assignee named "=HYPERLINK(...)") is written with a leading apostrophe.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	if err := cw.Write(csvRecord("all", &r.Total)); err != nil {
		return err
	}
	for _, b := range r.Breakdowns {
		for i := range b.Rows {
			if err := cw.Write(csvRecord(string(b.By), &b.Rows[i])); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRecord(dim string, r *Row) []string {
	n := strconv.Itoa
	rate := func(s Share) string {
		v, ok := s.Rate()
		if !ok {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	secs := func(a Average) string {
		if a.Count == 0 {
			return ""
		}
		return strconv.FormatFloat(a.Mean.Seconds(), 'f', -1, 64)
	}
	score := ""
	if r.Satisfaction.Count > 0 {
		score = strconv.FormatFloat(r.Satisfaction.Mean, 'f', -1, 64)
	}
	return []string{
		dim, cell(r.Key), n(r.Tickets), n(r.Duplicates),
		n(r.Closed.Count), rate(r.Closed), n(r.Successful.Count), rate(r.Successful),
		n(r.Overdue.Count), rate(r.Overdue), n(r.OverdueUnresolved),
		n(r.Major.Count), rate(r.Major), n(r.FirstTime.Count), rate(r.FirstTime),
		n(r.ProblemRaised.Count), rate(r.ProblemRaised),
		n(r.Response.Count), secs(r.Response),
		n(r.Resolution.Count), secs(r.Resolution), n(r.ServiceDesk.Count), rate(r.ServiceDesk),
		n(r.ThirdParty.Count), secs(r.ThirdParty),
		n(r.Satisfaction.Count), score,
		n(r.RespondedOnTime.Count), rate(r.RespondedOnTime), n(r.ResolvedInTime.Count), rate(r.ResolvedInTime),
		n(r.Escalated.Count), rate(r.Escalated), n(r.EscalatedL1), n(r.EscalatedL2), n(r.EscalatedL3),
		n(r.Management.Count), rate(r.Management),
		n(r.OnSiteInTime.Of), n(r.OnSiteInTime.Count), rate(r.OnSiteInTime), n(r.Dispatch.Count), secs(r.Dispatch),
		n(r.KnowledgeUsed.Count), rate(r.KnowledgeUsed),
	}
}

// cell defuses a text a spreadsheet would run as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
