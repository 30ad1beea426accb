package memstore_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/incident/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) incident.Store { return memstore.New() })
}

func TestVersionSetOnCaller(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	tk, log := storetest.NewTicket(t, storetest.Spec{ID: id(t, 1), Created: day})
	tk.Version = 42
	if err := s.Create(ctx, tk, log); err != nil {
		t.Fatal(err)
	}
	if tk.Version != 1 {
		t.Errorf("after Create: t.Version = %d, want 1", tk.Version)
	}
	e := incident.Entry{Seq: 2, At: day, Type: incident.EntryComment, Text: "hi"}
	if err := s.Save(ctx, tk, []incident.Entry{e}, tk.Version); err != nil {
		t.Fatal(err)
	}
	if tk.Version != 2 {
		t.Errorf("after Save: t.Version = %d, want 2", tk.Version)
	}
	e.Seq = 3
	if err := s.Save(ctx, tk, []incident.Entry{e}, 1); !errors.Is(err, incident.ErrConflict) {
		t.Fatalf("stale Save: %v, want ErrConflict", err)
	}
	if tk.Version != 2 {
		t.Errorf("after a refused Save: t.Version = %d, want 2 (unchanged)", tk.Version)
	}
	other, otherLog := storetest.NewTicket(t, storetest.Spec{ID: id(t, 1), Created: day})
	other.Version = 42
	if err := s.Create(ctx, other, otherLog); !errors.Is(err, incident.ErrExists) {
		t.Fatalf("second Create: %v, want ErrExists", err)
	}
	if other.Version != 42 {
		t.Errorf("after a refused Create: t.Version = %d, want 42 (unchanged)", other.Version)
	}
}

// TestIndexesAgainstScan applies random creates and saves and, after each
// round, checks random filters against a plain scan of every ticket with
// Filter.Match: whatever index answers, the answer is the scan's.
func TestIndexesAgainstScan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, 8))
	s := memstore.New()
	model := map[codes.ID]*incident.Ticket{}
	logLen := map[codes.ID]int{}
	var all []codes.ID
	statuses := []codes.Status{codes.StatusRegistered, codes.StatusAssigned, codes.StatusInProgress, codes.StatusPending, codes.StatusResolved, codes.StatusClosed}
	keys := []string{"", "", "", "k1", "k2", "k3", "k4"}
	randDue := func() time.Time {
		if r.IntN(3) == 0 {
			return time.Time{}
		}
		return day.Add(time.Duration(r.IntN(200)) * time.Minute)
	}
	randClosed := func() time.Time {
		if r.IntN(2) == 0 {
			return time.Time{}
		}
		return day.Add(time.Hour)
	}
	randFilter := func() incident.Filter {
		var f incident.Filter
		if r.IntN(2) == 0 {
			f.DueBy = day.Add(time.Duration(r.IntN(220)-10) * time.Minute)
		}
		if r.IntN(3) == 0 {
			f.Statuses = []codes.Status{statuses[r.IntN(len(statuses))]}
			if r.IntN(2) == 0 {
				f.Statuses = append(f.Statuses, statuses[r.IntN(len(statuses))])
			}
		}
		if r.IntN(4) == 0 {
			f.NotStatuses = []codes.Status{codes.StatusClosed}
		}
		if r.IntN(3) == 0 {
			f.ExternalKey = keys[3+r.IntN(4)]
		}
		if r.IntN(3) == 0 && len(all) > 0 {
			f.After = all[r.IntN(len(all))]
		}
		if r.IntN(3) == 0 {
			f.Limit = 1 + r.IntN(20)
		}
		return f
	}
	for round := range 30 {
		for range 60 {
			if len(all) == 0 || r.IntN(3) == 0 {
				i := len(all) + 1
				tk, log := storetest.NewTicket(t, storetest.Spec{
					ID: id(t, i), Created: day, Status: statuses[r.IntN(len(statuses))],
					ExternalKey: keys[r.IntN(len(keys))], NextDue: randDue(), Closed: randClosed(),
				})
				if err := s.Create(ctx, tk, log); err != nil {
					if errors.Is(err, incident.ErrAlertOpen) && held(model, tk) {
						continue // refused as it should be
					}
					t.Fatal(err)
				}
				if held(model, tk) {
					t.Fatalf("Create of a second open ticket of alert %q: no error", tk.ExternalKey)
				}
				model[tk.ID], logLen[tk.ID] = tk.Clone(), len(log)
				all = append(all, tk.ID)
				continue
			}
			tk := model[all[r.IntN(len(all))]].Clone()
			switch r.IntN(4) {
			case 0:
				tk.NextDue = randDue()
			case 1:
				tk.Status = statuses[r.IntN(len(statuses))]
			case 2:
				tk.Closed = randClosed()
			default:
				tk.ExternalKey = keys[r.IntN(len(keys))]
			}
			e := incident.Entry{Seq: logLen[tk.ID] + 1, At: day, Type: incident.EntryUpdate}
			if err := s.Save(ctx, tk, []incident.Entry{e}, tk.Version); err != nil {
				if errors.Is(err, incident.ErrAlertOpen) && held(model, tk) {
					continue
				}
				t.Fatal(err)
			}
			if held(model, tk) {
				t.Fatalf("Save making a second open ticket of alert %q: no error", tk.ExternalKey)
			}
			model[tk.ID] = tk.Clone()
			logLen[tk.ID]++
		}
		for range 40 {
			f := randFilter()
			got, err := s.Find(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want := scan(model, f)
			if diff := cmp.Diff(idsOf(want), idsOf(got)); diff != "" {
				t.Fatalf("round %d: Find(%+v) (-scan +got):\n%s", round, f, diff)
			}
		}
	}
}

