package kpi

import (
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// inPeriod reports whether t falls in the period by the report's basis.
// Problem records (kind PM, raised by incident.Desk.RaiseProblem) share the
// store but are not incidents: they are never in a period.
func (tl *tally) inPeriod(t *incident.Ticket) bool {
	if t.ID.Kind() == codes.KindProblem {
		return false
	}
	at := t.Created
	if tl.o.CountBy == ByOccurrence && !t.OccurredAt.IsZero() {
		at = t.OccurredAt
	}
	return !at.Before(tl.o.From) && at.Before(tl.o.To)
}

// keys returns the values of r that d groups by: one, or for ByEngineer
// every engineer who worked the ticket ("" when nobody did).
func (d Dimension) keys(r *Record) []string {
	if d != ByEngineer {
		return []string{d.key(r.Ticket)}
	}
	es := Engineers(r.Ticket, r.Log)
	if len(es) == 0 {
		return []string{""}
	}
	return es
}

// Engineers returns everyone who worked a ticket, sorted: each assignee its
// log ever set (all of t's assignees: the current one when log is nil) and
// the assignee of each of its tasks.
func Engineers(t *incident.Ticket, log []incident.Entry) []string {
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	add(t.Assignee)
	for i := range log {
		for _, c := range log[i].Changes {
			if c.Field == incident.FieldAssignee || c.Field == incident.FieldTaskAssignee {
				add(c.Value)
			}
		}
	}
	for _, k := range t.Tasks {
		add(k.Assignee)
	}
	slices.Sort(out)
	return out
}

// EscalatedTiers returns the tiers escalations took a ticket to, by its
// log: each entry, other than the registration and an assignment, that
// raised the tier (incident counts the same in Ticket.Escalations).
func EscalatedTiers(log []incident.Entry) []codes.Tier {
	var out []codes.Tier
	cur := codes.TierServiceDesk
	for i := range log {
		e := &log[i]
		for _, c := range e.Changes {
			if c.Field != incident.FieldTier {
				continue
			}
			next := codes.Tier(c.Value)
			if i > 0 && e.Type != incident.EntryRegister && e.Event != incident.EventAssign && next.Rank() > cur.Rank() && !slices.Contains(out, next) {
				out = append(out, next)
			}
			cur = next
		}
	}
	return out
}

// NotifiedRoles returns the roles an escalation firing entry notified:
// the escalation engine records a firing as an entry of type "escalation"
// whose text lists its actions, "notify role, role" among them.
func NotifiedRoles(e *incident.Entry) []string {
	if e.Type != "escalation" {
		return nil
	}
	var out []string
	for _, part := range strings.Split(e.Text, "; ") {
		if roles, ok := strings.CutPrefix(part, "notify "); ok {
			out = append(out, strings.Split(roles, ", ")...)
		}
	}
	return out
}

// moreFacts is what one ticket adds to the figures of records.go.
type moreFacts struct {
	respondedOnTime, resolvedInTime, escalated, management bool
	tiers                                                  [4]bool // by tier rank: L1, L2, L3
	onSite, onSiteInTime, arrived, knowledge               bool
	dispatch                                               time.Duration
}

func (tl *tally) collectMore(m *moreFacts, f *facts, r *Record) {
	t := r.Ticket
	m.respondedOnTime = t.RespondedOnTime == incident.OnTimeYes
	m.resolvedInTime = f.successful && f.resolved && t.ResolvedOnTime == incident.OnTimeYes
	m.escalated = t.Escalations > 0
	if r.Log != nil {
		for _, tier := range EscalatedTiers(r.Log) {
			if rk := tier.Rank(); rk > 0 && rk < len(m.tiers) {
				m.tiers[rk] = true
			}
		}
		for i := range r.Log {
			if slices.ContainsFunc(NotifiedRoles(&r.Log[i]), func(role string) bool { return slices.Contains(tl.o.ManagementRoles, role) }) {
				m.management = true
				break
			}
		}
	} else if m.escalated {
		if rk := t.Tier.Rank(); rk > 0 && rk < len(m.tiers) {
			m.tiers[rk] = true
		}
	}
	for _, k := range t.Tasks {
		if !k.OnSite {
			continue
		}
		m.onSite = true
		if !k.TakenUp.IsZero() {
			m.arrived = true
			m.dispatch = k.TakenUp.Sub(k.Created)
			m.onSiteInTime = !k.RespondBy.IsZero() && !k.TakenUp.After(k.RespondBy)
		}
		break // the first on-site task: the dispatch
	}
	m.knowledge = f.resolved && t.KnowledgeUsed != ""
}

// moreSums adds moreFacts up.
type moreSums struct {
	respondedOnTime, resolvedInTime, escalated, management int
	tiers                                                  [4]int
	onSite, onSiteInTime, knowledge                        int
	dispatch                                               durationSum
}

func (s *moreSums) add(m *moreFacts) {
	s.respondedOnTime += b2i(m.respondedOnTime)
	s.resolvedInTime += b2i(m.resolvedInTime)
	s.escalated += b2i(m.escalated)
	s.management += b2i(m.management)
	for i, b := range m.tiers {
		s.tiers[i] += b2i(b)
	}
	s.onSite += b2i(m.onSite)
	s.onSiteInTime += b2i(m.onSiteInTime)
	if m.arrived {
		s.dispatch.add(m.dispatch)
	}
	s.knowledge += b2i(m.knowledge)
}

func (s *moreSums) row(r *Row, tickets int) {
	of := func(n int) Share { return Share{Count: n, Of: tickets} }
	r.RespondedOnTime = of(s.respondedOnTime)
	r.ResolvedInTime = of(s.resolvedInTime)
	r.Escalated = of(s.escalated)
	r.EscalatedL1, r.EscalatedL2, r.EscalatedL3 = s.tiers[1], s.tiers[2], s.tiers[3]
	r.Management = of(s.management)
	r.OnSiteInTime = Share{Count: s.onSiteInTime, Of: s.onSite}
	r.Dispatch = s.dispatch.average()
	r.KnowledgeUsed = of(s.knowledge)
}
