package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"sigs.k8s.io/yaml"
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
	Monday    []Hours `json:"monday,omitempty"`
	Tuesday   []Hours `json:"tuesday,omitempty"`
	Wednesday []Hours `json:"wednesday,omitempty"`
	Thursday  []Hours `json:"thursday,omitempty"`
	Friday    []Hours `json:"friday,omitempty"`
	Saturday  []Hours `json:"saturday,omitempty"`
	Sunday    []Hours `json:"sunday,omitempty"`
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
	Date Date   `json:"date"`
	To   Date   `json:"to,omitzero"` // last day of a range; zero for one day
	Name string `json:"name,omitempty"`
}

// Day gives one date its own working windows.
type Day struct {
	Date  Date    `json:"date"`
	Hours []Hours `json:"hours"`
	Name  string  `json:"name,omitempty"`
}

// Notice is one year's official announcement: the days off and the make-up
// working days, which are worked with Config.MakeUpHours.
type Notice struct {
	Year int       `json:"year"`
	Off  []Holiday `json:"off"`
	Work []Date    `json:"work,omitempty"`
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
// fields are errors. The result is not yet validated: pass it to New.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return Config{}, &ConfigError{Problems: []Problem{{Path: "(document)", Message: decodeMessage(err)}}}
	}
	return c, nil
}

// decodeMessage strips the decoder's layers from err's message: YAML is
// decoded through JSON, which a reader of a YAML file need not hear about.
func decodeMessage(err error) string {
	return strings.NewReplacer("error unmarshaling JSON: ", "", "while decoding JSON: ", "", "json: ", "", "calendar: ", "").Replace(err.Error())
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
	days         map[Date]dayRule // Days, Holidays and Notices, precedence applied
	rules        []*cal.Holiday
	knownThrough int
	beyondError  bool

	// For spec.yearTotal: the wall-clock length of each weekday's windows,
	// and per year what the dates of days change in the year's total.
	weekLen [7]int64
	dayCorr map[int]int64

	// compileTotals makes yearTotal compile each year it totals: the slow,
	// obviously right reference the tests compare it with.
	compileTotals bool
}

// index fills in what spec.yearTotal reads, once days and week are final.
func (s *spec) index() {
	for wd, hs := range s.week {
		s.weekLen[wd] = hoursLen(hs)
	}
	if len(s.days) == 0 {
		return
	}
	s.dayCorr = map[int]int64{}
	for d, r := range s.days {
		own := int64(0)
		if r.kind == kindHours {
			own = hoursLen(r.hours)
		}
		if own != s.weekLen[d.Weekday()] {
			s.dayCorr[d.Year] += own - s.weekLen[d.Weekday()]
		}
	}
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
func (c Config) validate() (*spec, error) {
	var probs []Problem
	bad := func(path, format string, args ...any) {
		probs = append(probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	s := &spec{days: map[Date]dayRule{}}

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

	checkDate := func(path string, d Date) bool {
		if !d.Valid() {
			bad(path, "%s is not a date", d)
			return false
		}
		if d.Year < MinYear || d.Year > MaxYear {
			bad(path, "%s is outside the supported years %d–%d", d, MinYear, MaxYear)
			return false
		}
		return true
	}
	// expand calls f for each date of h, a single date or a range.
	expand := func(path string, h Holiday, f func(Date)) {
		if !checkDate(path+".date", h.Date) {
			return
		}
		last := h.Date
		if h.To != (Date{}) {
			if !checkDate(path+".to", h.To) {
				return
			}
			if h.To.Before(h.Date) {
				bad(path+".to", "%s is before the start %s", h.To, h.Date)
				return
			}
			if h.To.days()-h.Date.days() > 366 {
				bad(path+".to", "a range of more than a year (%s to %s)", h.Date, h.To)
				return
			}
			last = h.To
		}
		for d := h.Date; !last.Before(d); d = d.AddDays(1) {
			f(d)
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
		path := fmt.Sprintf("notices[%d]", i)
		if n.Year < MinYear || n.Year > MaxYear {
			bad(path+".year", "%d is outside the supported years %d–%d", n.Year, MinYear, MaxYear)
			continue
		}
		if j, dup := seenYear[n.Year]; dup {
			bad(path+".year", "%d is also the year of notices[%d]", n.Year, j)
			continue
		}
		seenYear[n.Year] = i
		for j, h := range n.Off {
			expand(fmt.Sprintf("%s.off[%d]", path, j), h, func(d Date) {
				s.days[d] = dayRule{kind: kindOff, name: h.Name}
			})
		}
		for j, d := range n.Work {
			p := fmt.Sprintf("%s.work[%d]", path, j)
			if checkDate(p, d) {
				if r, ok := s.days[d]; ok && r.kind == kindOff {
					bad(p, "%s is also a day off in the same notices", d)
				}
				workDays[d] = p
			}
		}
		if n.Year > s.knownThrough {
			s.knownThrough = n.Year
		}
	}
	if len(workDays) > 0 && len(makeUp) == 0 {
		bad(makeUpPath, "make-up working days are listed but no make-up hours are known: set makeup_hours or give Monday hours")
	}
	for d := range workDays {
		s.days[d] = dayRule{kind: kindHours, hours: makeUp, name: MakeUpName}
	}
	for i, h := range c.Holidays {
		expand(fmt.Sprintf("holidays[%d]", i), h, func(d Date) {
			s.days[d] = dayRule{kind: kindOff, name: h.Name}
		})
	}
	seenDay := map[Date]int{}
	for i, day := range c.Days {
		path := fmt.Sprintf("days[%d]", i)
		if !checkDate(path+".date", day.Date) {
			continue
		}
		if j, dup := seenDay[day.Date]; dup {
			bad(path+".date", "%s is also days[%d]", day.Date, j)
			continue
		}
		seenDay[day.Date] = i
		if len(day.Hours) == 0 {
			bad(path+".hours", "no hours: list a day off under holidays instead")
			continue
		}
		s.days[day.Date] = dayRule{kind: kindHours, hours: checkHours(path+".hours", day.Hours), name: day.Name}
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
		return nil, &ConfigError{Problems: probs}
	}
	s.index()
	return s, nil
}

func cmpDur(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
