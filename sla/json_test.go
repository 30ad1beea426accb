package sla_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/internal/golden"
	"github.com/itsmkit/itsm/sla"
)

// pausedSeedPolicy is the seed policy with its resolution clock paused
// while the record is pending.
func pausedSeedPolicy(tb testing.TB) *sla.Policy {
	tb.Helper()
	cfg := sla.SeedConfig()
	res := &cfg.Versions[0].Targets[1]
	if res.Name != sla.Resolution {
		tb.Fatalf("target 1 of the seed is %q", res.Name)
	}
	res.Pause = []sla.Condition{{Status: codes.StatusPending}}
	p, err := sla.New(cfg, sla.DefaultCalendars())
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// workedP3 is the worked example of the JSON form: a P3 assigned to the
// service desk on Monday 2026-03-09 at 09:00 (office hours 09:00–12:00 and
// 13:30–18:00, Beijing), taken up by L2 at 09:20, pending 10:00–11:00.
//
// By hand, under pausedSeedPolicy: the response (30m) ran 09:00–09:20, met.
// The resolution (3h) counted 09:20–10:00 (40m), paused an hour, counted
// 11:00–12:00 (1h40m), and from 13:30 needed 1h20m more: it breached at
// 14:50, passed its 80% stage (2h24m) at 14:14, and at 16:00 has 4h10m
// elapsed, 1h10m overdue.
func workedP3() sla.History {
	return sla.History{
		prio("2026-03-09 09:00", codes.P3), set("2026-03-09 09:00", sla.AttrTier, string(codes.TierServiceDesk)),
		in("2026-03-09 09:00", codes.StatusAssigned),
		set("2026-03-09 09:20", sla.AttrTier, string(codes.TierL2)), in("2026-03-09 09:20", codes.StatusInProgress),
		in("2026-03-09 10:00", codes.StatusPending), in("2026-03-09 11:00", codes.StatusInProgress),
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// compact checks the compact JSON of v.
func compact(t *testing.T, v any, want string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != want {
		t.Errorf("JSON of %+v:\n got %s\nwant %s", v, b, want)
	}
}

// roundTrip checks that v unmarshals from its JSON to what it was.
func roundTrip[T any](t *testing.T, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Unmarshal of %s: %v", b, err)
	}
	if diff := cmp.Diff(v, back); diff != "" {
		t.Errorf("Unmarshal(Marshal(x)) differs from x (-x +back):\n%s", diff)
	}
}

func TestJSONResult(t *testing.T) {
	t.Parallel()
	p := pausedSeedPolicy(t)
	now := bj("2026-03-09 16:00")
	r, err := sla.Evaluate(p, workedP3(), now)
	if err != nil {
		t.Fatal(err)
	}
	res := status(t, r, sla.Resolution)
	if res.State != sla.Breached || !res.Breached.Equal(bj("2026-03-09 14:50")) || res.Elapsed != 4*time.Hour+10*time.Minute ||
		res.PausedFor != time.Hour || !res.StageAt.Equal(bj("2026-03-09 14:14")) {
		t.Fatalf("the worked example is not as worked by hand: %+v", res)
	}
	got := marshal(t, r)
	golden.Check(t, "json_result.json", got)
	roundTrip(t, r)

	// The form, independently of the golden file.
	for _, want := range []string{
		`"target": "resolution"`, `"state": "breached"`, `"goal": "3h0m0s"`, `"elapsed": "4h10m0s"`,
		`"remaining": "-1h10m0s"`, `"paused_for": "1h0m0s"`, `"breached": "2026-03-09T14:50:00+08:00"`,
		`"stage": "about_to_breach"`, `"now": "2026-03-09T16:00:00+08:00"`, `"state": "met"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the JSON has no %s:\n%s", want, got)
		}
	}
	for _, absent := range []string{`"next"`, `"stopped": "0001`, `"paused_by"`, `"Target"`} {
		if strings.Contains(got, absent) {
			t.Errorf("the JSON has %s, a zero value or a Go field name:\n%s", absent, got)
		}
	}
}

func TestJSONExplanation(t *testing.T) {
	t.Parallel()
	x, err := sla.Explain(pausedSeedPolicy(t), workedP3(), bj("2026-03-09 16:00"))
	if err != nil {
		t.Fatal(err)
	}
	got := marshal(t, x)
	golden.Check(t, "json_explanation.json", got)
	roundTrip(t, *x)
	compact(t, x.Spans[1][1], `{"from":"2026-03-09T10:00:00+08:00","to":"2026-03-09T11:00:00+08:00",`+
		`"why":"paused","detail":"pending","calendar":"office","working":"1h0m0s"}`)
	compact(t, x.Spans[1][2], `{"from":"2026-03-09T11:00:00+08:00","to":"2026-03-09T12:00:00+08:00",`+
		`"why":"counted","calendar":"office","working":"1h0m0s"}`)
}

func TestJSONTierTimes(t *testing.T) {
	t.Parallel()
	tt, err := sla.TierTimes(workedP3(), bj("2026-03-09 16:00"), sla.TierConfig{Calendar: sla.DefaultCalendars()[sla.OfficeCalendar]})
	if err != nil {
		t.Fatal(err)
	}
	got := marshal(t, tt)
	golden.Check(t, "json_tiers.json", got)
	roundTrip(t, tt)
	// By hand: the service desk 09:00–09:20; L2 09:20–10:00, then 11:00–12:00
	// and 13:30–16:00 (pending does not count): 4h10m.
	compact(t, tt[2], `{"tier":"l2","stints":1,"working":"4h10m0s"}`)
	compact(t, tt[1], `{"tier":"l1"}`)
}

func TestJSONDryRun(t *testing.T) {
	t.Parallel()
	// At 14:30 the seed, without a pause, has counted 3h40m of the
	// resolution (breached at 13:50); with the pending hour left out, 2h40m.
	flips, err := sla.DryRun([]sla.Record{{ID: "IM260309000001", History: workedP3()}},
		seedPolicy(t), pausedSeedPolicy(t), bj("2026-03-09 14:30"))
	if err != nil {
		t.Fatal(err)
	}
	if len(flips) != 1 || flips[0].Before.State != sla.Breached || flips[0].After.State != sla.Running {
		t.Fatalf("flips %+v, want the resolution from breached to running", flips)
	}
	golden.Check(t, "json_dryrun.json", marshal(t, flips))
	roundTrip(t, flips)
}

// TestJSONStatusInput: Unmarshal reports malformed durations and states
// rather than reading them as zero, and never panics.
func TestJSONStatusInput(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"target":"response","goal":90}`,
		`{"target":"response","goal":"ninety"}`,
		`{"target":"response","state":"late"}`,
		`{"target":"response","deadline":"tomorrow"}`,
		`[]`,
	} {
		var s sla.Status
		if err := json.Unmarshal([]byte(in), &s); err == nil {
			t.Errorf("Unmarshal(%s): no error, got %+v", in, s)
		}
	}
	var s sla.Status
	if err := json.Unmarshal([]byte(`{"target":"response","goal":"1h30m","state":"running"}`), &s); err != nil ||
		s.Goal != 90*time.Minute || s.State != sla.Running {
		t.Errorf("Unmarshal: %+v, %v", s, err)
	}
}
