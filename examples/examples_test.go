// Package examples_test builds every example program under examples/, runs
// it, and checks that it exits 0 and prints the lines that tell its story.
// The programs run on simulated time, so their output is the same on every
// run and the lines are compared exactly.
package examples_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/build"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	buildTimeout = 4 * time.Minute
	runTimeout   = 20 * time.Second
)

// keyLines lists, per example, lines its output must contain, each as a
// whole line (space at either end aside). An example not listed must print
// something.
var keyLines = map[string][]string{
	"quickstart": {
		"IM251117000001  Office mail slow for the whole building (P3, 较大事件 / Significant)",
		"09:30  start     in_progress",
		"resolution met (due 14:00)",
		"14:30  confirm   closed",
	},
	"majorincident": {
		"09:00  mail notify.p1p2.registered   level 0 → zhao (incident manager), qian (network lead), sun (network post), li (centre head)",
		"09:21  mail ladder.p1                level 2 → wu (service manager) (again, attempt 2)",
		"09:08  mail breach.response.p1p2     level 0 → zhao (incident manager), li (centre head)",
		"09:50  chen resolves it",
	},
	"servicedesk": {
		"17:10  register   IM251117000004 P2: assignment rule network",
		"17:10  notify     requester.registered → zhou.min",
		"17:12  claim      assigned     Service desk       sun (network)",
		"17:40  notify     management → feng (service manager), chu (service director)",
		"09:25  escalate   assigned     L1                 wang (desktop)",
		"11:00  escalate   assigned     L3 (vendor)        liu (oa vendor)",
		`11:10  escalate   refused: incident: invalid command: escalate: tier: "l3" is the last tier`,
		"11:15  IM251117000002  duplicate of IM251117000001, closed (rejected)",
		"14:10  resolve    refused: incident: transition refused: cannot resolve: 1 task(s) still open",
		"errors.Is(err, incident.ErrGuard) = true",
		`errors.As(err, &guard): Event "resolve", Reason "1 task(s) still open"`,
		"resolution breached    3h55m of 3h, due Mon 13:40 CST",
		"15:00  IM251117000001  closed (unresolved), reopened as IM251117000003",
		"15:00  reject     assigned     L3 (vendor)        liu (oa vendor)",
		"L3            2h5m   三线",
		"knowledge base suggests known_error KE0042: OA approvals stall after a workflow engine upgrade",
		"11:30  IM251117000001-T01 taken up",
		"16:30  solution from KE0042, offered to the knowledge base: offered as KB000001",
		"17:10  PM251117000001 raised for IM251117000003 (IM251117000003 links to PM251117000001)",
		"17:10  raise again refused: incident: a problem is raised for the incident already: IM251117000003 has PM251117000001",
	},
	"kpireport": {
		"289 incidents registered, 7 of them duplicates of another",
		"All tickets        282    7  259  91.8%  243  86.2%  50 17.7%                   3  16   5.7%  266  94.3%        11  3.9%  57/245  23.3%     6h29m     1d17h6m     6d23h46m          2.54         265  94.0%         193 68.4%  34  12.1%              0/33/9      0 0.0%            0/0 -         -          0 0.0%",
		"successfully closed     243 of 282 tickets (86.2%)",
		`{"count":259,"of":282,"rate":0.9184397163120568}`,
	},
	"chinacalendar": {
		"work  2025-10-11 (Saturday)  调休上班: a make-up working day",
		"P3  30m   Tue 2025-09-30 18:10 CST",
		"P4  24h   Mon 2025-10-13 10:15 CST    Wed 2025-10-01 17:45 CST",
		"Sat 2025-10-11  13:30–18:00  4h30m  (total 22h45m)",
		`Sat 2025-10-11 10:00 CST  make-up Saturday      IsWorking true   Holiday ("", false)  OwnHours "调休上班 make-up working day"`,
		"Between Tue 09-30 18:00 and Thu 10-09 09:00: 0s     eight days off",
		"Between Fri 10-10 18:00 and Mon 10-13 09:00: 7h30m  the weekend of the make-up Saturday",
		"Next working instant after Tue 09-30 18:00: Thu 2025-10-09 09:00 CST",
	},
	"slarules": {
		`"service desk": valid, 0 warnings`,
		"errors.Is(err, sla.ErrInvalidPolicy) = true; 7 problems:",
		`versions[0].targets[0].calendar            unknown calendar "moon"`,
		`versions[0].targets[0].calender            unknown key (did you mean calendar?)`,
		"PASS  a P4 across Golden Week, the make-up Saturday worked",
		"FAIL  wrong on purpose, a deadline on the wall clock",
		"        got  deadline 2025-11-18 17:30",
		"5 of 6 scenarios pass",
		`resolution under rule "P4 and P5": running, 5h of 40h counted, 6h30m paused, due Thu 2025-10-16 09:30 CST`,
	},
	"webdesk": {
		"registered 10 demo tickets",
		"shutting down",
		"stopped",
	},
	"persistence": {
		"database opened again with a fresh Store",
		"response   planned Mon 09:40 CST, actual Mon 09:30 CST, on time: yes",
		"5  Mon 14:30 CST  desk.zhang confirm   → closed",
		"the next ticket registered today is IM251117000002",
		"removed tickets.db and its directory",
		postgresLine(),
	},
}

