package kpi

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteText writes the report as a table for people: a line naming the
// period, then one row per set of tickets (all of them first, then each
// breakdown's), in aligned columns. Counts come with their share as a
// percentage to one decimal; times in units such as "3h25m", rounded to the
// minute from an hour up and to the second below; "-" marks no data.
func (r *Report) WriteText(w io.Writer) error {
	const layout = "2006-01-02 15:04 MST"
	lines := []textLine{{label: "All tickets", cells: textCells(&r.Total)}}
	for _, b := range r.Breakdowns {
		lines = append(lines, textLine{label: "By " + string(b.By)})
		for i := range b.Rows {
			k := cmp.Or(b.Rows[i].Key, "(none)")
			lines = append(lines, textLine{label: "  " + k, cells: textCells(&b.Rows[i])})
		}
	}

	// A cell is made of parts (a count, a percentage), each right-aligned
	// to the widest part in its place in the column, so that counts and
	// percentages line up; the cell is then right-aligned under its head.
	labelW := 0
	partW := make([][]int, len(textHeads))
	for _, l := range lines {
		labelW = max(labelW, width(l.label))
		for c, parts := range l.cells {
			for p, s := range parts {
				if p == len(partW[c]) {
					partW[c] = append(partW[c], 0)
				}
				partW[c][p] = max(partW[c][p], width(s))
			}
		}
	}
	cellW := make([]int, len(textHeads))
	for c, h := range textHeads {
		w := len(partW[c]) - 1 // the spaces between parts
		for _, pw := range partW[c] {
			w += pw
		}
		cellW[c] = max(w, width(h))
	}

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Tickets registered from %s to %s; unresolved ones counted at %s.\n\n",
		r.From.Format(layout), r.To.Format(layout), r.At.Format(layout))
	var sb strings.Builder
	writeLine := func(label string, cell func(c int) string) {
		sb.Reset()
		sb.WriteString(label)
		if cell != nil {
			sb.WriteString(strings.Repeat(" ", labelW-width(label)))
			for c := range textHeads {
				sb.WriteString("  ")
				sb.WriteString(pad(cell(c), cellW[c]))
			}
		}
		bw.WriteString(strings.TrimRight(sb.String(), " "))
		bw.WriteByte('\n')
	}
	writeLine("", func(c int) string { return textHeads[c] })
	for _, l := range lines {
		if l.cells == nil {
			writeLine(l.label, nil)
			continue
		}
		writeLine(l.label, func(c int) string {
			ps := make([]string, len(l.cells[c]))
			for p, s := range l.cells[c] {
				ps[p] = pad(s, partW[c][p])
			}
			return strings.Join(ps, " ")
		})
	}
	return bw.Flush()
}

// String returns the report as WriteText writes it.
func (r *Report) String() string {
	var sb strings.Builder
	r.WriteText(&sb) // a strings.Builder does not fail
	return sb.String()
}

// textLine is a line of the text table: a row's label and cells, or, with
// no cells, a breakdown's title.
type textLine struct {
	label string
	cells [][]string // per column, the parts of the cell
}

var textHeads = []string{
	"tickets", "dup", "closed", "successful", "overdue", "overdue unresolved", "major", "first time",
	"problem raised", "desk resolved", "response", "resolution", "third party", "satisfaction",
	"responded on time", "resolved in time", "escalated", "escalated to tiers", "management", "on site in time", "dispatch", "knowledge used",
}

// textCells returns the cells of a row in the order of textHeads.
func textCells(r *Row) [][]string {
	one := func(s string) []string { return []string{s} }
	share := func(s Share) []string { return []string{strconv.Itoa(s.Count), percent(s)} }
	return [][]string{
		one(strconv.Itoa(r.Tickets)),
		one(strconv.Itoa(r.Duplicates)),
		share(r.Closed),
		share(r.Successful),
		share(r.Overdue),
		one(strconv.Itoa(r.OverdueUnresolved)),
		share(r.Major),
		share(r.FirstTime),
		share(r.ProblemRaised),
		{fmt.Sprintf("%d/%d", r.ServiceDesk.Count, r.ServiceDesk.Of), percent(r.ServiceDesk)},
		one(human(r.Response)),
		one(human(r.Resolution)),
		one(human(r.ThirdParty)),
		one(satisfaction(r.Satisfaction)),
		share(r.RespondedOnTime),
		share(r.ResolvedInTime),
		share(r.Escalated),
		one(fmt.Sprintf("%d/%d/%d", r.EscalatedL1, r.EscalatedL2, r.EscalatedL3)),
		share(r.Management),
		{fmt.Sprintf("%d/%d", r.OnSiteInTime.Count, r.OnSiteInTime.Of), percent(r.OnSiteInTime)},
		one(human(r.Dispatch)),
		share(r.KnowledgeUsed),
	}
}

func pad(s string, w int) string {
	if n := width(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

func percent(s Share) string {
	r, ok := s.Rate()
	if !ok {
		return "-"
	}
	return strconv.FormatFloat(100*r, 'f', 1, 64) + "%"
}

func satisfaction(s Score) string {
	if s.Count == 0 {
		return "-"
	}
	return strconv.FormatFloat(s.Mean, 'f', 2, 64)
}

// human formats the mean of a for people: "3h25m", "1d2h", "40s"; rounded
// to the minute from an hour up, else to the second; "-" for no data.
func human(a Average) string {
	if a.Count == 0 {
		return "-"
	}
	d := a.Mean
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	if d >= time.Hour {
		d = d.Round(time.Minute)
	} else {
		d = d.Round(time.Second)
	}
	if d == 0 {
		return "0s"
	}
	var sb strings.Builder
	sb.WriteString(sign)
	for _, u := range [...]struct {
		d    time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.d; n > 0 {
			sb.WriteString(strconv.FormatInt(int64(n), 10))
			sb.WriteString(u.name)
			d -= n * u.d
		}
	}
	return sb.String()
}

// width is the number of terminal columns s takes: two for each East Asian
// wide or full-width character (Chinese names and categories), one for any
// other.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

// wide reports whether r is East Asian wide or full-width (Unicode
// East_Asian_Width W or F), by the blocks that hold such characters.
func wide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115f, // Hangul Jamo initials
		r >= 0x2e80 && r <= 0x303e, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33ff, // kana, CJK compatibility
		r >= 0x3400 && r <= 0x4dbf, // CJK extension A
		r >= 0x4e00 && r <= 0x9fff, // CJK unified ideographs
		r >= 0xa000 && r <= 0xa4cf, // Yi
		r >= 0xac00 && r <= 0xd7a3, // Hangul syllables
		r >= 0xf900 && r <= 0xfaff, // CJK compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f, // CJK compatibility forms
		r >= 0xff00 && r <= 0xff60, // full-width forms
		r >= 0xffe0 && r <= 0xffe6,
		r >= 0x1f300 && r <= 0x1f64f, // pictographs, emoticons
		r >= 0x20000 && r <= 0x3fffd: // CJK extensions B onwards
		return true
	}
	return false
}
