package kpi

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Record is a ticket as the indicators see it: the ticket, and when it
// reached tier L3, which only its activity log tells (ThirdPartyAt).
type Record struct {
	Ticket *incident.Ticket // the ticket as stored
	// ThirdPartyAt is when the ticket was handed to tier L3 (转至第三方时间),
	// or zero. Only tickets resolved by the L3 role need it: the third-party
	// resolution time is measured from it.
	ThirdPartyAt time.Time
	// Log is the ticket's activity log, for the figures only it tells:
	// the tiers escalations reached, escalations to management, every
	// engineer who held the ticket (ByEngineer), and ThirdPartyAt when that
	// is zero. Compute fills it in; without it those figures count what
	// the ticket alone shows (Escalations, the current assignee).
	Log []incident.Entry
}

// ThirdPartyAt returns when a ticket first reached tier L3: the time of the
// first entry of its log that set the tier to codes.TierL3 (an escalation,
// an assignment, or a registration straight to L3). It returns the zero
// time if the ticket never did.
func ThirdPartyAt(log []incident.Entry) time.Time {
	for i := range log {
		for _, c := range log[i].Changes {
			if c.Field == incident.FieldTier && codes.Tier(c.Value) == codes.TierL3 {
				return log[i].At
			}
		}
	}
	return time.Time{}
}

// needsLog reports whether the third-party figure needs t's log: it was
// resolved by the L3 role.
func needsLog(t *incident.Ticket) bool {
	return t.ResolverRole == codes.ResolverL3 && !t.ActualResolution.IsZero() && t.DuplicateOf.IsZero()
}

// Of computes the indicators of records over the period opt gives: the
// records whose ticket was registered in [opt.From, opt.To) count, others
// are ignored. It is pure: feed it tickets from anywhere. The tickets are
// read, never changed. Bad options or a record without a ticket return an
// *InputError (ErrInvalidInput).
func Of(records []Record, opt Options) (*Report, error) {
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	for i := range records {
		if records[i].Ticket == nil {
			return nil, &InputError{Field: fmt.Sprintf("records[%d]", i), Reason: "no ticket"}
		}
	}
	tl := newTally(&o)
	for i := range records {
		if err := tl.add(&records[i]); err != nil {
			return nil, err
		}
	}
	return tl.report(), nil
}

// Compute computes the indicators of the tickets in store registered in
// [opt.From, opt.To), as Of does. It reads the tickets in pages of
// opt.PageSize with Store.Find, and loads the activity log of a ticket only
// when the third-party figure needs it (a ticket resolved by the L3 role),
// through the Store's View when it is an incident.Viewer. Bad options or a
// nil store return an *InputError (ErrInvalidInput); the Store's errors are
// returned wrapped.
func Compute(ctx context.Context, store incident.Store, opt Options) (*Report, error) {
	if store == nil {
		return nil, &InputError{Field: "store", Reason: "a Store is required"}
	}
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	tl := newTally(&o)
	f := incident.Filter{CreatedFrom: o.From, CreatedBefore: o.To, Limit: o.PageSize}
	if o.CountBy == ByOccurrence {
		// An incident is registered when or after it occurs: one that
		// occurred in the period was registered from its start on.
		f.CreatedBefore = time.Time{}
	}
	for {
		page, err := store.Find(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("kpi: reading the tickets: %w", err)
		}
		for _, t := range page {
			r := Record{Ticket: t}
			if tl.inPeriod(t) {
				_, log, err := incident.View(ctx, store, t.ID)
				if err != nil {
					return nil, fmt.Errorf("kpi: reading the log of %s: %w", t.ID, err)
				}
				r.Log = log
				if needsLog(t) {
					r.ThirdPartyAt = ThirdPartyAt(log)
				}
			}
			if err := tl.add(&r); err != nil {
				return nil, err
			}
		}
		if len(page) < o.PageSize {
			return tl.report(), nil
		}
		f.After = page[len(page)-1].ID
	}
}

