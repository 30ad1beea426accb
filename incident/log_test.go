package incident_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

var cst = time.FixedZone("CST", 8*3600)

func at(h, m int) time.Time { return time.Date(2025, 3, 3, h, m, 0, 0, cst) }

func ch(f incident.Field, v string) incident.Change { return incident.Change{Field: f, Value: v} }

// history is a P3 ticket's life: registered by the service desk, assigned to
// L1, handed up to L2, split into a task, resolved and confirmed.
func history() []incident.Entry {
	return []incident.Entry{
		{Seq: 1, At: at(9, 0), Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered, Changes: []incident.Change{
			ch(incident.FieldSummary, "Mail slow"), ch(incident.FieldPriority, "P3"), ch(incident.FieldImpact, "medium"),
			ch(incident.FieldUrgency, "high"), ch(incident.FieldSource, "phone"), ch(incident.FieldRegistrar, "desk"),
			ch(incident.FieldRequester, "li.lei"), ch(incident.FieldTier, "service_desk"),
		}},
		{Seq: 2, At: at(9, 5), Actor: "desk", Type: incident.EntryTransition, Event: incident.EventAssign, Status: codes.StatusAssigned, Changes: []incident.Change{
			ch(incident.FieldGroup, "mail"), ch(incident.FieldAssignee, "wang"), ch(incident.FieldTier, "l1"),
		}},
		{Seq: 3, At: at(9, 30), Actor: "wang", Type: incident.EntryTransition, Event: incident.EventReassign, Status: codes.StatusAssigned, Changes: []incident.Change{
			ch(incident.FieldAssignee, "zhao"), ch(incident.FieldTier, "l2"),
		}},
		{Seq: 4, At: at(9, 40), Actor: "zhao", Type: incident.EntryTransition, Event: incident.EventStart, Status: codes.StatusInProgress},
		{Seq: 5, At: at(9, 45), Actor: "zhao", Type: incident.EntryComment, Text: "queue backed up"},
		{Seq: 6, At: at(10, 0), Actor: "zhao", Type: incident.EntryTask, Task: 1, Changes: []incident.Change{
			ch(incident.FieldTaskSummary, "Clear the queue"), ch(incident.FieldTaskAssignee, "sun"),
		}},
		{Seq: 7, At: at(10, 0), Actor: "zhao", Type: incident.EntryUpdate, Changes: []incident.Change{
			ch(incident.FieldConfigItem, "mx-01"), ch(incident.FieldLink, "caused_by:PM250301000002"),
		}},
		{Seq: 8, At: at(11, 0), Actor: "sun", Type: incident.EntryTask, Task: 1, Changes: []incident.Change{
			ch(incident.FieldTaskResult, "cleared"), ch(incident.FieldTaskClosure, "l2"), ch(incident.FieldTaskDone, ""),
		}},
		{Seq: 9, At: at(11, 10), Actor: "zhao", Type: incident.EntryTransition, Event: incident.EventResolve, Status: codes.StatusResolved, Changes: []incident.Change{
			ch(incident.FieldSolution, "Queue cleared, disk extended"), ch(incident.FieldClosure, "l2"), ch(incident.FieldResolverRole, "l2"),
		}},
		{Seq: 10, At: at(14, 0), Actor: "desk", Type: incident.EntryTransition, Event: incident.EventConfirm, Status: codes.StatusClosed, Changes: []incident.Change{
			ch(incident.FieldSatisfaction, "normal"),
		}},
	}
}

