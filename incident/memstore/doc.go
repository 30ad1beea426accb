// Package memstore is the in-memory incident.Store: the embedded default,
// for programs that keep their tickets in one process, and for tests.
//
// A Store copies tickets and entries on the way in and on the way out, so a
// caller never shares memory with it. It is safe for concurrent use. It
// keeps indexes beside the tickets, so that the questions asked most
// often cost little however many tickets it holds:
//
//   - the tickets in id order, for paging with Filter.After and Limit;
//   - the tickets by NextDue, for Filter.DueBy: when nothing is due, the
//     escalation engine's tick costs the same for a million tickets as for
//     ten;
//   - the tickets by ExternalKey and by status, for monitoring dedupe and
//     status queries, and the open ticket of each alert, which keeps it
//     the only one.
//
// Nothing is persisted: the tickets go when the process does.
//
// A Write holds the store's write lock while its function runs, and applies
// what the function did when it returns nil: a ticket and the number of its
// id, or a rejected ticket and its successor, land together or not at all.
//
//	s := memstore.New()
//	err := s.Write(ctx, func(tx incident.Tx) error {
//		seq, err := tx.NextSeq(codes.KindIncident, incident.DayOf(now))
//		if err != nil {
//			return err
//		}
//		id, _ := codes.NewID(codes.KindIncident, now, seq)
//		t, _ := incident.Replay(id, log)
//		return tx.Create(t, log) // a refused create gives the number back
//	})
//	due, _ := s.Find(ctx, incident.Filter{DueBy: now})
package memstore
