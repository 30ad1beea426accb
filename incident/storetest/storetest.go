// Package storetest is the conformance suite of incident.Store: every Store
// runs it, and passes it before anything relies on it.
//
// A store's test runs the suite with a function that makes an empty store
// for each case:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) incident.Store {
//			return memstore.New()
//		})
//	}
//
// The cases run in parallel, each on a store of its own, so newStore must
// return a store that shares nothing with the others (for a database: a
// schema or a database of its own, dropped with t.Cleanup). The suite checks
// only what the Store interface promises: round trips that copy, versions
// and conflicts, log numbering, every Filter condition against an expected
// set worked out on its own, paging, sequence numbers under concurrency,
// many writers racing on one ticket, cancelled contexts, and what a Store
// keeps atomic: writes that land whole or not at all, daily numbers
// without gaps after refused writes, one open ticket per alert however
// many creates race, an alert storm through a Desk (one ticket, the
// repeats attached), every text a Desk accepts kept byte for byte, and a
// ticket's task records and own facts kept as Replay of its log gives them,
// and a ticket's Checkpoint kept byte for byte (and given back by Head, for a
// store that is an incident.HeadReader).
//
// The suite's instants are whole microseconds, the precision of a
// PostgreSQL timestamp: a store must keep times at least that finely, in
// any time zone (they are compared with time.Time.Equal). It does not look
// at what a store does to the caller's ticket: whether Create and Save set
// its Version is the store's to document.
package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Run runs the conformance suite against the stores newStore makes, each
// case a subtest of t. newStore is called once per case and must return an
// empty store that no other case uses; it may register cleanups on the t it
// is given.
func Run(t *testing.T, newStore func(t *testing.T) incident.Store) {
	t.Helper()
	suite := []struct {
		name string
		run  func(*testing.T, func(*testing.T) incident.Store)
	}{
		{"CreateLoad", testCreateLoad},
		{"CreateInvalidLog", testCreateInvalidLog},
		{"NotFound", testNotFound},
		{"NoAliasing", testNoAliasing},
		{"SaveVersions", testSaveVersions},
		{"SaveRefused", testSaveRefused},
		{"Find", testFind},
		{"FindBoundaries", testFindBoundaries},
		{"FindPaging", testFindPaging},
		{"FindQueue", testFindQueue},
		{"NextSeq", testNextSeq},
		{"NextSeqConcurrent", testNextSeqConcurrent},
		{"ConcurrentSaves", testConcurrentSaves},
		{"ConcurrentFind", testConcurrentFind},
		{"Canceled", testCanceled},
		{"View", testView},
		{"WriteAtomic", testWriteAtomic},
		{"SeqGapFree", testSeqGapFree},
		{"AlertOpen", testAlertOpen},
		{"AlertOpenConcurrent", testAlertOpenConcurrent},
		{"AlertStorm", testAlertStorm},
		{"DeskInput", testDeskInput},
		{"Records", testRecords},
		{"Checkpoint", testCheckpoint},
	}
	for _, c := range suite {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, newStore)
		})
	}
}

// cmpOpts compares tickets and entries: ids by ==, times with Equal, and a
// nil slice equal to an empty one (a database may give back either).
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b codes.ID) bool { return a == b }),
	cmpopts.EquateEmpty(),
}
