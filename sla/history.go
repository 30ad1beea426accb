package sla

import (
	"time"

	"github.com/itsmkit/itsm/codes"
)

// Attr names an attribute of a record that a fact can set. The text forms
// are the ones used in JSON and YAML.
type Attr string

// The attributes a history may carry.
const (
	// AttrStatus is the record's status, a codes.Status such as "in_progress".
	AttrStatus Attr = "status"
	// AttrPriority is the priority, "P1" to "P5" (codes.Priority).
	AttrPriority Attr = "priority"
	// AttrService is the service or owning system (codes.System).
	AttrService Attr = "service"
	// AttrCategory is the category code, dotted from the top level down
	// (codes.Category, such as "hardware.server").
	AttrCategory Attr = "category"
	// AttrCustomerTier is the customer's tier, such as "vip"; free text.
	AttrCustomerTier Attr = "customer_tier"
	// AttrNature is the nature of the record (codes.Nature).
	AttrNature Attr = "nature"
	// AttrTier is the tier of support holding the record (codes.Tier:
	// "service_desk", "l1", "l2", "l3").
	AttrTier Attr = "tier"
)

const (
	aStatus = iota
	aPriority
	aService
	aCategory
	aCustomerTier
	aNature
	aTier
	numAttrs
)

// attrIndex returns the index of a, or -1.
func attrIndex(a Attr) int {
	// By length first: each case is then one comparison with a constant.
	switch len(a) {
	case 6:
		switch a {
		case AttrStatus:
			return aStatus
		case AttrNature:
			return aNature
		}
	case 8:
		switch a {
		case AttrPriority:
			return aPriority
		case AttrCategory:
			return aCategory
		}
	case 7:
		if a == AttrService {
			return aService
		}
	case 13:
		if a == AttrCustomerTier {
			return aCustomerTier
		}
	case 4:
		if a == AttrTier {
			return aTier
		}
	}
	return -1
}

// Fact is one timed fact about a record: at At, attribute Attr became Value.
// A status fact (Attr "status") says the record entered that status.
type Fact struct {
	At    time.Time `json:"at"`    // the instant of the fact
	Attr  Attr      `json:"attr"`  // the attribute, or "status"
	Value string    `json:"value"` // the attribute's new value, or the status entered
}

// String returns the fact as "2026-03-06T16:30:00+08:00 status=registered".
func (f Fact) String() string {
	return f.At.Format(time.RFC3339Nano) + " " + string(f.Attr) + "=" + f.Value
}

// Entered returns the fact that the record entered status s at t.
func Entered(t time.Time, s codes.Status) Fact {
	return Fact{At: t, Attr: AttrStatus, Value: string(s)}
}

// Prioritized returns the fact that the record's priority became p at t.
func Prioritized(t time.Time, p codes.Priority) Fact {
	return Fact{At: t, Attr: AttrPriority, Value: p.String()}
}

// Set returns the fact that attribute a became v at t.
func Set(t time.Time, a Attr, v string) Fact {
	return Fact{At: t, Attr: a, Value: v}
}

// History is what Evaluate reads: the facts about one record in the order
// they happened. Facts at the same instant are applied in the order given.
// A record's attributes are unset until a fact sets them. Instants are
// compared on the wall clock: a monotonic clock reading (time.Now adds
// one) is ignored, so that a history gets the same answer straight from
// time.Now as read back from a database.
type History []Fact

// parsePriority parses "P1" to "P5" without allocating.
func parsePriority(s string) (codes.Priority, bool) {
	if len(s) != 2 || s[0] != 'P' || s[1] < '1' || s[1] > '5' {
		return 0, false
	}
	return codes.Priority(s[1] - '0'), true
}

func validTier(s string) bool {
	switch codes.Tier(s) {
	case codes.TierServiceDesk, codes.TierL1, codes.TierL2, codes.TierL3:
		return true
	}
	return false
}
