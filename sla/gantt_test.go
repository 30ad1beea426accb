package sla_test

import (
	"testing"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/internal/golden"
	"github.com/itsmkit/itsm/sla"
)

func TestGanttGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		policy     *sla.Policy
		h          sla.History
		now        string
	}{
		{"golden week", "gantt_goldenweek.mmd", registrationPolicy(t), goldenWeek(), "2026-10-09 12:00"},
		{"breached across lunch", "gantt_breach.mmd", seedPolicy(t), sla.History{
			prio("2026-03-09 10:50", codes.P1), in("2026-03-09 10:50", codes.StatusAssigned),
			in("2026-03-09 11:00", codes.StatusInProgress), in("2026-03-09 11:20", codes.StatusPending),
			in("2026-03-09 11:30", codes.StatusInProgress),
		}, "2026-03-09 14:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := sla.Explain(tt.policy, tt.h, bj(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, tt.file, x.Gantt("IM260309000001 "+tt.name))
		})
	}
}
