package sqlstore

import (
	"context"
	"strings"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Find returns copies of the tickets that match every condition of f, in
// id order (the ids' text order, which is codes.ID.Compare's). A Limit of
// 0 or less means no limit. Every condition of f but a work queue's
// (Categories, Tiers, Natures, CustomerTiers, Major, Unassigned: checked by
// Filter.Match on the rows) is given to the database, which answers DueBy from an index of NextDue, Source and ExternalKey from
// one of their own, and Statuses and the Created range from theirs, and
// After and Limit from the primary key; Filter.Match then checks each
// ticket to the nanosecond, as the columns hold microseconds. It returns
// an error matching ctx.Err() if ctx is done.
func (s *Store) Find(ctx context.Context, f incident.Filter) ([]*incident.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	var out []*incident.Ticket
	page := f
	for {
		q, args := s.findQuery(&page)
		got, last, n, err := s.findPage(ctx, q, args, &f)
		if err != nil {
			return nil, translate(ctx, "find", "", err)
		}
		out = append(out, got...)
		// A page the database filled may have lost tickets to Match (times
		// within a microsecond of a bound): fetch on until Limit is met.
		if f.Limit <= 0 || len(out) >= f.Limit || n < page.Limit {
			break
		}
		page.After = last
		page.Limit = f.Limit - len(out)
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// findPage runs one query of Find and returns the tickets of its rows that
// match f, the id of its last row, and how many rows it gave.
func (s *Store) findPage(ctx context.Context, q string, args []any, f *incident.Filter) (found []*incident.Ticket, last codes.ID, n int, err error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, last, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			version  int64
			priority int
			body     string
		)
		if err := rows.Scan(&version, &priority, &body); err != nil {
			return nil, last, 0, err
		}
		t, err := decodeTicket(body, version, priority)
		if err != nil {
			return nil, last, 0, err
		}
		n++
		last = t.ID
		if f.Match(t) {
			found = append(found, t)
		}
	}
	return found, last, n, rows.Err()
}

// findQuery returns the query of Find for f and its arguments. The
// conditions select a superset of what f does: times are compared in
// whole microseconds, rounded outward.
func (s *Store) findQuery(f *incident.Filter) (string, []any) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, vals ...any) {
		where = append(where, cond)
		args = append(args, vals...)
	}
	in := func(col string, not bool, vals []any) {
		op := " IN ("
		if not {
			op = " NOT IN ("
		}
		add(col+op+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")", vals...)
	}
	if len(f.Statuses) > 0 {
		in("status", false, texts(f.Statuses))
	}
	if len(f.NotStatuses) > 0 {
		in("status", true, texts(f.NotStatuses))
	}
	if !f.DueBy.IsZero() {
		add("next_due IS NOT NULL AND next_due <= ?", floorMicros(f.DueBy))
	}
	if f.Source != "" {
		add("source = ?", string(f.Source))
	}
	if f.ExternalKey != "" {
		add("external_key = ?", f.ExternalKey)
	}
	if len(f.Priorities) > 0 {
		ps := make([]any, len(f.Priorities))
		for i, p := range f.Priorities {
			ps[i] = int(p)
		}
		in("priority", false, ps)
	}
	if f.Group != "" {
		add("grp = ?", f.Group)
	}
	if f.Assignee != "" {
		add("assignee = ?", f.Assignee)
	}
	if !f.CreatedFrom.IsZero() {
		add("created >= ?", floorMicros(f.CreatedFrom))
	}
	if !f.CreatedBefore.IsZero() {
		add("created < ?", ceilMicros(f.CreatedBefore))
	}
	if !f.After.IsZero() {
		add("id > ?", f.After.String())
	}
	var q strings.Builder
	q.WriteString("SELECT version, priority, body FROM itsm_tickets")
	if len(where) > 0 {
		q.WriteString(" WHERE ")
		q.WriteString(strings.Join(where, " AND "))
	}
	q.WriteString(" ORDER BY id")
	if f.Limit > 0 {
		q.WriteString(" LIMIT ?")
		args = append(args, f.Limit)
	}
	return s.dialect.rebind(q.String()), args
}

// texts returns the statuses as query arguments.
func texts(statuses []codes.Status) []any {
	out := make([]any, len(statuses))
	for i, s := range statuses {
		out[i] = string(s)
	}
	return out
}
