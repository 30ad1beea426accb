package sla

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"time"
)

// The picture's geometry, in user units of its viewBox.
const (
	svgWidth = 800.0
	svgPlotX = 120.0 // where the time axis starts; lane names sit left of it
	svgPlotW = 660.0 // the time axis's width
	svgTop   = 40.0  // top of the first lane, below the title and the now label
	svgLaneH = 30.0
	svgBarY  = 6.0 // the bars' offset in their lane
	svgBarH  = 18.0
	// svgMinW is the narrowest span drawn alone: a run of narrower spans is
	// drawn as one merged rect, which bounds the rects of a lane whatever
	// the length of the history.
	svgMinW = 1.5
)

// svgStyle is how a kind of span is drawn: its class token, fill and the
// part of the bar it covers.
type svgStyle struct {
	class, fill, stroke string
	y, h                float64 // offset in the bar and height
}

var svgStyles = map[Why]svgStyle{
	Counted:      {class: "counted", fill: "#4caf50", h: svgBarH},
	PausedSpan:   {class: "paused", fill: "#f0ad4e", h: svgBarH},
	Holiday:      {class: "holiday", fill: "#c5b3e6", h: svgBarH},
	OutsideHours: {class: "outside", fill: "#e0e0e0", y: svgBarH/2 - 2, h: 4},
	StoppedSpan:  {class: "stopped", fill: "#bdbdbd", y: 3, h: svgBarH - 6},
	ResetSpan:    {class: "not-started", fill: "#ffffff", stroke: "#9e9e9e", y: 3, h: svgBarH - 6},
}

var svgOther = svgStyle{class: "other", fill: "#eeeeee", h: svgBarH}

// The colours of the markers.
const (
	svgDeadlineColor = "#333333"
	svgBreachColor   = "#d32f2f"
	svgNowColor      = "#1976d2"
	svgStageColor    = "#ff9800"
	svgMergedCounted = "#a5d6a7"
	svgMergedOther   = "#e0e0e0"
)

