package incident_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

// historyTicket stores a P3 ticket, assigned and in progress, whose log has
// n entries (comments make up the rest), and returns its id.
func historyTicket(b *testing.B, s incident.Store, n int) codes.ID {
	return historyTicketOf(b, s, n, false)
}

// historyTicketOf is historyTicket; with keyed set, the rest are entries
// recorded from elsewhere under idempotency keys of their own (Record), as
// a chat or monitoring bridge leaves them.
func historyTicketOf(b *testing.B, s incident.Store, n int, keyed bool) codes.ID {
	b.Helper()
	at := bj(9, 0)
	id, _ := codes.NewID(codes.KindIncident, at, 1)
	log := []incident.Entry{
		{Seq: 1, At: at, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered, Changes: []incident.Change{
			{Field: incident.FieldSummary, Value: "Office mail slow"}, {Field: incident.FieldPriority, Value: "P3"},
			{Field: incident.FieldRegistrar, Value: "desk"}, {Field: incident.FieldTier, Value: string(codes.TierServiceDesk)},
		}},
		{Seq: 2, At: at, Actor: "desk", Type: incident.EntryTransition, Event: incident.EventAssign, Status: codes.StatusAssigned,
			Changes: []incident.Change{{Field: incident.FieldAssignee, Value: "wang"}}},
		{Seq: 3, At: at, Actor: "wang", Type: incident.EntryTransition, Event: incident.EventStart, Status: codes.StatusInProgress},
	}
	for i := len(log); i < n; i++ {
		e := incident.Entry{Seq: i + 1, At: at.Add(time.Duration(i) * time.Millisecond), Actor: "wang", Type: incident.EntryComment, Text: "still looking"}
		if keyed {
			e.Actor, e.Type, e.Key = "chat", "chat.message", fmt.Sprintf("chat/%s/%d", id, i)
		}
		log = append(log, e)
	}
	t, err := incident.Replay(id, log)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Create(ctx, t, log); err != nil {
		b.Fatal(err)
	}
	return id
}

// BenchmarkCommandHistory measures one Desk command, a comment, on a ticket
// whose log already has 10 to 10,000 entries, with the default escalation
// rules wired: the Desk folds in only the command's own entries, so the
// cost should not grow with the history. sqlite-cold reads the ticket
// through a fresh Store and Desk each time (an empty cache, as another
// process would).
func BenchmarkCommandHistory(b *testing.B) {
	sizes := []int{10, 100, 1000, 10000}
	newDesk := func(b *testing.B, s incident.Store, clk *clock) *incident.Desk {
		d, err := incident.NewDesk(incident.Config{Store: s, Now: clk.Now, Location: shanghai, Escalation: escalation.DefaultConfig()})
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	run := func(b *testing.B, d func() *incident.Desk, id codes.ID, clk *clock) {
		act := incident.Action{Actor: "wang"}
		// One command first: a Desk folds a ticket's log whole the first
		// time it reads it (sqlite-cold does it on every command).
		clk.Set(bj(10, 59))
		if _, err := d().Comment(ctx, id, act, "looking"); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			clk.Set(bj(11, 0).Add(time.Duration(i) * time.Millisecond))
			if _, err := d().Comment(ctx, id, act, "on it"); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("memstore/%d", n), func(b *testing.B) {
			clk := &clock{t: bj(11, 0)}
			s := memstore.New()
			id := historyTicket(b, s, n)
			d := newDesk(b, s, clk)
			run(b, func() *incident.Desk { return d }, id, clk)
		})
	}
	sqliteDB := func(b *testing.B) *sql.DB {
		db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(b.TempDir(), "itsm.db")))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite); err != nil {
			b.Fatal(err)
		}
		return db
	}
	open := func(b *testing.B, db *sql.DB) incident.Store {
		s, err := sqlstore.Open(db, sqlstore.SQLite)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("sqlite/%d", n), func(b *testing.B) {
			clk := &clock{t: bj(11, 0)}
			db := sqliteDB(b)
			s := open(b, db)
			id := historyTicket(b, s, n)
			d := newDesk(b, s, clk)
			run(b, func() *incident.Desk { return d }, id, clk)
		})
	}
	// A log of entries recorded under keys: the Desk must tell a key
	// recorded before from a new one, yet a command that records nothing
	// under a key costs the same.
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("sqlite-keyed/%d", n), func(b *testing.B) {
			clk := &clock{t: bj(11, 0)}
			db := sqliteDB(b)
			s := open(b, db)
			id := historyTicketOf(b, s, n, true)
			d := newDesk(b, s, clk)
			run(b, func() *incident.Desk { return d }, id, clk)
		})
	}
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("sqlite-cold/%d", n), func(b *testing.B) {
			clk := &clock{t: bj(11, 0)}
			db := sqliteDB(b)
			id := historyTicket(b, open(b, db), n)
			run(b, func() *incident.Desk { return newDesk(b, open(b, db), clk) }, id, clk)
		})
	}
}

// BenchmarkApplyHistory measures the escalation engine's path on a ticket
// whose log has 10 to 10,000 entries: an Apply that records a firing, then
// one from its Snapshot that records the delivery. Neither copies the
// log, so the cost should not grow with the history.
func BenchmarkApplyHistory(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("memstore/%d", n), func(b *testing.B) {
			clk := &clock{t: bj(11, 0)}
			s := memstore.New()
			id := historyTicket(b, s, n)
			d, err := incident.NewDesk(incident.Config{Store: s, Now: clk.Now, Location: shanghai, Escalation: escalation.DefaultConfig()})
			if err != nil {
				b.Fatal(err)
			}
			act := incident.Action{Actor: "escalation"}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				clk.Set(bj(11, 0).Add(time.Duration(i) * time.Millisecond))
				key := fmt.Sprintf("bench/%d", i)
				snap, _, err := d.Apply(ctx, id, act, nil, func(*incident.Snapshot) ([]incident.Entry, error) {
					return []incident.Entry{{Type: escalation.EntryFiring, Key: key}}, nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := d.Apply(ctx, id, act, snap, func(*incident.Snapshot) ([]incident.Entry, error) {
					return []incident.Entry{{Type: escalation.EntryDelivered, Key: key + "/delivered"}}, nil
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
