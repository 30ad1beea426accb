package kpi_test

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/kpi"
)

// columns counts terminal columns the way a terminal shows Chinese: two for
// a Han character or full-width punctuation, one for anything else.
func columns(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.Is(unicode.Han, r) || (r >= 0xff00 && r <= 0xff60) {
			n++
		}
	}
	return n
}

// TestTextAlignsChinese: rows keyed by Chinese names line up with rows keyed
// by Latin ones, column for column.
func TestTextAlignsChinese(t *testing.T) {
	t.Parallel()
	from := time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC)
	var rs []kpi.Record
	for i, who := range []string{"王伟", "li", "欧阳（外包）", "zhang.san"} {
		rs = append(rs, kpi.Record{Ticket: &incident.Ticket{
			Assignee: who, Priority: codes.P3, Status: codes.StatusAssigned,
			Created: from.Add(time.Duration(i) * time.Hour),
		}})
	}
	rep, err := kpi.Of(rs, kpi.Options{From: from, To: from.AddDate(0, 0, 1), GroupBy: []kpi.Dimension{kpi.ByAssignee}})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := rep.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	// Every row ends at the same column, and its ticket count ("1") sits
	// at the same column as the total's count ("4") does.
	var ends, counts []int
	for line := range strings.Lines(sb.String()) {
		line = strings.TrimSuffix(line, "\n")
		if !strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "All tickets") {
			continue
		}
		i := strings.IndexAny(line, "0123456789")
		if i < 0 {
			continue // "By assignee"
		}
		ends = append(ends, columns(line))
		counts = append(counts, columns(line[:i]))
	}
	if len(ends) != 5 {
		t.Fatalf("found %d rows, want 5:\n%s", len(ends), sb.String())
	}
	for i := range ends {
		if ends[i] != ends[0] || counts[i] != counts[0] {
			t.Errorf("row %d ends at column %d (count at %d), the total at %d (%d):\n%s", i, ends[i], counts[i], ends[0], counts[0], sb.String())
		}
	}
}