// SVG renders the explanation as a self-contained SVG image, to put inline
// in an HTML page or an e-mail: one lane per target, in the order of
// Result.Targets, on a time axis from the first span to the latest of now,
// the deadlines and the next stages. Ticks and tooltips show the wall clock
// of the zone the instants are in, which the title names (as Gantt's
// does); instants with no location show as UTC. The image has no script,
// no external reference and no style sheet: its colours are presentation
// attributes, which a page's CSS may override through these hooks:
//
//	svg.sla-timeline                     the root; with class "empty" and a sentence when there is no target
//	g.lane[data-target][data-state]      one lane: the target's name, its State ("breached")
//	text.name                            the target's name, left of its lane
//	rect.span.counted                    working time counted
//	rect.span.paused[data-detail]        the clock paused; data-detail says why ("pending", "tier=l3")
//	rect.span.holiday[data-detail]       a declared day off; data-detail names it
//	rect.span.outside                    outside working hours (lunch, nights): a thin band
//	rect.span.stopped                    the clock stopped, before a reopen
//	rect.span.not-started                the clock reset and not started again
//	rect.span.merged[data-spans]         several short spans drawn as one (below)
//	rect.span.other                      a span of a Why this version does not know
//	line.deadline[data-at]               the deadline; also "projected" while the clock is paused
//	rect.breach[data-from][data-to]      a breached clock, from the breach to its stop or now
//	polygon.stage.reached[data-stage]    the last stage reached, at data-at
//	polygon.stage.next[data-stage]       the next stage if the clock keeps running, at data-at
//	line.now[data-at]                    now, across every lane
//	line.tick[data-at]                   a tick of the time axis
//	g.legend > g.key[data-key]           the key of each kind drawn
//
// Every span rect has data-from and data-to (RFC 3339) and a <title>
// child, the browser's tooltip, such as "counted 03-09 09:00–12:00 (3h)";
// markers have a <title> too. Text from users' data (the title, target
// names, holiday names, pause reasons) is escaped. Spans of zero length are
// left out. A run of consecutive spans each narrower than 1.5 units of
// the 660-unit axis is drawn as one rect.span.merged whose tooltip sums the
// time of each kind, so a lane of Explain's spans has fewer than 900 span
// rects however long the history (a year of office hours takes about 150).
// The output depends only on x and title.
func (x *Explanation) SVG(title string) string {
	var w svgWriter
	if x == nil || len(x.Targets) == 0 {
		w.empty(title)
		return w.String()
	}
	loc := x.svgLocation()
	if zone := loc.String(); zone != "" {
		title = strings.TrimSpace(title + " (" + zone + ")")
	}
	from, to := x.svgRange()
	ax := svgAxis{from: from, to: to}
	ticks := svgTicks(from, to, loc)
	yAxis := svgTop + float64(len(x.Targets))*svgLaneH
	var keys svgKeys

	// Lanes first, into their own buffer, so that the legend knows what
	// they drew.
	var lanes svgWriter
	for i, s := range x.Targets {
		var spans []Span
		if i < len(x.Spans) {
			spans = x.Spans[i]
		}
		lanes.lane(svgTop+float64(i)*svgLaneH, s, spans, ax, loc, x.Now, &keys)
	}
	nowX := 0.0
	if !x.Now.IsZero() {
		nowX = ax.x(x.Now)
		keys.add("now")
	}
	legend, legendH := keys.layout(yAxis + 40)
	height := yAxis + 40 + legendH

	w.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="sla-timeline"`)
	w.num("width", svgWidth)
	w.num("height", height)
	w.attr("viewBox", "0 0 "+svgNum(svgWidth)+" "+svgNum(height))
	w.attr("font-family", "sans-serif")
	w.attr("font-size", "11")
	w.attr("role", "img")
	w.attr("aria-label", title)
	w.WriteString(">\n")
	w.element("title", title)
	w.WriteString("\n")
	w.WriteString(`<rect x="0" y="0"`)
	w.num("width", svgWidth)
	w.num("height", height)
	w.WriteString(` fill="#ffffff"/>` + "\n")
	w.WriteString(`<text class="title" x="8" y="20" font-size="14" font-weight="bold" fill="#212121">`)
	w.text(title)
	w.WriteString("</text>\n")

	// The axis: grid lines behind the lanes, labels below them.
	w.WriteString(`<g class="axis">` + "\n")
	w.WriteString("<line")
	w.num("x1", svgPlotX)
	w.num("y1", yAxis)
	w.num("x2", svgPlotX+svgPlotW)
	w.num("y2", yAxis)
	w.WriteString(` stroke="#9e9e9e" stroke-width="1"/>` + "\n")
	last := ""
	for _, t := range ticks.at {
		tx := ax.x(t)
		w.WriteString(`<line class="tick"`)
		w.attr("data-at", t.In(loc).Format(time.RFC3339))
		w.num("x1", tx)
		w.num("y1", svgTop)
		w.num("x2", tx)
		w.num("y2", yAxis+4)
		w.WriteString(` stroke="#e8e8e8" stroke-width="1"/>` + "\n")
		w.label(tx, yAxis+14, "middle", "#616161", t.In(loc).Format(ticks.layout))
		if ticks.above != "" {
			if d := t.In(loc).Format(ticks.above); d != last {
				w.label(tx, yAxis+26, "middle", "#616161", d)
				last = d
			}
		}
	}
	w.WriteString("</g>\n")
	w.WriteString(lanes.String())

	if !x.Now.IsZero() {
		w.WriteString(`<line class="now"`)
		w.attr("data-at", x.Now.In(loc).Format(time.RFC3339))
		w.num("x1", nowX)
		w.num("y1", svgTop-6)
		w.num("x2", nowX)
		w.num("y2", yAxis)
		w.WriteString(` stroke="` + svgNowColor + `" stroke-width="1.5">`)
		w.element("title", "now "+svgWhen(x.Now, loc))
		w.WriteString("</line>\n")
		w.label(nowX, svgTop-9, "middle", svgNowColor, "now")
	}
	w.WriteString(legend)
	w.WriteString("</svg>\n")
	return w.String()
}

// svgLocation is the zone the picture shows: that of the first span, as in
// Gantt, else of the first start, else of now.
func (x *Explanation) svgLocation() *time.Location {
	for _, spans := range x.Spans {
		if len(spans) > 0 {
			return spans[0].From.Location()
		}
	}
	for _, s := range x.Targets {
		if !s.Started.IsZero() {
			return s.Started.Location()
		}
	}
	return x.Now.Location()
}

// svgRange is the time axis: from the earliest instant shown to the
// latest, with a margin of 2% each side.
func (x *Explanation) svgRange() (from, to time.Time) {
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if from.IsZero() || t.Before(from) {
			from = t
		}
		if to.IsZero() || t.After(to) {
			to = t
		}
	}
	for _, spans := range x.Spans {
		for _, sp := range spans {
			if sp.From.Before(sp.To) {
				see(sp.From)
				see(sp.To)
			}
		}
	}
	see(x.Now)
	for _, s := range x.Targets {
		for _, t := range []time.Time{s.Started, s.Stopped, s.Deadline, s.Breached, s.StageAt, s.NextStageAt} {
			see(t)
		}
	}
	if !from.Before(to) {
		to = from.Add(time.Hour)
	}
	pad := max(to.Sub(from)/50, time.Minute)
	return from.Add(-pad), to.Add(pad)
}

// svgAxis maps instants to x.
type svgAxis struct{ from, to time.Time }

func (a svgAxis) x(t time.Time) float64 {
	// In seconds as floats: a Duration would saturate past 292 years.
	secs := func(t time.Time) float64 { return float64(t.Unix()) + float64(t.Nanosecond())/1e9 }
	f := (secs(t) - secs(a.from)) / (secs(a.to) - secs(a.from))
	return svgRound(svgPlotX + svgPlotW*min(max(f, 0), 1))
}

// lane draws one target's lane.
func (w *svgWriter) lane(top float64, s Status, spans []Span, ax svgAxis, loc *time.Location, now time.Time, keys *svgKeys) {
	w.WriteString(`<g class="lane"`)
	w.attr("data-target", s.Target)
	w.attr("data-state", s.State.String())
	w.WriteString(">\n")
	w.WriteString(`<text class="name"`)
	w.num("x", 8)
	w.num("y", top+svgBarY+svgBarH/2+4)
	w.WriteString(` font-size="12" fill="#212121">`)
	w.text(svgFit(s.Target, svgPlotX-14, 12))
	w.element("title", s.Target+": "+s.State.String())
	w.WriteString("</text>\n")
	barY := top + svgBarY

	// Spans, with runs of narrow ones merged.
	type drawn struct {
		sp     Span
		x0, x1 float64
	}
	var ds []drawn
	for _, sp := range spans {
		if sp.From.Before(sp.To) {
			ds = append(ds, drawn{sp, ax.x(sp.From), ax.x(sp.To)})
		}
	}
	narrow := func(d drawn) bool { return d.x1-d.x0 < svgMinW }
	for i := 0; i < len(ds); {
		j := i + 1
		if narrow(ds[i]) {
			for j < len(ds) && narrow(ds[j]) && ds[j].x0-ds[j-1].x1 < svgMinW {
				j++
			}
		}
		if j-i == 1 {
			w.span(ds[i].sp, ds[i].x0, ds[i].x1, barY, loc, keys)
		} else {
			run := make([]Span, 0, j-i)
			for _, d := range ds[i:j] {
				run = append(run, d.sp)
			}
			w.merged(run, ds[i].x0, ds[j-1].x1, barY, loc, keys)
		}
		i = j
	}
	if len(ds) == 0 && s.State == NotStarted {
		w.label(svgPlotX+4, barY+svgBarH/2+4, "start", "#9e9e9e", "not started")
	}

	// The breach: from the breach to the stop, or now.
	if !s.Breached.IsZero() {
		end := now
		if !s.Stopped.IsZero() {
			end = s.Stopped
		}
		bx0 := ax.x(s.Breached)
		bx1 := max(ax.x(end), bx0)
		if bx1-bx0 < svgMinW { // too short to see: show at least a sliver
			bx1 = min(bx0+svgMinW, svgPlotX+svgPlotW)
			bx0 = bx1 - svgMinW
		}
		w.WriteString(`<rect class="breach"`)
		w.attr("data-from", s.Breached.In(loc).Format(time.RFC3339))
		w.attr("data-to", svgLater(end, s.Breached).In(loc).Format(time.RFC3339))
		w.num("x", bx0)
		w.num("y", barY-2)
		w.num("width", bx1-bx0)
		w.num("height", svgBarH+4)
		w.WriteString(` fill="` + svgBreachColor + `" fill-opacity="0.3">`)
		tip := "breached " + svgWhen(s.Breached, loc)
		if s.Remaining < 0 {
			tip += ", " + svgDur(-s.Remaining) + " of working time overdue"
		}
		w.element("title", tip)
		w.WriteString("</rect>\n")
		keys.add("breach")
	}
	if !s.Deadline.IsZero() {
		dx := ax.x(s.Deadline)
		class, color, dash, tip := "deadline", svgDeadlineColor, "", "deadline "+svgWhen(s.Deadline, loc)
		switch {
		case !s.Breached.IsZero():
			color = svgBreachColor
			tip += ", breached"
		case s.State == Paused:
			class, dash = "deadline projected", "4 3"
			tip += " if the clock resumed now"
		}
		w.WriteString(`<line class="` + class + `"`)
		w.attr("data-at", s.Deadline.In(loc).Format(time.RFC3339))
		w.num("x1", dx)
		w.num("y1", top+2)
		w.num("x2", dx)
		w.num("y2", top+svgLaneH-2)
		w.WriteString(` stroke="` + color + `" stroke-width="2"`)
		if dash != "" {
			w.attr("stroke-dasharray", dash)
		}
		w.WriteString(">")
		w.element("title", tip)
		w.WriteString("</line>\n")
		keys.add("deadline")
	}
	if s.Stage != "" && !s.StageAt.IsZero() {
		w.stage("stage reached", s.Stage, s.StageAt, s.Stage+" "+svgWhen(s.StageAt, loc), ax.x(s.StageAt), barY, svgStageColor, loc)
		keys.add("stage-reached")
	}
	if s.NextStage != "" && !s.NextStageAt.IsZero() {
		w.stage("stage next", s.NextStage, s.NextStageAt, "next "+s.NextStage+" "+svgWhen(s.NextStageAt, loc)+" if the clock keeps running", ax.x(s.NextStageAt), barY, "#ffffff", loc)
		keys.add("stage-next")
	}
	w.WriteString("</g>\n")
}

// span draws one span as a rect, with its detail written inside when it
// fits.
func (w *svgWriter) span(sp Span, x0, x1, barY float64, loc *time.Location, keys *svgKeys) {
	st, ok := svgStyles[sp.Why]
	if !ok {
		st = svgOther
	}
	keys.add(st.class)
	w.WriteString(`<rect class="span ` + st.class + `"`)
	w.attr("data-from", sp.From.In(loc).Format(time.RFC3339))
	w.attr("data-to", sp.To.In(loc).Format(time.RFC3339))
	if sp.Detail != "" {
		w.attr("data-detail", sp.Detail)
	}
	w.num("x", x0)
	w.num("y", barY+st.y)
	w.num("width", x1-x0)
	w.num("height", st.h)
	w.attr("fill", st.fill)
	if st.stroke != "" {
		w.attr("stroke", st.stroke)
		w.attr("stroke-dasharray", "3 2")
	}
	w.WriteString(">")
	w.element("title", svgSpanTip(sp, loc))
	w.WriteString("</rect>\n")
	if (sp.Why == PausedSpan || sp.Why == Holiday) && sp.Detail != "" && svgTextWidth(sp.Detail, 10)+6 <= x1-x0 {
		w.WriteString(`<text class="label"`)
		w.num("x", x0+3)
		w.num("y", barY+svgBarH/2+3.5)
		w.WriteString(` font-size="10" fill="#212121" pointer-events="none">`)
		w.text(sp.Detail)
		w.WriteString("</text>\n")
	}
}

// merged draws a run of narrow spans as one rect whose tooltip sums each
// kind's time.
func (w *svgWriter) merged(run []Span, x0, x1, barY float64, loc *time.Location, keys *svgKeys) {
	keys.add("merged")
	first, last := run[0], run[len(run)-1]
	total := map[Why]time.Duration{}
	var order []Why
	for _, sp := range run {
		if _, ok := total[sp.Why]; !ok {
			order = append(order, sp.Why)
		}
		total[sp.Why] += sp.To.Sub(sp.From)
	}
	fill := svgMergedOther
	if _, ok := total[Counted]; ok {
		fill = svgMergedCounted
	}
	var tip strings.Builder
	tip.WriteString(strconv.Itoa(len(run)) + " spans " + svgFromTo(first.From, last.To, loc) + ":")
	for i, why := range order {
		if i > 0 {
			tip.WriteString(",")
		}
		tip.WriteString(" " + string(why) + " " + svgDur(total[why]))
	}
	w.WriteString(`<rect class="span merged"`)
	w.attr("data-from", first.From.In(loc).Format(time.RFC3339))
	w.attr("data-to", last.To.In(loc).Format(time.RFC3339))
	w.attr("data-spans", strconv.Itoa(len(run)))
	w.num("x", x0)
	w.num("y", barY)
	w.num("width", x1-x0)
	w.num("height", svgBarH)
	w.attr("fill", fill)
	w.WriteString(">")
	w.element("title", tip.String())
	w.WriteString("</rect>\n")
}

// stage draws a stage as a diamond on the top edge of the bar.
func (w *svgWriter) stage(class, name string, at time.Time, tip string, sx, barY float64, fill string, loc *time.Location) {
	w.WriteString(`<polygon class="` + class + `"`)
	w.attr("data-stage", name)
	w.attr("data-at", at.In(loc).Format(time.RFC3339))
	pts := []float64{sx, barY - 5, sx + 5, barY, sx, barY + 5, sx - 5, barY}
	var p strings.Builder
	for i := 0; i < len(pts); i += 2 {
		if i > 0 {
			p.WriteByte(' ')
		}
		p.WriteString(svgNum(pts[i]) + "," + svgNum(pts[i+1]))
	}
	w.attr("points", p.String())
	w.WriteString(` fill="` + fill + `" stroke="` + svgStageColor + `" stroke-width="1.5">`)
	w.element("title", tip)
	w.WriteString("</polygon>\n")
}

// empty writes the picture of an explanation with no target.
func (w *svgWriter) empty(title string) {
	msg := "nothing to show: no SLA target applies"
	if title != "" {
		msg = title + ": " + msg
	}
	w.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="sla-timeline empty" width="400" height="40" viewBox="0 0 400 40" font-family="sans-serif" font-size="12" role="img"`)
	w.attr("aria-label", msg)
	w.WriteString(">")
	w.element("title", msg)
	w.WriteString(`<text x="8" y="24" fill="#616161">`)
	w.text(msg)
	w.WriteString("</text></svg>\n")
}

