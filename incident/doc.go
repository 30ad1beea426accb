// Package incident is the ticket side of incident management: the ticket
// and its append-only activity log, the workflow its statuses follow, the
// Desk that runs the commands of the process, and the Store that keeps
// tickets.
//
// A ticket is what its activity log says (Replay): every change appends an
// entry — who, when, what — and nothing else writes a ticket. The log is
// also the SLA's history: after each command the Desk evaluates the policy
// (package sla) over it and stores the planned and actual response and
// resolution, the on-time flags and the next instant anything falls due.
//
//	desk, err := incident.NewDesk(incident.Config{Store: memstore.New()})
//	t, err := desk.Register(ctx, incident.Registration{
//		Action:  incident.Action{Actor: "desk"},
//		Summary: "Office mail slow",
//		Impact:  codes.ImpactMedium, Urgency: codes.UrgencyHigh, // P3
//	})
//	t, err = desk.Assign(ctx, t.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"})
//	t, err = desk.Start(ctx, t.ID, incident.Action{Actor: "wang"})
//
// # One Desk, wired once
//
// NewDesk checks the parts of its Config against each other and lists every
// problem (a *ConfigError): the response and resolution targets against the
// SLA policy, the workflow's statuses against the code tables and the
// policy, and the escalation rules (Config.Escalation) against the policy,
// which it compiles them against. The Desk then asks the rules, after every
// command, when the ticket next falls due, and the escalation engine is
// built from the Desk. NextDue is computed in one place: the earliest of the
// next SLA stage or breach, the auto-close, and what the rules say, the zero
// time meaning never (sla.Earliest).
//
// A command's cost does not grow with the ticket's history: the Desk keeps
// the fold of each ticket's log (its SLA clocks as sla.Fold, the escalation
// rules' state, the keys recorded) and folds in only a command's entries;
// it keeps the folds of the Config.Folds tickets it used last (4096 by
// default). It writes the fold in the ticket's Checkpoint, under the fingerprints of
// its policy, calendars and rules, so that a Desk in another process, on a
// Store that reads a ticket without its log (HeadReader), reads the row
// alone. The checkpoint leaves out the keys recorded (writing them all on
// every save would make the cost grow with them): a Desk that has not
// folded the log itself reads it once for a Record under a key. A
// checkpoint of anything else, damaged in the store or another ticket's
// (it opens with a digest of the ticket's id and of its content), is never
// trusted: the log is folded whole, which is always the reference.
//
// Every change to an existing ticket goes through one primitive, Apply:
// read the ticket (or start from a Snapshot an earlier Apply returned),
// evaluate its SLA, plan the entries, run their events through the workflow,
// derive the SLA fields, save with the version read. A change that loses a
// race with another writer runs again on the ticket as that writer left it,
// up to Config.Retries times; entries recorded under a key are never
// recorded twice. Config.Observe sees each command's duration, reads,
// evaluations, attempts and error.
//
// # Permissions
//
// Config.Authorize is asked before every command of people (an Authorizer:
// the actor, the command, the ticket as read, the input) and refuses with a
// *ForbiddenError matching ErrForbidden, writing nothing. The default
// applies the process documents' rules the library has always kept: only
// the registrar confirms, rejects or closes (RegistrarCloses), and a
// priority is lowered only as a correction (GradingsNotLowered). GroupMembers
// and RegisterOnly add the others, composed with AllOf.
//
// # Workflow
//
// A Workflow is a table of transitions, a github.com/looplab/fsm machine's,
// behind typed Status and Event names; its guards refuse, with a *GuardError, to
// resolve without a solution and a closure code or with tasks open.
// DefaultWorkflowConfig is the process's flow (registered → assigned → in
// progress → resolved → closed); PendingWorkflowConfig adds a pending
// status and ReviewWorkflowConfig a review by the project manager and an
// archive after it. A workflow
// of your own is validated when built and draws itself as a Mermaid state
// diagram.
//
// # Records
//
// Beyond the workflow a ticket keeps the records of the process documents,
// each a logged field: the incident's own facts (Facts: occurrence,
// reporter, location, symptom, error code; Findings: root cause, vendor at
// fault, time spent; feedback with the rating), task records with a
// workflow of their own (AddTask, StartTask, ResolveTask, CompleteTask;
// TaskRef quotes one as IM251117000001-T01, TaskClosings tells the
// ticket's handler of a closed one), what the knowledge base suggested and
// the offer of the solution to it (Config.Knowledge, MemoryKnowledge,
// OfferKnowledge), and the problem record raised for it (RaiseProblem,
// Config.ProblemForMajor).
//
// # Storage
//
// Store is a small interface: create, load, save with the version read (a
// lost race gets ErrConflict and writes nothing), find by filter (including
// "due at or before t"), and Write, which makes what must be atomic atomic:
// a ticket created with the daily number of its id, the two tickets of a
// rejection, and one open ticket per monitoring alert (a second one gets
// ErrAlertOpen, which Register turns into a repeat on the open ticket).
// Package memstore is the embedded default; package storetest is the
// conformance suite every Store passes.
//
// The Desk checks every text it is given the same way whatever the Store:
// valid UTF-8, no NUL byte, and at most MaxKeyLen, MaxNameLen or MaxTextLen
// bytes as the field is.
//
// # Errors
//
// Commands fail with errors that match ErrInvalidCommand (bad input, text
// too long or not UTF-8, a time before the ticket's last entry),
// ErrInvalidTransition, ErrGuard, ErrForbidden, ErrNotFound or ErrConflict
// (a race lost more often than Config.Retries); none of them writes
// anything. RaiseProblem adds ErrProblemExists, which writes nothing too.
// Two errors come with a saved command: ErrKnowledge (the knowledge base
// failed after a resolution; the offer stays pending) and ErrFollowUp (a
// step after the command, such as the problem of a major incident,
// failed); the ticket returned with them is the one saved. NewDesk
// fails with ErrInvalidConfig.
package incident
