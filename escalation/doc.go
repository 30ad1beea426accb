// Package escalation says when an incident escalates and makes it happen once:
// rules, a pure evaluator of them, and an Engine that fires them.
//
// # Rules
//
// A Rule is a condition on the ticket (priority, status, major, category,
// source, tier, counts of reassignments and reopens), a moment, the actions of
// each of its levels, and a repeat. The moment is an offset from an anchor:
//
//   - an event: registered, assigned, entered a status, entered a tier,
//     counted in wall-clock time or in the working time of a calendar
//     (Rule.Clock); a new occurrence of the event starts a new cycle;
//   - an SLA target's clock: its start, a share of its goal, a time before
//     its breach, its breach, counted in the clock's own working time, pauses
//     excluded; the clock's cycle is the rule's;
//   - the end of each working day of a calendar (a report an hour before
//     close of business).
//
// Actions notify roles, raise the tier, flag a major incident, or are the
// user's own (Custom). A level fires once, or every d at most n times.
//
// Rules never fire on a ticket in a Done status (resolved, closed, ...). A
// rule counted from an SLA clock fires only while that clock runs, and waits
// while it is paused; a rule counted from an event, a status or the end of
// the day fires during a pause (a rule about the pause itself must) unless
// it names the clocks it waits on (Rule.WaitOn). A moment counted in working
// time is a working instant: a threshold reached at noon, when the morning
// window closes, falls due when the afternoon one opens.
//
// The defaults are the process documents' (DefaultConfig): the
// notification paths per priority (事件通告路径, NotificationRules: who
// hears of a major incident at once, and of any incident late to respond
// or to resolve), the ladder of management per priority (事件升级,
// LadderRules: support lead, incident manager, service manager, service
// director, executives, its rungs counted from the previous rung or from
// registration), a ticket reassigned more than three times sent to the
// incident manager (重复派单超过三次, ReassignmentRule), a tier that holds a
// ticket too long bringing in the incident manager (TierTimeoutRule) and
// the project manager told each working day, an hour before the close, of
// every ticket still open (EndOfDayRule), together EscalationRules; and the notices of the process: about to breach and at a
// breach (StageRules), the requester kept informed (RequesterRules: the
// RoleRequester role resolves to the ticket's requester) and a task closed
// told to the ticket's handler (TaskDoneRule). Engine.EscalateToManagement
// escalates to management by hand, on the same ledger. Rules load from JSON
// or YAML (Load); New reports every problem with its path.
//
// # Evaluation
//
// Rules.Evaluate is a pure function of the ticket, its log's Facts (anchor
// events, firings already recorded), its SLA result and now. It returns the
// firings due — each with an idempotency key, "esc/<id>/<rule>/<level>/
// <cycle>/<rep>" — and the next instant another falls due. It allocates
// nothing and costs about a microsecond a ticket or less (BenchmarkScan).
//
//	rules, _ := escalation.New(escalation.DefaultConfig(), policy)
//	f := rules.Facts(t.ID, log)
//	due, next := rules.Evaluate(t, &f, &res, now, nil)
//
// New compiles a Config against the SLA policy the rules count from: every
// target, status and calendar a rule names is checked against it.
//
// # The engine
//
// The rules plug into a Desk in one place, incident.Config.Escalation: the
// Desk compiles them against its own SLA policy (a Config, or Rules compiled
// against another policy, are compiled again), refuses them with every
// problem and its path, and puts the next instant a rule falls due on each
// ticket's NextDue, which the Store indexes. The Engine is built from the
// Desk and takes from it the store, the clock, the policy and the rules, so
// that nothing can disagree.
//
// At each Tick the Engine asks the Store for the tickets due at or before
// now — a tick when nothing is due reads nothing — evaluates them, and
// records each firing in the ticket's activity log under its key through
// Desk.Apply (one read of the ticket and one evaluation of its SLA, for the
// firing and its delivery together; the versioned save applies a firing's
// changes: a raised tier, a major flag). Then it delivers the firing through
// a Notifier, with roles resolved by a Directory, and records the delivery.
// The log is the ledger: a firing recorded is never recorded again, by this
// engine or another sharing the store; one recorded and not delivered is
// delivered after a restart. Delivery is at least once (see Engine);
// Notifications carry the key for receivers to dedupe.
//
//	desk, _ := incident.NewDesk(incident.Config{Store: store, Escalation: escalation.DefaultConfig()})
//	engine, _ := escalation.NewEngine(desk, escalation.EngineConfig{Notifier: myNotifier})
//	go engine.Run(ctx, time.Minute)
package escalation