// held reports whether a ticket of model other than t is the open ticket
// of t's alert, when t is open.
func held(model map[codes.ID]*incident.Ticket, t *incident.Ticket) bool {
	if t.ExternalKey == "" || !t.Closed.IsZero() {
		return false
	}
	for _, o := range model {
		if o.ID != t.ID && o.Source == t.Source && o.ExternalKey == t.ExternalKey && o.Closed.IsZero() {
			return true
		}
	}
	return false
}

// scan is the obviously right Find: every ticket through Filter.Match,
// sorted by id text, cut at Limit.
func scan(model map[codes.ID]*incident.Ticket, f incident.Filter) []*incident.Ticket {
	var out []*incident.Ticket
	for _, tk := range model {
		if f.Match(tk) {
			out = append(out, tk)
		}
	}
	slices.SortFunc(out, func(a, b *incident.Ticket) int { return strings.Compare(a.ID.String(), b.ID.String()) })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

func idsOf(ts []*incident.Ticket) []string {
	out := []string{}
	for _, tk := range ts {
		out = append(out, tk.ID.String())
	}
	return out
}

// TestPagingLarge pages through 5,000 tickets by 97, alone and under a
// status few tickets have (which Find answers from the status index).
func TestPagingLarge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := memstore.New()
	const n = 5000
	pending := 0
	// Created in reverse id order, so the id order is Find's work.
	for i := n; i >= 1; i-- {
		st := codes.StatusInProgress
		if i%50 == 0 {
			st = codes.StatusPending
			pending++
		}
		tk := &incident.Ticket{ID: id(t, i), Status: st, Created: day}
		if err := s.Create(ctx, tk, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name   string
		filter incident.Filter
		want   int
	}{
		{"all", incident.Filter{}, n},
		{"pending", incident.Filter{Statuses: []codes.Status{codes.StatusPending}}, pending},
	} {
		f := c.filter
		f.Limit = 97
		var got []string
		for {
			page, err := s.Find(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, idsOf(page)...)
			if len(page) < f.Limit {
				break
			}
			f.After = page[len(page)-1].ID
		}
		if len(got) != c.want || !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Errorf("%s: %d ids (sorted %v), want %d distinct in order", c.name, len(got), slices.IsSorted(got), c.want)
		}
	}
}

var day = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// id returns incident seq of a day, the day moving on every 900,000.
func id(tb testing.TB, seq int) codes.ID {
	tb.Helper()
	id, err := codes.NewID(codes.KindIncident, day.AddDate(0, 0, (seq-1)/900000), 1+(seq-1)%900000)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestCreateZeroID(t *testing.T) {
	s := memstore.New()
	tk, log := storetest.NewTicket(t, storetest.Spec{ID: id(t, 1), Created: day})
	tk.ID = codes.ID{}
	if err := s.Create(context.Background(), tk, log); err == nil {
		t.Fatal("Create of a ticket with the zero id: no error")
	}
	if got, _ := s.Find(context.Background(), incident.Filter{}); len(got) != 0 {
		t.Errorf("Find after a refused Create: %d tickets", len(got))
	}
}
