package storetest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/incident/storetest"
)

// A store's own test runs the whole suite: a function that makes an empty
// store for each case is all it takes (here the in-memory store).
func ExampleRun() {
	conformance := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) incident.Store { return memstore.New() })
	}
	// In a _test.go file: func TestConformance(t *testing.T) { conformance(t) }
	_ = conformance
}

// An alert storm on a store: 64 registrations of one monitoring alert at
// once open one ticket, and the others attach to it as repeats — what the
// suite checks of every store, and what a store's benchmark measures.
func ExampleRegisterStorm() {
	ctx := context.Background()
	s := memstore.New()
	desk, err := incident.NewDesk(incident.Config{Store: s})
	if err != nil {
		panic(err)
	}
	if err := storetest.RegisterStorm(ctx, desk, storetest.StormAlert(), 64); err != nil {
		panic(err)
	}
	all, _ := s.Find(ctx, incident.Filter{})
	fmt.Println(len(all), "ticket,", all[0].Alerts, "repeats attached")
	// Output:
	// 1 ticket, 63 repeats attached
}
