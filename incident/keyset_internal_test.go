package incident

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// A keySet made from another leaves it as it was, whatever sets are made
// from which, and holds exactly the keys added along its own line: checked
// against plain maps on random trees of additions.
func TestKeySetAgainstMaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type node struct {
		set  keySet
		want map[string]bool
	}
	nodes := []node{{want: map[string]bool{}}}
	for i := range 3000 {
		from := nodes[rng.IntN(len(nodes))]
		if rng.IntN(4) > 0 {
			from = nodes[len(nodes)-1] // mostly a line, as a ticket's log is
		}
		var keys []string
		for range rng.IntN(4) {
			keys = append(keys, fmt.Sprintf("k%d", rng.IntN(5000)))
		}
		want := map[string]bool{}
		for k := range from.want {
			want[k] = true
		}
		for _, k := range keys {
			want[k] = true
		}
		nodes = append(nodes, node{from.set.with(keys), want})
		if i%300 == 299 {
			for range 40 {
				j := rng.IntN(len(nodes))
				n := nodes[j]
				for k := range 5000 {
					key := fmt.Sprintf("k%d", k)
					if n.set.has(key) != n.want[key] {
						t.Fatalf("after %d additions, set %d: has(%s) = %v, want %v", i, j, key, n.set.has(key), n.want[key])
					}
				}
				var keys []string
				for k := range n.want {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				if got := n.set.sorted(); !slices.Equal(got, keys) {
					t.Fatalf("set %d: sorted() = %d keys, want %d", j, len(got), len(keys))
				}
			}
		}
	}
	last := nodes[len(nodes)-1].set
	if len(last.levels) > 16 {
		t.Errorf("%d maps after 3000 additions, want O(log n)", len(last.levels))
	}
}

// sorted returns the keys of s, sorted.
func (s keySet) sorted() []string {
	var out []string
	for _, m := range s.levels {
		for k := range m {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
