package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestBounds holds minSec and maxSec to the dates they stand for, nanos to
// time.Time.UnixNano within them, and time.Unix(unixParts(u)) to the very
// time.Time of time.Unix(0, u).
func TestBounds(t *testing.T) {
	if s := time.Date(MinYear-1, 12, 30, 0, 0, 0, 0, time.UTC).Unix(); minSec != s {
		t.Errorf("minSec = %d, want %d", minSec, s)
	}
	if s := time.Date(MaxYear+1, 1, 2, 0, 0, 0, 0, time.UTC).Unix(); maxSec != s {
		t.Errorf("maxSec = %d, want %d", maxSec, s)
	}
	cal := Must(New(TwentyFourSeven()))
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []time.Time{
		time.Unix(minSec, 0), time.Unix(minSec, 0).Add(-1), time.Unix(maxSec, 0), time.Unix(maxSec, 0).Add(1), time.Unix(maxSec, 999999999),
		time.Unix(-1, 999999999), time.Unix(0, 0).In(loc), time.Now(), time.Now().In(loc).Add(-80 * 365 * 24 * time.Hour),
		time.Date(MinYear, 1, 1, 0, 0, 0, 1, loc), time.Date(MaxYear, 12, 31, 23, 59, 59, 999999999, loc), {},
	} {
		u, err := cal.nanos(tt)
		s := tt.Unix()
		if in := s >= minSec && s <= maxSec; in != (err == nil) || in && u != tt.UnixNano() {
			t.Errorf("nanos(%v) = %d, %v; UnixNano %d", tt, u, err, tt.UnixNano())
		}
	}
	lo, hi := int64(minSec*1e9), int64(maxSec*1e9+999999999)
	us := []int64{lo, lo + 1, lo + 999999999, lo + 1e9, -1e9 - 1, -1e9, -1, 0, 1, 999999999, 1e9, hi - 1, hi}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		us = append(us, lo+rng.Int64N(hi-lo+1))
	}
	for _, u := range us {
		if got, want := time.Unix(unixParts(u)).In(loc), time.Unix(0, u).In(loc); got != want {
			t.Fatalf("time.Unix(unixParts(%d)) = %#v, time.Unix(0, %[1]d) %#v", u, got, want)
		}
	}
}
