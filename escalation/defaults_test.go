package escalation_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/escalation"
	"github.com/itsmkit/itsm/incident"
)

// TestDefaultRules finds, for every default rule, the instant it first falls
// due for a ticket registered Monday 17 November 2025 09:00 Beijing time and
// assigned to L1 at once (and, for the resolution rules, taken up at once),
// by following Evaluate's next instants from registration. China office
// hours: 09:00–12:00 and 13:30–18:00, 7.5 working hours a day.
func TestDefaultRules(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		rule    string
		level   int
		p       codes.Priority
		started bool
		want    time.Time
	}{
		{"notify.p1p2.registered", 0, codes.P1, false, bj(17, 9, 0)}, // at once, wall clock
		{"notify.p1p2.registered", 0, codes.P2, false, bj(17, 9, 0)},
		{"notify.p1p2.response", 0, codes.P2, false, bj(17, 9, 5)},   // 5 min
		{"notify.p1p2.resolution", 0, codes.P1, true, bj(17, 10, 0)}, // 1 h
		{"notify.p3.response", 0, codes.P3, false, bj(17, 9, 30)},    // 30 min
		{"notify.p3.resolution", 0, codes.P3, true, bj(17, 10, 0)},   // 1 h
		{"notify.p4.response", 0, codes.P4, false, bj(17, 11, 0)},    // 2 h
		// 24 h: 7.5 h Monday, Tuesday and Wednesday (22.5 h), 1.5 h Thursday.
		{"notify.p4.resolution", 0, codes.P4, true, bj(20, 10, 30)},
		{"notify.p5.response", 0, codes.P5, false, bj(17, 13, 0)}, // 4 h of the seed's response clock, wall-clock time (seed 000 §6.6)
		// 48 h: six working days (17th–21st, 24th) are 45 h; 3 h more end at
		// Tuesday noon, a window's end: due when the afternoon opens.
		{"notify.p5.resolution", 0, codes.P5, true, bj(25, 13, 30)},
		// The ladder, each rung counted from the one before.
		{"ladder.p1", 0, codes.P1, false, bj(17, 9, 5)},
		{"ladder.p1", 1, codes.P1, false, bj(17, 9, 10)},
		{"ladder.p1", 2, codes.P1, false, bj(17, 9, 20)},
		{"ladder.p1", 3, codes.P1, false, bj(17, 9, 30)},
		{"ladder.p1", 4, codes.P1, false, bj(17, 9, 45)},
		{"ladder.p2", 0, codes.P2, false, bj(17, 10, 0)},
		{"ladder.p2", 1, codes.P2, false, bj(17, 11, 0)},    // 2 h
		{"ladder.p2", 2, codes.P2, false, bj(17, 13, 30)},   // 3 h end at noon, a window's end: due when the afternoon opens
		{"ladder.p2", 3, codes.P2, false, bj(17, 15, 0)},    // 4.5 h: 3 h to noon, 1.5 h after 13:30
		{"ladder.p3", 0, codes.P3, false, bj(17, 11, 0)},    // 2 h
		{"ladder.p3", 1, codes.P3, false, bj(17, 14, 30)},   // 4 h
		{"ladder.p4", 0, codes.P4, false, bj(17, 14, 30)},   // 4 h
		{"ladder.p4", 1, codes.P4, false, bj(18, 9, 30)},    // 8 h: 7.5 h Monday, 0.5 h Tuesday
		{"tier.timeout", 0, codes.P3, false, bj(17, 11, 0)}, // L1 from 09:00, 2 h
		{"report.end_of_day", 0, codes.P5, false, bj(17, 17, 0)},
	} {
		w := newWorld(t, incident.Config{}, nil)
		id := w.register(bj(17, 9, 0), c.p)
		w.assign(bj(17, 9, 0), id, codes.TierL1)
		if c.started {
			w.start(bj(17, 9, 0), id)
		}
		tk, log, err := w.desk.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		f := w.rules.Facts(id, log)
		now := bj(17, 9, 0)
		var got time.Time
		for range 100 {
			res, err := w.desk.Policy().Evaluate(incident.History(log), now)
			if err != nil {
				t.Fatal(err)
			}
			due, next := w.rules.Evaluate(tk, &f, &res, now, nil)
			for _, d := range due {
				if d.Rule == c.rule && d.Level == c.level {
					got = d.At
				}
			}
			if !got.IsZero() || next.IsZero() {
				break
			}
			now = next
		}
		if !got.Equal(c.want) {
			t.Errorf("%s level %d (%s): due %v, want %v", c.rule, c.level, c.p, got, c.want)
		}
	}
}

// TestLadderFromStart: with each rung counted from registration, a P1
// registered Monday 09:00 reaches the support lead and the incident manager
// at 09:05, the service manager and director at 09:10, the executives at
// 09:15.
func TestLadderFromStart(t *testing.T) {
	t.Parallel()
	rules, err := escalation.New(escalation.Config{Rules: escalation.LadderRules(escalation.FromStart)}, seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, incident.Config{}, rules)
	id := w.register(bj(17, 9, 0), codes.P1)
	checkEval(t, w, id, []evalCase{
		{"registered", bj(17, 9, 0), nil, bj(17, 9, 5)},
		{"5 min", bj(17, 9, 5), []string{"ladder.p1/0/1/0", "ladder.p1/1/1/0"}, bj(17, 9, 10)},
		{"10 min", bj(17, 9, 10), []string{"ladder.p1/0/1/0", "ladder.p1/1/1/0", "ladder.p1/2/1/0", "ladder.p1/3/1/0"}, bj(17, 9, 15)},
		{"15 min", bj(17, 9, 15), []string{"ladder.p1/0/1/0", "ladder.p1/1/1/0", "ladder.p1/2/1/0", "ladder.p1/3/1/0", "ladder.p1/4/1/0"}, time.Time{}},
	})
}

// The default rules' names are listed in DefaultConfig's doc, and a preset is
// changed by name.
func TestDefaultRuleNames(t *testing.T) {
	t.Parallel()
	cfg := escalation.DefaultConfig()
	var names []string
	for _, r := range cfg.Rules {
		names = append(names, r.Name)
	}
	src, err := os.ReadFile("defaults.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src[:strings.Index(string(src), "func DefaultConfig()")])
	for _, n := range names {
		if !strings.Contains(doc, "//\t"+n+" ") {
			t.Errorf("rule %s is not listed in DefaultConfig's doc", n)
		}
	}
	r := cfg.Rule("ladder.p3")
	if r == nil || cfg.Rule("ladder.p9") != nil {
		t.Fatalf("Rule found %v", r)
	}
	r.Levels[0].After = dur(time.Hour)
	if got := cfg.Rules[slices.IndexFunc(cfg.Rules, func(x escalation.Rule) bool { return x.Name == "ladder.p3" })].Levels[0].After; got != dur(time.Hour) {
		t.Errorf("the change did not reach the config: %v", got)
	}
	if n := cfg.Remove("report.end_of_day", "requester.end_of_day", "no.such.rule"); n != 2 || cfg.Rule("report.end_of_day") != nil {
		t.Errorf("Remove dropped %d", n)
	}
	if _, err := escalation.New(cfg, seedPolicy); err != nil {
		t.Errorf("the changed preset: %v", err)
	}
}
