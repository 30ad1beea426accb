package sla

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/itsmkit/itsm/codes"
)

// runGeneral is engine.run with every fact validated by check and applied
// the general way (applyAny, step per clock): the reference for the fast
// paths of run and apply.
func (e *engine) runGeneral(p *Policy, vi int, h History, now time.Time) (Result, error) {
	e.init(p, vi, nil)
	for i := range h {
		ai, si, err := p.check(h, i)
		if err != nil {
			return Result{}, err
		}
		if h[i].At.After(now) {
			continue
		}
		e.applyAny(&h[i], ai, si)
		if e.err != nil {
			return Result{}, e.err
		}
	}
	return e.result(now, nil)
}

// fastPathPolicies are policies that take each branch of the fast paths:
// status-only conditions, attribute conditions, restarts on a priority
// change, goals in another calendar than their target's, three targets and
// two versions.
func fastPathPolicies(t *testing.T) []*Policy {
	t.Helper()
	edit := func(cfg Config, name string, f func(*Target)) Config {
		for vi := range cfg.Versions {
			for i := range cfg.Versions[vi].Targets {
				if cfg.Versions[vi].Targets[i].Name == name {
					f(&cfg.Versions[vi].Targets[i])
				}
			}
		}
		return cfg
	}
	restart := edit(RegistrationConfig(), Resolution, func(t *Target) { t.OnPriority = RematchRestart; t.Reopen = ReopenRestart })
	restart = edit(restart, Response, func(t *Target) { t.OnPriority = RematchRestart })
	attrs := edit(RegistrationConfig(), Response, func(t *Target) {
		t.Reset = []Condition{{Attr: AttrTier}}
		t.Start = append(t.Start, Condition{Attr: AttrTier})
	})
	attrs = edit(attrs, Resolution, func(t *Target) {
		t.Pause = append(t.Pause, Condition{Attr: AttrTier, Value: "l3"})
		t.Stop = append(t.Stop, Condition{Attr: AttrCustomerTier, Value: "gone"})
	})
	cals := SeedConfig()
	cals.Versions[0].Rules[0].Goals[1].Calendar = AllHoursCalendar
	cals.Versions[0].Rules[2].Goals[0].Calendar = OfficeCalendar
	three := RegistrationConfig()
	v := &three.Versions[0]
	v.Targets = append(v.Targets, Target{Name: "handling", Calendar: OfficeCalendar,
		Start: st(codes.StatusInProgress), Stop: st(codes.StatusResolved), Pause: st(codes.StatusPending),
		Reset: st(codes.StatusAssigned), Reopen: ReopenRestart, Stages: presetStages()})
	for i := range v.Rules {
		v.Rules[i].Goals = append(v.Rules[i].Goals, Goal{Target: "handling", Goal: Duration(time.Duration(i+1) * time.Hour)})
	}
	byCategory := RegistrationConfig()
	byCategory.Versions[0].Rules = append([]Rule{{Name: "servers", When: Match{Categories: []codes.Category{"hardware.server"}},
		Goals: []Goal{{Target: Response, Goal: Duration(time.Hour)}, {Target: Resolution, Goal: Duration(2 * time.Hour)}}}}, byCategory.Versions[0].Rules...)
	versions := SeedConfig()
	later := RegistrationConfig().Versions[0]
	later.Effective = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	versions.Versions = append(versions.Versions, later)
	var ps []*Policy
	for _, cfg := range []Config{SeedConfig(), RegistrationConfig(), restart, attrs, cals, three, byCategory, versions} {
		p, err := New(cfg, DefaultCalendars())
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// randomHistory returns a history of whole-minute facts, some at the same
// instant, and an instant to evaluate it at; with bad set, now and then a
// fact that check refuses.
func randomHistory(rng *rand.Rand, loc *time.Location, bad bool) (History, time.Time) {
	statuses := codes.ExtendedStatuses().Codes()
	tiers := []string{"service_desk", "l1", "l2", "l3"}
	at := time.Date(2026, 9, 25+rng.IntN(8), rng.IntN(24), rng.IntN(60), 0, 0, loc)
	var h History
	for range rng.IntN(16) {
		if rng.IntN(3) > 0 {
			at = at.Add(time.Duration(rng.IntN(600)) * time.Minute)
		}
		var f Fact
		switch k := rng.IntN(20); {
		case k < 11:
			f = Entered(at, statuses[rng.IntN(len(statuses))])
		case k < 14:
			f = Prioritized(at, codes.Priority(1+rng.IntN(5)))
		case k < 16:
			f = Set(at, AttrTier, tiers[rng.IntN(len(tiers))])
		case k < 17:
			f = Set(at, AttrCategory, []string{"hardware.server", "software", ""}[rng.IntN(3)])
		case k < 18:
			f = Set(at, AttrCustomerTier, []string{"vip", "gone", ""}[rng.IntN(3)])
		default:
			f = Set(at, AttrService, []string{"mail", "erp"}[rng.IntN(2)])
		}
		if bad && rng.IntN(12) == 0 {
			switch rng.IntN(6) {
			case 0:
				f.At = time.Time{}
			case 1:
				f.At = at.Add(-time.Hour)
			case 2:
				f.Attr = "colour"
			case 3:
				f.Attr, f.Value = AttrStatus, "lost"
			case 4:
				f.Attr, f.Value = AttrPriority, "P9"
			case 5:
				f.Attr, f.Value = AttrTier, "l9"
			}
		}
		h = append(h, f)
	}
	return h, at.Add(time.Duration(rng.IntN(3000)-300) * time.Minute)
}

// The fast paths of run and apply leave every engine exactly as the
// general path does, and give the same result or the same error.
func TestFastPathsAgreeWithGeneralPath(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	locs := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600)}
	if l, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		locs = append(locs, l)
	}
	for pi, p := range fastPathPolicies(t) {
		for n := range 3000 {
			h, now := randomHistory(rng, locs[rng.IntN(len(locs))], n%4 == 0)
			for vi := range p.versions {
				var fast, general engine
				var r1 Result
				err1 := fast.run(p, vi, h, now, nil)
				if err1 == nil {
					r1, err1 = fast.result(now, nil)
				}
				r2, err2 := general.runGeneral(p, vi, h, now)
				if err1 != nil || err2 != nil {
					var h1, h2 *HistoryError
					if !errors.As(err1, &h1) || !errors.As(err2, &h2) || *h1 != *h2 {
						t.Fatalf("policy %d, version %d, history %v at %v: fast error %v, general %v", pi, vi, h, now, err1, err2)
					}
					continue
				}
				if !reflect.DeepEqual(r1, r2) {
					t.Fatalf("policy %d, version %d, history %v at %v:\nfast    %+v\ngeneral %+v", pi, vi, h, now, r1, r2)
				}
				if !reflect.DeepEqual(fast, general) {
					t.Fatalf("policy %d, version %d, history %v at %v: engines differ\nfast    %+v\ngeneral %+v", pi, vi, h, now, fast, general)
				}
			}
		}
	}
}