// servers lists the examples that serve until they are stopped, with the
// arguments to run them with and the paths to ask for once they listen.
// Each prints "listening on http://ADDR" when ready; the test then asks
// for the paths, interrupts it (SIGINT, as Ctrl-C does) and checks that it
// shuts down cleanly, exit status 0.
var servers = map[string]struct {
	args  []string
	paths []string
}{
	"webdesk": {
		args:  []string{"-addr", "127.0.0.1:0", "-demo", "-now", "2025-11-17T16:00:00+08:00"},
		paths: []string{"/", "/api/tickets", "/tickets/IM251117000001", "/tickets/IM251117000001/timeline.svg"},
	},
}

// postgresLine is what the persistence example says of PostgreSQL, which
// it uses only when ITSM_POSTGRES_URL is set.
func postgresLine() string {
	if os.Getenv("ITSM_POSTGRES_URL") == "" {
		return "PostgreSQL skipped: set ITSM_POSTGRES_URL to the URL of a database to run the same there"
	}
	return "dropped the demo's schema"
}

func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("building and running every example is slow; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build the examples with: %v", err)
	}
	t.Parallel()
	names, err := mainPackages(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("found no example programs")
	}
	for name := range keyLines {
		if !contains(names, name) {
			t.Errorf("keyLines lists %s, which is not an example program", name)
		}
	}
	bin := t.TempDir()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			exe := filepath.Join(bin, strings.ReplaceAll(name, "/", "-"))
			if runtime.GOOS == "windows" {
				exe += ".exe"
			}
			ctx, cancel := context.WithTimeout(t.Context(), buildTimeout)
			defer cancel()
			out, err := exec.CommandContext(ctx, goTool, "build", "-o", exe, "./"+name).CombinedOutput()
			if err != nil {
				t.Fatalf("go build ./%s: %v\n%s", name, err, out)
			}

			ctx, cancel = context.WithTimeout(t.Context(), runTimeout)
			defer cancel()
			srv, isServer := servers[name]
			cmd := exec.CommandContext(ctx, exe, srv.args...)
			cmd.Dir = t.TempDir()
			cmd.WaitDelay = time.Second
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			if isServer {
				err = runServer(t, cmd, &stdout, srv.paths)
			} else {
				err = cmd.Run()
			}
			t.Logf("ran in %v", time.Since(start).Round(time.Millisecond))
			if err != nil {
				t.Fatalf("%s: %v (context: %v)\nstdout:\n%s\nstderr:\n%s", name, err, ctx.Err(), &stdout, &stderr)
			}
			if stdout.Len() == 0 {
				t.Fatalf("%s printed nothing", name)
			}
			lines := map[string]bool{}
			for line := range strings.Lines(stdout.String()) {
				lines[strings.TrimSpace(line)] = true
			}
			for _, want := range keyLines[name] {
				if !lines[strings.TrimSpace(want)] {
					t.Errorf("%s did not print the line\n\t%s", name, want)
				}
			}
			if t.Failed() {
				t.Logf("output of %s:\n%s", name, &stdout)
			}
		})
	}
}

// runServer starts a server example, waits for it to say where it
// listens, asks for each path (each must answer 200), then interrupts it
// and waits for it to end.
func runServer(t *testing.T, cmd *exec.Cmd, stdout *bytes.Buffer, paths []string) error {
	t.Helper()
	out := &lockedBuffer{b: stdout}
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		return err
	}
	var base string
	for deadline := time.Now().Add(runTimeout); base == "" && time.Now().Before(deadline); {
		for line := range strings.Lines(out.String()) {
			if addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on "); ok {
				base = addr
			}
		}
		if base == "" {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if base == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return fmt.Errorf("it never said where it listens")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, p := range paths {
		res, err := client.Get(base + p)
		if err != nil {
			t.Errorf("GET %s: %v", p, err)
			continue
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", p, res.Status)
		}
	}
	if runtime.GOOS == "windows" {
		cmd.Process.Kill() // no interrupt to send
	} else if err := cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	return cmd.Wait()
}

// lockedBuffer is a buffer the command writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  *bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// mainPackages returns the directories under root, as slash-separated
// paths relative to it, that hold a main package.
func mainPackages(root string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == root {
			return err
		}
		if base := d.Name(); base == "testdata" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		var none *build.NoGoError
		switch {
		case errors.As(err, &none):
			return nil
		case err != nil:
			return err
		}
		if pkg.Name == "main" {
			names = append(names, filepath.ToSlash(path))
		}
		return nil
	})
	return names, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