// svgKeys records which kinds a picture drew, for its legend.
type svgKeys map[string]bool

func (k *svgKeys) add(key string) {
	if *k == nil {
		*k = svgKeys{}
	}
	(*k)[key] = true
}

// svgLegend lists the legend's entries in their order: the key, its text
// and how its swatch looks.
var svgLegend = []struct{ key, text, swatch string }{
	{"counted", "counted", `<rect x="0" y="-9" width="12" height="10" fill="#4caf50"/>`},
	{"paused", "paused", `<rect x="0" y="-9" width="12" height="10" fill="#f0ad4e"/>`},
	{"holiday", "holiday", `<rect x="0" y="-9" width="12" height="10" fill="#c5b3e6"/>`},
	{"outside", "outside working hours", `<rect x="0" y="-6" width="12" height="4" fill="#e0e0e0"/>`},
	{"stopped", "stopped", `<rect x="0" y="-8" width="12" height="8" fill="#bdbdbd"/>`},
	{"not-started", "not started", `<rect x="0" y="-8" width="12" height="8" fill="#ffffff" stroke="#9e9e9e" stroke-dasharray="3 2"/>`},
	{"other", "other", `<rect x="0" y="-9" width="12" height="10" fill="#eeeeee"/>`},
	{"merged", "several short spans", `<rect x="0" y="-9" width="12" height="10" fill="#a5d6a7"/>`},
	{"stage-reached", "stage reached", `<polygon points="6,-9 11,-4 6,1 1,-4" fill="#ff9800" stroke="#ff9800" stroke-width="1.5"/>`},
	{"stage-next", "next stage", `<polygon points="6,-9 11,-4 6,1 1,-4" fill="#ffffff" stroke="#ff9800" stroke-width="1.5"/>`},
	{"deadline", "deadline", `<line x1="6" y1="-10" x2="6" y2="2" stroke="#333333" stroke-width="2"/>`},
	{"breach", "breached", `<rect x="0" y="-9" width="12" height="10" fill="#d32f2f" fill-opacity="0.3"/>`},
	{"now", "now", `<line x1="6" y1="-10" x2="6" y2="2" stroke="#1976d2" stroke-width="1.5"/>`},
}

