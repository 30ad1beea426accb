package incident_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

// inputs are the command inputs: what an HTTP front end decodes a request
// body into.
var inputs = []any{
	incident.Action{}, incident.Registration{}, incident.Assignment{}, incident.Resolution{},
	incident.Confirmation{}, incident.Closing{}, incident.Reprioritization{}, incident.Update{},
	incident.TaskSpec{}, incident.TaskResult{}, incident.ProblemSpec{}, incident.Facts{},
	incident.Findings{}, incident.Reporter{}, incident.Link{},
}

// Every field of a command input has a snake_case JSON name, as the
// ticket's fields do, and embedded inputs (Action, Facts, Findings) are
// flattened: the keys of a request body are the keys of the ticket it
// changes.
func TestInputJSONNames(t *testing.T) {
	t.Parallel()
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	ticket := map[string]bool{}
	for f := range reflect.TypeFor[incident.Ticket]().Fields() {
		name, _, _ := bytes.Cut([]byte(f.Tag.Get("json")), []byte(","))
		ticket[string(name)] = true
	}
	for _, v := range inputs {
		typ := reflect.TypeOf(v)
		for f := range typ.Fields() {
			tag := f.Tag.Get("json")
			if f.Anonymous {
				if tag != "" {
					t.Errorf("%s.%s: an embedded input is flattened, so it has no JSON name; got %q", typ.Name(), f.Name, tag)
				}
				continue
			}
			name, _, _ := bytes.Cut([]byte(tag), []byte(","))
			if !snake.Match(name) {
				t.Errorf("%s.%s: JSON name %q is not snake_case", typ.Name(), f.Name, tag)
			}
		}
	}
	// The fields a registration shares with the ticket have the ticket's
	// names.
	for _, key := range []string{"summary", "description", "requester", "source", "external_key", "impact", "urgency",
		"priority", "category", "system", "nature", "customer_tier", "tier", "config_items", "attachments", "major",
		"occurred_at", "reporter", "location", "symptom", "error_code"} {
		if !ticket[key] {
			t.Errorf("the ticket has no field %q, which a registration sets", key)
		}
	}
}

// A request body decodes into the command's input, durations in Go's text
// form, and encodes back to the same keys.
func TestInputJSONRoundTrip(t *testing.T) {
	t.Parallel()
	body := `{"actor":"desk.zhang","at":"2025-11-17T09:00:00+08:00","summary":"Mail slow","impact":"medium","urgency":"high",` +
		`"source":"phone","requester":"li.lei","occurred_at":"2025-11-17T08:40:00+08:00","reporter":{"name":"Li Lei","phone":"6201"},` +
		`"config_items":["mx1"]}`
	var r incident.Registration
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	bj := time.FixedZone("CST", 8*3600)
	want := incident.Registration{
		Action:  incident.Action{Actor: "desk.zhang", At: time.Date(2025, 11, 17, 9, 0, 0, 0, bj)},
		Summary: "Mail slow", Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh, Source: codes.SourcePhone,
		Requester: "li.lei", ConfigItems: []string{"mx1"},
		Facts: incident.Facts{OccurredAt: time.Date(2025, 11, 17, 8, 40, 0, 0, bj), Reporter: incident.Reporter{Name: "Li Lei", Phone: "6201"}},
	}
	if diff := cmp.Diff(want, r, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("decoded registration (-want +got):\n%s", diff)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	json.Unmarshal([]byte(body), &a)
	json.Unmarshal(out, &b)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("registration encoded back (-body +encoded):\n%s", diff)
	}

	var res incident.Resolution
	if err := json.Unmarshal([]byte(`{"actor":"wang","solution":"restarted","closure":"l1","time_spent":"1h30m"}`), &res); err != nil {
		t.Fatal(err)
	}
	if res.TimeSpent != sla.Duration(90*time.Minute) || res.Actor != "wang" || res.Closure != codes.ClosureL1 {
		t.Errorf("resolution decoded as %+v", res)
	}
	if err := json.Unmarshal([]byte(`{"summary":"x","respond_within":3600}`), new(incident.TaskSpec)); err == nil {
		t.Error("a bare number decoded as a duration")
	}
}

// A record without a priority (a problem record, until someone grades it)
// has a JSON form too: the priority is left out, and reads back as none.
func TestTicketJSONWithoutPriority(t *testing.T) {
	t.Parallel()
	tk := incident.Ticket{Summary: "Mail keeps stalling", Status: codes.StatusRegistered}
	b, err := json.Marshal(&tk)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(`"priority"`)) {
		t.Errorf("a ticket without a priority encodes one: %s", b)
	}
	var back incident.Ticket
	if err := json.Unmarshal(b, &back); err != nil || back.Priority != 0 {
		t.Errorf("read back as priority %v (%v)", back.Priority, err)
	}
}
