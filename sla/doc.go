// Package sla measures service-level clocks: how much working time a record
// (an incident, a request) has used of its response and resolution goals,
// when it breaches, and which warning stages it has reached.
//
// The package knows nothing of tickets. Its input is a History, timed facts
// about one record (it entered status X; its priority, service, category,
// customer tier, nature or tier of support became Y), and its output is the
// Status of every target that applies, at an instant now:
//
//	policy, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
//	h := sla.History{
//		sla.Prioritized(t0, codes.P3),
//		sla.Entered(t0, codes.StatusAssigned),
//		sla.Entered(t1, codes.StatusInProgress),
//	}
//	r, err := sla.Evaluate(policy, h, now)
//	s, _ := r.Target(sla.Resolution) // s.State, s.Deadline, s.Remaining, ...
//
// Evaluate is a pure function of the policy (with its calendars), the
// history and now. Live evaluation, repair after a calendar change
// (evaluate old histories against a policy built with the new calendar),
// back-dated facts and what-if questions all run the same code; DryRun lists
// the records whose outcome a change of policy or calendar would flip.
//
// # Targets and policies
//
// A Target is a clock: the events that start, stop and reset it, the states
// that pause it, the calendar it counts in (each target its own: a P1
// response may run 24×7 while its resolution counts office hours), and
// warning stages at a share of the goal or a duration before the deadline.
// Rules give goals to targets from the record's priority, service, category,
// customer tier and nature: the first matching rule wins (OrderFirst), or
// the most specific (OrderSpecific). A policy has versions with effective
// instants; a clock is measured by the version in force when it started, so
// a new version never rewrites the outcome of clocks already running or
// stopped.
//
// # The two presets
//
// SeedConfig follows the process documents' table of priorities and limits
// (优先级和解决时限) to the letter; RegistrationConfig is what most
// organisations use. Both share the table's goals and a warning stage at
// 80%. SeedConfig counts the response day and night (the calendar "24x7",
// as the table's 响应时限 is not working time) and the resolution in working
// time of the calendar "office" (解决时限(工作时间)); RegistrationConfig
// counts both in office hours. In the table P2's resolution is shorter than
// P1's, which Warnings reports:
//
//	             SeedConfig                       RegistrationConfig
//	response     assigned → in_progress           registered → in_progress
//	resolution   in_progress → resolved/closed    registered → resolved/closed
//	pauses       none                             while pending
//	reopen       resolution continues             resolution continues
//	             response measured once           response measured once
//
//	priority   response   resolution
//	P1         5m         1h
//	P2         10m        30m
//	P3         30m        3h
//	P4         2h         24h
//	P5         4h         48h
//
// # Clock semantics
//
// A clock accumulates the working time of its calendar over the spans in
// which it runs. Its deadline is the earliest instant at which the elapsed
// time reaches the goal; a clock still running then has breached at that
// instant, and one that stops at or before it is on time (Met). A clock
// that stops after its deadline is late even if no working time passed in
// between (resolved during lunch after a 12:00 deadline).
//
// While paused, a clock's deadline is projected as if it resumed now, and no
// stage or breach falls: Result.Next, the instant a scheduler should look
// again, never points inside a pause.
//
// When the priority (or any attribute a rule matches on) changes, the rules
// are matched again: the clock keeps its elapsed and paused time and is
// measured against the new goal, so its deadline moves. If the elapsed time
// already exceeds the new goal, the clock breaches at the change (never
// earlier, when the old goal applied); a longer goal withdraws a breach.
// The alternative, a new cycle from zero at the change, is the target option
// OnPriority: RematchRestart. A Start event on a stopped clock (a reopen)
// continues it, restarts it or is ignored, as Reopen says.
//
// # Ticket fields
//
// The items of the incident form a ticket derives from the result:
//
//	planned response time (计划响应时间)     Status(response).Deadline
//	actual response time (实际响应时间)      Status(response).Stopped
//	responded on time (是否按时响应)         Status(response).OnTime()
//	planned completion time (计划完成时间)   Status(resolution).Deadline
//	actual completion time (实际完成时间)    Status(resolution).Stopped; late: Late()
//
// and Result.Next is when the ticket must be evaluated again.
//
// # JSON
//
// Every result a service may put in a response has a stable JSON form:
// Result, Status, Explanation and its Spans, TierTime, Flip and Record
// (with its Facts). Keys are snake_case; durations are Go duration strings
// ("1h30m0s", "-40m0s" once overdue), as Duration writes them; instants are
// RFC 3339 with the UTC offset of their time.Location; a State is its name ("not_started",
// "running", "paused", "met", "breached"), a Why its text. Zero values are
// left out (no "stopped" while a clock runs, no "next" when nothing is
// due), except a Status's target, version and state and a Result's now and
// version. The resolution of a P3 that breached after an hour pending:
//
//	{
//	  "target": "resolution",
//	  "version": 0,
//	  "rule": "P3",
//	  "state": "breached",
//	  "calendar": "office",
//	  "cycle": 1,
//	  "started": "2026-03-09T09:20:00+08:00",
//	  "deadline": "2026-03-09T14:50:00+08:00",
//	  "breached": "2026-03-09T14:50:00+08:00",
//	  "stage": "about_to_breach",
//	  "stage_at": "2026-03-09T14:14:00+08:00",
//	  "goal": "3h0m0s",
//	  "elapsed": "4h10m0s",
//	  "remaining": "-1h10m0s",
//	  "paused_for": "1h0m0s"
//	}
//
// A Result is {"now", "version", "effective", "rule", "targets": [Status...],
// "next"}; an Explanation is a Result with "spans", one list per target, each
// span {"from", "to", "why", "detail", "calendar", "working"}; a TierTime is
// {"tier", "stints", "working"}; a Flip is {"id", "target", "before",
// "after"}. Unmarshal reads the same form back to an equal value (instants
// equal, with their offset rather than their zone's name) and reports a
// malformed duration, instant or state as an error.
//
// # Around the clock
//
// Explain lists every span of a clock, counted or excluded with its reason
// (outside working hours, a holiday, paused in a status); Gantt renders it
// as a Mermaid chart, and SVG as a self-contained image to put inline in an
// HTML page or an e-mail. TierTimes measures the working time a record
// spent in each tier of support (OLA). Policies load from JSON or YAML with
// Load; New reports every problem with its path. Package sla/slatest checks
// scenarios in users' own test suites.
package sla
