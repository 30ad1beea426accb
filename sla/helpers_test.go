package sla_test

import (
	"testing"
	"time"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/sla"
)

var beijing = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// bj returns the Beijing wall-clock instant "2006-01-02 15:04".
func bj(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, beijing)
	if err != nil {
		panic(err)
	}
	return t
}

func seedPolicy(tb testing.TB) *sla.Policy {
	tb.Helper()
	p, err := sla.New(sla.SeedConfig(), sla.DefaultCalendars())
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func registrationPolicy(tb testing.TB) *sla.Policy {
	tb.Helper()
	p, err := sla.New(sla.RegistrationConfig(), sla.DefaultCalendars())
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func status(tb testing.TB, r sla.Result, target string) sla.Status {
	tb.Helper()
	s, ok := r.Target(target)
	if !ok {
		tb.Fatalf("target %q does not apply; result %+v", target, r)
	}
	return s
}

func in(s string, st codes.Status) sla.Fact       { return sla.Entered(bj(s), st) }
func prio(s string, p codes.Priority) sla.Fact    { return sla.Prioritized(bj(s), p) }
func set(s string, a sla.Attr, v string) sla.Fact { return sla.Set(bj(s), a, v) }
