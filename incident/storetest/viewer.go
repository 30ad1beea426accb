package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// testView checks incident.Viewer, for stores that have it: View shows what
// Load does, its ticket is the caller's, and the log it shows stays as it
// was when the ticket is saved again.
func testView(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	v, ok := s.(incident.Viewer)
	if !ok {
		t.Skip("the store is not an incident.Viewer")
	}
	ctx := context.Background()
	id := newID(t, codes.KindIncident, base, 1)
	tk, log := NewTicket(t, Spec{ID: id, Created: base, Status: codes.StatusAssigned, Attachments: []string{"a.txt"}})
	create(t, s, tk, log)
	wantT, wantLog := load(t, s, id)

	got, gotLog, err := v.View(ctx, id)
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	if diff := cmp.Diff(wantT, got, cmpOpts); diff != "" {
		t.Errorf("View ticket (-Load +View):\n%s", diff)
	}
	if diff := cmp.Diff(wantLog, gotLog, cmpOpts); diff != "" {
		t.Errorf("View log (-Load +View):\n%s", diff)
	}
	// The ticket is the caller's to change.
	got.Summary = "changed by the viewer"
	got.Attachments[0] = "changed.txt"
	// A later save does not change the log viewed.
	next := wantT.Clone()
	next.Summary = "saved"
	for i := range 3 {
		e := incident.Entry{Seq: len(wantLog) + i + 1, At: base.Add(time.Minute), Actor: "agent", Type: incident.EntryComment, Text: "later"}
		if err := s.Save(ctx, next, []incident.Entry{e}, next.Version); err != nil {
			t.Fatalf("Save after View: %v", err)
		}
	}
	if diff := cmp.Diff(wantLog, gotLog, cmpOpts); diff != "" {
		t.Errorf("the viewed log changed under later saves (-before +after):\n%s", diff)
	}
	after, afterLog := load(t, s, id)
	if after.Summary != "saved" || after.Attachments[0] != "a.txt" || len(afterLog) != len(wantLog)+3 {
		t.Errorf("after View: summary %q, attachments %v, %d entries", after.Summary, after.Attachments, len(afterLog))
	}

	missing := newID(t, codes.KindIncident, base, 99)
	if _, _, err := v.View(ctx, missing); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("View of no ticket: %v, want ErrNotFound", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := v.View(canceled, id); !errors.Is(err, context.Canceled) {
		t.Errorf("View with a canceled context: %v", err)
	}
}