// layout writes the legend from y down, wrapping its entries, and returns
// it with the height it takes.
func (k svgKeys) layout(y float64) (string, float64) {
	var w svgWriter
	w.WriteString(`<g class="legend" font-size="10" fill="#424242">` + "\n")
	x, rows := 8.0, 1.0
	for _, e := range svgLegend {
		if !k[e.key] {
			continue
		}
		width := 16 + svgTextWidth(e.text, 10) + 14
		if x+width > svgWidth-8 && x > 8 {
			x, rows = 8, rows+1
		}
		w.WriteString(`<g class="key"`)
		w.attr("data-key", e.key)
		w.attr("transform", "translate("+svgNum(x)+","+svgNum(y+(rows-1)*16)+")")
		w.WriteString(">" + e.swatch)
		w.WriteString(`<text x="16" y="0">`)
		w.text(e.text)
		w.WriteString("</text></g>\n")
		x += width
	}
	w.WriteString("</g>\n")
	return w.String(), rows*16 - 4
}

// svgTickSet is the ticks of an axis with the layouts of their labels:
// above, when not empty, is a second line written when it changes (the
// date under the hours).
type svgTickSet struct {
	at            []time.Time
	layout, above string
}

// svgTicks picks about six to eight ticks on the wall clock of loc: every
// few minutes or hours from midnight, every few days (weeks from Monday),
// or every few months.
func svgTicks(from, to time.Time, loc *time.Location) svgTickSet {
	const most = 8
	span := to.Sub(from)
	from, to = from.In(loc), to.In(loc)
	for _, m := range []int{1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720} {
		if span/(time.Duration(m)*time.Minute) > most {
			continue
		}
		ts := svgTickSet{layout: "15:04", above: "01-02"}
		y, mo, d := from.Date()
		for day := 0; ; day++ {
			midnight := time.Date(y, mo, d+day, 0, 0, 0, 0, loc)
			if midnight.After(to) {
				return ts
			}
			for k := 0; k*m < 24*60; k++ {
				h, min := k*m/60, k*m%60
				t := time.Date(y, mo, d+day, h, min, 0, 0, loc)
				if t.Hour() != h || t.Minute() != min { // not on this day's clock (a DST gap)
					continue
				}
				if t.Before(from) || len(ts.at) > 0 && !t.After(ts.at[len(ts.at)-1]) {
					continue
				}
				if t.After(to) {
					return ts
				}
				ts.at = append(ts.at, t)
			}
		}
	}
	const day = 24 * time.Hour
	for _, n := range []int{1, 2, 7, 14} {
		if span/(time.Duration(n)*day) > most {
			continue
		}
		ts := svgTickSet{layout: "01-02", above: "2006"}
		y, mo, d := from.Date()
		// Align on days since Monday 1970-01-05, so weeks start on Mondays.
		civil := int(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix()/86400) - 4
		d += ((n - civil%n) % n)
		for t := time.Date(y, mo, d, 0, 0, 0, 0, loc); !t.After(to); t = time.Date(y, mo, d, 0, 0, 0, 0, loc) {
			if !t.Before(from) {
				ts.at = append(ts.at, t)
			}
			d += n
		}
		return ts
	}
	months := []int{1, 2, 3, 6, 12}
	for n := 24; n > 0 && n < 1<<30; n *= 10 {
		months = append(months, n, n*5/2, n*5)
	}
	for _, n := range months {
		if span/(time.Duration(n)*30*day) > most {
			continue
		}
		ts := svgTickSet{layout: "2006-01"}
		idx := from.Year()*12 + int(from.Month()) - 1
		idx += (n - idx%n) % n
		for ; ; idx += n {
			t := time.Date(idx/12, time.Month(idx%12+1), 1, 0, 0, 0, 0, loc)
			if t.After(to) {
				return ts
			}
			if !t.Before(from) {
				ts.at = append(ts.at, t)
			}
		}
	}
	return svgTickSet{layout: "2006"}
}