// zeroUnix is the Unix time of the zero time.Time, as run's inline test of a
// zero instant assumes.
func TestZeroUnix(t *testing.T) {
	if got := (time.Time{}).Unix(); got != zeroUnix {
		t.Fatalf("zero time's Unix time is %d, zeroUnix %d", got, zeroUnix)
	}
}

// TestAttrListsCoverMatch: attrLists, from which the engine learns which
// attributes a rule tests (cversion.tests), names every list of a cmatch,
// which matchesBeyondPriority reads: a condition added to one and not the
// other would leave a record on a stale rule.
func TestAttrListsCoverMatch(t *testing.T) {
	var m cmatch
	rt := reflect.TypeOf(m)
	var lists int
	for i := range rt.NumField() {
		if rt.Field(i).Type == reflect.TypeOf([]string(nil)) {
			lists++
			setList(reflect.ValueOf(&m).Elem().Field(i), rt.Field(i).Name)
		}
	}
	var named int
	for _, l := range m.attrLists() {
		if len(l) > 0 {
			named++
		}
	}
	if named != lists {
		t.Fatalf("attrLists names %d of cmatch's %d lists", named, lists)
	}
	// Each list, set alone, is one that matchesBeyondPriority tests.
	for a, l := range m.attrLists() {
		if len(l) == 0 {
			continue
		}
		var one cmatch
		setList(reflect.ValueOf(&one).Elem().FieldByName(l[0]), "x")
		var rec record
		if one.matchesBeyondPriority(&rec) {
			t.Errorf("attribute %d (%s): a record without it matches a condition on it", a, l[0])
		}
		rec.attrs[a] = "x"
		if !one.matchesBeyondPriority(&rec) {
			t.Errorf("attribute %d (%s): a record with it does not match", a, l[0])
		}
	}
}

// setList sets v, an unexported []string field, to the list of s.
func setList(v reflect.Value, s string) {
	reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem().Set(reflect.ValueOf([]string{s}))
}
