package sla_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/sla"
)

// TestStatusJSONEveryField round-trips a Status with every field set: the
// JSON form lists its keys itself (in reading order, not the struct's), so
// a field it forgot would be lost.
func TestStatusJSONEveryField(t *testing.T) {
	at := time.Date(2026, 3, 9, 9, 20, 0, 0, time.FixedZone("CST", 8*3600))
	s := sla.Status{
		Target: "resolution", State: sla.Breached, Goal: 3 * time.Hour, Elapsed: 4 * time.Hour,
		Started: at, Stopped: at.Add(5 * time.Hour), PausedBy: "pending", Calendar: "office", Cycle: 2,
		Version: 1, Rule: "P3", Remaining: -time.Hour, PausedFor: time.Hour,
		Deadline: at.Add(4 * time.Hour), Breached: at.Add(4 * time.Hour), Stage: "warn", StageAt: at.Add(time.Hour),
		NextStage: "late", NextStageAt: at.Add(2 * time.Hour),
	}
	v := reflect.ValueOf(s)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("the test leaves Status.%s zero: set it", v.Type().Field(i).Name)
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back sla.Status
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Errorf("Status through JSON (-sent +read):\n%s\n%s", diff, b)
	}
}