func TestReplay(t *testing.T) {
	t.Parallel()
	id, _ := codes.ParseID("IM250303000007")
	pm, _ := codes.ParseID("PM250301000002")
	got, err := incident.Replay(id, history())
	if err != nil {
		t.Fatal(err)
	}
	want := &incident.Ticket{
		ID: id, Status: codes.StatusClosed, Priority: codes.P3, Impact: codes.ImpactMedium, Urgency: codes.UrgencyHigh,
		Source: codes.SourcePhone, Summary: "Mail slow", Registrar: "desk", Requester: "li.lei",
		Group: "mail", Assignee: "zhao", Tier: codes.TierL2,
		Solution: "Queue cleared, disk extended", Closure: codes.ClosureL2, ResolverRole: codes.ResolverL2, Satisfaction: codes.SatisfactionNormal,
		ConfigItems: []string{"mx-01"}, Links: []incident.Link{{To: pm, Kind: "caused_by"}},
		Tasks:       []incident.Task{{No: 1, Status: incident.TaskClosed, Summary: "Clear the queue", Assignee: "sun", Result: "cleared", Closure: codes.ClosureL2, Created: at(10, 0), Completed: at(11, 0)}},
		Escalations: 1, // handed up from L1 to L2
		Created:     at(9, 0), Updated: at(14, 0),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Replay (-want +got):\n%s", diff)
	}

	// Raising the priority to P2 makes a major incident, which stays major
	// when the priority falls again, until the flag is cleared; a P4 can be
	// flagged major.
	log := history()[:4]
	log = append(log,
		incident.Entry{Seq: 5, At: at(10, 0), Type: incident.EntryUpdate, Changes: []incident.Change{ch(incident.FieldPriority, "P2")}},
	)
	if tk, _ := incident.Replay(id, log); !tk.Major {
		t.Error("P2 is not major")
	}
	log = append(log,
		incident.Entry{Seq: 6, At: at(10, 1), Type: incident.EntryUpdate, Changes: []incident.Change{ch(incident.FieldPriority, "P4")}},
	)
	if tk, _ := incident.Replay(id, log); !tk.Major {
		t.Error("a major incident lowered to P4 is no longer major")
	}
	log = append(log,
		incident.Entry{Seq: 7, At: at(10, 2), Type: incident.EntryUpdate, Changes: []incident.Change{ch(incident.FieldMajor, "false")}},
	)
	if tk, _ := incident.Replay(id, log); tk.Major {
		t.Error("a cleared flag leaves the P4 major")
	}
	log = append(log,
		incident.Entry{Seq: 8, At: at(10, 3), Type: incident.EntryUpdate, Changes: []incident.Change{ch(incident.FieldMajor, "true")}},
	)
	if tk, _ := incident.Replay(id, log); !tk.Major {
		t.Error("a flagged P4 is not major")
	}
}

func TestReplayRejects(t *testing.T) {
	t.Parallel()
	id, _ := codes.ParseID("IM250303000007")
	mutate := map[string]func(l []incident.Entry) []incident.Entry{
		"empty first type": func(l []incident.Entry) []incident.Entry { l[0].Type = incident.EntryComment; return l },
		"gap in numbers":   func(l []incident.Entry) []incident.Entry { l[3].Seq = 9; return l },
		"back in time":     func(l []incident.Entry) []incident.Entry { l[5].At = at(8, 0); return l },
		"no time":          func(l []incident.Entry) []incident.Entry { l[0].At = time.Time{}; return l },
		"unknown field": func(l []incident.Entry) []incident.Entry {
			l[4].Changes = []incident.Change{ch("colour", "red")}
			return l
		},
		"bad priority": func(l []incident.Entry) []incident.Entry { l[0].Changes[1].Value = "P9"; return l },
		"bad flag": func(l []incident.Entry) []incident.Entry {
			l[4].Changes = []incident.Change{ch(incident.FieldVendor, "yes")}
			return l
		},
		"bad link":     func(l []incident.Entry) []incident.Entry { l[6].Changes[1].Value = "caused_by:PM1"; return l },
		"task skipped": func(l []incident.Entry) []incident.Entry { l[5].Task = 2; return l },
	}
	for name, f := range mutate {
		_, err := incident.Replay(id, f(history()))
		var le *incident.LogError
		if !errors.As(err, &le) || !errors.Is(err, incident.ErrInvalidLog) {
			t.Errorf("%s: Replay = %v, want a LogError", name, err)
		}
	}
}
