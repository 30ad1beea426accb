package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// testRecords: a ticket's task records and its own facts — reporter,
// occurrence, findings, feedback, knowledge, the problem it raised — round
// trip through Create and Save, and what is stored is what Replay of the
// stored log gives.
func testRecords(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	id := newID(t, codes.KindIncident, base, 1)
	pm := newID(t, codes.KindProblem, base, 1)
	ch := func(f incident.Field, v string) incident.Change { return incident.Change{Field: f, Value: v} }
	log := []incident.Entry{{
		Seq: 1, At: base, Actor: "desk", Type: incident.EntryRegister, Status: codes.StatusRegistered,
		Changes: []incident.Change{
			ch(incident.FieldSummary, "交易系统下单超时"), ch(incident.FieldRegistrar, "desk"), ch(incident.FieldPriority, "P2"),
			ch(incident.FieldOccurredAt, base.Add(-90*time.Minute+123*time.Microsecond).Format(time.RFC3339Nano)),
			ch(incident.FieldReporterName, "刘洋"), ch(incident.FieldReporterPhone, "+86 10 5555 0100"),
			ch(incident.FieldReporterEmail, "liu@example.com"), ch(incident.FieldReporterDept, "交易部"),
			ch(incident.FieldLocation, "3F east"), ch(incident.FieldSymptom, "orders time out\nafter 30s"),
			ch(incident.FieldErrorCode, "ORA-12170"),
			ch(incident.FieldSuggestion, "known_error:KE0007 Listener hangs after patch"),
		},
	}, {
		Seq: 2, At: base.Add(time.Minute), Actor: "wang", Type: incident.EntryTask, Task: 1,
		Changes: []incident.Change{
			ch(incident.FieldTaskSummary, "check the listener"), ch(incident.FieldTaskType, "software.system.database"),
			ch(incident.FieldTaskContent, "restart if hung"), ch(incident.FieldTaskSystem, "trading"),
			ch(incident.FieldTaskOnSite, "true"), ch(incident.FieldTaskRespondBy, base.Add(time.Hour).Format(time.RFC3339Nano)),
			ch(incident.FieldTaskGroup, "dba"), ch(incident.FieldTaskAssignee, "zhou"),
			ch(incident.FieldTaskConfigItem, "db-01"), ch(incident.FieldTaskAttachment, "listener.log"),
			ch(incident.FieldTaskLink, "related:"+id.String()),
		},
	}}
	tk, err := incident.Replay(id, log)
	if err != nil {
		t.Fatalf("storetest: the records log does not replay: %v", err)
	}
	if err := s.Create(ctx, tk, log); err != nil {
		t.Fatalf("Create: %v", err)
	}
	checkStored(t, s, atVersion(tk, 1), cloneLog(log))

	more := []incident.Entry{{
		Seq: 3, At: base.Add(20 * time.Minute), Actor: "zhou", Type: incident.EntryTask, Task: 1,
		Changes: []incident.Change{ch(incident.FieldTaskStatus, "in_progress")},
	}, {
		Seq: 4, At: base.Add(40 * time.Minute), Actor: "zhou", Type: incident.EntryTask, Task: 1,
		Changes: []incident.Change{ch(incident.FieldTaskResult, "restarted"), ch(incident.FieldTaskClosure, "success"), ch(incident.FieldTaskStatus, "resolved")},
	}, {
		Seq: 5, At: base.Add(45 * time.Minute), Actor: "wang", Type: incident.EntryTask, Task: 1,
		Changes: []incident.Change{ch(incident.FieldTaskDone, "")},
	}, {
		Seq: 6, At: base.Add(50 * time.Minute), Actor: "wang", Type: incident.EntryUpdate,
		Changes: []incident.Change{
			ch(incident.FieldRootCause, "listener hung"), ch(incident.FieldRootCauseCategory, "software.system.database"),
			ch(incident.FieldVendorAtFault, "Oracle"), ch(incident.FieldVendor, "true"), ch(incident.FieldTimeSpent, "47m30.000001s"),
			ch(incident.FieldKnowledgeUsed, "KE0007"), ch(incident.FieldKnowledgeOffer, "offered"), ch(incident.FieldKnowledgeRef, "KB000001"),
			ch(incident.FieldFeedback, "快, 谢谢"), ch(incident.FieldLink, "problem:"+pm.String()), ch(incident.FieldProblem, pm.String()),
		},
	}}
	next, err := incident.Replay(id, append(cloneLog(log), more...))
	if err != nil {
		t.Fatalf("storetest: the records log does not replay: %v", err)
	}
	if got := next.Tasks[0]; got.State() != incident.TaskClosed || got.TakenUp.IsZero() || got.Resolved.IsZero() || got.Completed.IsZero() {
		t.Fatalf("storetest: the task did not replay to closed: %+v", got)
	}
	if err := s.Save(ctx, next, more, 1); err != nil {
		t.Fatalf("Save: %v", err)
	}
	checkStored(t, s, atVersion(next, 2), append(cloneLog(log), more...))

	// What the store gives back replays to itself.
	got, gotLog := load(t, s, id)
	again, err := incident.Replay(id, gotLog)
	if err != nil {
		t.Fatalf("the stored log does not replay: %v", err)
	}
	again.Version = got.Version
	checkStored(t, s, again, gotLog)
}
