package escalation

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Notification is a firing to deliver: what the Notifier receives.
type Notification struct {
	// Key is the firing's idempotency key. Delivery is at least once:
	// a receiver that must not act twice remembers the keys it has seen.
	Key string `json:"key"`
	// Ticket is the ticket as the firing left it (a copy the Notifier may
	// keep).
	Ticket *incident.Ticket `json:"ticket,omitempty"`
	// Rule, Level, Cycle and Rep identify the firing (see Due).
	Rule  string `json:"rule"`
	Level int    `json:"level"`         // the index of the level in the rule
	Cycle int64  `json:"cycle"`         // the occurrence of the anchor (see Due.Cycle)
	Rep   int    `json:"rep,omitempty"` // the repetition, from 0
	// At is when the firing was recorded.
	At time.Time `json:"at,omitzero"`
	// Text is the firing's line in the activity log: which rule and
	// level, what it does; for a management escalation, its reason.
	Text string `json:"text,omitempty"`
	// Actions are the level's actions, Custom ones included; nil if the
	// rule is no longer in the rule set.
	Actions []Action `json:"actions,omitempty"`
	// Recipients are the people the Notify actions' roles resolve to,
	// each once, in the order of the roles.
	Recipients []string `json:"recipients,omitempty"`
	// Attempt counts the deliveries tried before this one: 0 the first
	// time, n on the nth redelivery of a firing not marked delivered.
	Attempt int `json:"attempt,omitempty"`
}

// Notifier delivers firings: sends the messages, calls the hooks. Notify
// returns nil once the firing is delivered; an error leaves it to be
// delivered again later. Implementations must be safe for concurrent use.
type Notifier interface {
	// Notify delivers n; nil means delivered, an error that it is to be
	// delivered again.
	Notify(ctx context.Context, n Notification) error
}

// NotifierFunc is a function that is a Notifier.
type NotifierFunc func(ctx context.Context, n Notification) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, n Notification) error { return f(ctx, n) }

// Directory resolves a role to the people who hold it for a ticket (the
// incident manager on duty, the technical lead of the ticket's system).
// The roles RoleRequester and RoleAssignee resolve from the ticket itself,
// to its requester and its assignee; the Directory is asked for them only
// when the ticket names nobody. Implementations must be safe for concurrent
// use.
type Directory interface {
	// Resolve returns the people who hold role for t; none is no error.
	Resolve(ctx context.Context, role string, t *incident.Ticket) ([]string, error)
}

// StaticDirectory is a Directory of fixed people per role. A role it does not
// list resolves to nobody.
type StaticDirectory map[string][]string

// Resolve returns the people of role.
func (d StaticDirectory) Resolve(_ context.Context, role string, _ *incident.Ticket) ([]string, error) {
	return d[role], nil
}

// Discard is a Notifier that delivers nothing and always succeeds.
var Discard Notifier = NotifierFunc(func(context.Context, Notification) error { return nil })

// Multi returns a Notifier that delivers to each of ns in order and succeeds
// if all of them do; the errors are joined. A redelivery goes to all of them
// again, so each should dedupe on the key.
func Multi(ns ...Notifier) Notifier {
	return NotifierFunc(func(ctx context.Context, n Notification) error {
		var errs []error
		for _, x := range ns {
			if err := x.Notify(ctx, n); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	})
}

// LogNotifier returns a Notifier that writes each firing to l at level Info
// and always succeeds.
func LogNotifier(l *slog.Logger) Notifier {
	return NotifierFunc(func(ctx context.Context, n Notification) error {
		var id codes.ID
		if n.Ticket != nil {
			id = n.Ticket.ID
		}
		l.InfoContext(ctx, "escalation",
			slog.String("key", n.Key), slog.String("ticket", id.String()),
			slog.String("rule", n.Rule), slog.Int("rule_level", n.Level),
			slog.Any("recipients", n.Recipients), slog.Int("attempt", n.Attempt))
		return nil
	})
}
