package kpi_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/kpi"
)

// randomRecords returns n tickets with fields drawn at random, some
// registered outside the period, some with codes no table knows.
func randomRecords(rng *rand.Rand, n int) []kpi.Record {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	someTime := func(after time.Time, within time.Duration) time.Time {
		if rng.IntN(3) == 0 {
			return time.Time{}
		}
		return after.Add(time.Duration(rng.Int64N(int64(within))))
	}
	dupOf, _ := codes.ParseID("IM251117000999")
	out := make([]kpi.Record, n)
	for i := range out {
		created := from.Add(-24 * time.Hour).Add(time.Duration(rng.Int64N(int64(7 * 24 * time.Hour))))
		t := &incident.Ticket{
			Status:       codes.Status(pick("registered", "assigned", "in_progress", "resolved", "closed")),
			Priority:     codes.Priority(rng.IntN(6)), // 0 is no valid priority
			Category:     codes.Category(pick("", "software.application", "hardware.network.switch")),
			Group:        pick("", "apps", "network"),
			Assignee:     pick("", "chen", "wang", "li"),
			Closure:      codes.ClosureCode(pick("", "success", "success_with_problem", "l1", "unresolved", "recovered", "bogus")),
			ResolverRole: codes.ResolverRole(pick("", "service_desk", "l1", "l2", "l3", "field")),
			Satisfaction: codes.Satisfaction(pick("", "very_good", "normal", "needs_improvement", "bogus")),
			Major:        rng.IntN(4) == 0,
			Reopens:      rng.IntN(4) / 3,
			Created:      created,
		}
		if rng.IntN(8) == 0 {
			t.DuplicateOf = dupOf
		}
		if rng.IntN(8) == 0 {
			t.ReopenedAs = dupOf
		}
		t.ActualResponse = someTime(created, 5*time.Hour)
		t.PlannedResolution = someTime(created, 3*24*time.Hour)
		t.ActualResolution = someTime(created, 4*24*time.Hour)
		if !t.ActualResolution.IsZero() {
			t.ResolvedOnTime = incident.OnTime(pick("yes", "no"))
		}
		out[i] = kpi.Record{Ticket: t, ThirdPartyAt: someTime(created, 2*24*time.Hour)}
	}
	return out
}

// counts lists every count of a row, denominators included.
func counts(r *kpi.Row) []int {
	var out []int
	for _, s := range []kpi.Share{r.Closed, r.Successful, r.Overdue, r.Major, r.FirstTime, r.ProblemRaised, r.ServiceDesk} {
		out = append(out, s.Count, s.Of)
	}
	return append(out, r.Tickets, r.Duplicates, r.OverdueUnresolved,
		r.Response.Count, r.Resolution.Count, r.ThirdParty.Count, r.Satisfaction.Count)
}

// TestBreakdownsAddUp: over random tickets, the rows of every breakdown add
// up to the overall row, count by count and mean by mean, and the order of
// the records changes nothing.
func TestBreakdownsAddUp(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	opt := kpi.Options{From: from, To: to, Now: day(20, 12, 0), GroupBy: kpi.AllDimensions()}
	for round := range 300 {
		records := randomRecords(rng, rng.IntN(80))
		rep, err := kpi.Of(records, opt)
		if err != nil {
			t.Fatal(err)
		}
		total := counts(&rep.Total)
		for _, b := range rep.Breakdowns {
			sum := make([]int, len(total))
			var resp, res, third time.Duration
			var score float64
			for i := range b.Rows {
				r := &b.Rows[i]
				for j, c := range counts(r) {
					sum[j] += c
				}
				resp += r.Response.Mean * time.Duration(r.Response.Count)
				res += r.Resolution.Mean * time.Duration(r.Resolution.Count)
				third += r.ThirdParty.Mean * time.Duration(r.ThirdParty.Count)
				score += r.Satisfaction.Mean * float64(r.Satisfaction.Count)
			}
			if diff := cmp.Diff(total, sum); diff != "" {
				t.Fatalf("round %d: rows by %s do not add up (-total +sum):\n%s", round, b.By, diff)
			}
			// Each mean is truncated to the nanosecond: a row of n
			// durations loses less than n ns of its sum.
			for _, m := range []struct {
				name string
				sum  time.Duration
				all  kpi.Average
			}{{"response", resp, rep.Total.Response}, {"resolution", res, rep.Total.Resolution}, {"third party", third, rep.Total.ThirdParty}} {
				whole := m.all.Mean * time.Duration(m.all.Count)
				if d := whole - m.sum; d < -time.Duration(m.all.Count) || d > time.Duration(m.all.Count) {
					t.Fatalf("round %d: %s by %s: rows sum to %v, the overall mean to %v", round, m.name, b.By, m.sum, whole)
				}
			}
			if whole := rep.Total.Satisfaction.Mean * float64(rep.Total.Satisfaction.Count); math.Abs(whole-score) > 1e-9*max(1, whole) {
				t.Fatalf("round %d: satisfaction by %s: rows sum to %v, the overall mean to %v", round, b.By, score, whole)
			}
		}

		rng.Shuffle(len(records), func(i, j int) { records[i], records[j] = records[j], records[i] })
		again, err := kpi.Of(records, opt)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rep, again); diff != "" {
			t.Fatalf("round %d: shuffled records give another report (-first +shuffled):\n%s", round, diff)
		}
	}
}

// TestMeanIsExact: means are exact to the nanosecond, truncated, and
// durations whose sum is beyond what a time.Duration holds (292 years)
// still average right.
func TestMeanIsExact(t *testing.T) {
	t.Parallel()
	resolvedAfter := func(ds ...time.Duration) []kpi.Record {
		var rs []kpi.Record
		for _, d := range ds {
			rs = append(rs, kpi.Record{Ticket: &incident.Ticket{Created: from, ActualResolution: from.Add(d), Status: "resolved", ResolverRole: "l1"}})
		}
		return rs
	}
	for _, tt := range []struct {
		ds   []time.Duration
		want time.Duration
	}{
		{[]time.Duration{1500 * time.Millisecond, 2250 * time.Millisecond}, 1875 * time.Millisecond}, // 3.75s / 2
		{[]time.Duration{1, 2, 2}, 1},                                     // 5ns / 3, truncated
		{[]time.Duration{time.Second - 1, time.Second - 1, 2}, 666666666}, // 2s / 3 = 666,666,666.7ns, truncated
	} {
		rep, err := kpi.Of(resolvedAfter(tt.ds...), kpi.Options{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Total.Resolution; got.Count != len(tt.ds) || got.Mean != tt.want {
			t.Errorf("mean of %v = %+v, want %v", tt.ds, got, tt.want)
		}
	}

	const n = 200_000
	long := 2 * 365 * 24 * time.Hour // two years each: 400,000 years in all
	records := make([]kpi.Record, n)
	tk := &incident.Ticket{Created: from, ActualResolution: from.Add(long), Status: "resolved", ResolverRole: "l2"}
	for i := range records {
		records[i] = kpi.Record{Ticket: tk}
	}
	rep, err := kpi.Of(records, kpi.Options{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Total.Resolution; got.Count != n || got.Mean != long {
		t.Errorf("mean resolution %+v, want %d of %v", got, n, long)
	}
}

func BenchmarkOf(b *testing.B) {
	records := randomRecords(rand.New(rand.NewPCG(3, 4)), 10_000)
	opt := kpi.Options{From: from, To: to, GroupBy: kpi.AllDimensions()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kpi.Of(records, opt); err != nil {
			b.Fatal(err)
		}
	}
}
