package incident

import (
	"context"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// matchQueue checks the conditions of f a work queue asks: category
// subtree, tier, nature, customer tier and the major flag.
func (f *Filter) matchQueue(t *Ticket) bool {
	if len(f.Categories) > 0 && !slices.ContainsFunc(f.Categories, t.Category.Within) {
		return false
	}
	if len(f.Tiers) > 0 && !slices.Contains(f.Tiers, tierOf(t.Tier)) {
		return false
	}
	if len(f.Natures) > 0 && !slices.Contains(f.Natures, t.Nature) {
		return false
	}
	if len(f.CustomerTiers) > 0 && !slices.Contains(f.CustomerTiers, t.CustomerTier) {
		return false
	}
	if f.Major != nil && t.Major != *f.Major {
		return false
	}
	if f.Unassigned && t.Assignee != "" {
		return false
	}
	return true
}

// tierOf is a ticket's tier, a ticket without one being at the service desk.
func tierOf(t codes.Tier) codes.Tier {
	if t == "" {
		return codes.TierServiceDesk
	}
	return t
}

// Deadline returns the ticket's next SLA deadline still to meet: its planned
// response while it has not responded, else its planned resolution while it
// is not resolved; zero when neither is pending.
func (t *Ticket) Deadline() time.Time {
	if t.ActualResponse.IsZero() && !t.PlannedResponse.IsZero() {
		return t.PlannedResponse
	}
	if t.ActualResolution.IsZero() {
		return t.PlannedResolution
	}
	return time.Time{}
}

// Queue returns the open tickets that match f, the most urgent first: by
// priority (P1 first), then by Deadline (the earliest first, tickets without
// one last), then by id. It is the work queue of a group or a desk (when
// short of staff, the urgent tickets are taken first: 人员安排紧张时,应优先安排
// 紧急程度高的事件): set Group for a group's queue, and Unassigned to see
// what nobody of the group has claimed yet (Desk.Claim).
//
// The workflow's final statuses are always left out. f.Limit keeps the
// first Limit tickets of the order above (0: all); f.After is ignored, as
// the queue is not in id order. Every Store answers it: the conditions its
// indexes do not cover are checked with Filter.Match.
func (d *Desk) Queue(ctx context.Context, f Filter) ([]*Ticket, error) {
	limit := f.Limit
	f.Limit, f.After = 0, codes.ID{}
	f.NotStatuses = append(slices.Clip(f.NotStatuses), d.finals()...)
	ts, err := d.cfg.Store.Find(ctx, f)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ts, compareUrgency)
	if limit > 0 && len(ts) > limit {
		ts = ts[:limit]
	}
	return ts, nil
}

// compareUrgency orders tickets by priority, then deadline (none last),
// then id.
func compareUrgency(a, b *Ticket) int {
	if a.Priority != b.Priority {
		return int(a.Priority) - int(b.Priority)
	}
	da, db := a.Deadline(), b.Deadline()
	switch {
	case da.IsZero() && !db.IsZero():
		return 1
	case !da.IsZero() && db.IsZero():
		return -1
	}
	if c := da.Compare(db); c != 0 {
		return c
	}
	return a.ID.Compare(b.ID)
}
