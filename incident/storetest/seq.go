package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// nextSeq takes a number in a Write of its own, which lands.
func nextSeq(ctx context.Context, s incident.Store, kind codes.Kind, day incident.Day) (int, error) {
	var n int
	err := s.Write(ctx, func(tx incident.Tx) error {
		var err error
		n, err = tx.NextSeq(kind, day)
		return err
	})
	return n, err
}

func testNextSeq(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	day := incident.DayOf(base)
	next := incident.DayOf(base.AddDate(0, 0, 1))
	nextYear := incident.DayOf(base.AddDate(1, 0, 0))
	calls := []struct {
		kind codes.Kind
		day  incident.Day
		want int
	}{
		{codes.KindIncident, day, 1},
		{codes.KindIncident, day, 2},
		{codes.KindServiceRequest, day, 1},
		{codes.KindIncident, next, 1},
		{codes.KindIncident, day, 3},
		{codes.KindServiceRequest, day, 2},
		{codes.KindProblem, next, 1},
		{codes.KindIncident, nextYear, 1},
		{codes.KindChange, day, 1},
		{codes.KindIncident, next, 2},
		{codes.KindIncident, day, 4},
	}
	for i, c := range calls {
		got, err := nextSeq(context.Background(), s, c.kind, c.day)
		if err != nil {
			t.Fatalf("call %d: NextSeq(%s, %v): %v", i+1, c.kind, c.day, err)
		}
		if got != c.want {
			t.Errorf("call %d: NextSeq(%s, %v) = %d, want %d", i+1, c.kind, c.day, got, c.want)
		}
	}
}

func testNextSeqConcurrent(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	const workers, calls = 64, 50
	day := incident.DayOf(base)
	other := incident.DayOf(base.AddDate(0, 0, 1))
	got := make([][]int, workers)
	gotOther := make([][]int, workers)
	errs := make(chan error, 2*workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range calls {
				n, err := nextSeq(context.Background(), s, codes.KindIncident, day)
				if err != nil {
					errs <- err
					return
				}
				got[w] = append(got[w], n)
			}
		})
		// A few callers on another day at the same time, which must not
		// take numbers from the first.
		if w%8 == 0 {
			wg.Go(func() {
				for range calls {
					n, err := nextSeq(context.Background(), s, codes.KindIncident, other)
					if err != nil {
						errs <- err
						return
					}
					gotOther[w] = append(gotOther[w], n)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("NextSeq: %v", err)
	}
	check := func(name string, got [][]int, n int) {
		var all []int
		for _, g := range got {
			// Each caller sees its own numbers rise.
			if !slices.IsSorted(g) {
				t.Errorf("%s: one caller got %v, not rising", name, g)
			}
			all = append(all, g...)
		}
		slices.Sort(all)
		want := make([]int, n)
		for i := range want {
			want[i] = i + 1
		}
		if diff := cmp.Diff(want, all); diff != "" {
			t.Errorf("%s: the numbers given, sorted (-want 1..%d +got):\n%s", name, n, diff)
		}
	}
	check("one day", got, workers*calls)
	check("another day", gotOther, workers/8*calls)
}
