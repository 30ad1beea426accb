package sla_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

// tenFacts is a ticket of 10 facts on China office hours: registered,
// prioritised and classified, assigned, started, handed to L2 and back,
// resolved, reopened and resolved again.
func tenFacts() sla.History {
	return sla.History{
		in("2026-03-06 16:30", codes.StatusRegistered),
		prio("2026-03-06 16:31", codes.P3),
		set("2026-03-06 16:32", sla.AttrCategory, "hardware.server"),
		in("2026-03-06 16:40", codes.StatusAssigned),
		in("2026-03-06 16:50", codes.StatusInProgress),
		set("2026-03-09 09:30", sla.AttrTier, "l2"),
		in("2026-03-09 10:00", codes.StatusResolved),
		in("2026-03-09 10:20", codes.StatusInProgress),
		prio("2026-03-09 10:30", codes.P2),
		in("2026-03-09 11:00", codes.StatusResolved),
	}
}

// longHistory returns a ticket of n facts that keeps bouncing between
// in progress and assigned, one fact every 20 minutes from Monday 09:00.
func longHistory(n int) sla.History {
	start := bj("2026-03-09 09:00")
	h := sla.History{sla.Entered(start, codes.StatusRegistered), sla.Prioritized(start, codes.P4)}
	for i := 2; i < n; i++ {
		s := codes.StatusAssigned
		if i%2 == 1 {
			s = codes.StatusInProgress
		}
		h = append(h, sla.Entered(start.Add(time.Duration(i)*20*time.Minute), s))
	}
	return h
}

func BenchmarkEvaluate(b *testing.B) {
	p := seedPolicy(b)
	now := bj("2026-03-09 12:00")
	run := func(name string, h sla.History, now time.Time) {
		b.Run(name, func(b *testing.B) {
			if _, err := p.Evaluate(h, now); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				_, _ = sla.Evaluate(p, h, now)
			}
		})
	}
	run("seed-10facts", tenFacts(), now)
	// The same, reusing the result's storage as a scheduler's loop would.
	b.Run("seed-10facts-reuse", func(b *testing.B) {
		h := tenFacts()
		var r sla.Result
		b.ReportAllocs()
		for b.Loop() {
			if err := p.EvaluateTo(&r, h, now); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, n := range []int{10, 100, 1000} {
		h := longHistory(n)
		run(fmt.Sprintf("facts-%d", n), h, h[len(h)-1].At.Add(time.Hour))
	}
}
