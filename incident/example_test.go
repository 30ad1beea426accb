package incident_test

import (
	"context"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// Apply records what an integration computes from a ticket, its log and its
// SLA — here a chat bot that warns once when the response clock has used
// most of its goal. The entry is recorded under a key, so running the bot
// again records nothing twice.
func ExampleDesk_Apply() {
	ctx := context.Background()
	bj, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 11, 17, 9, 0, 0, 0, bj) // a Monday
	desk, err := incident.NewDesk(incident.Config{Store: memstore.New(), Location: bj, Now: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	act := incident.Action{Actor: "desk"}
	t, _ := desk.Register(ctx, incident.Registration{Action: act, Summary: "Office mail slow", Priority: codes.P3})
	t, _ = desk.Assign(ctx, t.ID, incident.Assignment{Action: act, Assignee: "wang"})

	bot := func(s *incident.Snapshot) ([]incident.Entry, error) {
		st, ok := s.SLA.Target(sla.Response)
		if !ok || st.State != sla.Running || st.Elapsed < st.Goal*3/4 {
			return nil, nil
		}
		return []incident.Entry{{Type: "chat", Key: "chat/response-warning/" + s.Ticket.ID.String(),
			Text: fmt.Sprintf("%s left to respond", st.Remaining)}}, nil
	}
	for _, m := range []int{10, 25, 28} {
		now = time.Date(2025, 11, 17, 9, m, 0, 0, bj)
		_, added, err := desk.Apply(ctx, t.ID, incident.Action{Actor: "chatbot"}, nil, bot)
		if err != nil {
			panic(err)
		}
		for _, e := range added {
			fmt.Println(now.Format("15:04"), e.Actor, e.Text)
		}
	}
	// Output:
	// 09:25 chatbot 5m0s left to respond
}
