package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// view is the part of a Status the worked examples check.
type view struct {
	State     sla.State
	Elapsed   time.Duration
	Deadline  time.Time
	Breached  time.Time
	Stage     string
	PausedFor time.Duration
}

func viewOf(s sla.Status) view {
	return view{s.State, s.Elapsed, s.Deadline, s.Breached, s.Stage, s.PausedFor}
}

// The worked examples below run on China office hours (Mon–Fri 09:00–12:00
// and 13:30–18:00, 7h30 a day, Beijing time) and are checked by hand
// arithmetic in the comments.
func TestWorkedExamples(t *testing.T) {
	t.Parallel()
	seed := seedPolicy(t)
	reg := registrationPolicy(t)
	tests := []struct {
		name   string
		policy *sla.Policy
		h      sla.History
		now    string
		target string
		want   view
	}{
		{
			// P3 registered Friday 16:30, resolution 3h from registration:
			// Friday 16:30–18:00 is 1h30; Monday 09:00 + 1h30 = 10:30.
			name:   "P3 Friday afternoon resolution deadline Monday",
			policy: reg,
			h:      sla.History{prio("2026-03-06 16:30", codes.P3), in("2026-03-06 16:30", codes.StatusRegistered)},
			now:    "2026-03-06 17:00",
			target: sla.Resolution,
			want:   view{State: sla.Running, Elapsed: 30 * time.Minute, Deadline: bj("2026-03-09 10:30")},
		},
		{
			// Same ticket seen on Monday 10:00: 1h30 + 1h = 2h30 elapsed;
			// the 80% stage (2h24m) fell at Monday 09:54 (1h30 + 54m).
			name:   "P3 Monday morning warning stage reached",
			policy: reg,
			h:      sla.History{prio("2026-03-06 16:30", codes.P3), in("2026-03-06 16:30", codes.StatusRegistered)},
			now:    "2026-03-09 10:00",
			target: sla.Resolution,
			want:   view{State: sla.Running, Elapsed: 2*time.Hour + 30*time.Minute, Deadline: bj("2026-03-09 10:30"), Stage: sla.StageAboutToBreach},
		},
		{
			// Over the weekend nothing counts: still 1h30 on Sunday.
			name:   "P3 weekend counts nothing",
			policy: reg,
			h:      sla.History{prio("2026-03-06 16:30", codes.P3), in("2026-03-06 16:30", codes.StatusRegistered)},
			now:    "2026-03-08 12:00",
			target: sla.Resolution,
			want:   view{State: sla.Running, Elapsed: 90 * time.Minute, Deadline: bj("2026-03-09 10:30")},
		},
		{
			// Response 30m from registration: 16:30 + 30m = 17:00; taken in
			// hand 16:50, so met with 20m elapsed.
			name:   "P3 response met",
			policy: reg,
			h: sla.History{
				prio("2026-03-06 16:30", codes.P3), in("2026-03-06 16:30", codes.StatusRegistered),
				in("2026-03-06 16:40", codes.StatusAssigned), in("2026-03-06 16:50", codes.StatusInProgress),
			},
			now:    "2026-03-09 12:00",
			target: sla.Response,
			want:   view{State: sla.Met, Elapsed: 20 * time.Minute, Deadline: bj("2026-03-06 17:00")},
		},
		{
			// Seed semantics: resolution runs from in progress (Fri 16:50):
			// 1h10 on Friday, 1h50 more on Monday: deadline 10:50. Resolved
			// at 11:00: breached at 10:50 with 3h10 elapsed.
			name:   "seed resolution breached",
			policy: seed,
			h: sla.History{
				prio("2026-03-06 16:30", codes.P3), in("2026-03-06 16:30", codes.StatusRegistered),
				in("2026-03-06 16:40", codes.StatusAssigned), in("2026-03-06 16:50", codes.StatusInProgress),
				in("2026-03-09 11:00", codes.StatusResolved),
			},
			now:    "2026-03-09 12:00",
			target: sla.Resolution,
			want:   view{State: sla.Breached, Elapsed: 3*time.Hour + 10*time.Minute, Deadline: bj("2026-03-09 10:50"), Breached: bj("2026-03-09 10:50"), Stage: sla.StageAboutToBreach},
		},
		{
			// Seed response runs from assigned (16:40) to in progress
			// (16:50): 10m of 30m, met; deadline 16:40 + 30m = 17:10.
			name:   "seed response from assignment",
			policy: seed,
			h: sla.History{
				prio("2026-03-06 16:30", codes.P3), in("2026-03-06 16:30", codes.StatusRegistered),
				in("2026-03-06 16:40", codes.StatusAssigned), in("2026-03-06 16:50", codes.StatusInProgress),
			},
			now:    "2026-03-06 17:30",
			target: sla.Response,
			want:   view{State: sla.Met, Elapsed: 10 * time.Minute, Deadline: bj("2026-03-06 17:10")},
		},
		{
			// Lunch break: P2 resolution 30m from in progress at Mon 11:45:
			// 15m before 12:00, 15m after 13:30: deadline 13:45.
			name:   "P2 across lunch",
			policy: seed,
			h: sla.History{
				prio("2026-03-09 11:40", codes.P2), in("2026-03-09 11:40", codes.StatusAssigned),
				in("2026-03-09 11:45", codes.StatusInProgress),
			},
			now:    "2026-03-09 12:30",
			target: sla.Resolution,
			want:   view{State: sla.Running, Elapsed: 15 * time.Minute, Deadline: bj("2026-03-09 13:45")},
		},
		{
			// Deadline exactly at the end of a window: P1 resolution 1h from
			// 11:00 ends at 12:00, not 13:30. Still open at 12:30 (lunch):
			// breached at 12:00 with 1h elapsed.
			name:   "breach at window end",
			policy: seed,
			h: sla.History{
				prio("2026-03-09 10:50", codes.P1), in("2026-03-09 10:50", codes.StatusAssigned),
				in("2026-03-09 11:00", codes.StatusInProgress),
			},
			now:    "2026-03-09 12:30",
			target: sla.Resolution,
			want:   view{State: sla.Breached, Elapsed: time.Hour, Deadline: bj("2026-03-09 12:00"), Breached: bj("2026-03-09 12:00"), Stage: sla.StageAboutToBreach},
		},
		{
			// Resolved exactly at the deadline is on time.
			name:   "stopped at the deadline is met",
			policy: seed,
			h: sla.History{
				prio("2026-03-09 10:50", codes.P1), in("2026-03-09 10:50", codes.StatusAssigned),
				in("2026-03-09 11:00", codes.StatusInProgress), in("2026-03-09 12:00", codes.StatusResolved),
			},
			now:    "2026-03-09 12:30",
			target: sla.Resolution,
			want:   view{State: sla.Met, Elapsed: time.Hour, Deadline: bj("2026-03-09 12:00"), Stage: sla.StageAboutToBreach},
		},
		{
			// Resolved during lunch after a 12:00 deadline: no more working
			// time counted, yet late: the deadline instant has passed.
			name:   "stopped in lunch after the deadline is late",
			policy: seed,
			h: sla.History{
				prio("2026-03-09 10:50", codes.P1), in("2026-03-09 10:50", codes.StatusAssigned),
				in("2026-03-09 11:00", codes.StatusInProgress), in("2026-03-09 12:45", codes.StatusResolved),
			},
			now:    "2026-03-09 14:00",
			target: sla.Resolution,
			want:   view{State: sla.Breached, Elapsed: time.Hour, Deadline: bj("2026-03-09 12:00"), Breached: bj("2026-03-09 12:00"), Stage: sla.StageAboutToBreach},
		},
		{
			// Pending pauses the registration preset: P3 registered Mon
			// 09:00, pending 10:00–14:00 (working time 2h + 30m = 2h30
			// paused), resumed 14:00. Elapsed at 15:00: 1h + 1h = 2h.
			// Deadline: 1h left from 15:00 = 16:00.
			name:   "pending pauses",
			policy: reg,
			h: sla.History{
				prio("2026-03-09 09:00", codes.P3), in("2026-03-09 09:00", codes.StatusRegistered),
				in("2026-03-09 09:30", codes.StatusInProgress), in("2026-03-09 10:00", codes.StatusPending),
				in("2026-03-09 14:00", codes.StatusInProgress),
			},
			now:    "2026-03-09 15:00",
			target: sla.Resolution,
			want:   view{State: sla.Running, Elapsed: 2 * time.Hour, Deadline: bj("2026-03-09 16:00"), PausedFor: 2*time.Hour + 30*time.Minute},
		},
		{
			// Paused at 11:00 with 2h elapsed (registered 09:00): the deadline
			// is projected as if it resumed now (11:30): 1h left → 13:30+30m
			// = 14:00 (11:30–12:00 is 30m, then 30m after lunch).
			name:   "paused deadline projected",
			policy: reg,
			h: sla.History{
				prio("2026-03-09 09:00", codes.P3), in("2026-03-09 09:00", codes.StatusRegistered),
				in("2026-03-09 11:00", codes.StatusPending),
			},
			now:    "2026-03-09 11:30",
			target: sla.Resolution,
			want:   view{State: sla.Paused, Elapsed: 2 * time.Hour, Deadline: bj("2026-03-09 14:00"), PausedFor: 30 * time.Minute},
		},
		{
			// Golden Week 2026 (Oct 1–7 off, Sat Oct 10 a make-up working
			// day): P4 registered Tue Sep 29 10:00, 24h. Sep 29 10:00–18:00
			// = 6h30; Sep 30 7h30 (14h); Oct 8 7h30 (21h30); Oct 9 09:00 +
			// 2h30 = 11:30.
			name:   "P4 across Golden Week",
			policy: reg,
			h:      sla.History{prio("2026-09-29 10:00", codes.P4), in("2026-09-29 10:00", codes.StatusRegistered)},
			now:    "2026-10-03 10:00",
			target: sla.Resolution,
			want:   view{State: sla.Running, Elapsed: 14 * time.Hour, Deadline: bj("2026-10-09 11:30")},
		},
		{
			// P5 48h from the same instant: 21h30 by Oct 8, Oct 9 29h, Sat
			// Oct 10 (make-up) 36h30, Mon Oct 12 44h, Tue Oct 13 needs 4h:
			// 09:00–12:00 3h, 13:30 + 1h = 14:30.
			name:   "P5 across Golden Week and a make-up Saturday",
			policy: reg,
			h:      sla.History{prio("2026-09-29 10:00", codes.P5), in("2026-09-29 10:00", codes.StatusRegistered)},
			now:    "2026-10-03 10:00",
			target: sla.Resolution,
			want:   view{State: sla.Running, Elapsed: 14 * time.Hour, Deadline: bj("2026-10-13 14:30")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := tt.policy.Evaluate(tt.h, bj(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			got := viewOf(status(t, r, tt.target))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("status mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEvaluateTo gives what Evaluate gives, reusing the result's storage.
func TestEvaluateTo(t *testing.T) {
	p := seedPolicy(t)
	h := tenFacts()
	var r sla.Result
	for _, now := range []time.Time{bj("2026-03-09 09:00"), bj("2026-03-09 12:00"), bj("2026-03-10 12:00")} {
		want, err := p.Evaluate(h, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.EvaluateTo(&r, h, now); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("at %v (-Evaluate +EvaluateTo):\n%s", now, diff)
		}
	}
	if n := testing.AllocsPerRun(20, func() { _ = p.EvaluateTo(&r, h, bj("2026-03-09 12:00")) }); n != 0 {
		t.Errorf("EvaluateTo allocates %v times with room in the result", n)
	}
	before := r
	if err := p.EvaluateTo(&r, sla.History{{Attr: "colour"}}, bj("2026-03-09 12:00")); err == nil || !cmp.Equal(before, r) {
		t.Errorf("a bad history: err %v, result changed %v", err, !cmp.Equal(before, r))
	}
}
