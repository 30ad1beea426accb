package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

// TestDueUsesIndex checks that the escalation engine's question, the
// tickets due at or before an instant, a page at a time, is a range scan
// of the next_due index, not a scan of every ticket.
func TestDueUsesIndex(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dbase := d.new(t)
			db := dbase.open(t)
			s, err := sqlstore.Open(db, dbase.dialect)
			if err != nil {
				t.Fatal(err)
			}
			// Many tickets, a few of them due: the engine's steady state.
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			fill(t, db, dbase.dialect, 20000, now)
			after, _ := codes.ParseID("IM260302000100")
			for _, f := range []incident.Filter{
				{DueBy: now},
				{DueBy: now, Limit: 500},
				{DueBy: now, After: after, Limit: 500},
			} {
				q, args := sqlstore.FindQuery(s, f)
				plan := explain(t, db, dbase.dialect, q, args)
				t.Logf("%s\n%s", q, plan)
				if !strings.Contains(plan, "itsm_tickets_next_due") {
					t.Errorf("Find(%+v) does not use the next_due index:\n%s\n%s", f, q, plan)
				}
				if got, err := s.Find(ctx, f); err != nil || len(got) == 0 {
					t.Errorf("Find(%+v): %d tickets, error %v; want some", f, len(got), err)
				}
			}
		})
	}
}

// fill inserts n tickets straight into the tables, one in a thousand due
// at or before now and the others due later or never, and has the
// database gather statistics.
func fill(t *testing.T, db *sql.DB, d sqlstore.Dialect, n int, now time.Time) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	q := `INSERT INTO itsm_tickets (id, status, priority, source, external_key, grp, assignee, created, next_due, version, log_len, body)
		VALUES (?, 'in_progress', 4, '', '', '', '', ?, ?, 1, 0, ?)`
	if d == sqlstore.Postgres {
		q = strings.NewReplacer("(?,", "($1,", "?, ?, 1, 0, ?)", "$2, $3, 1, 0, $4)").Replace(q)
	}
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	for i := 1; i <= n; i++ {
		id, err := codes.NewID(codes.KindIncident, now, i)
		if err != nil {
			t.Fatal(err)
		}
		due := sql.NullInt64{Int64: now.Add(time.Duration(i) * time.Minute).UnixMicro(), Valid: i%3 != 0}
		if i%1000 == 7 {
			due.Int64 = now.Add(-time.Minute).UnixMicro()
		}
		tk := &incident.Ticket{ID: id, Status: codes.StatusInProgress, Priority: codes.P4, Created: now}
		if due.Valid {
			tk.NextDue = time.UnixMicro(due.Int64)
		}
		body, err := json.Marshal(tk)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stmt.ExecContext(ctx, id.String(), now.UnixMicro(), due, string(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
}

// explain returns the plan of q with args: EXPLAIN on PostgreSQL, EXPLAIN
// QUERY PLAN on SQLite, one line per row.
func explain(t *testing.T, db *sql.DB, d sqlstore.Dialect, q string, args []any) string {
	t.Helper()
	prefix, col := "EXPLAIN ", 0
	if d == sqlstore.SQLite {
		prefix, col = "EXPLAIN QUERY PLAN ", 3
	}
	rows, err := db.Query(prefix+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, vals := range scanRows(t, rows) {
		switch v := vals[col].(type) {
		case string:
			lines = append(lines, v)
		case []byte:
			lines = append(lines, string(v))
		}
	}
	return strings.Join(lines, "\n")
}
