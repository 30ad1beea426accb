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

type clockView struct {
	State     sla.State
	Goal      time.Duration
	Cycle     int
	Elapsed   time.Duration
	PausedFor time.Duration
	Deadline  time.Time
	Breached  time.Time
}

func clockOf(s sla.Status) clockView {
	return clockView{s.State, s.Goal, s.Cycle, s.Elapsed, s.PausedFor, s.Deadline, s.Breached}
}

func evalView(t *testing.T, p *sla.Policy, h sla.History, now, target string) clockView {
	t.Helper()
	r, err := p.Evaluate(h, bj(now))
	if err != nil {
		t.Fatal(err)
	}
	return clockOf(status(t, r, target))
}

func withTarget(cfg sla.Config, name string, edit func(*sla.Target)) sla.Config {
	for i := range cfg.Versions[0].Targets {
		if cfg.Versions[0].Targets[i].Name == name {
			edit(&cfg.Versions[0].Targets[i])
		}
	}
	return cfg
}

func mustNew(t *testing.T, cfg sla.Config) *sla.Policy {
	t.Helper()
	p, err := sla.New(cfg, sla.DefaultCalendars())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A P4 registered Monday 09:00 (registration preset), pending 10:00–11:00,
// back in progress 11:00, raised to P3 at 11:30: elapsed 1h + 30m = 1h30 and
// the hour paused are kept; only the goal changes (24h → 3h). 1h30 left from
// 11:30: 30m to 12:00, 1h from 13:30: deadline 14:30.
func TestPriorityChangeKeepsElapsedAndPausedTime(t *testing.T) {
	t.Parallel()
	h := sla.History{
		prio("2026-03-09 09:00", codes.P4), in("2026-03-09 09:00", codes.StatusRegistered),
		in("2026-03-09 10:00", codes.StatusPending), in("2026-03-09 11:00", codes.StatusInProgress),
		prio("2026-03-09 11:30", codes.P3),
	}
	got := evalView(t, registrationPolicy(t), h, "2026-03-09 11:30", sla.Resolution)
	want := clockView{State: sla.Running, Goal: 3 * time.Hour, Cycle: 1, Elapsed: 90 * time.Minute, PausedFor: time.Hour, Deadline: bj("2026-03-09 14:30")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// Raised to P1 instead: 1h30 is already past the 1h goal. The breach
	// falls at the change, not earlier, when the ticket was still a P4.
	h[4] = prio("2026-03-09 11:30", codes.P1)
	got = evalView(t, registrationPolicy(t), h, "2026-03-09 11:45", sla.Resolution)
	want = clockView{State: sla.Breached, Goal: time.Hour, Cycle: 1, Elapsed: 105 * time.Minute, PausedFor: time.Hour, Deadline: bj("2026-03-09 11:30"), Breached: bj("2026-03-09 11:30")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("raised to P1 (-want +got):\n%s", diff)
	}

	// Lowered back to P4 at 11:45: the breach is withdrawn; 1h45 of 24h.
	h = append(h, prio("2026-03-09 11:45", codes.P4))
	got = evalView(t, registrationPolicy(t), h, "2026-03-09 11:45", sla.Resolution)
	if got.State != sla.Running || !got.Breached.IsZero() || got.Elapsed != 105*time.Minute {
		t.Errorf("lowered to P4: %+v, want running with 1h45 and no breach", got)
	}
}

// With OnPriority: restart, the change starts a new cycle: 3h from 11:30 is
// 30m to 12:00 and 2h30 from 13:30: 16:00.
func TestPriorityChangeRestartOption(t *testing.T) {
	t.Parallel()
	p := mustNew(t, withTarget(sla.RegistrationConfig(), sla.Resolution, func(t *sla.Target) { t.OnPriority = sla.RematchRestart }))
	h := sla.History{
		prio("2026-03-09 09:00", codes.P4), in("2026-03-09 09:00", codes.StatusRegistered),
		prio("2026-03-09 11:30", codes.P3),
	}
	got := evalView(t, p, h, "2026-03-09 11:30", sla.Resolution)
	want := clockView{State: sla.Running, Goal: 3 * time.Hour, Cycle: 2, Deadline: bj("2026-03-09 16:00")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// The clock runs from registration even while no priority (so no rule) is
// known yet; the goal applies once the priority is set.
func TestClockRunsBeforePriorityIsKnown(t *testing.T) {
	t.Parallel()
	p := registrationPolicy(t)
	h := sla.History{in("2026-03-09 09:00", codes.StatusRegistered)}
	r, err := p.Evaluate(h, bj("2026-03-09 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Targets) != 0 || !r.Next.IsZero() {
		t.Errorf("no priority yet: targets %v next %v, want none", r.Targets, r.Next)
	}
	h = append(h, prio("2026-03-09 10:00", codes.P3))
	got := evalView(t, p, h, "2026-03-09 10:30", sla.Resolution)
	// 1h30 counted from 09:00, 1h30 left from 10:30: 12:00.
	if got.Elapsed != 90*time.Minute || !got.Deadline.Equal(bj("2026-03-09 12:00")) {
		t.Errorf("got %+v, want 1h30 elapsed and deadline 12:00", got)
	}
}

// Seed preset, P3: in progress Monday 09:00, resolved 10:00 (1h, met),
// reopened (in progress) 14:00.
func TestReopen(t *testing.T) {
	t.Parallel()
	h := sla.History{
		prio("2026-03-09 08:50", codes.P3), in("2026-03-09 08:50", codes.StatusAssigned),
		in("2026-03-09 09:00", codes.StatusInProgress), in("2026-03-09 10:00", codes.StatusResolved),
		in("2026-03-09 14:00", codes.StatusInProgress),
	}
	tests := []struct {
		reopen sla.Reopen
		want   clockView
	}{
		// Continue: 1h + 1h = 2h at 15:00; 1h left: 16:00.
		{sla.ReopenContinue, clockView{State: sla.Running, Goal: 3 * time.Hour, Cycle: 1, Elapsed: 2 * time.Hour, Deadline: bj("2026-03-09 16:00")}},
		// Restart: a new cycle from 14:00, 1h of 3h: deadline 17:00.
		{sla.ReopenRestart, clockView{State: sla.Running, Goal: 3 * time.Hour, Cycle: 2, Elapsed: time.Hour, Deadline: bj("2026-03-09 17:00")}},
		// Never: stays met with 1h; deadline as it stood at 10:00 (12:00).
		{sla.ReopenNever, clockView{State: sla.Met, Goal: 3 * time.Hour, Cycle: 1, Elapsed: time.Hour, Deadline: bj("2026-03-09 12:00")}},
	}
	for _, tt := range tests {
		t.Run(string(tt.reopen), func(t *testing.T) {
			t.Parallel()
			p := mustNew(t, withTarget(sla.SeedConfig(), sla.Resolution, func(t *sla.Target) { t.Reopen = tt.reopen }))
			if diff := cmp.Diff(tt.want, evalView(t, p, h, "2026-03-09 15:00", sla.Resolution)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The seed response is measured once: a new assignment leaves it as it
	// was. Assigned 08:50, before the office opens, in progress 09:00: the
	// response counts wall-clock time (seed 000 §6.6: only the resolution
	// column is 工作时间), so 10 minutes; its deadline stood at 08:50 + 30m.
	want := clockView{State: sla.Met, Goal: 30 * time.Minute, Cycle: 1, Elapsed: 10 * time.Minute, Deadline: bj("2026-03-09 09:20")}
	if diff := cmp.Diff(want, evalView(t, seedPolicy(t), append(h, in("2026-03-09 14:30", codes.StatusAssigned)), "2026-03-09 15:00", sla.Response)); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
}

// A response clock that a hand-over to another tier resets: each tier owes
// its own response.
func TestResetOnAttributeChange(t *testing.T) {
	t.Parallel()
	p := mustNew(t, withTarget(sla.RegistrationConfig(), sla.Response, func(t *sla.Target) {
		t.Reset = []sla.Condition{{Attr: sla.AttrTier}}
		t.Start = append(t.Start, sla.Condition{Attr: sla.AttrTier})
	}))
	h := sla.History{
		prio("2026-03-09 09:00", codes.P4), in("2026-03-09 09:00", codes.StatusRegistered),
		set("2026-03-09 09:00", sla.AttrTier, "service_desk"),
		set("2026-03-09 10:00", sla.AttrTier, "l1"),
	}
	// Cycle 1 starts at registration; setting the tier at 09:00 is a change
	// (cycle 2), handing over to L1 at 10:00 another (cycle 3). Response 2h
	// from 10:00: deadline 12:00.
	want := clockView{State: sla.Running, Goal: 2 * time.Hour, Cycle: 3, Elapsed: 30 * time.Minute, Deadline: bj("2026-03-09 12:00")}
	if diff := cmp.Diff(want, evalView(t, p, h, "2026-03-09 10:30", sla.Response)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPauseOnAttribute(t *testing.T) {
	t.Parallel()
	p := mustNew(t, withTarget(sla.RegistrationConfig(), sla.Resolution, func(t *sla.Target) {
		t.Pause = append(t.Pause, sla.Condition{Attr: sla.AttrTier, Value: "l3"})
	}))
	h := sla.History{
		prio("2026-03-09 09:00", codes.P4), in("2026-03-09 09:00", codes.StatusRegistered),
		set("2026-03-09 10:00", sla.AttrTier, "l3"),
	}
	r, err := p.Evaluate(h, bj("2026-03-09 11:00"))
	if err != nil {
		t.Fatal(err)
	}
	s := status(t, r, sla.Resolution)
	if s.State != sla.Paused || s.PausedBy != "tier=l3" || s.Elapsed != time.Hour || s.PausedFor != time.Hour {
		t.Errorf("got %+v, want paused by tier=l3 with 1h elapsed, 1h paused", s)
	}
}

// Next is the earliest stage or deadline of a running clock, and never
// points inside a pause.
func TestNext(t *testing.T) {
	t.Parallel()
	p := registrationPolicy(t)
	h := sla.History{prio("2026-03-09 09:00", codes.P3), in("2026-03-09 09:00", codes.StatusRegistered)}
	r, err := p.Evaluate(h, bj("2026-03-09 09:10"))
	if err != nil {
		t.Fatal(err)
	}
	// Response: 80% of 30m = 24m after 09:00.
	if want := bj("2026-03-09 09:24"); !r.Next.Equal(want) {
		t.Errorf("Next = %v, want %v", r.Next, want)
	}
	if s := status(t, r, sla.Response); s.NextStage != sla.StageAboutToBreach || !s.NextStageAt.Equal(bj("2026-03-09 09:24")) {
		t.Errorf("response next stage %q at %v", s.NextStage, s.NextStageAt)
	}
	// At 09:25 the stage has fallen; next is the response deadline 09:30.
	if r, _ = p.Evaluate(h, bj("2026-03-09 09:25")); !r.Next.Equal(bj("2026-03-09 09:30")) {
		t.Errorf("Next = %v, want 09:30", r.Next)
	}
	// Pending: everything is paused, nothing falls until a new fact.
	h = append(h, in("2026-03-09 09:20", codes.StatusPending))
	if r, _ = p.Evaluate(h, bj("2026-03-09 09:25")); !r.Next.IsZero() {
		t.Errorf("paused: Next = %v, want zero", r.Next)
	}
	s := status(t, r, sla.Response)
	if s.State != sla.Paused || !s.NextStageAt.IsZero() || s.Stage != "" {
		t.Errorf("paused response: %+v", s)
	}
	// Outside working hours the next instant is inside the next window:
	// response registered 17:50, 10m Monday, 14m more Tuesday: 09:14.
	h = sla.History{prio("2026-03-09 17:50", codes.P3), in("2026-03-09 17:50", codes.StatusRegistered)}
	if r, _ = p.Evaluate(h, bj("2026-03-09 20:00")); !r.Next.Equal(bj("2026-03-10 09:14")) {
		t.Errorf("evening: Next = %v, want Tuesday 09:14", r.Next)
	}
}

func TestHistoryErrors(t *testing.T) {
	t.Parallel()
	p := seedPolicy(t)
	t0 := bj("2026-03-09 09:00")
	tests := []struct {
		name  string
		h     sla.History
		index int
	}{
		{"out of order", sla.History{sla.Entered(t0, codes.StatusRegistered), sla.Entered(t0.Add(-time.Second), codes.StatusAssigned)}, 1},
		{"unknown attribute", sla.History{sla.Set(t0, "colour", "red")}, 0},
		{"unknown status", sla.History{sla.Entered(t0, "limbo")}, 0},
		{"bad priority", sla.History{sla.Set(t0, sla.AttrPriority, "P0")}, 0},
		{"bad tier", sla.History{sla.Set(t0, sla.AttrTier, "l9")}, 0},
		{"no time", sla.History{sla.Entered(time.Time{}, codes.StatusRegistered)}, 0},
		{"after now still checked", sla.History{sla.Entered(t0, codes.StatusRegistered), sla.Entered(t0.Add(time.Hour), "limbo")}, 1},
	}
	for _, tt := range tests {
		_, err := p.Evaluate(tt.h, t0)
		var he *sla.HistoryError
		if !errors.As(err, &he) || !errors.Is(err, sla.ErrInvalidHistory) || he.Index != tt.index {
			t.Errorf("%s: err = %v, want a *HistoryError at %d", tt.name, err, tt.index)
		}
	}
}

func TestCalendarErrors(t *testing.T) {
	t.Parallel()
	p := seedPolicy(t)
	t0 := time.Date(calendar.MaxYear+1, 1, 2, 9, 0, 0, 0, beijing)
	h := sla.History{sla.Prioritized(t0, codes.P5), sla.Entered(t0, codes.StatusAssigned)}
	_, err := p.Evaluate(h, t0.Add(time.Hour))
	var ce *sla.CalendarError
	if !errors.As(err, &ce) || !errors.Is(err, sla.ErrCalendar) || !errors.Is(err, calendar.ErrOutOfRange) || ce.Target != sla.Response {
		t.Errorf("err = %v, want a *CalendarError matching calendar.ErrOutOfRange", err)
	}
}

// Per-target calendars (R-SLA-3): a P1 response counted 24×7 while the
// resolution keeps office hours.
func TestCalendarPerGoal(t *testing.T) {
	t.Parallel()
	cfg := sla.SeedConfig()
	cfg.Versions[0].Rules[0].Goals[0].Calendar = sla.AllHoursCalendar
	p := mustNew(t, cfg)
	// Assigned Saturday 22:00: response deadline 22:05 the same night;
	// resolution (in progress 22:03) starts counting Monday 09:00: 10:00.
	h := sla.History{
		prio("2026-03-07 22:00", codes.P1), in("2026-03-07 22:00", codes.StatusAssigned),
		in("2026-03-07 22:03", codes.StatusInProgress),
	}
	r, err := p.Evaluate(h, bj("2026-03-07 23:00"))
	if err != nil {
		t.Fatal(err)
	}
	resp, res := status(t, r, sla.Response), status(t, r, sla.Resolution)
	if resp.State != sla.Met || resp.Elapsed != 3*time.Minute || !resp.Deadline.Equal(bj("2026-03-07 22:05")) || resp.Calendar != sla.AllHoursCalendar {
		t.Errorf("response %+v", resp)
	}
	if res.Elapsed != 0 || !res.Deadline.Equal(bj("2026-03-09 10:00")) || res.Calendar != sla.OfficeCalendar {
		t.Errorf("resolution %+v", res)
	}
}

// A priority change can move a clock to another calendar: a P3 (office
// hours) in progress Friday 17:30 has 30m counted by 18:00; raised to P1
// (counted 24×7 in this policy) on Saturday 10:00, its last 30m run at once:
// deadline Saturday 10:30.
func TestPriorityChangeSwitchesCalendar(t *testing.T) {
	t.Parallel()
	cfg := sla.SeedConfig()
	cfg.Versions[0].Rules[0].Goals[1].Calendar = sla.AllHoursCalendar
	p := mustNew(t, cfg)
	h := sla.History{
		prio("2026-03-06 17:00", codes.P3), in("2026-03-06 17:00", codes.StatusAssigned),
		in("2026-03-06 17:30", codes.StatusInProgress), prio("2026-03-07 10:00", codes.P1),
	}
	x, err := sla.Explain(p, h, bj("2026-03-07 10:10"))
	if err != nil {
		t.Fatal(err)
	}
	s := status(t, x.Result, sla.Resolution)
	if s.Elapsed != 40*time.Minute || !s.Deadline.Equal(bj("2026-03-07 10:30")) || s.Calendar != sla.AllHoursCalendar {
		t.Errorf("status %+v, want 40m elapsed, deadline Saturday 10:30 in 24x7", s)
	}
	want := []sla.Span{
		{From: bj("2026-03-06 17:30"), To: bj("2026-03-06 18:00"), Why: sla.Counted, Working: 30 * time.Minute, Calendar: sla.OfficeCalendar},
		{From: bj("2026-03-06 18:00"), To: bj("2026-03-07 10:00"), Why: sla.OutsideHours, Calendar: sla.OfficeCalendar},
		{From: bj("2026-03-07 10:00").UTC(), To: bj("2026-03-07 10:10").UTC(), Why: sla.Counted, Working: 10 * time.Minute, Calendar: sla.AllHoursCalendar},
	}
	if diff := cmp.Diff(want, x.Spans[1]); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
}

// Back-dated facts (seed 000 §4.7: the details of an emergency are recorded
// after it): the status depends on when things happened, not on when they
// were recorded. A P1 handled at night is entered the next morning with its
// real times; the result is the same as if it had been evaluated live.
func TestBackDatedFacts(t *testing.T) {
	t.Parallel()
	p := mustNew(t, func() sla.Config {
		cfg := sla.SeedConfig()
		cfg.Versions[0].Rules[0].Goals[0].Calendar = sla.AllHoursCalendar
		cfg.Versions[0].Rules[0].Goals[1].Calendar = sla.AllHoursCalendar
		return cfg
	}())
	night := sla.History{
		prio("2026-03-10 02:00", codes.P1), in("2026-03-10 02:00", codes.StatusAssigned),
		in("2026-03-10 02:04", codes.StatusInProgress), in("2026-03-10 02:50", codes.StatusResolved),
	}
	live, err := p.Evaluate(night, bj("2026-03-10 02:50"))
	if err != nil {
		t.Fatal(err)
	}
	later, err := p.Evaluate(night, bj("2026-03-10 09:30"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{sla.Response, sla.Resolution} {
		a, b := status(t, live, name), status(t, later, name)
		if diff := cmp.Diff(a, b); diff != "" || a.State != sla.Met {
			t.Errorf("%s: live %v, recorded later (-live +later):\n%s", name, a.State, diff)
		}
	}
	// Response 4m of 5m, resolution 46m of 1h, both 24×7.
	if s := status(t, later, sla.Resolution); s.Elapsed != 46*time.Minute {
		t.Errorf("resolution elapsed %v, want 46m", s.Elapsed)
	}
}

// Next is the same whatever the number of versions of a policy and the order
// of its targets: a clock that is not running (zero Next) never hides one
// that is. With a second version, Evaluate takes another path (each clock
// measured by the version in force when it started).
func TestNextWithVersions(t *testing.T) {
	t.Parallel()
	reversed := func(cfg sla.Config) sla.Config {
		for i := range cfg.Versions {
			ts := cfg.Versions[i].Targets
			cfg.Versions[i].Targets = []sla.Target{ts[1], ts[0]}
		}
		return cfg
	}
	twice := func(cfg sla.Config) sla.Config {
		v := cfg.Versions[0]
		v.Effective = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		cfg.Versions = append(cfg.Versions, v)
		return cfg
	}
	// A P3 registered and assigned Monday 10:00: the response clock runs
	// (80% of 30m falls at 10:24), the resolution clock waits for the start.
	h := sla.History{prio("2026-03-09 10:00", codes.P3), in("2026-03-09 10:00", codes.StatusRegistered), in("2026-03-09 10:00", codes.StatusAssigned)}
	want := bj("2026-03-09 10:24")
	for name, cfg := range map[string]sla.Config{
		"one version":            sla.SeedConfig(),
		"one version, reversed":  reversed(sla.SeedConfig()),
		"two versions":           twice(sla.SeedConfig()),
		"two versions, reversed": twice(reversed(sla.SeedConfig())),
	} {
		r, err := mustNew(t, cfg).Evaluate(h, bj("2026-03-09 10:01"))
		if err != nil {
			t.Fatal(name, err)
		}
		if !r.Next.Equal(want) {
			t.Errorf("%s: Next = %v, want %v", name, r.Next, want)
		}
	}
}

func TestEarliest(t *testing.T) {
	t.Parallel()
	a, b := bj("2026-03-09 10:00"), bj("2026-03-09 11:00")
	var never time.Time
	for _, c := range []struct{ x, y, want time.Time }{
		{a, b, a}, {b, a, a}, {never, a, a}, {a, never, a}, {never, never, never}, {a, a, a},
	} {
		if got := sla.Earliest(c.x, c.y); !got.Equal(c.want) {
			t.Errorf("Earliest(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}
