package sla

import (
	"errors"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// TierConfig says how TierTimes measures the time a record spends in each
// tier of support (operational-level agreements between the service desk,
// L1, L2 and L3).
type TierConfig struct {
	// Calendar is the calendar working time is counted in; required.
	Calendar Calendar
	// Stop lists the statuses in which no tier is working on the record.
	// Default (nil): resolved, closed and archived.
	Stop []codes.Status
	// Pause lists the statuses in which the tier holding the record waits
	// on someone else and its time does not count. Default (nil): pending.
	Pause []codes.Status
}

// TierTime is the working time a record spent with one tier of support.
type TierTime struct {
	Tier codes.Tier `json:"tier"` // the tier of support
	// Working is the working time of the calendar the tier held the record
	// while it was open and not paused.
	Working time.Duration `json:"working,omitzero"`
	// Stints counts the separate times the tier took the record.
	Stints int `json:"stints,omitempty"`
}

var tierOrder = [...]codes.Tier{codes.TierServiceDesk, codes.TierL1, codes.TierL2, codes.TierL3}

// TierTimes returns the working time the record of history h spent with each
// tier of support up to now, in the order service desk, L1, L2, L3 (all four,
// zero for a tier never involved). The tier is the record's tier attribute
// (AttrTier); time counts while a tier holds the record and its status is
// neither a Stop nor a Pause status. A history that cannot be read returns
// a *HistoryError; a calendar that cannot answer, a *CalendarError.
func TierTimes(h History, now time.Time, cfg TierConfig) ([]TierTime, error) {
	if cfg.Calendar == nil {
		return nil, errors.New("sla: TierTimes needs a calendar")
	}
	stop, pause := cfg.Stop, cfg.Pause
	if stop == nil {
		stop = []codes.Status{codes.StatusResolved, codes.StatusClosed, codes.StatusArchived}
	}
	if pause == nil {
		pause = []codes.Status{codes.StatusPending}
	}
	out := make([]TierTime, len(tierOrder))
	for i, t := range tierOrder {
		out[i].Tier = t
	}
	tier, status := -1, codes.Status("")
	counting := func() bool {
		return tier >= 0 && !slices.Contains(stop, status) && !slices.Contains(pause, status)
	}
	var since time.Time
	flush := func(t time.Time) error {
		if counting() && t.After(since) {
			w, err := cfg.Calendar.Between(since, t)
			if err != nil {
				return &CalendarError{Target: "tier " + string(tierOrder[tier]), Err: err}
			}
			out[tier].Working += w
		}
		since = t
		return nil
	}
	for i, f := range h {
		if f.At.IsZero() || i > 0 && f.At.Before(h[i-1].At) {
			return nil, &HistoryError{Index: i, Fact: f, Problem: "is out of time order or has no time"}
		}
		if attrIndex(f.Attr) < 0 {
			return nil, &HistoryError{Index: i, Fact: f, Problem: "unknown attribute " + quote(string(f.Attr))}
		}
		if f.At.After(now) {
			break
		}
		if err := flush(f.At); err != nil {
			return nil, err
		}
		switch f.Attr {
		case AttrStatus:
			status = codes.Status(f.Value)
		case AttrTier:
			nt := slices.Index(tierOrder[:], codes.Tier(f.Value))
			if nt < 0 {
				return nil, &HistoryError{Index: i, Fact: f, Problem: checkValue(aTier, f.Value)}
			}
			if nt != tier {
				out[nt].Stints++
			}
			tier = nt
		}
	}
	if err := flush(now); err != nil {
		return nil, err
	}
	return out, nil
}
