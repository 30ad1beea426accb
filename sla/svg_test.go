package sla_test

import (
	"encoding/xml"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/internal/golden"
	"github.com/itsmkit/itsm/sla"
)

// p3AcrossNight is a P3 registered on Monday 2026-03-09 at 17:00, taken up
// at 17:05, pending on Tuesday 09:30–11:00. Under the registration preset
// its resolution (3h) counts 17:00–18:00, 09:00–09:30, 11:00–12:00 and,
// after lunch, 13:30–13:45: at 13:45 it has 2h45m, passed its 80% stage
// (2h24m) at 11:54, and is due at 14:00.
func p3AcrossNight() sla.History {
	return sla.History{
		prio("2026-03-09 17:00", codes.P3), in("2026-03-09 17:00", codes.StatusRegistered),
		in("2026-03-09 17:05", codes.StatusInProgress),
		in("2026-03-10 09:30", codes.StatusPending), in("2026-03-10 11:00", codes.StatusInProgress),
	}
}

func TestSVGGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		policy     *sla.Policy
		h          sla.History
		now        string
	}{
		{"P3 across lunch and a night", "svg_p3.svg", registrationPolicy(t), p3AcrossNight(), "2026-03-10 13:45"},
		{"breached after a pause", "svg_breach.svg", pausedSeedPolicy(t), workedP3(), "2026-03-09 16:00"},
		// Before it is resolved: the next stage still to come.
		{"golden week", "svg_goldenweek.svg", registrationPolicy(t), goldenWeek()[:5], "2026-10-08 15:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			x, err := sla.Explain(tt.policy, tt.h, bj(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			got := x.SVG("IM260309000001 " + tt.name)
			checkSVG(t, x, parseSVG(t, got))
			golden.Check(t, tt.file, got)
		})
	}
}

// The worked examples draw what they should: the pause, lunch and the
// night, the stage reached and to come, the breach and now.
func TestSVGDraws(t *testing.T) {
	t.Parallel()
	count := func(t *testing.T, x *sla.Explanation, target string, want map[string]int) {
		t.Helper()
		root := parseSVG(t, x.SVG(""))
		lane := root.find(func(n *node) bool { return n.has("lane") && n.attr["data-target"] == target })
		if len(lane) != 1 {
			t.Fatalf("%d lanes for %s", len(lane), target)
		}
		for class, n := range want {
			got := len(lane[0].find(func(e *node) bool { return e.has(strings.Fields(class)...) }))
			if got != n {
				t.Errorf("%s: %d elements of class %q, want %d", target, got, class, n)
			}
		}
	}
	x, err := sla.Explain(registrationPolicy(t), p3AcrossNight(), bj("2026-03-10 13:45"))
	if err != nil {
		t.Fatal(err)
	}
	count(t, x, sla.Resolution, map[string]int{
		"span counted": 4, "span paused": 1, "span outside": 2, "span holiday": 0, "span merged": 0,
		"deadline": 1, "breach": 0, "stage reached": 1, "stage next": 0,
	})
	count(t, x, sla.Response, map[string]int{"span counted": 1, "deadline": 1, "breach": 0})

	x, err = sla.Explain(pausedSeedPolicy(t), workedP3(), bj("2026-03-09 16:00"))
	if err != nil {
		t.Fatal(err)
	}
	count(t, x, sla.Resolution, map[string]int{"span counted": 3, "span paused": 1, "span outside": 1, "deadline": 1, "breach": 1, "stage reached": 1})

	x, err = sla.Explain(registrationPolicy(t), goldenWeek()[:5], bj("2026-10-08 15:30"))
	if err != nil {
		t.Fatal(err)
	}
	count(t, x, sla.Resolution, map[string]int{"span holiday": 1, "span paused": 1, "stage reached": 0, "stage next": 1, "deadline": 1})
	root := parseSVG(t, x.SVG(""))
	if n := len(root.find(func(n *node) bool { return n.has("now") })); n != 1 {
		t.Errorf("%d now markers", n)
	}
	hol := root.find(func(n *node) bool { return n.has("span", "holiday") })
	if len(hol) != 1 || hol[0].title() != "holiday 国庆节 National Day 10-01 00:00–10-08 00:00 (7d)" {
		t.Errorf("holiday rects %v", hol)
	}
}

