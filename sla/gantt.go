package sla

import (
	"strings"
	"time"
)

// ganttTime is the dateFormat the charts declare, with its Go layout.
const (
	ganttDateFormat = "YYYY-MM-DD HH:mm:ss"
	ganttLayout     = "2006-01-02 15:04:05"
)

// Gantt renders the explanation as a Mermaid Gantt chart, one section per
// target: counted spans (done), pauses (active), holidays, the last stage
// reached and the next one, the deadline and the breach (crit). Times are
// shown on the wall clock of the calendar the instants are in; the title
// says which zone. Plain outside-hours gaps are left empty.
//
// Paste the result in a ```mermaid block to see it in a README or an issue.
func (x *Explanation) Gantt(title string) string {
	var b strings.Builder
	b.WriteString("gantt\n")
	zone := ""
	if len(x.Spans) > 0 && len(x.Spans[0]) > 0 {
		zone = x.Spans[0][0].From.Location().String()
	} else if len(x.Targets) > 0 && !x.Targets[0].Started.IsZero() {
		zone = x.Targets[0].Started.Location().String()
	}
	if zone != "" {
		title = strings.TrimSpace(title + " (" + zone + ")")
	}
	if title != "" {
		b.WriteString("    title " + ganttName(title) + "\n")
	}
	b.WriteString("    dateFormat " + ganttDateFormat + "\n")
	b.WriteString("    axisFormat %m-%d %H:%M\n")
	for i, s := range x.Targets {
		b.WriteString("    section " + ganttName(s.Target) + "\n")
		loc := time.UTC
		if !s.Started.IsZero() {
			loc = s.Started.Location()
		}
		task := func(name, tags string, from, to time.Time) {
			b.WriteString("    " + ganttName(name) + " :")
			if tags != "" {
				b.WriteString(tags + ", ")
			}
			b.WriteString(from.In(loc).Format(ganttLayout) + ", " + to.In(loc).Format(ganttLayout) + "\n")
		}
		milestone := func(name, tags string, at time.Time) {
			if at.IsZero() {
				return
			}
			b.WriteString("    " + ganttName(name) + " :milestone, " + tags)
			if tags != "" {
				b.WriteString(", ")
			}
			b.WriteString(at.In(loc).Format(ganttLayout) + ", 0m\n")
		}
		if i < len(x.Spans) {
			for _, sp := range x.Spans[i] {
				switch sp.Why {
				case Counted:
					task("counted", "done", sp.From, sp.To)
				case PausedSpan:
					task("paused "+sp.Detail, "active", sp.From, sp.To)
				case Holiday:
					task(sp.Detail, "", sp.From, sp.To)
				case StoppedSpan, ResetSpan:
					task(string(sp.Why), "", sp.From, sp.To)
				}
			}
		}
		if s.Stage != "" {
			milestone(s.Stage, "", s.StageAt)
		}
		if s.NextStage != "" {
			milestone("next "+s.NextStage, "", s.NextStageAt)
		}
		if s.Breached.IsZero() {
			milestone("deadline", "", s.Deadline)
		} else {
			milestone("breached", "crit", s.Breached)
		}
	}
	return b.String()
}

// ganttName makes text safe as a Mermaid task or section name.
func ganttName(s string) string {
	return strings.NewReplacer(":", " ", ";", " ", "#", " ", "\n", " ").Replace(s)
}
