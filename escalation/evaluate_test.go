package escalation_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/sla"
)

type evalCase struct {
	name string
	now  time.Time
	due  []string
	next time.Time
}

func checkEval(t *testing.T, w *world, id codes.ID, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		due, next := w.eval(id, c.now)
		if diff := cmp.Diff(c.due, due); diff != "" {
			t.Errorf("%s: due at %v (-want +got):\n%s", c.name, c.now.Format("Mon 15:04"), diff)
		}
		if !next.Equal(c.next) {
			t.Errorf("%s: next after %v = %v, want %v", c.name, c.now.Format("Mon 15:04"), next, c.next)
		}
	}
}

// TestEvaluateP3 follows a P3 through Monday 17 November 2025 under the seed
// policy on China office hours (09:00–12:00, 13:30–18:00): registered 09:00 at
// the service desk, assigned to L1 at 09:10, work started 09:50.
//
// By hand:
//   - notify.p3.response: the response clock runs from 09:10; 30 min → 09:40.
//   - notify.p3.resolution: the resolution clock runs from 09:50; 1 h → 10:50.
//   - ladder.p3 (from the previous level): 2 h from 09:00 → 11:00 (support
//     lead); 4 h → 3 h to noon, 1 h after 13:30 → 14:30 (incident manager).
//   - tier.timeout: the service desk from 09:00 (cycle 1) would time out at
//     11:00, but L1 takes it at 09:10 (cycle 2): 2 h → 11:10.
//   - report.end_of_day: an hour before the 18:00 close → 17:00, cycle
//     20251117; the next at Tuesday 17:00.
func TestEvaluateP3(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P3)
	checkEval(t, w, id, []evalCase{
		{"registered", bj(17, 9, 5), nil, bj(17, 11, 0)},
	})
	w.assign(bj(17, 9, 10), id, codes.TierL1)
	checkEval(t, w, id, []evalCase{
		{"assigned", bj(17, 9, 20), nil, bj(17, 9, 40)},
		{"not responded", bj(17, 9, 45), []string{"notify.p3.response/0/1/0"}, bj(17, 11, 0)},
	})
	w.fire(bj(17, 9, 45), id, "notify.p3.response/0/1/0")
	checkEval(t, w, id, []evalCase{
		{"response fired", bj(17, 9, 46), nil, bj(17, 11, 0)},
	})
	w.start(bj(17, 9, 50), id)
	checkEval(t, w, id, []evalCase{
		{"started", bj(17, 10, 0), nil, bj(17, 10, 50)},
		{"not resolved", bj(17, 11, 5), []string{"notify.p3.resolution/0/1/0", "ladder.p3/0/1/0"}, bj(17, 11, 10)},
		{"lunch", bj(17, 12, 30), []string{"notify.p3.resolution/0/1/0", "ladder.p3/0/1/0", "tier.timeout/0/2/0"}, bj(17, 14, 30)},
		{"afternoon", bj(17, 14, 30), []string{"notify.p3.resolution/0/1/0", "ladder.p3/0/1/0", "ladder.p3/1/1/0", "tier.timeout/0/2/0"}, bj(17, 17, 0)},
	})
	w.fire(bj(17, 14, 30), id, "notify.p3.resolution/0/1/0", "ladder.p3/0/1/0", "ladder.p3/1/1/0", "tier.timeout/0/2/0")
	checkEval(t, w, id, []evalCase{
		{"all fired", bj(17, 14, 31), nil, bj(17, 17, 0)},
		{"end of day", bj(17, 17, 0), []string{"report.end_of_day/0/20251117/0"}, bj(18, 17, 0)},
	})
	w.fire(bj(17, 17, 0), id, "report.end_of_day/0/20251117/0")
	checkEval(t, w, id, []evalCase{
		{"reported", bj(17, 17, 1), nil, bj(18, 17, 0)},
		{"next day", bj(18, 17, 0), []string{"report.end_of_day/0/20251118/0"}, bj(19, 17, 0)},
	})
}

// TestEvaluateWindowEnd: a working-time moment that falls at the end of a
// window (noon) falls due when work resumes (13:30), not at noon or during
// lunch. A P3 registered 10:00: ladder.p3's first rung, 2 h → 12:00 → 13:30.
// The service desk's tier timeout (2 h) falls with it.
func TestEvaluateWindowEnd(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 10, 0), codes.P3)
	checkEval(t, w, id, []evalCase{
		{"before noon", bj(17, 11, 59), nil, bj(17, 13, 30)},
		{"noon", bj(17, 12, 0), nil, bj(17, 13, 30)},
		{"lunch", bj(17, 13, 29), nil, bj(17, 13, 30)},
		// The second rung: 4 h from 10:00 → 2 h to noon, 2 h from 13:30 → 15:30.
		{"after lunch", bj(17, 13, 30), []string{"ladder.p3/0/1/0", "tier.timeout/0/1/0"}, bj(17, 15, 30)},
	})
}

