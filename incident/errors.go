package incident

import (
	"errors"
	"fmt"
	"strings"

	"github.com/itsmkit/itsm/codes"
)

// Sentinel errors. Test for them with errors.Is; the typed errors below carry
// the details and match them.
var (
	// ErrNotFound: no ticket has the id.
	ErrNotFound = errors.New("incident: ticket not found")
	// ErrConflict: the ticket changed since it was read; nothing was written.
	ErrConflict = errors.New("incident: ticket changed since it was read")
	// ErrExists: a ticket with the id exists already.
	ErrExists = errors.New("incident: ticket exists already")
	// ErrAlertOpen: a ticket is open for the monitoring alert already (an
	// *AlertOpenError); a store refuses a second one.
	ErrAlertOpen = errors.New("incident: a ticket is open for the alert already")
	// ErrInvalidTransition: the workflow has no such event from the ticket's
	// status (a *TransitionError).
	ErrInvalidTransition = errors.New("incident: invalid transition")
	// ErrGuard: the event is allowed from the status but a condition of it
	// does not hold, such as resolving without a solution (a *GuardError).
	ErrGuard = errors.New("incident: transition refused")
	// ErrInvalidWorkflow: a workflow definition is malformed (a
	// *WorkflowError listing every problem).
	ErrInvalidWorkflow = errors.New("incident: invalid workflow")
	// ErrInvalidConfig: NewDesk was given a Config whose parts disagree or
	// are missing (a *ConfigError listing every problem).
	ErrInvalidConfig = errors.New("incident: invalid desk configuration")
)

// TransitionError reports an event the workflow does not allow from a status.
// It matches ErrInvalidTransition.
type TransitionError struct {
	Status  codes.Status // the ticket's status
	Event   Event        // the event refused
	Allowed []Event      // the events the status allows, sorted
}

// Error names the event and the status, and lists the events allowed.
func (e *TransitionError) Error() string {
	msg := fmt.Sprintf("%v: %q is not allowed from status %q", ErrInvalidTransition, e.Event, e.Status)
	if len(e.Allowed) == 0 {
		return msg + " (no event is)"
	}
	names := make([]string, len(e.Allowed))
	for i, a := range e.Allowed {
		names[i] = string(a)
	}
	return msg + " (allowed: " + strings.Join(names, ", ") + ")"
}

// Is reports whether target is ErrInvalidTransition.
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }

// AlertOpenError reports a write refused because another ticket is open
// for the same alert (Source and ExternalKey). It matches ErrAlertOpen.
type AlertOpenError struct {
	Source      codes.Source // the source of the alert
	ExternalKey string       // the alert's key
	// Open is the open ticket's id, when the store can tell; zero
	// otherwise.
	Open codes.ID
}

// Error names the alert's source and key, and the open ticket if known.
func (e *AlertOpenError) Error() string {
	key := e.ExternalKey
	if len(key) > 64 {
		key = strings.ToValidUTF8(key[:64], "") + "..."
	}
	msg := fmt.Sprintf("%v: source %q, key %q", ErrAlertOpen, e.Source, key)
	if !e.Open.IsZero() {
		msg += ": ticket " + e.Open.String()
	}
	return msg
}

// Is reports whether target is ErrAlertOpen.
func (e *AlertOpenError) Is(target error) bool { return target == ErrAlertOpen }

// GuardError reports a condition of an event that does not hold. It matches
// ErrGuard.
type GuardError struct {
	Event  Event  // the event refused
	Reason string // e.g. "a solution is required"
}

// Error names the event and the condition that does not hold.
func (e *GuardError) Error() string {
	return fmt.Sprintf("%v: cannot %s: %s", ErrGuard, e.Event, e.Reason)
}

// Is reports whether target is ErrGuard.
func (e *GuardError) Is(target error) bool { return target == ErrGuard }

// WorkflowError lists every problem found in a workflow definition. It
// matches ErrInvalidWorkflow.
type WorkflowError struct {
	Problems []string // every problem, in the order found
}

// Error lists the problems: one after a colon, several one a line.
func (e *WorkflowError) Error() string {
	if len(e.Problems) == 1 {
		return ErrInvalidWorkflow.Error() + ": " + e.Problems[0]
	}
	return fmt.Sprintf("%v (%d problems):\n  %s", ErrInvalidWorkflow, len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Is reports whether target is ErrInvalidWorkflow.
func (e *WorkflowError) Is(target error) bool { return target == ErrInvalidWorkflow }

// ConfigProblem is one thing wrong with a Desk's Config: the field, and
// within it the path of what is wrong, and why.
type ConfigProblem struct {
	Path    string // e.g. "Workflow.statuses[3]" or "ResponseTarget"
	Message string // what is wrong
}

// String returns "path: message".
func (p ConfigProblem) String() string { return p.Path + ": " + p.Message }

// ConfigError lists every problem NewDesk found in a Config. It matches
// ErrInvalidConfig, and through Unwrap the error of a part that reported
// its own (an escalation rule set's, for example).
type ConfigError struct {
	Problems []ConfigProblem // every problem, in the order found
	Err      error           // a part's own error, or nil
}

// Error lists the problems, and a part's own error, one a line.
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalidConfig.Error())
	n := len(e.Problems)
	if e.Err != nil {
		n++
	}
	if n > 1 {
		fmt.Fprintf(&b, " (%d problems)", n)
	}
	b.WriteString(":")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Err != nil {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(e.Err.Error(), "\n", "\n  "))
	}
	return b.String()
}

// Is reports whether target is ErrInvalidConfig.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// Unwrap returns the error of a part that reported its own, or nil.
func (e *ConfigError) Unwrap() error { return e.Err }
