package sla_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

func TestTierTimes(t *testing.T) {
	t.Parallel()
	office := calendar.Must(calendar.New(calendar.ChinaOffice()))
	h := sla.History{
		in("2026-03-09 09:00", codes.StatusRegistered),
		set("2026-03-09 09:00", sla.AttrTier, "service_desk"),
		set("2026-03-09 09:20", sla.AttrTier, "l1"), // service desk 20m
		in("2026-03-09 09:30", codes.StatusInProgress),
		set("2026-03-09 11:00", sla.AttrTier, "l2"),    // L1 1h40
		in("2026-03-09 11:30", codes.StatusPending),    // L2 30m, then waits
		in("2026-03-09 14:00", codes.StatusInProgress), // pending 11:30–14:00 not counted
		set("2026-03-09 17:00", sla.AttrTier, "l1"),    // L2 3h more
		in("2026-03-10 09:30", codes.StatusResolved),   // L1 1h + 30m next morning
		in("2026-03-10 10:00", codes.StatusClosed),
		in("2026-03-10 11:00", codes.StatusInProgress), // reopened: L1 again
	}
	got, err := sla.TierTimes(h, bj("2026-03-10 11:30"), sla.TierConfig{Calendar: office})
	if err != nil {
		t.Fatal(err)
	}
	want := []sla.TierTime{
		{Tier: codes.TierServiceDesk, Working: 20 * time.Minute, Stints: 1},
		{Tier: codes.TierL1, Working: time.Hour + 40*time.Minute + 1*time.Hour + 30*time.Minute + 30*time.Minute, Stints: 2},
		{Tier: codes.TierL2, Working: 3*time.Hour + 30*time.Minute, Stints: 1},
		{Tier: codes.TierL3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = sla.TierTimes(sla.History{set("2026-03-09 09:00", sla.AttrTier, "l4")}, bj("2026-03-09 10:00"), sla.TierConfig{Calendar: office})
	if !errors.Is(err, sla.ErrInvalidHistory) {
		t.Errorf("unknown tier: err = %v, want ErrInvalidHistory", err)
	}
}