// TestEvaluateP1Weekend: a P1 registered on Saturday 22 November 2025 at
// 10:00. Seed 000 §6.6 marks only the resolution column as working time
// (解决时限(工作时间) | 响应时限), and a critical incident cannot wait for Monday
// (R-SLA-8): the notification paths of a P1 and its ladder count wall-clock
// time. The notification on registration is due at once; the ladder climbs
// at 10:05, 10:10, 10:20, 10:30 and 10:45 (each rung from the one before);
// still not in progress 5 minutes after the assignment at 10:01, the
// response notice falls at 10:06; not resolved an hour after registration,
// the resolution notice at 11:00.
func TestEvaluateP1Weekend(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(22, 10, 0), codes.P1)
	checkEval(t, w, id, []evalCase{
		{"registered", bj(22, 10, 0), []string{"notify.p1p2.registered/0/1/0"}, bj(22, 10, 5)},
	})
	w.fire(bj(22, 10, 0), id, "notify.p1p2.registered/0/1/0")
	w.assign(bj(22, 10, 1), id, codes.TierL1)
	checkEval(t, w, id, []evalCase{
		{"Saturday 10:05", bj(22, 10, 5), []string{"ladder.p1/0/1/0"}, bj(22, 10, 6)},
		{"Saturday 10:31", bj(22, 10, 31), []string{"notify.p1p2.response/0/1/0", "ladder.p1/0/1/0", "ladder.p1/1/1/0", "ladder.p1/2/1/0", "ladder.p1/3/1/0"}, bj(22, 10, 45)},
		{"Saturday 11:00", bj(22, 11, 0), []string{"notify.p1p2.response/0/1/0", "notify.p1p2.resolution/0/1/0", "ladder.p1/0/1/0", "ladder.p1/1/1/0", "ladder.p1/2/1/0", "ladder.p1/3/1/0", "ladder.p1/4/1/0"}, bj(24, 11, 0)}, // then the tier timeout, 2 office hours
	})
}

// TestEvaluatePaused: under the registration policy with a pending status,
// nothing fires while the ticket is pending, and nothing is scheduled: the
// resume is a command, after which the Desk asks again. P3 registered 09:00,
// assigned 09:05 (L1), started 09:10, pending 09:20 to 14:00.
//
// After the resume at 14:00: the resolution clock had 20 min (09:00–09:20),
// so its 1 h notification falls 40 min later at 14:40; the ladder's first
// rung (2 h from registration, 11:00) and L1's 2 h (from 09:05, 11:05) are
// overdue and fire at once; the ladder's second rung (4 h from 09:00: 3 h to
// noon, 1 h after 13:30) falls at 14:30, the earliest next.
func TestEvaluatePaused(t *testing.T) {
	t.Parallel()
	pol, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	wf, err := incident.NewWorkflow(incident.PendingWorkflowConfig())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, incident.Config{Policy: pol, Workflow: wf}, nil)
	id := w.register(bj(17, 9, 0), codes.P3)
	w.assign(bj(17, 9, 5), id, codes.TierL1)
	w.start(bj(17, 9, 10), id)
	w.do(bj(17, 9, 20), func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Pend(ctx, id, a, "waiting for the user")
	})
	// While pending, the clocks and the rules that wait on them stand
	// still; the end-of-day report, about every ticket still open, does not.
	checkEval(t, w, id, []evalCase{
		{"pending", bj(17, 11, 30), nil, bj(17, 17, 0)},
		{"pending at the end of the day", bj(17, 17, 30), []string{"report.end_of_day/0/20251117/0"}, bj(18, 17, 0)},
	})
	w.do(bj(17, 14, 0), func(a incident.Action) (*incident.Ticket, error) { return w.desk.Resume(ctx, id, a) })
	checkEval(t, w, id, []evalCase{
		{"resumed", bj(17, 14, 0), []string{"ladder.p3/0/1/0", "tier.timeout/0/2/0"}, bj(17, 14, 30)},
		{"resolution", bj(17, 14, 35), []string{"ladder.p3/0/1/0", "ladder.p3/1/1/0", "tier.timeout/0/2/0"}, bj(17, 14, 40)},
	})
}

// TestEvaluateReassignments: the fourth reassignment of a P4 brings in the
// incident manager at once, once.
func TestEvaluateReassignments(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P4)
	w.assign(bj(17, 9, 1), id, codes.TierL1)
	for i, who := range []string{"a", "b", "c"} {
		w.reassign(bj(17, 9, 2+i), id, who)
	}
	// P4: response 2 h from 09:01 → 11:01; ladder 4 h → 14:30; L1 2 h → 11:01.
	checkEval(t, w, id, []evalCase{{"three", bj(17, 9, 10), nil, bj(17, 11, 1)}})
	w.reassign(bj(17, 9, 20), id, "d")
	checkEval(t, w, id, []evalCase{{"four", bj(17, 9, 20), []string{"reassigned.over3/0/1/0"}, bj(17, 11, 1)}})
	w.fire(bj(17, 9, 21), id, "reassigned.over3/0/1/0")
	w.reassign(bj(17, 9, 22), id, "e")
	checkEval(t, w, id, []evalCase{{"five", bj(17, 9, 30), nil, bj(17, 11, 1)}})
}

// TestEvaluateDone: no rule fires on a resolved or closed ticket.
func TestEvaluateDone(t *testing.T) {
	t.Parallel()
	w := newWorld(t, incident.Config{}, nil)
	id := w.register(bj(17, 9, 0), codes.P1)
	w.assign(bj(17, 9, 1), id, codes.TierL1)
	w.start(bj(17, 9, 2), id)
	w.do(bj(17, 9, 3), func(a incident.Action) (*incident.Ticket, error) {
		return w.desk.Resolve(ctx, id, incident.Resolution{Action: a, Solution: "restarted", Closure: codes.ClosureL1})
	})
	checkEval(t, w, id, []evalCase{{"resolved", bj(17, 17, 0), nil, time.Time{}}})
}