// tally adds records up into the overall row and the rows of each
// breakdown, keeping only sums: its memory grows with the number of rows,
// not of tickets.
type tally struct {
	o        *Options
	at       time.Time
	statuses []codes.Status // the workflow's
	outcomes map[codes.ClosureCode]codes.Outcome
	scores   map[codes.Satisfaction]int
	total    sums
	groups   []map[string]*sums // one per o.GroupBy
}

func newTally(o *Options) *tally {
	tl := &tally{
		o:        o,
		at:       o.at(),
		statuses: o.Workflow.Statuses(),
		outcomes: map[codes.ClosureCode]codes.Outcome{},
		scores:   map[codes.Satisfaction]int{},
		groups:   make([]map[string]*sums, len(o.GroupBy)),
	}
	for _, e := range o.Codes.ClosureCodes().Entries() {
		tl.outcomes[e.Code] = e.Outcome
	}
	for _, e := range o.Codes.Satisfaction().Entries() {
		tl.scores[e.Code] = e.Score
	}
	for i := range tl.groups {
		tl.groups[i] = map[string]*sums{}
	}
	return tl
}

// add counts r if its ticket was registered in the period and passes the
// filter. A ticket in a status the workflow does not know cannot be told
// open or closed: it is an *InputError.
func (tl *tally) add(r *Record) error {
	t := r.Ticket
	if !tl.inPeriod(t) {
		return nil
	}
	if tl.o.Filter != nil && !tl.o.Filter(t) {
		return nil
	}
	if !slices.Contains(tl.statuses, t.Status) {
		return &InputError{Field: "workflow", Reason: fmt.Sprintf("%s is %q, a status the workflow %q does not have: give the workflow the tickets follow", t.ID, t.Status, tl.o.Workflow.Name())}
	}
	var f facts
	tl.collect(&f, r)
	tl.total.add(&f)
	for i, d := range tl.o.GroupBy {
		for _, k := range d.keys(r) {
			s := tl.groups[i][k]
			if s == nil {
				s = &sums{}
				tl.groups[i][k] = s
			}
			s.add(&f)
		}
	}
	return nil
}

// facts is what one ticket adds to a row.
type facts struct {
	duplicate                                                           bool
	closed, successful, overdue, overdueOpen, major, firstTime, problem bool
	resolved, desk                                                      bool
	responded, thirdParty, rated                                        bool
	response, resolution, third                                         time.Duration
	score                                                               int
	more                                                                moreFacts
}

// collect sets f to what the ticket of r adds to a row.
func (tl *tally) collect(f *facts, r *Record) {
	t := r.Ticket
	if !t.DuplicateOf.IsZero() {
		f.duplicate = true
		return
	}
	outcome := tl.outcomes[t.Closure] // "" for a code the table does not hold
	final := tl.o.Workflow.Final(t.Status)
	f.closed = final
	f.successful = final && (outcome == codes.OutcomeResolved || outcome == codes.OutcomeProblemRaised)
	f.major = t.Major
	f.firstTime = t.Reopens == 0 && t.ReopenedAs.IsZero()

	// Resolved: a solution was recorded (Resolve sets the resolver role),
	// the resolution clock has stopped, and the requester did not reject
	// it (closure outcome unresolved). A ticket closed without a solution
	// stops its clocks too, but was not resolved.
	f.resolved = t.ResolverRole != "" && !t.ActualResolution.IsZero() && outcome != codes.OutcomeUnresolved
	f.problem = f.resolved && outcome == codes.OutcomeProblemRaised
	if f.resolved {
		f.resolution = t.ActualResolution.Sub(t.Created)
		f.overdue = t.ResolvedOnTime == incident.OnTimeNo
		f.desk = t.ResolverRole == codes.ResolverServiceDesk
		if t.ResolverRole == codes.ResolverL3 && !r.ThirdPartyAt.IsZero() && !r.ThirdPartyAt.After(t.ActualResolution) {
			f.thirdParty = true
			f.third = t.ActualResolution.Sub(r.ThirdPartyAt)
		}
	}
	// Unresolved at the instant tl.at: never resolved and still open, or
	// resolved only after it.
	unresolved := (!f.resolved && !final) || t.ActualResolution.After(tl.at)
	f.overdueOpen = unresolved && !t.PlannedResolution.IsZero() && t.PlannedResolution.Before(tl.at)

	// A ticket closed without a solution (a false alarm, a duplicate
	// closed as such) stopped its response clock by closing: no response.
	if !t.ActualResponse.IsZero() && !(final && t.ResolverRole == "") {
		f.responded = true
		f.response = t.ActualResponse.Sub(t.Created)
	}
	// A rating the table does not hold has no score: it counts as none.
	f.score, f.rated = tl.scores[t.Satisfaction]
	tl.collectMore(&f.more, f, r)
}

