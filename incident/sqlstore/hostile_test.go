package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/storetest"
)

// hostile is text that breaks stores that build SQL or JSON by hand.
var hostile = storetest.Hostile

// TestHostileText stores every hostile string in the ticket's fields, its
// log and the columns Find selects on, and gets each back unchanged,
// with a description of 1 MB.
func TestHostileText(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := d.new(t)
			s := db.store(t)
			fresh := db.store(t) // reads the database, not s's memory
			base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			for i, text := range hostile {
				id, err := codes.NewID(codes.KindIncident, base, i+1)
				if err != nil {
					t.Fatal(err)
				}
				tk, log := storetest.NewTicket(t, storetest.Spec{
					ID: id, Created: base, Status: codes.StatusAssigned,
					Source: codes.SourceMonitoring, ExternalKey: text, Group: text, Assignee: text,
					Attachments: []string{text},
				})
				tk.Summary, tk.Description, tk.Solution = text, text, text
				log = append(log, incident.Entry{
					Seq: len(log) + 1, At: base.Add(time.Hour), Actor: text, Type: incident.EntryComment,
					Text: text, Key: text, Changes: []incident.Change{{Field: incident.FieldDescription, Value: text}},
				})
				if err := s.Create(ctx, tk, log); err != nil {
					t.Fatalf("Create with %q: %v", text, err)
				}
				roundTrip(t, fresh, tk, log)
				found, err := s.Find(ctx, incident.Filter{Source: codes.SourceMonitoring, ExternalKey: text, Group: text, Assignee: text})
				if err != nil {
					t.Fatal(err)
				}
				if len(found) != 1 || found[0].ID != id {
					t.Errorf("Find by %q: %d tickets, want %s alone", text, len(found), id)
				}
			}
			// Everything is still there.
			all, err := s.Find(ctx, incident.Filter{})
			if err != nil || len(all) != len(hostile) {
				t.Fatalf("Find: %d tickets, error %v; want %d", len(all), err, len(hostile))
			}

			// A description of 1 MB, saved and loaded back.
			tk, log, err := s.Load(ctx, all[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			line := "日志 'quoted' \"line\" \\ 🚨\n"
			big := strings.ToValidUTF8(strings.Repeat(line, 1<<20/len(line)+1)[:1<<20], "")
			tk.Description = big
			e := incident.Entry{Seq: len(log) + 1, At: base.Add(2 * time.Hour), Actor: "agent", Type: incident.EntryUpdate,
				Changes: []incident.Change{{Field: incident.FieldDescription, Value: big}}}
			if err := s.Save(ctx, tk, []incident.Entry{e}, tk.Version); err != nil {
				t.Fatalf("Save of a %d-byte description: %v", len(big), err)
			}
			roundTrip(t, db.store(t), tk, append(log, e))
		})
	}
}

// roundTrip fails t unless s holds want and wantLog.
func roundTrip(t *testing.T, s incident.Store, want *incident.Ticket, wantLog []incident.Entry) {
	t.Helper()
	got, gotLog, err := s.Load(context.Background(), want.ID)
	if err != nil {
		t.Fatal(err)
	}
	opts := cmp.Options{cmp.Comparer(func(a, b codes.ID) bool { return a == b }), cmpopts.EquateEmpty()}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("Load(%s) ticket (-want +got):\n%.2000s", want.ID, diff)
	}
	if diff := cmp.Diff(wantLog, gotLog, opts); diff != "" {
		t.Errorf("Load(%s) log (-want +got):\n%.2000s", want.ID, diff)
	}
}
