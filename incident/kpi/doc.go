// Package kpi computes the key indicators of incident management
// (事件管理流程关键指标, and the evaluation of resolutions, 事件解决评估机制,
// that the process documents define) over a period:
// how many tickets, how many closed and closed successfully, overdue,
// major, resolved the first time, escalated to problem; mean response,
// resolution and third-party resolution times; the service desk's share of
// the resolutions; mean satisfaction; responses on time, resolutions in
// time and successful, escalations by tier and to management, on-site
// support, the knowledge-base use rate. Each comes for all tickets and, on
// request, per assignee, group, category, priority, customer class
// (VIP / ordinary) and every engineer who worked the ticket.
// WriteTicketsCSV and ExportTickets list the tickets themselves, one row
// each (the incident summary record).
//
//	rep, err := kpi.Compute(ctx, store, kpi.Options{
//		From:    time.Date(2025, 11, 1, 0, 0, 0, 0, loc),
//		To:      time.Date(2025, 12, 1, 0, 0, 0, 0, loc),
//		GroupBy: kpi.AllDimensions(),
//	})
//	rep.WriteText(os.Stdout) // or WriteCSV, or encoding/json
//
// Compute reads any incident.Store a page at a time, with each ticket's
// activity log (through View when the store has it); Of computes the same
// report from tickets got anywhere else. A Report is plain data: a Row of
// counts (Share: a count out of a whole), means (Average, Score) and their
// rates.
//
// # Which tickets count
//
// A report covers the tickets registered (Ticket.Created) at or after From
// and before To, or, with Options.CountBy ByOccurrence, those that occurred
// (Ticket.OccurredAt, 事件发生时间) in it — a ticket whose occurrence was not
// recorded counts by its registration. Problem records (kind PM) are not
// incidents and are never counted. Duplicates (Ticket.DuplicateOf set, as
// incident.Desk.MarkDuplicate sets it) are counted apart, in Duplicates,
// and left out of everything else. Options.Filter narrows the tickets
// further (incidents only, in a store shared with service requests; one
// customer). A ticket belongs to the assignee, group, category and
// priority it has now. A ticket in a status the workflow (Options.Workflow)
// does not have cannot be told open or closed: the report fails with an
// *InputError naming it rather than guess.
//
// The figures describe the tickets as stored, except one: tickets still
// unresolved past their planned resolution are counted at Report.At, the
// earlier of To and Options.Now, from when each ticket's resolution clock
// stopped. Compute does not read a snapshot: a ticket saved while the pages
// are read is counted as one of its versions.
//
// # Definitions
//
// Each indicator is defined below, with the process's name for it and, where
// the process gives one, its formula. Where the process leaves a choice,
// the choice made is this:
//
//   - Closed (事件关闭): the ticket is in a final status of the workflow.
//   - Successful (事件成功关闭: 事件结束代码 = 成功): closed with a
//     closure code whose outcome in the code table is resolved or
//     problem_raised. With the default table that is success and
//     success_with_problem (成功但有问题 is a success that also raised a
//     problem) and the codes naming who resolved it (service_desk,
//     l1, l2, l3); not unresolved, recovered, false_alarm or rejected. A
//     ticket resolved but not yet confirmed is not counted yet: the
//     requester may still reject it.
//   - Resolved: a solution was recorded (Desk.Resolve, which sets the
//     resolver role), the resolution clock has stopped, and the requester
//     did not reject it (a closure code whose outcome is unresolved). A
//     ticket closed without a solution (a false alarm, a duplicate, a
//     request refused) stops its SLA clocks by closing, but is not
//     resolved, and its clocks' stops are no response and no resolution.
//   - Overdue (超时的事件: 事件解决是否超时 = 超时): a resolved ticket
//     whose resolution was late (Ticket.ResolvedOnTime is no). A late
//     response alone does not make a ticket overdue, nor does a late
//     closing without a solution.
//   - Overdue unresolved (超时未解决): the planned resolution had passed at
//     Report.At and the ticket was not resolved then: its resolution clock
//     had not stopped and it is open, or it stopped after At. A ticket
//     whose resolution clock has not started (under sla.SeedConfig: not
//     yet in progress) has no planned resolution and is not counted.
//   - Major (重大事件: priority 1 or 2): the ticket's Major flag,
//     which a P1 or P2 priority sets and which stays set if the priority
//     falls.
//   - First time (Ticket 一次解决率 = (total − reopened) / total): reopened
//     tickets are those reopened in place (Ticket.Reopens) and those the
//     requester rejected, closed as unresolved and continued as a new
//     ticket (Ticket.ReopenedAs). The new ticket counts as a ticket of its
//     own. Tickets not resolved yet count as not reopened: the rate is the
//     process's, (total − reopened) / total, not a share of the resolved.
//   - Problem raised (升级到问题: 事件结束代码 = 成功但有问题): the
//     closure code's outcome is problem_raised, on a resolved ticket (not
//     on one reopened and back in progress).
//   - Service desk (服务台解决率): of the resolved tickets, the share whose
//     resolver role (Ticket.ResolverRole, 事件解决人角色) is the service
//     desk.
//   - Response and resolution times (平均解决时间 = 事件解决时间 −
//     事件登记时间): wall-clock time from registration to the moment the
//     SLA's response or resolution clock stopped (Ticket.ActualResponse,
//     Ticket.ActualResolution: under sla.SeedConfig, the start of work
//     and the resolution). Both are measured from registration: the
//     requester's wait, whatever the SLA policy counts (sla.SeedConfig
//     counts the response from assignment and the resolution from the
//     start of work). The field service's mean response time (平均响应时间
//     = 事件接收时间 − 事件分派时间) is measured from dispatch instead: see
//     On site below. A response counts for an open
//     or resolved ticket, not for one closed without a solution; a
//     resolution for a resolved ticket. A reopened ticket counts its last
//     resolution.
//   - Third-party time (第三方平均解决时间 = 事件解决时间 −
//     转至第三方时间): over the resolved tickets whose resolver role is L3,
//     from the first entry of the activity log that set the tier to L3
//     (ThirdPartyAt) to the resolution. Compute loads the logs of those
//     tickets only. A ticket resolved by the L3 role that never reached
//     tier L3 has no start and is left out.
//   - Satisfaction (满意度): the mean score, by the satisfaction table,
//     of the rated tickets. The process divides the sum of scores by all
//     tickets; that mixes tickets not asked with low scores, so the mean
//     here is over the rated ones, whose count is given: the process's
//     figure is Mean × Count / Tickets. A rating the table does not hold counts as
//     none.
//   - Responded on time (规定时间内响应, 用户事件响应率): the response met its
//     target (Ticket.RespondedOnTime is yes), out of all tickets; per
//     customer class in the customer_tier breakdown.
//   - Resolved in time (规定时间内解决: 未超时 and 成功): resolved, resolved on
//     time (Ticket.ResolvedOnTime is yes) and successful as above (closed
//     with a successful closure code), out of all tickets.
//   - Escalated (升级): handed up a tier at least once (Ticket.Escalations);
//     by tier, the tickets an escalation took to L1, L2 and L3 (from the
//     log: entries other than the registration and the first assignment
//     that raised the tier). To management (升级到管理层): the log holds an
//     escalation firing (type "escalation", "notify role, ..." in its
//     text) of one of Options.ManagementRoles.
//   - On site (现场支持): tickets with a task sent on site
//     (incident.TaskSpec.OnSite). Dispatch (事件接收时间 − 事件分派时间) runs
//     from the first on-site task's creation to its TakenUp (the arrival),
//     over the tickets whose engineer arrived; arrived in time (规定时间内到达
//     客户现场) means taken up by its RespondBy, as a share of the tickets
//     with an on-site task — the process divides by all tickets; the counts
//     give that figure too.
//   - Knowledge used (知识库利用率 = 解决问题,获取知识库的数量 / 事件总数):
//     resolved tickets whose Resolution named the article or known error
//     it used (Ticket.KnowledgeUsed), out of all tickets.
//   - Per engineer (个人事件总数, ByEngineer): a ticket counts once for each
//     engineer its log ever assigned it to and each of its tasks'
//     assignees; those rows overlap, unlike every other breakdown's.
//   - Means are over the tickets measured (the process sometimes divides by
//     all tickets), truncated to the nanosecond.
//
// # No data
//
// A share whose whole is zero, or a mean of nothing, has no value:
// Share.Rate reports false, and Average.Count and Score.Count are zero. JSON
// writes null for them ({"count":0,"of":0,"rate":null},
// {"count":0,"seconds":null}), CSV an empty field and the text table "-".
// JSON gives times in seconds; CSV too, in columns named *_seconds. The
// text table runs wide: a column per indicator.
//
// # Errors
//
// A request that cannot be answered (no Store, a period that ends before it
// starts, an unknown dimension) returns an *InputError matching
// ErrInvalidInput; a Store's error is returned wrapped, so errors.Is finds
// it. Nothing panics on bad input.
package kpi
