// Webdesk puts the Desk behind HTTP: a JSON API for programs and two pages
// for people, a queue and a ticket with its activity log, its SLA clocks
// and their timeline drawn as inline SVG, with forms for the commands the
// workflow allows next. The escalation engine runs in the background and
// what it tells people shows on the pages. Tickets are kept in a SQLite
// file (or in memory with -memory); the pages need no JavaScript and no
// asset from elsewhere, so they work offline.
//
// Run it with:
//
//	go run ./examples/webdesk -demo
//
// and open http://127.0.0.1:8080. The flags:
//
//	-addr 127.0.0.1:8080  where to listen (port 0: any free port)
//	-db tickets.db        the SQLite file (default: a new file in a temporary
//	                      directory, removed when the program stops)
//	-memory               keep the tickets in memory instead
//	-demo                 register a few tickets of each priority first, at
//	                      simulated times over the last working hours
//	-now 2025-11-17T15:00:00+08:00
//	                      start the clock at this instant (it then runs at
//	                      the real pace); default the real time
//	-engine 2s            how often the escalation engine looks for firings
//
// The API, JSON in and out in the library's JSON form (see the README of
// the repository for the fields):
//
//	GET  /api/tickets                 the queue: ?status=, ?priority=, ?group=,
//	                                  ?assignee=, ?open=true, ?limit=
//	POST /api/tickets                 register (an incident.Registration)
//	GET  /api/tickets/{id}            the ticket, its log, its clocks and the
//	                                  commands its status allows
//	POST /api/tickets/{id}/{command}  assign, start, pend, resume, resolve,
//	                                  confirm, reject, close, reopen, ... (the
//	                                  command's input as its body)
//	GET  /api/notifications           what the escalation engine told, newest first
//
// Who is acting comes from the X-Actor header (or the body's "actor"):
// put your own authentication in front, and let the Desk's permission hook
// (incident.Config.Authorize) decide. Errors are RFC 9457 problem details:
// 400 for bad input, 403 for a command the permission hook refuses, 404 for
// an unknown ticket or command, 409 for a conflict or a transition the
// workflow does not allow, 413 for a body over 1 MiB, 415 for a body that is
// not JSON, 422 for a transition whose condition does not hold (a
// resolution without a solution).
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	_ "modernc.org/sqlite"

	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/incident/sqlstore"
)

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`address` to listen on")
	flag.StringVar(&o.db, "db", "", "SQLite `file` for the tickets (default: a temporary file, removed on exit)")
	flag.BoolVar(&o.memory, "memory", false, "keep the tickets in memory instead of SQLite")
	flag.BoolVar(&o.demo, "demo", false, "register demo tickets at start")
	flag.StringVar(&o.now, "now", "", "start the clock at this RFC 3339 `instant` (default: the real time)")
	flag.DurationVar(&o.every, "engine", 2*time.Second, "how often the escalation engine looks for firings")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "webdesk: unexpected argument %q (the flags are below)\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first interrupt shuts down gracefully; a second one, the signal's
	// default again, ends the program at once.
	go func() { <-ctx.Done(); stop() }()
	if err := serve(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webdesk:", err)
		os.Exit(1)
	}
}

// options are the program's flags.
type options struct {
	addr   string
	db     string
	memory bool
	demo   bool
	now    string
	every  time.Duration
}

// serve runs the web desk until ctx is done, then shuts it down: the
// server stops taking connections and lets the requests under way finish
// (for up to 10 seconds, then closes their connections), and the engine
// stops after its tick; then the store closes.
func serve(ctx context.Context, o options, out io.Writer) error {
	if o.every <= 0 {
		return fmt.Errorf("-engine: %v is not a positive interval, such as 2s", o.every)
	}
	if o.memory && o.db != "" {
		return fmt.Errorf("-memory and -db %s: choose one", o.db)
	}
	clock, err := newClock(o.now)
	if err != nil {
		return err
	}
	store, closeStore, err := openStore(ctx, o, out)
	if err != nil {
		return err
	}
	defer closeStore()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := newApp(store, clock, logger)
	if err != nil {
		return err
	}
	if o.demo {
		n, err := seed(ctx, a.desk, clock())
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		fmt.Fprintf(out, "registered %d demo tickets\n", n)
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	engineCtx, stopEngine := context.WithCancel(context.WithoutCancel(ctx))
	engineDone := make(chan struct{})
	go func() {
		defer close(engineDone)
		a.engine.Run(engineCtx, o.every)
	}()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(out, "listening on http://%s\n", ln.Addr())

	select {
	case err = <-served:
	case <-ctx.Done():
		fmt.Fprintln(out, "shutting down")
		shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err = srv.Shutdown(shutCtx); err != nil {
			// Requests still running after the grace period: cut them off.
			fmt.Fprintln(out, "requests still running after 10s: closing their connections")
			srv.Close()
			err = nil
		}
		cancel()
	}
	stopEngine()
	<-engineDone
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(out, "stopped")
	return nil
}

// newClock returns the program's clock: the real time, or, from a start
// instant, a simulated one that starts there and runs at the real pace;
// to the second, which is all an activity log needs.
func newClock(start string) (func() time.Time, error) {
	if start == "" {
		return func() time.Time { return time.Now().Truncate(time.Second) }, nil
	}
	at, err := time.Parse(time.RFC3339, start)
	if err != nil {
		return nil, fmt.Errorf("-now: %q is not an RFC 3339 instant such as 2025-11-17T15:00:00+08:00", start)
	}
	began := time.Now()
	return func() time.Time { return at.Add(time.Since(began)).Truncate(time.Second) }, nil
}

// openStore opens the store the options name: memory, or a SQLite file
// migrated to the current schema.
func openStore(ctx context.Context, o options, out io.Writer) (incident.Store, func(), error) {
	if o.memory {
		fmt.Fprintln(out, "tickets kept in memory")
		return memstore.New(), func() {}, nil
	}
	path, cleanup := o.db, func() {}
	if path == "" {
		dir, err := os.MkdirTemp("", "webdesk-")
		if err != nil {
			return nil, nil, err
		}
		path, cleanup = filepath.Join(dir, "tickets.db"), func() { os.RemoveAll(dir) }
	}
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite); err != nil {
		db.Close()
		cleanup()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	store, err := sqlstore.Open(db, sqlstore.SQLite)
	if err != nil {
		db.Close()
		cleanup()
		return nil, nil, err
	}
	fmt.Fprintf(out, "tickets kept in %s\n", path)
	return store, func() { db.Close(); cleanup() }, nil
}
