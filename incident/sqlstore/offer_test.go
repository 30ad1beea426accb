package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

// logReads is a Store that counts the reads of a whole log.
type logReads struct {
	*sqlstore.Store
	n *atomic.Int64
}

func (s logReads) Load(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	s.n.Add(1)
	return s.Store.Load(ctx, id)
}

func (s logReads) View(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	s.n.Add(1)
	return s.Store.View(ctx, id)
}

// downKB is a knowledge base that can be down, and keeps the keys of what
// it was offered.
type downKB struct {
	*incident.MemoryKnowledge
	down atomic.Bool
	mu   sync.Mutex
	keys []string
}

func (k *downKB) Submit(ctx context.Context, c incident.Contribution) (string, error) {
	k.mu.Lock()
	k.keys = append(k.keys, c.Key)
	k.mu.Unlock()
	if k.down.Load() {
		return "", errors.New("knowledge base down")
	}
	return k.MemoryKnowledge.Submit(ctx, c)
}

// TestOfferReadsNoLog: a resolution that offers its solution to the
// knowledge base, and the filing of an offer left pending, read the ticket's
// row and not its log, from a Desk that never saw the ticket: on a long
// history they cost what a comment costs. Both offer under the key of the
// resolution entry that made the offer pending.
func TestOfferReadsNoLog(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := d.new(t)
			clk := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			var reads atomic.Int64
			kb := &downKB{MemoryKnowledge: incident.NewMemoryKnowledge()}
			newDesk := func() *incident.Desk {
				t.Helper()
				dk, err := incident.NewDesk(incident.Config{
					Store: logReads{db.store(t), &reads}, Location: time.UTC, Knowledge: kb,
					Now: func() time.Time { clk = clk.Add(time.Second); return clk },
				})
				if err != nil {
					t.Fatal(err)
				}
				return dk
			}
			first := newDesk()
			act := incident.Action{Actor: "wang"}
			tk, err := first.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "mail slow", Priority: codes.P3, Category: "software"})
			if err != nil {
				t.Fatal(err)
			}
			id := tk.ID
			if _, err := first.Assign(ctx, id, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"}); err != nil {
				t.Fatal(err)
			}
			if _, err := first.Start(ctx, id, act); err != nil {
				t.Fatal(err)
			}
			for range 50 {
				if _, err := first.Comment(ctx, id, act, "still looking"); err != nil {
					t.Fatal(err)
				}
			}
			// The knowledge base is down: the resolution stands, the
			// offer stays pending.
			kb.down.Store(true)
			reads.Store(0)
			res, err := newDesk().Resolve(ctx, id, incident.Resolution{Action: act, Solution: "flushed the queue", Closure: codes.ClosureSuccess, ToKnowledge: true})
			if !errors.Is(err, incident.ErrKnowledge) || res == nil || res.KnowledgeOffer != incident.KnowledgePending {
				t.Fatalf("Resolve with the knowledge base down: %v, %+v", err, res)
			}
			if n := reads.Load(); n != 0 {
				t.Errorf("a fresh Desk's resolution with an offer read the log %d times; want none", n)
			}
			kb.down.Store(false)
			reads.Store(0)
			res, err = newDesk().OfferKnowledge(ctx, id, act)
			if err != nil || res.KnowledgeOffer != incident.KnowledgeOffered || res.KnowledgeRef == "" {
				t.Fatalf("OfferKnowledge: %v, %+v", err, res)
			}
			if n := reads.Load(); n != 0 {
				t.Errorf("a fresh Desk filing the pending offer read the log %d times; want none", n)
			}
			// Filed once: again, nothing is pending and nothing is filed.
			again, err := newDesk().OfferKnowledge(ctx, id, act)
			if err != nil || again.KnowledgeRef != res.KnowledgeRef {
				t.Errorf("OfferKnowledge again: %v, %+v", err, again)
			}
			_, log, err := db.store(t).Load(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			seq := 0
			for _, e := range log {
				for _, c := range e.Changes {
					if c.Field == incident.FieldKnowledgeOffer && c.Value == string(incident.KnowledgePending) {
						seq = e.Seq
					}
				}
			}
			want := fmt.Sprintf("%s/knowledge/%d", id, seq)
			if len(kb.keys) != 2 || kb.keys[0] != want || kb.keys[1] != want {
				t.Errorf("offered under %q; want %q twice (the failure, the retry)", kb.keys, want)
			}
		})
	}
}
