package codes

import "slices"

// ClosureCode (事件结束代码, closure code) says how a ticket ended: who
// resolved it, or why it closed without a fix. Each code in a ClosureTable
// has an Outcome, which the key indicators count. Tasks use the same codes.
type ClosureCode string

// The closure codes that say who resolved a ticket or why it closed
// without a fix. The default table holds them first.
const (
	ClosureServiceDesk ClosureCode = "service_desk" // 服务台解决: resolved by the service desk
	ClosureL1          ClosureCode = "l1"           // 一线解决: L1 found the root cause or a workaround
	ClosureL2          ClosureCode = "l2"           // 二线解决: L2 found the root cause or a workaround
	ClosureL3          ClosureCode = "l3"           // 三线解决: resolved by an outside party or vendor
	ClosureUnresolved  ClosureCode = "unresolved"   // 未解决: not resolved
	ClosureRecovered   ClosureCode = "recovered"    // 自动恢复: recovered by itself; cannot be reproduced
	ClosureFalseAlarm  ClosureCode = "false_alarm"  // 误报: a false alarm
	ClosureRejected    ClosureCode = "rejected"     // 拒绝: rejected
)

// Closure codes for counting success: 成功, and 成功但有问题 when a problem
// is raised for the root cause. They are the last two of the default table.
const (
	ClosureSuccess            ClosureCode = "success"              // 成功: closed successfully
	ClosureSuccessWithProblem ClosureCode = "success_with_problem" // 成功但有问题: resolved, and a problem raised for the root cause
)

// Outcome classifies closure codes for the key indicators: which closures
// count as successful, which hand a problem on to problem management.
type Outcome string

// The outcomes a closure code can have.
const (
	// OutcomeResolved: the fault was fixed or worked around.
	OutcomeResolved Outcome = "resolved"
	// OutcomeProblemRaised: resolved, and a problem record was raised for
	// the root cause (升级到问题, escalated to problem).
	OutcomeProblemRaised Outcome = "problem_raised"
	// OutcomeUnresolved: closed without a solution; a new ticket may follow.
	OutcomeUnresolved Outcome = "unresolved"
	// OutcomeNoFix: closed with nothing to fix: the fault went away by
	// itself, was a false alarm, or the ticket was rejected.
	OutcomeNoFix Outcome = "no_fix"
)

// Valid reports whether o is one of the four outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case OutcomeResolved, OutcomeProblemRaised, OutcomeUnresolved, OutcomeNoFix:
		return true
	}
	return false
}

// ClosureEntry is one row of the closure code table.
type ClosureEntry struct {
	// Code is the machine code, unique in its table.
	Code ClosureCode `json:"code"`
	// Name is the name shown to people; both texts are required.
	Name Name `json:"name"`
	// Description explains the code; optional.
	Description Name `json:"description,omitzero"`
	// Outcome says how the key indicators count the code; required, one
	// of the four Outcome constants.
	Outcome Outcome `json:"outcome"`
}

func (e ClosureEntry) key() ClosureCode { return e.Code }

// ClosureTable is an immutable, ordered table of closure codes. It is safe
// for concurrent use; its methods return copies.
type ClosureTable struct {
	list list[ClosureCode, ClosureEntry]
}

const closureTableName = "closure_codes"

// NewClosureTable validates entries and returns them as a table, in the
// given order; entries is copied. It fails with a *TableError listing
// every problem, as NewTable does, and also every missing or unknown
// outcome.
func NewClosureTable(entries []ClosureEntry) (*ClosureTable, error) {
	var p problems
	p.checkEntries(closureTableName, len(entries), func(i int) (string, Name, Name) {
		return string(entries[i].Code), entries[i].Name, entries[i].Description
	}, func(i int, path string) {
		e := entries[i]
		if !e.Outcome.Valid() {
			if e.Outcome == "" {
				p.add(path, string(e.Code), "outcome", "is empty")
			} else {
				p.addf(path, string(e.Code), "outcome", "%q is not resolved, problem_raised, unresolved or no_fix", string(e.Outcome))
			}
		}
	})
	if err := p.err(); err != nil {
		return nil, err
	}
	return &ClosureTable{list: newList(closureTableName, entries)}, nil
}

// Lookup returns the entry for code, or an *UnknownCodeError.
func (t *ClosureTable) Lookup(code ClosureCode) (ClosureEntry, error) { return t.list.lookup(code) }

// Has reports whether the table holds code.
func (t *ClosureTable) Has(code ClosureCode) bool { return t.list.has(code) }

// Codes returns the codes in table order, in a new slice.
func (t *ClosureTable) Codes() []ClosureCode { return t.list.codes() }

// Entries returns the entries in table order, in a new slice.
func (t *ClosureTable) Entries() []ClosureEntry { return slices.Clone(t.list.entries) }

// Len returns the number of entries.
func (t *ClosureTable) Len() int { return len(t.list.entries) }
