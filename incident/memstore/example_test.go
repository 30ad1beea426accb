package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
)

// A ticket's life in the store: created with its first entry in the write
// that takes its number, found when due, saved with the version read, and
// a stale save refused.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	s := memstore.New()

	log := []incident.Entry{{
		Seq: 1, At: now, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered,
		Changes: []incident.Change{
			{Field: incident.FieldSummary, Value: "mail server down"},
			{Field: incident.FieldPriority, Value: "P2"},
		},
	}}
	var t *incident.Ticket
	err := s.Write(ctx, func(tx incident.Tx) error {
		seq, err := tx.NextSeq(codes.KindIncident, incident.DayOf(now))
		if err != nil {
			return err
		}
		id, err := codes.NewID(codes.KindIncident, now, seq)
		if err != nil {
			return err
		}
		if t, err = incident.Replay(id, log); err != nil {
			return err
		}
		t.NextDue = now.Add(15 * time.Minute) // the response target, say
		return tx.Create(t, log)
	})
	if err != nil {
		fmt.Println(err)
	}
	id := t.ID
	fmt.Println("created", t.ID, "version", t.Version)

	due, _ := s.Find(ctx, incident.Filter{DueBy: now.Add(10 * time.Minute)})
	fmt.Println("due in 10 minutes:", len(due))
	due, _ = s.Find(ctx, incident.Filter{DueBy: now.Add(15 * time.Minute)})
	fmt.Println("due in 15 minutes:", len(due))

	t, log, _ = s.Load(ctx, id)
	read := t.Version
	t.Assignee = "wang"
	assign := incident.Entry{
		Seq: len(log) + 1, At: now.Add(5 * time.Minute), Actor: "desk", Type: incident.EntryUpdate,
		Changes: []incident.Change{{Field: incident.FieldAssignee, Value: "wang"}},
	}
	if err := s.Save(ctx, t, []incident.Entry{assign}, read); err != nil {
		fmt.Println(err)
	}
	fmt.Println("saved, version", t.Version)

	// Another writer that read version 1 is too late.
	err = s.Save(ctx, t, []incident.Entry{assign}, read)
	fmt.Println("stale save conflicts:", errors.Is(err, incident.ErrConflict))

	_, log, _ = s.Load(ctx, id)
	fmt.Println("log entries:", len(log))
	// Output:
	// created IM260302000001 version 1
	// due in 10 minutes: 0
	// due in 15 minutes: 1
	// saved, version 2
	// stale save conflicts: true
	// log entries: 2
}
