package kpi

import (
	"encoding/json"
	"math"
	"time"
)

// Report is the key indicators of a period: the overall row and, for each
// dimension asked for, one row per value of it. Every figure is over the
// tickets registered in [From, To) that are not duplicates, except
// Duplicates, which counts those.
type Report struct {
	From time.Time `json:"from"` // the start of the period, included
	To   time.Time `json:"to"`   // the end of the period, excluded
	// At is the instant tickets still unresolved past their planned
	// resolution are counted at: the earlier of To and Options.Now.
	At time.Time `json:"at"`

	Total      Row         `json:"total"`                // the indicators of every ticket of the period
	Breakdowns []Breakdown `json:"breakdowns,omitempty"` // one per dimension of Options.GroupBy, in its order
}

// Breakdown is the indicators per value of one dimension: per assignee, per
// category... Its rows are in the order of their keys, the row of tickets
// with no value last. Summed over the rows, every count (and every
// denominator) gives the overall row's.
type Breakdown struct {
	By   Dimension `json:"by"`   // the dimension the rows are per
	Rows []Row     `json:"rows"` // one per value of the dimension, the row with no value last
}

// Row is the key indicators of a set of tickets, as the package doc defines
// them.
// Shares are of Tickets, except ServiceDesk, a share of the resolved
// tickets. Times are wall-clock, from registration.
type Row struct {
	// Key is the assignee, group, category code or priority ("P3") the row
	// is for; "" in the overall row, and in a breakdown's row of the
	// tickets that have none.
	Key string `json:"key"`

	// Tickets counts the tickets registered in the period, duplicates left
	// out (事件总数, 服务台受理事件总数).
	Tickets int `json:"tickets"`
	// Duplicates counts the tickets registered in the period marked a
	// duplicate of another (重复事件数量).
	Duplicates int `json:"duplicates"`

	// Closed: tickets in a final status of the workflow (事件关闭).
	Closed Share `json:"closed"`
	// Successful: closed tickets whose closure code counts as a success
	// (事件成功关闭): its outcome in the code table is resolved or
	// problem_raised.
	Successful Share `json:"successful"`
	// Overdue: tickets resolved late (超时的事件): their resolution clock
	// has stopped and the ticket records its resolution as not on time.
	Overdue Share `json:"overdue"`
	// OverdueUnresolved counts the tickets not resolved at the report's
	// At whose planned resolution had passed by then (超时未解决).
	OverdueUnresolved int `json:"overdue_unresolved"`
	// Major: major incidents (重大事件): the ticket's Major flag, which a
	// P1 or P2 priority sets.
	Major Share `json:"major"`
	// FirstTime: tickets never reopened (Ticket 一次解决率 = (total −
	// reopened) / total): neither reopened in place nor rejected by the
	// requester and continued as a new ticket.
	FirstTime Share `json:"first_time"`
	// ProblemRaised: tickets whose closure code hands a problem on to
	// problem management (升级到问题, 成功但有问题).
	ProblemRaised Share `json:"problem_raised"`
	// ServiceDesk: of the resolved tickets, those the service desk
	// resolved (服务台解决率), by their resolver role.
	ServiceDesk Share `json:"service_desk"`

	// Response: from registration to the response (Ticket.ActualResponse),
	// over the tickets responded to.
	Response Average `json:"response"`
	// Resolution: from registration to the resolution
	// (Ticket.ActualResolution), over the resolved tickets (平均解决时间).
	Resolution Average `json:"resolution"`
	// ThirdParty: from the moment the ticket reached tier L3 (转至第三方时间)
	// to its resolution, over the tickets resolved by the L3 role
	// (第三方平均解决时间).
	ThirdParty Average `json:"third_party"`
	// Satisfaction: the mean score of the rated tickets (满意度), by the
	// satisfaction table's scores.
	Satisfaction Score `json:"satisfaction"`

	// RespondedOnTime: tickets whose response met its target (规定时间内响应,
	// Ticket.RespondedOnTime), out of all (用户事件响应率 per customer class
	// in the customer_tier breakdown).
	RespondedOnTime Share `json:"responded_on_time"`
	// ResolvedInTime: tickets resolved on time and closed successfully
	// (规定时间内解决的事件: 未超时 and 成功).
	ResolvedInTime Share `json:"resolved_in_time"`
	// Escalated: tickets handed up a tier at least once (Ticket.Escalations).
	Escalated Share `json:"escalated"`
	// EscalatedL1, EscalatedL2 and EscalatedL3 count the tickets an
	// escalation took to each tier (a ticket taken from L1 to L2 and then
	// L3 counts under L2 and L3); the first assignment is no escalation.
	EscalatedL1 int `json:"escalated_l1"`
	EscalatedL2 int `json:"escalated_l2"` // tickets an escalation took to L2
	EscalatedL3 int `json:"escalated_l3"` // tickets an escalation took to L3
	// Management: tickets escalated to management (升级到管理层): their log
	// records a notification of one of Options.ManagementRoles.
	Management Share `json:"management"`
	// OnSiteInTime: of the tickets with an on-site task (现场支持), those
	// whose first on-site task was taken up — the engineer arrived — by
	// its RespondBy (规定时间内到达客户现场). A task without RespondBy
	// cannot be on time.
	OnSiteInTime Share `json:"on_site_in_time"`
	// Dispatch: from the dispatch (the first on-site task's creation) to
	// the arrival (its TakenUp), over the tickets whose engineer arrived
	// (现场平均响应时间, 事件接收时间 − 事件分派时间).
	Dispatch Average `json:"dispatch"`
	// KnowledgeUsed: resolved tickets whose solution came from the
	// knowledge base (Ticket.KnowledgeUsed), out of all (知识库利用率).
	KnowledgeUsed Share `json:"knowledge_used"`
}