// svgSpanTip is a span's tooltip: "counted 03-09 09:00–12:00 (3h)".
func svgSpanTip(sp Span, loc *time.Location) string {
	what := string(sp.Why)
	if sp.Detail != "" {
		what += " " + sp.Detail
	}
	d := svgDur(sp.To.Sub(sp.From))
	if sp.Why == PausedSpan && sp.Working > 0 {
		d += ", " + svgDur(sp.Working) + " of working time not counted"
	}
	return what + " " + svgFromTo(sp.From, sp.To, loc) + " (" + d + ")"
}

// svgFromTo writes "03-09 09:00–12:00", with the second date only when it
// differs.
func svgFromTo(from, to time.Time, loc *time.Location) string {
	from, to = from.In(loc), to.In(loc)
	s := svgWhen(from, loc) + "–"
	if y, m, d := from.Date(); to.Year() != y || to.Month() != m || to.Day() != d {
		return s + svgWhen(to, loc)
	}
	return s + svgClock(to)
}

// svgWhen writes an instant as "03-09 14:50" on the wall clock of loc.
func svgWhen(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return t.Format("01-02 ") + svgClock(t)
}

func svgClock(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("15:04:05")
	}
	return t.Format("15:04")
}

// svgDur writes a duration briefly: "3h", "1h40m", "7d", "45s".
func svgDur(d time.Duration) string {
	if d < 0 {
		return "-" + svgDur(-d)
	}
	if d < time.Minute {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	var b strings.Builder
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if n := d / u.d; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			d -= n * u.d
		}
	}
	return b.String()
}

