package calendar

import "time"

// dayIndex maps the explicit dates of a calendar (Days, Holidays, Notices)
// to their rules: for each supported year that has any, a block of 366
// entries by day of the year, each 1 + an index in spec.dayRules, or 0 for
// a date that follows its weekday. Setting and reading a date is an array
// access, so New costs a few nanoseconds a date and compiling a year reads
// its dates in order; a year without explicit dates costs nothing.
type dayIndex struct {
	years []*dayBlock // by year from MinYear; nil until the first date of the year
	slab  []dayBlock  // blocks not handed out yet
	n     int         // the dates set
	// last is the block of lastYear, the year of the date set last.
	last     *dayBlock
	lastYear int
	// far holds the rules of dates whose entry is farRule: those of the
	// 65,535th rule and later, which only a list of that many entries of
	// different names or hours makes.
	far map[Date]int32
}

// dayBlock is a year of a dayIndex, by day of the year from 0.
type dayBlock [366]uint16

// farRule is the entry of a date whose rule dayIndex.far holds.
const farRule = 1<<16 - 1

// yearDays returns the number of days of year y.
func yearDays(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// monthStart is the day of the year, from 0, of each month's first day in a
// common year.
var monthStart = [13]int16{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365}

// dayOfYear returns the day of the year of d, from 0; d must be valid.
func dayOfYear(d Date) int {
	n := int(monthStart[d.Month-1]) + d.Day - 1
	if d.Month > time.February && isLeap(d.Year) {
		n++
	}
	return n
}

// set makes rule r the rule of date d, a valid date of a supported year.
func (x *dayIndex) set(d Date, r int32) {
	b := x.last
	if b == nil || x.lastYear != d.Year {
		// Dates come in order, mostly: the year of the one before
		// is kept at hand.
		b = x.block(d.Year)
		x.last, x.lastYear = b, d.Year
	}
	i := dayOfYear(d)
	if e := b[i]; e == 0 {
		x.n++
	} else if e == farRule {
		delete(x.far, d)
	}
	if r+1 >= farRule {
		x.setFar(d, r)
		b[i] = farRule
		return
	}
	b[i] = uint16(r + 1)
}

// block returns the block of year y, a supported year, making it if need
// be.
func (x *dayIndex) block(y int) *dayBlock {
	if x.years == nil {
		x.years = make([]*dayBlock, MaxYear-MinYear+1)
	}
	b := x.years[y-MinYear]
	if b == nil {
		if len(x.slab) == 0 {
			// Blocks come a few years at a time: explicit dates
			// gather in few years, or spread over many.
			x.slab = make([]dayBlock, min(8, 1+x.n/64))
		}
		b = &x.slab[0]
		x.slab = x.slab[1:]
		x.years[y-MinYear] = b
	}
	return b
}

// setFar keeps rule r of date d in x.far.
func (x *dayIndex) setFar(d Date, r int32) {
	if x.far == nil {
		x.far = map[Date]int32{}
	}
	x.far[d] = r
}

// rule returns the rule of entry e of the block of year y at day of the
// year i, and whether there is one.
func (x *dayIndex) rule(e uint16, y, i int) (int32, bool) {
	if e == farRule {
		return x.far[dateOfDays(MakeDate(y, 1, 1).days()+int64(i))], true
	}
	return int32(e) - 1, e != 0
}

// year returns the block of year y, or nil when y has no explicit dates.
func (x *dayIndex) year(y int) *dayBlock {
	if x.years == nil || y < MinYear || y > MaxYear {
		return nil
	}
	return x.years[y-MinYear]
}

// get returns the rule of date d, if d is one of the explicit dates.
func (x *dayIndex) get(d Date) (int32, bool) {
	b := x.year(d.Year)
	if b == nil || !d.Valid() {
		return 0, false
	}
	i := dayOfYear(d)
	return x.rule(b[i], d.Year, i)
}
