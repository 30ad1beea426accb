package codes

// Status (事件状态) is the status of a ticket. The default table holds five:
// registered, assigned, in progress, resolved and closed. StatusPending,
// StatusAwaitingReview and StatusArchived are defined for workflows that
// need them and are listed, with the five, in ExtendedStatuses. A workflow
// may use any other code its status table holds.
type Status string

// Statuses of the default workflow, in the order a ticket passes them.
const (
	StatusRegistered Status = "registered"  // 已登记: a new record has been opened
	StatusAssigned   Status = "assigned"    // 已分派: assigned, waiting for the handler
	StatusInProgress Status = "in_progress" // 处理中: the handler has taken it up
	StatusResolved   Status = "resolved"    // 已解决: resolved
	StatusClosed     Status = "closed"      // 关闭: closed
)

// Statuses that some organisations add: a ticket on hold, and a manager's
// review of a resolved ticket before it is archived.
const (
	StatusPending        Status = "pending"         // 挂起: on hold, waiting for the requester or a third party
	StatusAwaitingReview Status = "awaiting_review" // 待审核: the requester accepted the solution; awaiting the manager's review
	StatusArchived       Status = "archived"        // 已归档: reviewed and archived
)

func (Status) tableName() string { return "statuses" }

// ExtendedStatuses returns a table of the five default statuses followed by
// StatusPending, StatusAwaitingReview and StatusArchived. The table is
// shared and immutable.
func ExtendedStatuses() *Table[Status] { return extendedStatuses() }