func svgLater(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// svgTextWidth estimates the width of s at a font size: wide (East Asian)
// characters take a full em, others about 0.6.
func svgTextWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x1100 {
			w += size
		} else {
			w += 0.6 * size
		}
	}
	return w
}

// svgFit shortens s with an ellipsis to about width at a font size.
func svgFit(s string, width, size float64) string {
	if svgTextWidth(s, size) <= width {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && svgTextWidth(string(rs), size)+size*0.6 > width {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

func svgRound(v float64) float64 { return math.Round(v*10) / 10 }

// svgNum writes a coordinate with at most one decimal.
func svgNum(v float64) string {
	v = svgRound(v)
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// svgWriter builds the text of the picture.
type svgWriter struct{ strings.Builder }

// text writes s escaped for XML text and attribute values; characters XML
// does not allow become U+FFFD.
func (w *svgWriter) text(s string) { _ = xml.EscapeText(w, []byte(s)) }

func (w *svgWriter) attr(name, value string) {
	w.WriteString(" " + name + `="`)
	w.text(value)
	w.WriteByte('"')
}

func (w *svgWriter) num(name string, v float64) { w.WriteString(" " + name + `="` + svgNum(v) + `"`) }

// element writes <name>text</name>.
func (w *svgWriter) element(name, text string) {
	w.WriteString("<" + name + ">")
	w.text(text)
	w.WriteString("</" + name + ">")
}

func (w *svgWriter) label(x, y float64, anchor, fill, text string) {
	w.WriteString(`<text class="label"`)
	w.num("x", x)
	w.num("y", y)
	w.attr("text-anchor", anchor)
	w.attr("fill", fill)
	w.WriteString(">")
	w.text(text)
	w.WriteString("</text>\n")
}
