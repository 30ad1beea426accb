package escalation_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
)

// A now with a monotonic clock reading, as time.Now gives, is evaluated as
// the same instant without it: the same firings and the same next instant,
// for anchors with and without a monotonic reading of their own.
func TestEvaluateIgnoresMonotonicReading(t *testing.T) {
	r := compile(t, escalation.DefaultConfig())
	base := time.Now() // has a monotonic reading
	if base == base.Round(0) {
		t.Skip("this platform's time.Now has no monotonic reading")
	}
	for _, age := range []time.Duration{time.Minute, 3 * time.Hour, 30 * time.Hour, 200 * time.Hour} {
		for _, created := range []time.Time{base.Add(-age), base.Add(-age).Round(0)} {
			id, _ := codes.NewID(codes.KindIncident, created, 3)
			tk := &incident.Ticket{ID: id, Status: codes.StatusAssigned, Priority: codes.P2, Created: created}
			log := []incident.Entry{
				{Seq: 1, At: created, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered},
				{Seq: 2, At: created.Add(age / 2), Actor: "desk", Event: incident.EventAssign, Status: codes.StatusAssigned},
			}
			f := r.Facts(id, log)
			res, err := seedPolicy.Evaluate(incident.History(log), base)
			if err != nil {
				t.Fatal(err)
			}
			mono, monoNext := r.Evaluate(tk, &f, &res, base, nil)
			wall, wallNext := r.Evaluate(tk, &f, &res, base.Round(0), nil)
			if diff := cmp.Diff(wall, mono); diff != "" || !monoNext.Equal(wallNext) {
				t.Errorf("age %v: with a monotonic now (-wall +mono):\n%s\nnext %v, wall %v", age, diff, monoNext, wallNext)
			}
		}
	}
}
