package codes_test

import (
	"sync"
	"testing"

	"github.com/itsmkit/itsm/codes"
)

// TestConcurrentUse reads one set of tables from many goroutines while each
// goroutine scribbles over the slices it gets back. Run with -race: a
// table that shared its storage would be reported, and the checks below
// would see the scribbles.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	own, err := codes.NewTables(codes.Config{Statuses: codes.ExtendedStatuses().Entries()})
	if err != nil {
		t.Fatal(err)
	}
	const goroutines = 16
	var wg sync.WaitGroup
	for g := range goroutines {
		tables := codes.DefaultTables()
		if g%2 == 1 {
			tables = own
		}
		wg.Go(func() {
			failed := false
			fail := func(msg string) {
				t.Error(msg)
				failed = true
			}
			for i := 0; i < 50 && !failed; i++ {
				statuses := tables.Statuses().Entries()
				statuses[0].Name.EN = "scribbled"
				tables.Statuses().Codes()[0] = "scribbled"
				if e, err := tables.Statuses().Lookup(codes.StatusRegistered); err != nil || e.Name.EN != "Registered" {
					fail("statuses changed under a reader")
				}

				spec := tables.Matrix().Spec()
				spec.Priorities[codes.UrgencyCritical][codes.ImpactHigh] = codes.P5
				tables.Matrix().Impacts()[0].Code = "scribbled"
				if p, err := tables.Matrix().Priority(codes.ImpactHigh, codes.UrgencyCritical); err != nil || p != codes.P1 {
					fail("matrix changed under a reader")
				}

				nodes := tables.Categories().Nodes()
				nodes[0].Children[0].Code = "scribbled"
				tables.Categories().Entries()[0].Code = "scribbled"
				if _, err := tables.Categories().LookupPath("软件类", "系统软件类", "操作系统"); err != nil {
					fail("categories changed under a reader")
				}

				groups := tables.Systems().Groups()
				groups[0].Systems[0].Code = "scribbled"
				if !tables.Systems().Has("trading") {
					fail("systems changed under a reader")
				}

				cfg := tables.Config()
				cfg.ClosureCodes[0].Outcome = "scribbled"
				if e, _ := tables.ClosureCodes().Lookup(codes.ClosureServiceDesk); e.Outcome != codes.OutcomeResolved {
					fail("closure codes changed under a reader")
				}
				tables.Priorities().Entries()[0].Name.ZH = "scribbled"
				if e, _ := tables.Priorities().Lookup(codes.P1); e.Name.ZH != "特大事件" {
					fail("priorities changed under a reader")
				}
				tables.Satisfaction().Entries()[0].Score = -1
				if e, _ := tables.Satisfaction().Lookup(codes.SatisfactionVeryGood); e.Score != 3 {
					fail("satisfaction changed under a reader")
				}
			}
		})
	}
	wg.Wait()
}

// TestConcurrentLoad builds tables in parallel from one document.
func TestConcurrentLoad(t *testing.T) {
	t.Parallel()
	doc := []byte("statuses:\n- {code: open, name: {zh: 开, en: Open}}\n")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			tables, err := codes.LoadTables(doc)
			if err != nil {
				t.Error(err)
				return
			}
			if !tables.Statuses().Has("open") || tables.Statuses().Has(codes.StatusClosed) {
				t.Error("loaded statuses are wrong")
			}
		})
	}
	wg.Wait()
}
