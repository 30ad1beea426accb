package escalation_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/internal/golden"
)

func indentJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// TestJSONDue: the firings due for a P3 of Monday 17 November 2025 (Beijing)
// registered 09:00, assigned to L1 at 09:10, not yet in progress at 09:45,
// in their JSON form: notify.p3.response, 30 minutes of the response clock
// after 09:10.
func TestJSONDue(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P3)
	w.assign(bj(17, 9, 10), id, codes.TierL1)
	tk, log, err := w.desk.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	now := bj(17, 9, 45)
	res, err := w.desk.Policy().Evaluate(incident.History(log), now)
	if err != nil {
		t.Fatal(err)
	}
	f := w.rules.Facts(id, log)
	due, _ := w.rules.Evaluate(tk, &f, &res, now, nil)
	got := indentJSON(t, due)
	golden.Check(t, "json_due.json", got)

	var back []escalation.Due
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(due, back); diff != "" {
		t.Errorf("Unmarshal(Marshal(due)) (-due +back):\n%s", diff)
	}
	b, _ := json.Marshal(due[0])
	if want := `{"rule":"notify.p3.response","level":0,"cycle":1,"at":"2025-11-17T09:40:00+08:00",`; !strings.HasPrefix(string(b), want) {
		t.Errorf("JSON of the response firing:\n got %s\nwant %s...", b, want)
	}
}

// TestJSONNotification: what the Notifier receives for the same firing, in
// its JSON form. The ticket is left out of the golden file: it has its own
// form, incident.Ticket's.
func TestJSONNotification(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P3)
	w.assign(bj(17, 9, 10), id, codes.TierL1)
	box := &inbox{}
	w.tick(w.engine(box), bj(17, 9, 45))
	if len(box.got) != 1 {
		t.Fatalf("delivered %v, want the response firing", box.keys(id))
	}
	n := box.got[0]
	whole := indentJSON(t, n)
	if !strings.Contains(whole, `"ticket": {`) || !strings.Contains(whole, `"id": "`+id.String()+`"`) {
		t.Errorf("the notification has no ticket %s:\n%s", id, whole)
	}
	n.Ticket = nil
	got := indentJSON(t, n)
	golden.Check(t, "json_notification.json", got)

	var back escalation.Notification
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(n, back); diff != "" {
		t.Errorf("Unmarshal(Marshal(n)) (-n +back):\n%s", diff)
	}
	if want := `"key": "esc/` + id.String() + `/notify.p3.response/0/1/0"`; !strings.Contains(got, want) {
		t.Errorf("the notification has no %s:\n%s", want, got)
	}
}
