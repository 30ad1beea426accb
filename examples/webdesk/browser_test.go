package main

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/itsmkit/itsm/incident"
)

// browser returns the path of a Chromium or Chrome to drive: $ITSM_CHROME,
// or the first of the usual names on the PATH; "" if there is none.
func browser() string {
	if p := os.Getenv("ITSM_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// In a real browser: the queue lists the open tickets, a ticket page
// draws its SLA timeline, and a command submitted through the page's form
// moves the ticket on. A screenshot of the ticket page goes to the test's
// temporary directory (and to $WEBDESK_SCREENSHOT, if set).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("driving a browser is slow; skipped with -short")
	}
	exe := browser()
	if exe == "" {
		t.Skip("no Chromium or Chrome found (install Debian's chromium, or set ITSM_CHROME to a browser's path)")
	}
	a, clk, h := newTestApp(t)
	clk.set(bj(16, 0))
	if _, err := seed(context.Background(), a.desk, clk.now()); err != nil {
		t.Fatal(err)
	}
	open, err := a.desk.Queue(context.Background(), incident.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var assigned *incident.Ticket
	for _, tk := range open {
		if tk.Status == "assigned" {
			assigned = tk
		}
	}
	if assigned == nil {
		t.Fatal("the demo has no assigned ticket to start")
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // Chromium refuses its sandbox as root, as in CI
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 1000),
		chromedp.Flag("lang", "en-US"),
	)
	ctx, cancel := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx, chromedp.WithErrorf(t.Logf))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	number := func(js string) float64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}

	// The queue, the most urgent first.
	do("queue page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("table.queue")))
	if rows := int(number(`document.querySelectorAll("table.queue tbody tr[data-id]").length`)); rows != len(open) {
		t.Errorf("the queue shows %d tickets, want the %d open", rows, len(open))
	}
	if p := text("table.queue tbody tr[data-id] .prio"); p != "P1" {
		t.Errorf("the queue starts with a %s, want the most urgent, a P1", p)
	}
	if n := number(`document.querySelectorAll("table.queue .clock.breached").length`); n == 0 {
		t.Error("the queue marks no clock breached")
	}

	// A ticket, reached through its link on the queue, with its timeline.
	id := assigned.ID.String()
	do("ticket page", chromedp.Click(chromedp.CSS(`a[href="/tickets/`+id+`"]`)), chromedp.WaitVisible(chromedp.CSS("#timeline svg.sla-timeline")))
	if s := text("#status"); s != "assigned" {
		t.Errorf("ticket %s shows status %q, want assigned", id, s)
	}
	lanes := number(`document.querySelectorAll("#timeline g.lane").length`)
	counted := number(`document.querySelectorAll("#timeline rect.span.counted").length`)
	width := number(`document.querySelector("#timeline svg.sla-timeline").getBoundingClientRect().width`)
	drawn := number(`document.querySelector("#timeline rect.span.counted").getBBox().width`)
	if lanes != 2 || counted == 0 || width < 300 || drawn <= 0 {
		t.Errorf("timeline: %v lanes, %v counted spans (the first %v wide), %v px wide; want the 2 clocks drawn, with their counted time", lanes, counted, drawn, width)
	}

	// Start work through the page's form.
	clk.set(bj(16, 5))
	do("start through the form", chromedp.Click(chromedp.CSS(`form[data-command="start"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-status="in_progress"]`)))
	if s := text("#status"); s != "in_progress" {
		t.Errorf("after start the page shows %q", s)
	}
	if last := text("table.log tbody tr:last-child"); !strings.Contains(last, "start") || !strings.Contains(last, "desk") {
		t.Errorf("the log's last line %q is not the start by the page's actor", last)
	}
	if n := number(`document.querySelectorAll('form[data-command="resolve"]').length`); n != 1 {
		t.Error("a ticket in progress offers no resolve form")
	}
	if tk, _, err := a.desk.Get(context.Background(), assigned.ID); err != nil || tk.Status != "in_progress" {
		t.Errorf("the Desk has the ticket %v (%v), want in progress", tk.Status, err)
	}

	// A refused command says why on the page.
	do("a refused resolve",
		chromedp.SetValue(chromedp.CSS(`form[data-command="resolve"] textarea[name="solution"]`), " "),
		chromedp.Submit(chromedp.CSS(`form[data-command="resolve"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role="alert"]`)))
	if alert := text(`[role="alert"]`); !strings.Contains(alert, "solution") {
		t.Errorf("the page says %q of a resolution without a solution", alert)
	}

	// The screenshot: the pending ticket, its clock paused, after the
	// engine told people what it had to.
	var pending *incident.Ticket
	for _, tk := range open {
		if tk.Status == "pending" {
			pending = tk
		}
	}
	if pending == nil {
		t.Fatal("the demo has no pending ticket")
	}
	if _, err := a.engine.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	do("pending ticket page", chromedp.Navigate(srv.URL+"/tickets/"+pending.ID.String()), chromedp.WaitVisible(chromedp.CSS("#timeline svg.sla-timeline")))
	if n := number(`document.querySelectorAll("#timeline rect.span.paused").length`); n == 0 {
		t.Error("the pending ticket's timeline draws no pause")
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	shot := filepath.Join(t.TempDir(), "ticket.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the ticket page: %s (%d bytes)", shot, len(png))
	if p := os.Getenv("WEBDESK_SCREENSHOT"); p != "" {
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
