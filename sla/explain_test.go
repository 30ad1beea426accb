package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// goldenWeek is a P4 registered Tuesday 2026-09-29 10:00, pending on
// Thursday Oct 8 14:00–15:00 (after the National Day holiday, Oct 1–7), and
// resolved Friday Oct 9 11:00.
func goldenWeek() sla.History {
	return sla.History{
		prio("2026-09-29 10:00", codes.P4), in("2026-09-29 10:00", codes.StatusRegistered),
		in("2026-09-29 10:30", codes.StatusInProgress),
		in("2026-10-08 14:00", codes.StatusPending), in("2026-10-08 15:00", codes.StatusInProgress),
		in("2026-10-09 11:00", codes.StatusResolved),
	}
}

func TestExplainGoldenWeek(t *testing.T) {
	t.Parallel()
	x, err := sla.Explain(registrationPolicy(t), goldenWeek(), bj("2026-10-09 12:00"))
	if err != nil {
		t.Fatal(err)
	}
	span := func(from, to string, why sla.Why, detail string, working time.Duration) sla.Span {
		return sla.Span{From: bj(from), To: bj(to), Why: why, Detail: detail, Working: working, Calendar: sla.OfficeCalendar}
	}
	h := time.Hour
	want := []sla.Span{
		span("2026-09-29 10:00", "2026-09-29 12:00", sla.Counted, "", 2*h),
		span("2026-09-29 12:00", "2026-09-29 13:30", sla.OutsideHours, "", 0),
		span("2026-09-29 13:30", "2026-09-29 18:00", sla.Counted, "", 4*h+30*time.Minute),
		span("2026-09-29 18:00", "2026-09-30 09:00", sla.OutsideHours, "", 0),
		span("2026-09-30 09:00", "2026-09-30 12:00", sla.Counted, "", 3*h),
		span("2026-09-30 12:00", "2026-09-30 13:30", sla.OutsideHours, "", 0),
		span("2026-09-30 13:30", "2026-09-30 18:00", sla.Counted, "", 4*h+30*time.Minute),
		span("2026-09-30 18:00", "2026-10-01 00:00", sla.OutsideHours, "", 0),
		span("2026-10-01 00:00", "2026-10-08 00:00", sla.Holiday, calendar.NationalDay, 0),
		span("2026-10-08 00:00", "2026-10-08 09:00", sla.OutsideHours, "", 0),
		span("2026-10-08 09:00", "2026-10-08 12:00", sla.Counted, "", 3*h),
		span("2026-10-08 12:00", "2026-10-08 13:30", sla.OutsideHours, "", 0),
		span("2026-10-08 13:30", "2026-10-08 14:00", sla.Counted, "", 30*time.Minute),
		span("2026-10-08 14:00", "2026-10-08 15:00", sla.PausedSpan, "pending", h),
		span("2026-10-08 15:00", "2026-10-08 18:00", sla.Counted, "", 3*h),
		span("2026-10-08 18:00", "2026-10-09 09:00", sla.OutsideHours, "", 0),
		span("2026-10-09 09:00", "2026-10-09 11:00", sla.Counted, "", 2*h),
	}
	i := -1
	for k, s := range x.Targets {
		if s.Target == sla.Resolution {
			i = k
		}
	}
	if diff := cmp.Diff(want, x.Spans[i]); diff != "" {
		t.Errorf("resolution spans (-want +got):\n%s", diff)
	}
	// The counted spans add up to the elapsed time: 6h30 + 7h30 + 6h30 + 2h.
	var sum time.Duration
	for _, s := range x.Spans[i] {
		if s.Why == sla.Counted {
			sum += s.Working
		}
	}
	if s := x.Targets[i]; sum != s.Elapsed || s.Elapsed != 22*h+30*time.Minute || s.State != sla.Met {
		t.Errorf("counted %v, status %+v; want 22h30 elapsed, met", sum, s)
	}
}