// Users' text is escaped and reads back as it was written.
func TestSVGEscapes(t *testing.T) {
	t.Parallel()
	const evil = `<script>&"'`
	utc := func(h, m int) time.Time { return time.Date(2026, 3, 9, h, m, 0, 0, time.UTC) }
	x := &sla.Explanation{
		Result: sla.Result{Now: utc(16, 0), Targets: []sla.Status{{
			Target: evil, State: sla.Paused, Started: utc(9, 0), Deadline: utc(17, 0), PausedBy: evil,
			Stage: evil, StageAt: utc(12, 0),
		}}},
		Spans: [][]sla.Span{{
			{From: utc(9, 0), To: utc(12, 0), Why: sla.Counted, Working: 3 * time.Hour},
			{From: utc(12, 0), To: utc(14, 0), Why: sla.Holiday, Detail: evil},
			{From: utc(14, 0), To: utc(16, 0), Why: sla.PausedSpan, Detail: evil + "\x00\n", Working: 2 * time.Hour},
		}},
	}
	out := x.SVG(evil)
	if strings.Contains(out, "<script") {
		t.Fatalf("unescaped markup in\n%s", out)
	}
	root := parseSVG(t, out)
	checkSVG(t, x, root)
	if got := root.children[0].text; got != evil+" (UTC)" {
		t.Errorf("title reads %q", got)
	}
	lane := root.find(func(n *node) bool { return n.has("lane") })
	if len(lane) != 1 || lane[0].attr["data-target"] != evil {
		t.Fatalf("lanes %v", lane)
	}
	hol := root.find(func(n *node) bool { return n.has("holiday") })
	if len(hol) != 1 || hol[0].attr["data-detail"] != evil || !strings.HasPrefix(hol[0].title(), "holiday "+evil+" ") {
		t.Errorf("holiday %v", hol)
	}
	paused := root.find(func(n *node) bool { return n.has("paused") })
	if len(paused) != 1 || paused[0].attr["data-detail"] != evil+"\uFFFD\n" {
		t.Errorf("paused %v", paused)
	}
	if st := root.find(func(n *node) bool { return n.has("stage") }); len(st) != 1 || st[0].attr["data-stage"] != evil {
		t.Errorf("stage %v", st)
	}
	if d := root.find(func(n *node) bool { return n.has("deadline", "projected") }); len(d) != 1 {
		t.Errorf("a paused clock's deadline is not drawn as projected: %v", d)
	}
}

// An explanation with no target, or none at all, is a small picture that
// says so.
func TestSVGEmpty(t *testing.T) {
	t.Parallel()
	for _, x := range []*sla.Explanation{nil, {}, {Result: sla.Result{Now: bj("2026-03-09 09:00")}}} {
		out := x.SVG("IM1")
		root := parseSVG(t, out)
		if !root.has("sla-timeline", "empty") || !strings.Contains(out, "IM1: nothing to show") {
			t.Errorf("empty picture:\n%s", out)
		}
	}
}

// A target with no instant at all still gets its lane.
func TestSVGNoInstants(t *testing.T) {
	t.Parallel()
	x := &sla.Explanation{Result: sla.Result{Targets: []sla.Status{{Target: "response"}}}}
	root := parseSVG(t, x.SVG(""))
	checkSVG(t, x, root)
	if n := len(root.find(func(n *node) bool { return n.has("now") })); n != 0 {
		t.Errorf("%d now markers for a zero now", n)
	}
}

// Instants in UTC, in a zone without a name or with no location at all,
// clocks stopped, reset or not started, and spans of zero length.
func TestSVGZonesAndOddSpans(t *testing.T) {
	t.Parallel()
	for _, loc := range []*time.Location{time.UTC, time.FixedZone("", 3600), nil} {
		at := func(h int) time.Time {
			t := time.Date(2026, 3, 9, h, 0, 0, 0, time.UTC)
			if loc != nil {
				t = t.In(loc)
			}
			return t
		}
		x := &sla.Explanation{
			Result: sla.Result{Now: at(20), Targets: []sla.Status{
				{Target: "response", State: sla.Met, Started: at(9), Stopped: at(10), Deadline: at(11)},
				{Target: "resolution", State: sla.Running, Started: at(9), Deadline: at(22), NextStage: "warn", NextStageAt: at(21)},
				{Target: "idle", State: sla.NotStarted},
			}},
			Spans: [][]sla.Span{
				{{From: at(9), To: at(10), Why: sla.Counted}},
				{
					{From: at(9), To: at(9), Why: sla.Counted}, // zero length: left out
					{From: at(9), To: at(12), Why: sla.Counted},
					{From: at(12), To: at(14), Why: sla.StoppedSpan},
					{From: at(14), To: at(16), Why: sla.ResetSpan},
					{From: at(16), To: at(20), Why: sla.Counted},
				},
			}, // fewer span lists than targets
		}
		out := x.SVG("")
		root := parseSVG(t, out)
		checkSVG(t, x, root)
		want := "(UTC)"
		if loc != nil && loc.String() == "" {
			want = "<title></title>"
		}
		if !strings.Contains(out, want) {
			t.Errorf("zone %v: no %q in\n%s", loc, want, out)
		}
		for class, n := range map[string]int{"counted": 3, "stopped": 1, "not-started": 1, "stage": 1, "deadline": 2, "lane": 3} {
			if got := len(root.find(func(e *node) bool { return e.has(class) })); got != n {
				t.Errorf("zone %v: %d %s, want %d", loc, got, class, n)
			}
		}
	}
}

