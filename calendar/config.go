package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/itsmkit/itsm/internal/confload"
)

// Config describes a business calendar. The zero Config is a calendar in UTC
// with no working time at all; start from TwentyFourSeven or ChinaOffice, or
// fill in Week. A Config is plain data: New validates it once and compiles it
// into an immutable Calendar.
//
// Which hours a local date has is decided by the first of these that applies:
//  1. Days: the date carries its own hours (a half day, a special opening);
//  2. Holidays: the date is a day off the user declared;
//  3. Notices: the date is a make-up working day (it works MakeUpHours);
//  4. Notices: the date is a statutory day off;
//  5. Rules and Countries: the date is a holiday's observed date;
//  6. Week: the hours of its weekday.
type Config struct {
	// Zone is the IANA name of the time zone the windows are read in, such as
	// "Asia/Shanghai". Default "UTC". "Local" is refused: a calendar must not
	// depend on the machine it runs on.
	Zone string `json:"zone,omitempty"`

	// Week holds the working windows of each weekday.
	Week Week `json:"week"`

	// Holidays are days off declared by the user, each a date or a range.
	Holidays []Holiday `json:"holidays,omitempty"`

	// Days are dates with their own working windows, replacing whatever the
	// date would otherwise have.
	Days []Day `json:"days,omitempty"`

	// Notices are official announcements of days off and make-up working days
	// (China's 调休), one per year. ChinaNotices returns China's for the years
	// it knows; append a newer year's to extend it.
	Notices []Notice `json:"notices,omitempty"`

	// Countries names holiday lists to include: "cn" adds China's statutory
	// notices (as ChinaNotices), any other code a github.com/rickar/cal/v2
	// country list such as "us", "gb", "de" or a region such as "de-by"
	// (see Countries for the list).
	Countries []string `json:"countries,omitempty"`

	// Rules are github.com/rickar/cal/v2 holidays (a country package's
	// Holidays, or rules of your own). Only their observed dates are used;
	// they have no JSON or YAML form: name a country in Countries instead.
	Rules []*cal.Holiday `json:"-"`

	// MakeUpHours are the windows of a make-up working day. Default: Monday's
	// windows in Week (or the first weekday, Monday to Friday, that has any).
	MakeUpHours []Hours `json:"makeup_hours,omitempty"`

	// KnownThrough is the last year whose holiday data is complete. Default:
	// the latest year among Notices, or none (0) when there are no notices.
	KnownThrough int `json:"known_through,omitempty"`

	// Beyond says what the calendar does for dates after KnownThrough:
	// BeyondWeekly (the default) works them by the weekly schedule and the
	// rules alone; BeyondError refuses with ErrBeyondKnown.
	Beyond Beyond `json:"beyond,omitempty"`
}

// Week holds the working windows of each weekday. A day with no windows is
// not worked.
type Week struct {
	Monday    []Hours `json:"monday,omitempty"`    // Monday's windows, in order
	Tuesday   []Hours `json:"tuesday,omitempty"`   // Tuesday's windows
	Wednesday []Hours `json:"wednesday,omitempty"` // Wednesday's windows
	Thursday  []Hours `json:"thursday,omitempty"`  // Thursday's windows
	Friday    []Hours `json:"friday,omitempty"`    // Friday's windows
	Saturday  []Hours `json:"saturday,omitempty"`  // Saturday's windows, usually none
	Sunday    []Hours `json:"sunday,omitempty"`    // Sunday's windows, usually none
}

// Weekdays returns a Week with the same windows Monday to Friday.
func Weekdays(h ...Hours) Week {
	return Week{Monday: h, Tuesday: h, Wednesday: h, Thursday: h, Friday: h}
}

// Every returns a Week with the same windows every day.
func Every(h ...Hours) Week {
	w := Weekdays(h...)
	w.Saturday, w.Sunday = h, h
	return w
}

func (w *Week) day(d time.Weekday) *[]Hours {
	return [...]*[]Hours{&w.Sunday, &w.Monday, &w.Tuesday, &w.Wednesday, &w.Thursday, &w.Friday, &w.Saturday}[d]
}

// Holiday is a day off, or a range of days off from Date to To inclusive.
type Holiday struct {
	Date Date   `json:"date"`           // the day off, or the first of a range
	To   Date   `json:"to,omitzero"`    // last day of a range; zero for one day
	Name string `json:"name,omitempty"` // what Calendar.Holiday names it
}