// sums is a row being added up.
type sums struct {
	tickets, duplicates                                                 int
	closed, successful, overdue, overdueOpen, major, firstTime, problem int
	resolved, desk                                                      int
	response, resolution, third                                         durationSum
	rated, score                                                        int
	more                                                                moreSums
}

func (s *sums) add(f *facts) {
	if f.duplicate {
		s.duplicates++
		return
	}
	s.tickets++
	s.closed += b2i(f.closed)
	s.successful += b2i(f.successful)
	s.overdue += b2i(f.overdue)
	s.overdueOpen += b2i(f.overdueOpen)
	s.major += b2i(f.major)
	s.firstTime += b2i(f.firstTime)
	s.problem += b2i(f.problem)
	s.resolved += b2i(f.resolved)
	s.desk += b2i(f.desk)
	if f.responded {
		s.response.add(f.response)
	}
	if f.resolved {
		s.resolution.add(f.resolution)
	}
	if f.thirdParty {
		s.third.add(f.third)
	}
	if f.rated {
		s.rated++
		s.score += f.score
	}
	s.more.add(&f.more)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *sums) row(key string) Row {
	of := func(n int) Share { return Share{Count: n, Of: s.tickets} }
	r := Row{
		Key:               key,
		Tickets:           s.tickets,
		Duplicates:        s.duplicates,
		Closed:            of(s.closed),
		Successful:        of(s.successful),
		Overdue:           of(s.overdue),
		OverdueUnresolved: s.overdueOpen,
		Major:             of(s.major),
		FirstTime:         of(s.firstTime),
		ProblemRaised:     of(s.problem),
		ServiceDesk:       Share{Count: s.desk, Of: s.resolved},
		Response:          s.response.average(),
		Resolution:        s.resolution.average(),
		ThirdParty:        s.third.average(),
		Satisfaction:      Score{Count: s.rated},
	}
	if s.rated > 0 {
		r.Satisfaction.Mean = float64(s.score) / float64(s.rated)
	}
	s.more.row(&r, s.tickets)
	return r
}

// durationSum adds durations up without overflow: whole seconds and the
// nanoseconds beyond them apart. (A time.Duration holds 292 years: a
// hundred thousand tickets of a day each would pass it.)
type durationSum struct {
	n          int64
	secs, nsec int64
}

func (s *durationSum) add(d time.Duration) {
	s.n++
	s.secs += int64(d / time.Second)
	s.nsec += int64(d % time.Second)
}

func (s *durationSum) average() Average {
	if s.n == 0 {
		return Average{}
	}
	q, r := s.secs/s.n, s.secs%s.n
	mean := q*int64(time.Second) + (r*int64(time.Second)+s.nsec)/s.n
	return Average{Count: int(s.n), Mean: time.Duration(mean)}
}

func (tl *tally) report() *Report {
	rep := &Report{From: tl.o.From, To: tl.o.To, At: tl.at, Total: tl.total.row("")}
	for i, d := range tl.o.GroupBy {
		keys := make([]string, 0, len(tl.groups[i]))
		for k := range tl.groups[i] {
			keys = append(keys, k)
		}
		// In key order, with the tickets that have no key last.
		slices.SortFunc(keys, func(a, b string) int {
			if (a == "") != (b == "") {
				return cmp.Compare(b2i(a == ""), b2i(b == ""))
			}
			return cmp.Compare(a, b)
		})
		b := Breakdown{By: d, Rows: make([]Row, len(keys))}
		for j, k := range keys {
			b.Rows[j] = tl.groups[i][k].row(k)
		}
		rep.Breakdowns = append(rep.Breakdowns, b)
	}
	return rep
}