// A year of a clock running is a picture of a few kilobytes: its nights and
// lunches merge.
func TestSVGLongHistory(t *testing.T) {
	t.Parallel()
	h := sla.History{prio("2026-01-05 09:00", codes.P5), in("2026-01-05 09:00", codes.StatusRegistered)}
	for d := 0; d < 365; d += 3 {
		day := bj("2026-01-05 09:00").AddDate(0, 0, d)
		h = append(h, sla.Entered(day.Add(time.Hour), codes.StatusPending), sla.Entered(day.Add(2*time.Hour), codes.StatusInProgress))
	}
	x, err := sla.Explain(registrationPolicy(t), h, bj("2027-01-04 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	out := x.SVG("a year")
	root := parseSVG(t, out)
	checkSVG(t, x, root)
	spans := len(x.Spans[1])
	rects := len(root.find(func(n *node) bool { return n.has("span") }))
	t.Logf("%d spans, %d rects, %d bytes", spans, rects, len(out))
	if spans < 1000 || rects > 300 || len(out) > 100_000 {
		t.Errorf("%d spans drawn as %d rects in %d bytes", spans, rects, len(out))
	}
	if len(root.find(func(n *node) bool { return n.has("merged") })) == 0 {
		t.Error("no merged span")
	}
}

// Random histories give valid pictures that agree with their explanation.
func TestSVGProperties(t *testing.T) {
	t.Parallel()
	for _, cfg := range []sla.Config{sla.SeedConfig(), sla.RegistrationConfig()} {
		p := mustNew(t, cfg)
		rng := rand.New(rand.NewPCG(5, 6))
		for range 200 {
			data := make([]byte, 8+rng.IntN(60))
			for i := range data {
				data[i] = byte(rng.UintN(256))
			}
			h, now := genHistory(data, false)
			x, err := sla.Explain(p, h, now)
			if err != nil {
				t.Fatal(err)
			}
			out := x.SVG("IM1")
			if again := x.SVG("IM1"); again != out {
				t.Fatal("not deterministic")
			}
			checkSVG(t, x, parseSVG(t, out))
		}
	}
}

// checkSVG checks a picture against its explanation: every coordinate lies
// in the viewBox; one lane per target, in order; every span of nonzero
// length is drawn by exactly one rect, its own (of its class, with its
// instants) or a merged one; rects follow each other left to right.
func checkSVG(t *testing.T, x *sla.Explanation, root *node) {
	t.Helper()
	var vw, vh float64
	if f := strings.Fields(root.attr["viewBox"]); len(f) != 4 || f[0] != "0" || f[1] != "0" {
		t.Fatalf("viewBox %q", root.attr["viewBox"])
	} else {
		vw, vh = num(t, f[2]), num(t, f[3])
	}
	if root.attr["width"] != svgNum(vw) || root.attr["height"] != svgNum(vh) {
		t.Errorf("width/height %q/%q and viewBox %q", root.attr["width"], root.attr["height"], root.attr["viewBox"])
	}
	root.walk(func(n *node, dx, dy float64) {
		in := func(what string, v, lo, hi float64) {
			if v < lo-1e-9 || v > hi+1e-9 {
				t.Errorf("<%s class=%q> %s=%v outside [%v, %v]", n.name, n.attr["class"], what, v, lo, hi)
			}
		}
		for _, a := range []string{"x", "x1", "x2"} {
			if s, ok := n.attr[a]; ok {
				in(a, dx+num(t, s), 0, vw)
			}
		}
		for _, a := range []string{"y", "y1", "y2"} {
			if s, ok := n.attr[a]; ok {
				in(a, dy+num(t, s), 0, vh)
			}
		}
		if s, ok := n.attr["width"]; ok && n.name == "rect" {
			in("x+width", dx+num(t, n.attr["x"])+num(t, s), 0, vw)
		}
		if s, ok := n.attr["height"]; ok && n.name == "rect" {
			in("y+height", dy+num(t, n.attr["y"])+num(t, s), 0, vh)
		}
		if s, ok := n.attr["points"]; ok {
			for _, p := range strings.Fields(s) {
				px, py, _ := strings.Cut(p, ",")
				in("points x", dx+num(t, px), 0, vw)
				in("points y", dy+num(t, py), 0, vh)
			}
		}
	})
	if len(x.Targets) == 0 {
		return
	}
	lanes := root.find(func(n *node) bool { return n.has("lane") })
	if len(lanes) != len(x.Targets) {
		t.Fatalf("%d lanes for %d targets", len(lanes), len(x.Targets))
	}
	class := map[sla.Why]string{
		sla.Counted: "counted", sla.PausedSpan: "paused", sla.Holiday: "holiday", sla.OutsideHours: "outside",
		sla.StoppedSpan: "stopped", sla.ResetSpan: "not-started",
	}
	for i, s := range x.Targets {
		lane := lanes[i]
		if lane.attr["data-target"] != s.Target || lane.attr["data-state"] != s.State.String() {
			t.Errorf("lane %d is %v for %s %s", i, lane.attr, s.Target, s.State)
		}
		rects := lane.find(func(n *node) bool { return n.has("span") })
		last := -1.0
		for _, r := range rects {
			x0 := num(t, r.attr["x"])
			if x0 < last-1e-9 {
				t.Errorf("%s: rect %q at x=%v after one ending at %v", s.Target, r.title(), x0, last)
			}
			last = x0 + num(t, r.attr["width"])
		}
		var spans []sla.Span
		if i < len(x.Spans) {
			spans = x.Spans[i]
		}
		for _, sp := range spans {
			if !sp.From.Before(sp.To) {
				continue
			}
			var own, merged int
			for _, r := range rects {
				from, to := instant(t, r.attr["data-from"]), instant(t, r.attr["data-to"])
				switch {
				case r.has("merged") && !from.After(sp.From) && !to.Before(sp.To):
					merged++
				case from.Equal(sp.From) && to.Equal(sp.To):
					if !r.has(class[sp.Why]) {
						t.Errorf("%s: span %v drawn as %q", s.Target, sp, r.attr["class"])
					}
					own++
				}
			}
			if own+merged != 1 {
				t.Errorf("%s: span %v drawn by %d rects of its own and %d merged", s.Target, sp, own, merged)
			}
		}
	}
}

// svgNum writes a number as the picture does.
func svgNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

func instant(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("not an instant: %q", s)
	}
	return v
}

// node is an element of a parsed picture.
type node struct {
	name     string
	attr     map[string]string
	children []*node
	text     string
}

// parseSVG parses out as XML, failing the test if it is not one svg
// element in the SVG namespace.
func parseSVG(t *testing.T, out string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(out))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, out)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			if tok.Name.Space != "http://www.w3.org/2000/svg" {
				t.Fatalf("<%s> in namespace %q", n.name, tok.Name.Space)
			}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root != nil {
				t.Fatal("more than one root element")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			} else if strings.TrimSpace(string(tok)) != "" {
				t.Fatalf("text outside the root: %q", tok)
			}
		case xml.ProcInst, xml.Directive:
			t.Fatalf("unexpected %T", tok)
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root is %v", root)
	}
	if strings.Contains(out, "<script") || strings.Contains(out, "href") {
		t.Fatalf("script or reference in\n%s", out)
	}
	return root
}

