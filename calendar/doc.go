// Package calendar answers business-hours questions exactly and fast: is an
// instant working time, when has a duration of working time passed, how much
// working time lies between two instants.
//
// A Calendar has a time zone, a weekly schedule of several working windows
// per weekday (09:00–12:00 and 13:30–18:00, a shorter Saturday), and dated
// exceptions: holidays from github.com/rickar/cal/v2 rules and country lists,
// explicit days off, dates with their own hours (a half day), and official
// notices of days off and make-up working days such as China's 调休, which
// ships as data for 2020–2026 (ChinaNotices). Describe one in Go or in
// JSON/YAML (ParseConfig), then build it with New, which validates it once and
// reports every problem with its field's path.
//
//	office := calendar.Must(calendar.New(calendar.ChinaOffice()))
//	deadline, err := office.Add(registered, 3*time.Hour)
//
// # Exact and consistent
//
// Every operation works on absolute instants and returns times in the
// calendar's zone. Intervals are half-open and arithmetic is exact to the
// nanosecond, so Between(t, Add(t, d)) == d for every t and d. Add returns
// the earliest instant at which d has passed, so a deadline that falls on a
// window's end is that end (12:00), not the next window's start (13:30).
//
// # Daylight saving
//
// Windows are wall-clock times: 09:00 is 09:00 local on the day the clocks
// change. One rule places every wall time: it maps to the earliest instant at
// which the local clock shows that time or later. A time that occurs twice
// maps to its first occurrence; a time the clocks skip maps to the instant of
// the change, so a window starting in a skipped hour starts when the hour
// ends, and a window wholly inside it is empty. The rule is monotone, so
// windows never overlap or change order, even when the change is at midnight
// (Asia/Tehran, America/Santiago), is half an hour (Australia/Lord_Howe) or
// skips a whole day (Pacific/Apia, 2011-12-30).
//
// # Fast
//
// A calendar compiles each local year, the first time a query needs it, into
// sorted working intervals with running totals, and publishes the result
// atomically. A stray instant decades away compiles its year alone, about
// what a first query near the others costs; the years between are totalled
// (not compiled) only when a query needs its place among them, an offset or
// a span that leaves the year. Each year keeps an index into its intervals,
// so Add and Between cost a few lookups whatever the span — 8 hours or 1000 —
// and allocate nothing. Calendars are immutable and safe for concurrent use;
// queries on compiled years take no lock.
//
// # Years
//
// Instants from MinYear to MaxYear are supported; others get ErrOutOfRange.
// Statutory data ends somewhere (KnownThrough); past it a calendar follows the
// weekly schedule alone, or, with Beyond set to BeyondError, refuses with
// ErrBeyondKnown rather than guess.
package calendar
