package kpi_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/itsmkit/itsm/calendar"
	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/kpi"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/sla"
)

// recordFields leaves out of a comparison the figures of the records
// scenario (records_test.go), which checks them.
var recordFields = cmpopts.IgnoreFields(kpi.Row{}, "RespondedOnTime", "ResolvedInTime", "Escalated", "EscalatedL1", "EscalatedL2", "EscalatedL3",
	"Management", "OnSiteInTime", "Dispatch", "KnowledgeUsed")

func minutes(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

// share is Share{Count: n, Of: of}.
func share(n, of int) kpi.Share { return kpi.Share{Count: n, Of: of} }

// TestScenario checks every indicator of the scenario's week against
// figures worked out by hand from the table in scenario.
func TestScenario(t *testing.T) {
	t.Parallel()
	store, _ := scenario(t)
	rep, err := kpi.Compute(context.Background(), store, kpi.Options{From: from, To: to, GroupBy: kpi.AllDimensions()})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.At.Equal(to) {
		t.Errorf("At = %v, want the period's end %v", rep.At, to)
	}

	// 15 tickets registered; T0 (before From) and T15 (at To) fall
	// outside [From, To) and T3 is a duplicate: 13 tickets.
	wantTotal := kpi.Row{
		Tickets:    13,
		Duplicates: 1, // T3
		// All but T11, in progress, and T12, resolved but not confirmed.
		Closed: share(11, 13),
		// Closed with success (T1 T4 T5 T6 T9 T10), success_with_problem
		// (T2) or l3 (T7); not T8 (unresolved), T13 (recovered), T14 (false
		// alarm), nor T12, a success not yet closed.
		Successful: share(8, 13),
		// T5: resolved 60m after its start, its goal 30m.
		Overdue: share(1, 13),
		// T11: due 20 17:10, still in progress at 22 00:00.
		OverdueUnresolved: 1,
		Major:             share(2, 13),  // T4 (P1), T5 (P2)
		FirstTime:         share(11, 13), // all but T8 (rejected) and T10 (reopened)
		ProblemRaised:     share(1, 13),  // T2
		// Resolved: T1 T2 T4 T5 T6 T7 T9 T10 T12 T13 (not T8, whose
		// resolution the requester rejected); by the service desk T1, T10,
		// T13.
		ServiceDesk: share(3, 10),
		// T1 20 + T2 15 + T4 5 + T5 30 + T6 30 + T7 20 + T8 10 + T9 20 +
		// T10 10 + T11 10 + T12 30 + T13 40 = 240m over 12 (T14 was never
		// assigned).
		Response: kpi.Average{Count: 12, Mean: minutes(20)},
		// T1 80 + T2 75 + T4 50 + T5 90 + T6 305 + T7 140 + T9 80 + T10 90 +
		// T12 104 + T13 60 = 1074m over 10.
		Resolution: kpi.Average{Count: 10, Mean: minutes(107.4)},
		// T6 185 + T7 130 = 315m over 2.
		ThirdParty: kpi.Average{Count: 2, Mean: minutes(157.5)},
		// T1 3 + T2 2 + T4 3 + T5 1 + T6 2 + T9 2 = 13 over 6.
		Satisfaction: kpi.Score{Count: 6, Mean: 13.0 / 6},
	}
	if diff := cmp.Diff(wantTotal, rep.Total, recordFields); diff != "" {
		t.Errorf("overall row (-want +got):\n%s", diff)
	}

	wantAssignees := []kpi.Row{{
		// T4 T5 T8 T9.
		Key: "chen", Tickets: 4,
		Closed: share(4, 4), Successful: share(3, 4), Overdue: share(1, 4),
		Major: share(2, 4), FirstTime: share(3, 4), ProblemRaised: share(0, 4),
		ServiceDesk:  share(0, 3),                                     // T8's resolution was rejected
		Response:     kpi.Average{Count: 4, Mean: minutes(16.25)},     // (5 + 30 + 10 + 20) / 4
		Resolution:   kpi.Average{Count: 3, Mean: minutes(220.0 / 3)}, // (50 + 90 + 80) / 3 = 73m20s
		Satisfaction: kpi.Score{Count: 3, Mean: 2},                    // (3 + 1 + 2) / 3
	}, {
		// T6 T7: both handed to the vendor.
		Key: "hp", Tickets: 2,
		Closed: share(2, 2), Successful: share(2, 2), Overdue: share(0, 2),
		Major: share(0, 2), FirstTime: share(2, 2), ProblemRaised: share(0, 2),
		ServiceDesk:  share(0, 2),
		Response:     kpi.Average{Count: 2, Mean: minutes(25)},    // (30 + 20) / 2
		Resolution:   kpi.Average{Count: 2, Mean: minutes(222.5)}, // (305 + 140) / 2
		ThirdParty:   kpi.Average{Count: 2, Mean: minutes(157.5)}, // (185 + 130) / 2
		Satisfaction: kpi.Score{Count: 1, Mean: 2},
	}, {
		// T1 T10 T13.
		Key: "li", Tickets: 3,
		Closed: share(3, 3), Successful: share(2, 3), Overdue: share(0, 3),
		Major: share(0, 3), FirstTime: share(2, 3), ProblemRaised: share(0, 3),
		ServiceDesk:  share(3, 3),
		Response:     kpi.Average{Count: 3, Mean: minutes(70.0 / 3)},  // (20 + 10 + 40) / 3 = 23m20s
		Resolution:   kpi.Average{Count: 3, Mean: minutes(230.0 / 3)}, // (80 + 90 + 60) / 3 = 76m40s
		Satisfaction: kpi.Score{Count: 1, Mean: 3},
	}, {
		// T2 T11, and the duplicate T3.
		Key: "wang", Tickets: 2, Duplicates: 1,
		Closed: share(1, 2), Successful: share(1, 2), Overdue: share(0, 2), OverdueUnresolved: 1,
		Major: share(0, 2), FirstTime: share(2, 2), ProblemRaised: share(1, 2),
		ServiceDesk:  share(0, 1),
		Response:     kpi.Average{Count: 2, Mean: minutes(12.5)}, // (15 + 10) / 2
		Resolution:   kpi.Average{Count: 1, Mean: minutes(75)},
		Satisfaction: kpi.Score{Count: 1, Mean: 2},
	}, {
		// T12, resolved with success but not closed: not a success yet.
		Key: "zhao", Tickets: 1,
		Closed: share(0, 1), Successful: share(0, 1), Overdue: share(0, 1),
		Major: share(0, 1), FirstTime: share(1, 1), ProblemRaised: share(0, 1),
		ServiceDesk: share(0, 1),
		Response:    kpi.Average{Count: 1, Mean: minutes(30)},
		Resolution:  kpi.Average{Count: 1, Mean: minutes(104)},
	}, {
		// T14, closed before anyone was assigned: no times at all.
		Key: "", Tickets: 1,
		Closed: share(1, 1), Successful: share(0, 1), Overdue: share(0, 1),
		Major: share(0, 1), FirstTime: share(1, 1), ProblemRaised: share(0, 1),
		ServiceDesk: share(0, 0), // nothing resolved: no rate
	}}
	wantP3 := kpi.Row{
		// T1 T2 T8 T9 T11, and the duplicate T3.
		Key: "P3", Tickets: 5, Duplicates: 1,
		Closed:            share(4, 5), // not T11
		Successful:        share(3, 5), // T1 T2 T9
		Overdue:           share(0, 5),
		OverdueUnresolved: 1, // T11
		Major:             share(0, 5),
		FirstTime:         share(4, 5),                                     // not T8
		ProblemRaised:     share(1, 5),                                     // T2
		ServiceDesk:       share(1, 3),                                     // T1 of T1 T2 T9 (T8 rejected)
		Response:          kpi.Average{Count: 5, Mean: minutes(15)},        // (20 + 15 + 10 + 20 + 10) / 5
		Resolution:        kpi.Average{Count: 3, Mean: minutes(235.0 / 3)}, // (80 + 75 + 80) / 3 = 78m20s
		Satisfaction:      kpi.Score{Count: 3, Mean: 7.0 / 3},              // (3 + 2 + 2) / 3
	}
	wantKeys := map[kpi.Dimension][]string{
		kpi.ByAssignee:     {"chen", "hp", "li", "wang", "zhao", ""},
		kpi.ByGroup:        {"apps", "network", "servicedesk", "vendor", ""},
		kpi.ByCategory:     {"hardware.network.switch", "software.application", "software.system.database"},
		kpi.ByPriority:     {"P1", "P2", "P3", "P4", "P5"},
		kpi.ByCustomerTier: {""},
	}
	wantTickets := map[kpi.Dimension][]int{
		kpi.ByAssignee:     {4, 2, 3, 2, 1, 1},
		kpi.ByGroup:        {4, 3, 3, 2, 1}, // apps T4 T5 T8 T9; network T2 T11 T12; servicedesk T1 T10 T13; vendor T6 T7; T14
		kpi.ByCategory:     {4, 6, 3},       // switch T2 T6 T7 T11; app T1 T5 T8 T9 T12 T14; db T4 T10 T13
		kpi.ByPriority:     {1, 1, 5, 4, 2}, // P4 T6 T7 T10 T12; P5 T13 T14
		kpi.ByCustomerTier: {13},            // nobody has a class of service: all ordinary
	}
	if len(rep.Breakdowns) != 5 {
		t.Fatalf("%d breakdowns, want 5", len(rep.Breakdowns))
	}
	for i, b := range rep.Breakdowns {
		if b.By != kpi.AllDimensions()[i] {
			t.Errorf("breakdown %d is by %q, want %q", i, b.By, kpi.AllDimensions()[i])
		}
		var keys []string
		var tickets []int
		for _, r := range b.Rows {
			keys = append(keys, r.Key)
			tickets = append(tickets, r.Tickets)
		}
		if diff := cmp.Diff(wantKeys[b.By], keys); diff != "" {
			t.Errorf("keys by %s (-want +got):\n%s", b.By, diff)
		}
		if diff := cmp.Diff(wantTickets[b.By], tickets); diff != "" {
			t.Errorf("tickets by %s (-want +got):\n%s", b.By, diff)
		}
		switch b.By {
		case kpi.ByAssignee:
			if diff := cmp.Diff(wantAssignees, b.Rows, recordFields); diff != "" {
				t.Errorf("rows by assignee (-want +got):\n%s", diff)
			}
		case kpi.ByPriority:
			if len(b.Rows) > 2 {
				if diff := cmp.Diff(wantP3, b.Rows[2], recordFields); diff != "" {
					t.Errorf("P3 row (-want +got):\n%s", diff)
				}
			}
		}
	}
}

// TestUnresolvedAt: tickets still unresolved are counted at the earlier of
// To and Now, from what the tickets say of their resolution.
func TestUnresolvedAt(t *testing.T) {
	t.Parallel()
	store, _ := scenario(t)
	for _, tt := range []struct {
		name    string
		to, now time.Time
		want    int
	}{
		// T11 is due 20 17:10.
		{"a minute before T11 is due", day(24, 0, 0), day(20, 17, 9), 0},
		{"a minute after", day(24, 0, 0), day(20, 17, 11), 1},
		{"at T11's deadline", day(24, 0, 0), day(20, 17, 10), 0},
		{"Now after To", day(20, 18, 0), day(23, 0, 0), 1},
		// T5 was due 18 11:00 and resolved 18 11:30: at 11:15 it was
		// overdue and unresolved.
		{"T5 before its late resolution", day(18, 11, 15), time.Time{}, 1},
		{"T5 after it", day(18, 11, 30), time.Time{}, 0},
	} {
		rep, err := kpi.Compute(context.Background(), store, kpi.Options{From: from, To: tt.to, Now: tt.now})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Total.OverdueUnresolved; got != tt.want {
			t.Errorf("%s: overdue unresolved %d, want %d (at %v)", tt.name, got, tt.want, rep.At)
		}
	}
}

// countingStore counts the calls a Store gets; it is no incident.Viewer, so
// logs are read with Load.
type countingStore struct {
	incident.Store
	finds  []incident.Filter
	loaded []codes.ID
	err    error // returned by Find when set
}

func (s *countingStore) Find(ctx context.Context, f incident.Filter) ([]*incident.Ticket, error) {
	s.finds = append(s.finds, f)
	if s.err != nil {
		return nil, s.err
	}
	return s.Store.Find(ctx, f)
}

func (s *countingStore) Load(ctx context.Context, id codes.ID) (*incident.Ticket, []incident.Entry, error) {
	s.loaded = append(s.loaded, id)
	return s.Store.Load(ctx, id)
}

// TestComputeReadsInPages: Compute reads the period's tickets a page at a
// time and loads only the logs of the tickets the L3 role resolved.
func TestComputeReadsInPages(t *testing.T) {
	t.Parallel()
	store, ids := scenario(t)
	ctx := context.Background()
	whole, err := kpi.Compute(ctx, store, kpi.Options{From: from, To: to, GroupBy: kpi.AllDimensions()})
	if err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{Store: store}
	paged, err := kpi.Compute(ctx, cs, kpi.Options{From: from, To: to, GroupBy: kpi.AllDimensions(), PageSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole, paged); diff != "" {
		t.Errorf("read 4 at a time (-whole +paged):\n%s", diff)
	}
	// 14 tickets in the period (with the duplicate): pages of 4, 4, 4, 2.
	if len(cs.finds) != 4 {
		t.Errorf("%d calls of Find, want 4: %+v", len(cs.finds), cs.finds)
	}
	for i, f := range cs.finds {
		if !f.CreatedFrom.Equal(from) || !f.CreatedBefore.Equal(to) || f.Limit != 4 || (i > 0 && f.After.IsZero()) {
			t.Errorf("Find %d: %+v", i, f)
		}
	}
	// Every log of the period is read, for the escalations and engineers
	// only the log tells (the third-party time of T6 and T7 among them).
	var inPeriod []codes.ID
	for _, n := range []string{"T14", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T13", "T12"} {
		inPeriod = append(inPeriod, ids[n])
	}
	slices.SortFunc(inPeriod, codes.ID.Compare)
	if diff := cmp.Diff(inPeriod, cs.loaded); diff != "" {
		t.Errorf("logs loaded (-want +got):\n%s", diff)
	}
}

// TestOfMatchesCompute: Of, fed the tickets and the L3 times, gives what
// Compute gives; records outside the period are ignored.
func TestOfMatchesCompute(t *testing.T) {
	t.Parallel()
	store, _ := scenario(t)
	ctx := context.Background()
	opt := kpi.Options{From: from, To: to, GroupBy: []kpi.Dimension{kpi.ByCategory, kpi.ByAssignee}}
	want, err := kpi.Compute(ctx, store, opt)
	if err != nil {
		t.Fatal(err)
	}
	all, err := store.Find(ctx, incident.Filter{}) // T0 and T15 included
	if err != nil {
		t.Fatal(err)
	}
	var records []kpi.Record
	for _, tk := range all {
		_, log, err := store.Load(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		records = append(records, kpi.Record{Ticket: tk, ThirdPartyAt: kpi.ThirdPartyAt(log), Log: log})
	}
	got, err := kpi.Of(records, opt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Of (-Compute +Of):\n%s", diff)
	}
}

func TestThirdPartyAt(t *testing.T) {
	t.Parallel()
	store, ids := scenario(t)
	for name, want := range map[string]time.Time{
		"T6": day(19, 11, 0),  // escalated L1 → L2 → L3
		"T7": day(19, 10, 10), // assigned straight to L3
		"T2": {},              // never at L3
	} {
		_, log, err := store.Load(context.Background(), ids[name])
		if err != nil {
			t.Fatal(err)
		}
		if got := kpi.ThirdPartyAt(log); !got.Equal(want) {
			t.Errorf("%s: ThirdPartyAt = %v, want %v", name, got, want)
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	store, _ := scenario(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		store incident.Store
		opt   kpi.Options
		field string
	}{
		{"no store", nil, kpi.Options{From: from, To: to}, "store"},
		{"no start", store, kpi.Options{To: to}, "from"},
		{"no end", store, kpi.Options{From: from}, "to"},
		{"ends before it starts", store, kpi.Options{From: to, To: from}, "from"},
		{"empty period", store, kpi.Options{From: from, To: from}, "from"},
		{"unknown dimension", store, kpi.Options{From: from, To: to, GroupBy: []kpi.Dimension{kpi.ByGroup, "colour"}}, "group_by[1]"},
		{"dimension twice", store, kpi.Options{From: from, To: to, GroupBy: []kpi.Dimension{kpi.ByGroup, kpi.ByGroup}}, "group_by[1]"},
		{"negative page size", store, kpi.Options{From: from, To: to, PageSize: -1}, "page_size"},
	} {
		rep, err := kpi.Compute(ctx, tt.store, tt.opt)
		var ie *kpi.InputError
		if rep != nil || !errors.Is(err, kpi.ErrInvalidInput) || !errors.As(err, &ie) || ie.Field != tt.field {
			t.Errorf("%s: Compute = %v, %v; want an InputError on %q", tt.name, rep, err, tt.field)
		}
	}
	_, err := kpi.Of([]kpi.Record{{Ticket: &incident.Ticket{}}, {}}, kpi.Options{From: from, To: to})
	var ie *kpi.InputError
	if !errors.As(err, &ie) || ie.Field != "records[1]" {
		t.Errorf("Of with a record without a ticket: %v", err)
	}
	_, err = kpi.Of(nil, kpi.Options{From: to, To: from})
	if want := "kpi: invalid input: from: the period starts at 2025-11-22T00:00:00Z, not before its end at 2025-11-17T00:00:00Z"; err == nil || err.Error() != want {
		t.Errorf("message:\n got %v\nwant %s", err, want)
	}
}

func TestStoreErrors(t *testing.T) {
	t.Parallel()
	store, _ := scenario(t)
	broken := errors.New("disk on fire")
	_, err := kpi.Compute(context.Background(), &countingStore{Store: store, err: broken}, kpi.Options{From: from, To: to})
	if !errors.Is(err, broken) || errors.Is(err, kpi.ErrInvalidInput) {
		t.Errorf("a failing Find: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := kpi.Compute(ctx, store, kpi.Options{From: from, To: to}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: %v", err)
	}
}

// TestEmpty: a period without tickets has counts of zero and no rates or
// means.
func TestEmpty(t *testing.T) {
	t.Parallel()
	rep, err := kpi.Of(nil, kpi.Options{From: from, To: to, GroupBy: []kpi.Dimension{kpi.ByAssignee}})
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := rep.Total.Closed.Rate(); ok || r != 0 {
		t.Errorf("closed rate of nothing: %v, %v", r, ok)
	}
	if diff := cmp.Diff(kpi.Row{}, rep.Total); diff != "" {
		t.Errorf("overall row of nothing (-want +got):\n%s", diff)
	}
	if len(rep.Breakdowns) != 1 || len(rep.Breakdowns[0].Rows) != 0 {
		t.Errorf("breakdowns %+v, want one without rows", rep.Breakdowns)
	}
}

// TestClosedWithoutSolution: a ticket closed as a false alarm ten hours
// after its assignment stopped its clocks by closing, under either preset,
// but was neither responded to nor resolved: it adds to the tickets and the
// closed ones, not to the times, the overdue or the service desk's share.
func TestClosedWithoutSolution(t *testing.T) {
	t.Parallel()
	for _, preset := range []struct {
		name string
		cfg  sla.Config
	}{{"seed", sla.SeedConfig()}, {"registration", sla.RegistrationConfig()}} {
		t.Run(preset.name, func(t *testing.T) {
			ctx := context.Background()
			pol, err := sla.New(preset.cfg, map[string]sla.Calendar{
				sla.OfficeCalendar:   calendar.Must(calendar.New(calendar.TwentyFourSeven())),
				sla.AllHoursCalendar: calendar.Must(calendar.New(calendar.TwentyFourSeven())),
			})
			if err != nil {
				t.Fatal(err)
			}
			clk := &clock{t: day(17, 9, 0)}
			store := memstore.New()
			desk, err := incident.NewDesk(incident.Config{Store: store, Policy: pol, Now: clk.Now, Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			tk, err := desk.Register(ctx, incident.Registration{Action: incident.Action{Actor: "desk"}, Summary: "alarm", Priority: codes.P3})
			if err != nil {
				t.Fatal(err)
			}
			clk.Set(day(17, 9, 10))
			if _, err := desk.Assign(ctx, tk.ID, incident.Assignment{Action: incident.Action{Actor: "desk"}, Assignee: "wang"}); err != nil {
				t.Fatal(err)
			}
			clk.Set(day(17, 19, 10))
			closed, err := desk.Close(ctx, tk.ID, incident.Closing{Action: incident.Action{Actor: "desk"}, Closure: codes.ClosureFalseAlarm})
			if err != nil {
				t.Fatal(err)
			}
			if closed.ActualResponse.IsZero() {
				t.Fatal("closing did not stop the response clock: the case is not the one meant")
			}
			rep, err := kpi.Compute(ctx, store, kpi.Options{From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			want := kpi.Row{
				Tickets: 1, Closed: share(1, 1), Successful: share(0, 1), Overdue: share(0, 1),
				Major: share(0, 1), FirstTime: share(1, 1), ProblemRaised: share(0, 1), ServiceDesk: share(0, 0),
			}
			if diff := cmp.Diff(want, rep.Total, recordFields); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFilterAndWorkflow: Options.Filter keeps the tickets it accepts, and
// a ticket in a status the workflow does not know is an input error, not a
// ticket silently counted as open.
func TestFilterAndWorkflow(t *testing.T) {
	t.Parallel()
	store, _ := scenario(t)
	ctx := context.Background()
	p4 := func(t *incident.Ticket) bool { return t.Priority == codes.P4 }
	rep, err := kpi.Compute(ctx, store, kpi.Options{From: from, To: to, Filter: p4})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Tickets != 4 { // T6 T7 T10 T12
		t.Errorf("P4 only: %d tickets, want 4", rep.Total.Tickets)
	}
	archived := &incident.Ticket{Status: codes.StatusArchived, Created: from}
	_, err = kpi.Of([]kpi.Record{{Ticket: archived}}, kpi.Options{From: from, To: to})
	var ie *kpi.InputError
	if !errors.As(err, &ie) || ie.Field != "workflow" || !strings.Contains(err.Error(), `"archived"`) {
		t.Errorf("a status outside the workflow: %v", err)
	}
	_, err = kpi.Of(nil, kpi.Options{From: from, To: to, Codes: &codes.Tables{}})
	if !errors.As(err, &ie) || ie.Field != "codes" {
		t.Errorf("empty code tables: %v", err)
	}
}

// TestCSVCells: keys a spreadsheet would run as formulas are defused, and
// small rates are written without an exponent.
func TestCSVCells(t *testing.T) {
	t.Parallel()
	var rs []kpi.Record
	for i, who := range []string{"=HYPERLINK(\"x\")", "@sum", "wang"} {
		rs = append(rs, kpi.Record{Ticket: &incident.Ticket{Assignee: who, Status: codes.StatusAssigned, Created: from.Add(time.Duration(i))}})
	}
	// One major ticket in 200,000: a rate of 5e-06.
	many := make([]kpi.Record, 200_000)
	for i := range many {
		many[i] = kpi.Record{Ticket: &incident.Ticket{Status: codes.StatusAssigned, Created: from, Major: i == 0}}
	}
	for _, c := range []struct {
		records []kpi.Record
		want    []string
		not     []string
	}{
		{rs, []string{`assignee,"'=HYPERLINK(""x"")"`, "assignee,'@sum,", "assignee,wang,"}, []string{",=", ",@"}},
		{many, []string{",1,0.000005,"}, []string{"e-"}},
	} {
		rep, err := kpi.Of(c.records, kpi.Options{From: from, To: to, GroupBy: []kpi.Dimension{kpi.ByAssignee}})
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		if err := rep.WriteCSV(&sb); err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(sb.String(), w) {
				t.Errorf("CSV lacks %q:\n%s", w, sb.String())
			}
		}
		for _, n := range c.not {
			if strings.Contains(sb.String(), n) {
				t.Errorf("CSV has %q:\n%s", n, sb.String())
			}
		}
	}
}