// has reports whether the element has every class.
func (n *node) has(classes ...string) bool {
	have := strings.Fields(n.attr["class"])
	for _, c := range classes {
		found := false
		for _, h := range have {
			found = found || h == c
		}
		if !found {
			return false
		}
	}
	return true
}

// find returns the elements under n (n included) that match.
func (n *node) find(match func(*node) bool) []*node {
	var out []*node
	if match(n) {
		out = append(out, n)
	}
	for _, c := range n.children {
		out = append(out, c.find(match)...)
	}
	return out
}

// title is the text of the element's <title>.
func (n *node) title() string {
	for _, c := range n.children {
		if c.name == "title" {
			return c.text
		}
	}
	return ""
}

// walk calls f on every element with the translation its groups apply.
func (n *node) walk(f func(n *node, dx, dy float64)) {
	var rec func(n *node, dx, dy float64)
	rec = func(n *node, dx, dy float64) {
		if tr, ok := strings.CutPrefix(n.attr["transform"], "translate("); ok {
			a, b, _ := strings.Cut(strings.TrimSuffix(tr, ")"), ",")
			va, _ := strconv.ParseFloat(a, 64)
			vb, _ := strconv.ParseFloat(b, 64)
			dx, dy = dx+va, dy+vb
		}
		f(n, dx, dy)
		for _, c := range n.children {
			rec(c, dx, dy)
		}
	}
	rec(n, 0, 0)
}