// Share is a count of tickets out of a whole: the closed tickets out of all
// of them, say. With Of zero there is no share to give.
type Share struct {
	Count int // the tickets counted
	Of    int // the whole they are counted out of
}

// Rate returns Count/Of, from 0 to 1, and true; or 0 and false when Of is
// zero: no data, which JSON shows as null and CSV as an empty field.
func (s Share) Rate() (float64, bool) {
	if s.Of == 0 {
		return 0, false
	}
	return float64(s.Count) / float64(s.Of), true
}

type shareJSON struct {
	Count int      `json:"count"`
	Of    int      `json:"of"`
	Rate  *float64 `json:"rate"`
}

// MarshalJSON writes {"count":3,"of":12,"rate":0.25}, with "rate":null for
// no data.
func (s Share) MarshalJSON() ([]byte, error) {
	j := shareJSON{Count: s.Count, Of: s.Of}
	if r, ok := s.Rate(); ok {
		j.Rate = &r
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes; the rate is computed, not
// read.
func (s *Share) UnmarshalJSON(b []byte) error {
	var j shareJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Share{Count: j.Count, Of: j.Of}
	return nil
}

// Average is the mean of Count durations, truncated to the nanosecond. With
// Count zero there is no data and Mean is zero.
type Average struct {
	Count int           // how many durations were measured
	Mean  time.Duration // their mean; zero when Count is zero
}

type averageJSON struct {
	Count   int      `json:"count"`
	Seconds *float64 `json:"seconds"`
}

// MarshalJSON writes {"count":3,"seconds":1234.5}: the mean in seconds, or
// null for no data.
func (a Average) MarshalJSON() ([]byte, error) {
	j := averageJSON{Count: a.Count}
	if a.Count > 0 {
		s := a.Mean.Seconds()
		j.Seconds = &s
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *Average) UnmarshalJSON(b []byte) error {
	var j averageJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*a = Average{Count: j.Count}
	if j.Seconds != nil {
		a.Mean = time.Duration(math.Round(*j.Seconds * float64(time.Second)))
	}
	return nil
}

// Score is the mean of Count satisfaction scores. With Count zero there is
// no data and Mean is zero.
type Score struct {
	Count int     // how many tickets were rated
	Mean  float64 // their mean score; zero when Count is zero
}

type scoreJSON struct {
	Count int      `json:"count"`
	Mean  *float64 `json:"mean"`
}

// MarshalJSON writes {"count":4,"mean":2.25}, with "mean":null for no data.
func (s Score) MarshalJSON() ([]byte, error) {
	j := scoreJSON{Count: s.Count}
	if s.Count > 0 {
		j.Mean = &s.Mean
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Score) UnmarshalJSON(b []byte) error {
	var j scoreJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Score{Count: j.Count}
	if j.Mean != nil {
		s.Mean = *j.Mean
	}
	return nil
}
