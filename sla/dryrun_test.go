package sla_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// An SLA repair: the company declares Tuesday 2026-03-10 a day off after the
// fact. A P4 registered Monday 09:00 and resolved Thursday 17:00 had 24h
// by Thursday 10:30 (7h30 × 3 = 22h30 by Wednesday, 1h30 more); with the day
// off it has until Friday 10:30, so it flips from breached to met.
func TestDryRunCalendarChange(t *testing.T) {
	t.Parallel()
	cfg := calendar.ChinaOffice()
	cfg.Holidays = append(cfg.Holidays, calendar.Holiday{Date: calendar.MakeDate(2026, 3, 10), Name: "company day"})
	cals := sla.DefaultCalendars()
	cals[sla.OfficeCalendar] = calendar.Must(calendar.New(cfg))
	repaired, err := sla.New(sla.RegistrationConfig(), cals)
	if err != nil {
		t.Fatal(err)
	}
	records := []sla.Record{
		{ID: "IM260309000001", History: sla.History{
			prio("2026-03-09 09:00", codes.P4), in("2026-03-09 09:00", codes.StatusRegistered),
			in("2026-03-09 09:10", codes.StatusInProgress), in("2026-03-12 17:00", codes.StatusResolved),
		}},
		{ID: "IM260309000002", History: sla.History{ // resolved Monday: unaffected
			prio("2026-03-09 09:00", codes.P4), in("2026-03-09 09:00", codes.StatusRegistered),
			in("2026-03-09 09:10", codes.StatusInProgress), in("2026-03-09 17:00", codes.StatusResolved),
		}},
	}
	flips, err := sla.DryRun(records, registrationPolicy(t), repaired, bj("2026-03-20 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	type flip struct {
		ID, Target        string
		Before, After     sla.State
		BeforeDL, AfterDL string
	}
	var got []flip
	for _, f := range flips {
		got = append(got, flip{f.ID, f.Target, f.Before.State, f.After.State, f.Before.Deadline.Format("01-02 15:04"), f.After.Deadline.Format("01-02 15:04")})
	}
	want := []flip{{"IM260309000001", sla.Resolution, sla.Breached, sla.Met, "03-12 10:30", "03-13 10:30"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	_, err = sla.DryRun([]sla.Record{{ID: "bad", History: sla.History{in("2026-03-09 09:00", "limbo")}}}, registrationPolicy(t), repaired, bj("2026-03-20 09:00"))
	var re *sla.RecordError
	if !errors.As(err, &re) || re.ID != "bad" || !errors.Is(err, sla.ErrInvalidHistory) {
		t.Errorf("err = %v, want a *RecordError for bad matching ErrInvalidHistory", err)
	}
}