// Day gives one date its own working windows.
type Day struct {
	Date  Date    `json:"date"`           // the date
	Hours []Hours `json:"hours"`          // its windows, in place of its weekday's; none makes it a day off
	Name  string  `json:"name,omitempty"` // why, for people reading it
}

// Notice is one year's official announcement: the days off and the make-up
// working days, which are worked with Config.MakeUpHours.
type Notice struct {
	Year int       `json:"year"`           // the year the notice is for
	Off  []Holiday `json:"off"`            // its days off
	Work []Date    `json:"work,omitempty"` // its make-up working days (调休), weekend days worked
}

// Beyond says what a calendar does past the last year whose holiday data it
// knows.
type Beyond string

const (
	// BeyondWeekly works dates past KnownThrough by the weekly schedule, the
	// rules and the explicit dates alone.
	BeyondWeekly Beyond = "weekly"
	// BeyondError refuses dates past KnownThrough with ErrBeyondKnown.
	BeyondError Beyond = "error"
)

// ParseConfig reads a Config from JSON or YAML (JSON is YAML too). Unknown
// and duplicate keys are errors. It fails with a *ConfigError listing every
// problem of decoding, each with its path (`holidays[3].to: ...`, `week.mon:
// unknown key (did you mean monday?)`). The result is not yet validated:
// pass it to New.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if r := confload.Decode(data, &c); !r.OK() {
		ps := make([]Problem, len(r.Problems))
		for i, p := range r.Problems {
			ps[i] = Problem{Path: p.Path, Message: strings.TrimPrefix(p.Message, "calendar: ")}
		}
		return Config{}, &ConfigError{Problems: ps}
	}
	return c, nil
}

// dayRule is what a single date does, after precedence is applied.
type dayRule struct {
	hours []Hours // for kindHours
	name  string
	kind  dayKind
}

type dayKind uint8

const (
	kindHours   dayKind = iota + 1 // own windows (Days, or a make-up day)
	kindOff                        // a declared day off
	kindOffRule                    // a day off from a rickar rule (decided per year)
)

// spec is a validated Config, ready to compile.
type spec struct {
	loc          *time.Location
	week         [7][]Hours
	days         dayIndex  // Days, Holidays and Notices, precedence applied: an index in dayRules
	dayRules     []dayRule // one for each entry of a list, whatever the dates it covers
	rules        []*cal.Holiday
	knownThrough int
	beyondError  bool

	// For spec.yearTotal: the wall-clock length of each weekday's windows,
	// and per year what the dates of days change in the year's total.
	weekLen  [7]int64
	dayCorr  []int64 // see corrections
	corrOnce sync.Once

	// compileTotals makes yearTotal compile each year it totals: the slow,
	// obviously right reference the tests compare it with.
	compileTotals bool
}

// index fills in the weekly lengths spec.yearTotal reads, once the week is
// final.
func (s *spec) index() {
	for wd, hs := range s.week {
		s.weekLen[wd] = hoursLen(hs)
	}
}

// corrections returns what the explicit dates change in each year's total,
// by year from MinYear (nil when there are none), working it out the first
// time a year is totalled rather than in New.
func (s *spec) corrections() []int64 {
	s.corrOnce.Do(s.indexDays)
	return s.dayCorr
}

func (s *spec) indexDays() {
	if s.days.n == 0 {
		return
	}
	own := make([]int64, len(s.dayRules))
	for i, r := range s.dayRules {
		if r.kind == kindHours {
			own[i] = hoursLen(r.hours)
		}
	}
	s.dayCorr = make([]int64, MaxYear-MinYear+1)
	for y := MinYear; y <= MaxYear; y++ {
		b := s.days.year(y)
		if b == nil {
			continue
		}
		wd := int(weekdayOf(MakeDate(y, 1, 1).days()))
		var corr int64
		for i, e := range b[:yearDays(y)] {
			if r, ok := s.days.rule(e, y, i); ok {
				corr += own[r] - s.weekLen[wd]
			}
			if wd++; wd == 7 {
				wd = 0
			}
		}
		s.dayCorr[y-MinYear] = corr
	}
}

// day returns what date d does, if it is one of the explicit dates.
func (s *spec) day(d Date) (dayRule, bool) {
	i, ok := s.days.get(d)
	if !ok {
		return dayRule{}, false
	}
	return s.dayRules[i], true
}

// hoursLen returns the wall-clock length of hs.
func hoursLen(hs []Hours) int64 {
	var n int64
	for _, h := range hs {
		n += int64(h.To - h.From)
	}
	return n
}

