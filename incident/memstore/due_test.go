package memstore

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestDueIndex moves records' NextDue at random and checks, after each
// move, the heap order, the live count, that stale entries never outnumber
// live ones by more than the rebuild allows, and collect against a scan.
func TestDueIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	recs := make([]*record, 300)
	due := make([]time.Time, len(recs))
	for i := range recs {
		recs[i] = &record{key: string(rune('a' + i))}
	}
	var d dueIndex
	for step := range 20000 {
		i := r.IntN(len(recs))
		due[i] = time.Time{}
		if r.IntN(4) > 0 {
			due[i] = base.Add(time.Duration(r.IntN(1000)) * time.Second).Add(time.Duration(r.IntN(3)))
		}
		d.set(recs[i], due[i])

		live := 0
		for _, rec := range recs {
			if rec.dueGen != 0 {
				live++
			}
		}
		if live != d.live {
			t.Fatalf("step %d: live %d, counted %d", step, d.live, live)
		}
		if stale := len(d.heap) - d.live; len(d.heap) >= minRebuild && stale > d.live {
			t.Fatalf("step %d: %d stale entries, %d live: not rebuilt", step, stale, d.live)
		}
		for j := 1; j < len(d.heap); j++ {
			if d.heap[j].before(&d.heap[(j-1)/2]) {
				t.Fatalf("step %d: heap order broken at %d", step, j)
			}
		}
		if len(d.heap) > 0 && d.heap[0].stale() {
			t.Fatalf("step %d: a stale entry at the root", step)
		}
		if step%50 == 0 {
			by := base.Add(time.Duration(r.IntN(1100)-50) * time.Second)
			var want []*record
			for j, rec := range recs {
				if !due[j].IsZero() && !due[j].After(by) {
					want = append(want, rec)
				}
			}
			got := d.collect(by, nil)
			slices.SortFunc(got, func(a, b *record) int { return strings.Compare(a.key, b.key) })
			if !slices.Equal(want, got) {
				t.Fatalf("step %d: collect(%v) gave %d records, want %d", step, by, len(got), len(want))
			}
		}
	}
}
