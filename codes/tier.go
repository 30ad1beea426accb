package codes

// Tier is a level of support: the service desk (服务台) takes tickets in;
// first, second and third line (一线, 二线, 三线; the third is vendors,
// integrators and service providers) solve them. Tiers are ordered
// TierServiceDesk < TierL1 < TierL2 < TierL3; a ticket escalates to the
// next tier. Tables of tiers may rename these four but not add others.
type Tier string

// The tiers of support, lowest first.
const (
	TierServiceDesk Tier = "service_desk" // 服务台
	TierL1          Tier = "l1"           // 一线
	TierL2          Tier = "l2"           // 二线
	TierL3          Tier = "l3"           // 三线: vendors, integrators, service providers
)

var tierLadder = [...]Tier{TierServiceDesk, TierL1, TierL2, TierL3}

// Rank returns the position of t in the ladder: 0 for the service desk, 1
// to 3 for L1 to L3, and -1 for a code that is not a tier.
func (t Tier) Rank() int {
	for i, u := range tierLadder {
		if u == t {
			return i
		}
	}
	return -1
}

// Next returns the tier above t. It returns false for TierL3, which has none,
// and for a code that is not a tier.
func (t Tier) Next() (Tier, bool) {
	r := t.Rank()
	if r < 0 || r+1 >= len(tierLadder) {
		return "", false
	}
	return tierLadder[r+1], true
}

func (Tier) tableName() string { return "tiers" }

func (t Tier) invalid() string {
	if t.Rank() < 0 {
		return "is not a tier (service_desk, l1, l2 or l3)"
	}
	return ""
}