// validate checks c and resolves it into a spec, listing every problem.
func (c Config) validate() (*spec, *kept, error) {
	k := &kept{}
	var probs []Problem
	bad := func(path, format string, args ...any) {
		probs = append(probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	s := &spec{}
	rule := func(r dayRule) int32 {
		// Lists repeat a name ("closed"): entries in a row share one rule.
		if n := len(s.dayRules); n > 0 && r.kind == kindOff && s.dayRules[n-1].kind == kindOff && s.dayRules[n-1].name == r.name {
			return int32(n - 1)
		}
		s.dayRules = append(s.dayRules, r)
		return int32(len(s.dayRules) - 1)
	}

	switch c.Zone {
	case "":
		s.loc = time.UTC
	case "Local":
		bad("zone", `"Local" depends on the machine; name an IANA zone such as "Asia/Shanghai"`)
	default:
		loc, err := time.LoadLocation(c.Zone)
		if err != nil {
			bad("zone", "unknown time zone %q", c.Zone)
		} else {
			s.loc = loc
		}
	}

	checkHours := func(path string, hs []Hours) []Hours {
		out := slices.Clone(hs)
		ok := true
		for i, h := range hs {
			if msg := h.valid(); msg != "" {
				bad(fmt.Sprintf("%s[%d]", path, i), "%s", msg)
				ok = false
			}
		}
		if !ok {
			return nil
		}
		slices.SortFunc(out, func(a, b Hours) int { return cmpDur(a.From, b.From) })
		for i := 1; i < len(out); i++ {
			if out[i].From < out[i-1].To {
				bad(path, "%s overlaps %s", out[i], out[i-1])
			}
		}
		return out
	}
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		s.week[wd] = checkHours("week."+strings.ToLower(wd.String()), *c.Week.day(wd))
	}

	makeUp := c.MakeUpHours
	makeUpPath := "makeup_hours"
	if makeUp == nil {
		for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
			if len(s.week[wd]) > 0 {
				makeUp = s.week[wd]
				break
			}
		}
	} else {
		makeUp = checkHours(makeUpPath, makeUp)
	}

	// Paths are spelled out only for a problem: New checks every date.
	checkDate := func(p fieldPath, d Date) bool {
		switch {
		case supported(d):
			return true
		case !d.Valid():
			bad(p.String(), "%s is not a date", d)
		default:
			bad(p.String(), "%s is outside the supported years %d–%d", d, MinYear, MaxYear)
		}
		return false
	}
	// expand gives each date of h, the i-th of list, a single date or a
	// range, rule r.
	expand := func(list string, i int, h *Holiday, r int32) {
		if h.To == (Date{}) && supported(h.Date) {
			s.days.set(h.Date, r)
			return
		}
		p := fieldPath{list: list, i: i}
		if !checkDate(p.with(".date"), h.Date) {
			return
		}
		if h.To == (Date{}) {
			return
		}
		if !checkDate(p.with(".to"), h.To) {
			return
		}
		first, last := h.Date.days(), h.To.days()
		if last < first {
			bad(p.with(".to").String(), "%s is before the start %s", h.To, h.Date)
			return
		}
		if last-first > 366 {
			bad(p.with(".to").String(), "a range of more than a year (%s to %s)", h.Date, h.To)
			return
		}
		for k := first; k <= last; k++ {
			s.days.set(dateOfDays(k), r)
		}
	}

	// Lowest precedence first; later layers overwrite.
	notices := slices.Clone(c.Notices)
	var rules []*cal.Holiday
	for i, code := range c.Countries {
		code = strings.ToLower(strings.TrimSpace(code))
		if code == "cn" {
			notices = append(notices, ChinaNotices()...)
			continue
		}
		list, ok := countries[code]
		if !ok {
			bad(fmt.Sprintf("countries[%d]", i), "unknown country %q (calendar.Countries lists the known codes)", c.Countries[i])
			continue
		}
		rules = append(rules, list...)
	}
	for i, r := range c.Rules {
		if r == nil {
			bad(fmt.Sprintf("rules[%d]", i), "nil holiday rule")
			continue
		}
		rules = append(rules, r)
	}
	s.rules = rules

	seenYear := map[int]int{}
	workDays := map[Date]string{}
	for i, n := range notices {
		path := fmt.Sprintf("notices[%d]", i) // one a year: few
		if n.Year < MinYear || n.Year > MaxYear {
			bad(path+".year", "%d is outside the supported years %d–%d", n.Year, MinYear, MaxYear)
			continue
		}
		if j, dup := seenYear[n.Year]; dup {
			bad(path+".year", "%d is also the year of notices[%d]", n.Year, j)
			continue
		}
		seenYear[n.Year] = i
		for j := range n.Off {
			h := &n.Off[j]
			expand(path+".off", j, h, rule(dayRule{kind: kindOff, name: h.Name}))
		}
		for j, d := range n.Work {
			p := fieldPath{list: path + ".work", i: j}
			if checkDate(p, d) {
				if r, ok := s.day(d); ok && r.kind == kindOff {
					bad(p.String(), "%s is also a day off in the same notices", d)
				}
				workDays[d] = p.String()
			}
		}
		if n.Year > s.knownThrough {
			s.knownThrough = n.Year
		}
	}
	if len(workDays) > 0 && len(makeUp) == 0 {
		bad(makeUpPath, "make-up working days are listed but no make-up hours are known: set makeup_hours or give Monday hours")
	}
	if len(workDays) > 0 {
		r := rule(dayRule{kind: kindHours, hours: makeUp, name: MakeUpName})
		for d := range workDays {
			s.days.set(d, r)
		}
	}
	// The usual list is of single dates, runs of them under one name: a
	// date costs a compare and an array access. The list is packed for
	// Fingerprint in the same pass (kept.holidays, a name per run).
	if hs := c.Holidays; hs != nil {
		kh := make([]keptHoliday, len(hs))
		r, name, named := int32(-1), "", keptHoliday(0)
		for i := range hs {
			h := &hs[i]
			if r < 0 || h.Name != name {
				r, name = rule(dayRule{kind: kindOff, name: h.Name}), h.Name
				k.names = append(k.names, h.Name)
				named = keptHoliday(len(k.names)-1) << 32
			}
			if d := h.Date; h.To == (Date{}) && (d.Day >= 1 && d.Day <= 28 && d.Month >= time.January && d.Month <= time.December &&
				d.Year >= MinYear && d.Year <= MaxYear || supported(d)) {
				s.days.set(d, r)
				kh[i] = keptHoliday(packDate(d)) | named
				continue
			}
			expand("holidays", i, h, r)
			kh[i] = packHoliday(h, len(k.names)-1) // a range, or a date refused (New then fails)
		}
		k.holidays = kh
	}
	seenDay := make(map[Date]int, len(c.Days))
	for i, day := range c.Days {
		p := fieldPath{list: "days", i: i}
		if !checkDate(p.with(".date"), day.Date) {
			continue
		}
		if j, dup := seenDay[day.Date]; dup {
			bad(p.with(".date").String(), "%s is also days[%d]", day.Date, j)
			continue
		}
		seenDay[day.Date] = i
		if len(day.Hours) == 0 {
			bad(p.with(".hours").String(), "no hours: list a day off under holidays instead")
			continue
		}
		s.days.set(day.Date, rule(dayRule{kind: kindHours, hours: checkHours(p.with(".hours").String(), day.Hours), name: day.Name}))
	}

	if c.KnownThrough != 0 {
		if c.KnownThrough < MinYear || c.KnownThrough > MaxYear {
			bad("known_through", "%d is outside the supported years %d–%d", c.KnownThrough, MinYear, MaxYear)
		}
		s.knownThrough = c.KnownThrough
	}
	switch c.Beyond {
	case "", BeyondWeekly:
	case BeyondError:
		s.beyondError = true
		if s.knownThrough == 0 {
			bad("beyond", `"error" needs a last known year: set known_through or add notices`)
		}
	default:
		bad("beyond", "unknown value %q (want %q or %q)", c.Beyond, BeyondWeekly, BeyondError)
	}

	if len(probs) > 0 {
		return nil, nil, &ConfigError{Problems: probs}
	}
	s.index()
	return s, keep(c, k), nil
}

// supported reports whether d is a valid date of a supported year.
func supported(d Date) bool { return d.Year >= MinYear && d.Year <= MaxYear && d.Valid() }

// fieldPath is the path of an element of a list in a Config, such as
// holidays[3].to, spelled out by String only when there is a problem to
// report.
type fieldPath struct {
	list  string // "holidays", "notices[2].off"
	i     int
	field string // ".to", or empty
}

func (p fieldPath) with(field string) fieldPath { p.field = field; return p }

func (p fieldPath) String() string { return p.list + "[" + strconv.Itoa(p.i) + "]" + p.field }

func cmpDur(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
