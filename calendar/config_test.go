package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsm/calendar"
	"github.com/rickar/cal/v2"
)

func TestParseConfigYAMLAndJSON(t *testing.T) {
	t.Parallel()
	yamlDoc := []byte(`
zone: Asia/Shanghai
week:
  monday: ["09:00-12:00", "13:30-18:00"]
  saturday: ["09:00-12:00:30.5"]
holidays:
  - {date: 2025-12-25, name: Christmas}
  - {date: 2025-12-29, to: 2025-12-31, name: Year-end closure}
days:
  - {date: 2025-12-24, hours: ["09:00-12:00"], name: Christmas Eve}
countries: [cn, us]
makeup_hours: ["09:00-17:00"]
known_through: 2026
beyond: error
`)
	jsonDoc := []byte(`{"zone":"Asia/Shanghai","week":{"monday":["09:00-12:00","13:30-18:00"],"saturday":["09:00-12:00:30.5"]},
"holidays":[{"date":"2025-12-25","name":"Christmas"},{"date":"2025-12-29","to":"2025-12-31","name":"Year-end closure"}],
"days":[{"date":"2025-12-24","hours":["09:00-12:00"],"name":"Christmas Eve"}],
"countries":["cn","us"],"makeup_hours":["09:00-17:00"],"known_through":2026,"beyond":"error"}`)
	want := calendar.Config{
		Zone: "Asia/Shanghai",
		Week: calendar.Week{
			Monday:   []calendar.Hours{calendar.HoursOf(9, 0, 12, 0), calendar.HoursOf(13, 30, 18, 0)},
			Saturday: []calendar.Hours{{From: 9 * time.Hour, To: 12*time.Hour + 30*time.Second + 500*time.Millisecond}},
		},
		Holidays: []calendar.Holiday{
			{Date: calendar.MakeDate(2025, 12, 25), Name: "Christmas"},
			{Date: calendar.MakeDate(2025, 12, 29), To: calendar.MakeDate(2025, 12, 31), Name: "Year-end closure"},
		},
		Days:         []calendar.Day{{Date: calendar.MakeDate(2025, 12, 24), Hours: []calendar.Hours{calendar.HoursOf(9, 0, 12, 0)}, Name: "Christmas Eve"}},
		Countries:    []string{"cn", "us"},
		MakeUpHours:  []calendar.Hours{calendar.HoursOf(9, 0, 17, 0)},
		KnownThrough: 2026,
		Beyond:       calendar.BeyondError,
	}
	for name, doc := range map[string][]byte{"yaml": yamlDoc, "json": jsonDoc} {
		got, err := calendar.ParseConfig(doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: ParseConfig mismatch (-want +got):\n%s", name, diff)
		}
		if _, err := calendar.New(got); err != nil {
			t.Errorf("%s: New: %v", name, err)
		}
	}
}

func TestParseConfigRejects(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"unknown field":  "zone: UTC\nweekk: {}\n",
		"bad hours form": "week: {monday: [\"9-12\"]}\n",
		"bad date":       "holidays: [{date: 2025-02-30}]\n",
		"not a mapping":  "- just a list\n",
		"bad minute":     "week: {monday: [\"09:60-12:00\"]}\n",
		"past 24:00":     "week: {monday: [\"09:00-24:01\"]}\n",
		"long fraction":  "week: {monday: [\"09:00:00.0000000001-12:00\"]}\n",
	} {
		_, err := calendar.ParseConfig([]byte(doc))
		if !errors.Is(err, calendar.ErrInvalidConfig) {
			t.Errorf("%s: ParseConfig = %v, want ErrInvalidConfig", name, err)
		}
	}
}

// TestValidateListsEveryProblem: New reports every problem at once, each
// with the path of its field.
func TestValidateListsEveryProblem(t *testing.T) {
	t.Parallel()
	cfg := calendar.Config{
		Zone: "Mars/Olympus_Mons",
		Week: calendar.Week{
			Monday:  []calendar.Hours{calendar.HoursOf(9, 0, 12, 0), calendar.HoursOf(11, 0, 14, 0)},
			Tuesday: []calendar.Hours{calendar.HoursOf(12, 0, 9, 0)},
			Friday:  []calendar.Hours{{From: -time.Hour, To: time.Hour}, {From: 20 * time.Hour, To: 25 * time.Hour}},
		},
		Holidays: []calendar.Holiday{
			{Date: calendar.MakeDate(2025, 2, 30)},
			{Date: calendar.MakeDate(2025, 5, 5), To: calendar.MakeDate(2025, 5, 1)},
			{Date: calendar.MakeDate(1850, 1, 1)},
		},
		Days: []calendar.Day{
			{Date: calendar.MakeDate(2025, 1, 2)},
			{Date: calendar.MakeDate(2025, 1, 3), Hours: []calendar.Hours{calendar.HoursOf(9, 0, 12, 0)}},
			{Date: calendar.MakeDate(2025, 1, 3), Hours: []calendar.Hours{calendar.HoursOf(9, 0, 12, 0)}},
		},
		Notices: []calendar.Notice{
			{Year: 2030, Off: []calendar.Holiday{{Date: calendar.MakeDate(2030, 1, 1)}}, Work: []calendar.Date{calendar.MakeDate(2030, 1, 1)}},
			{Year: 2030},
		},
		Countries: []string{"us", "atlantis"},
		Beyond:    "sometimes",
	}
	_, err := calendar.New(cfg)
	var ce *calendar.ConfigError
	if !errors.As(err, &ce) || !errors.Is(err, calendar.ErrInvalidConfig) {
		t.Fatalf("New = %v, want a *ConfigError matching ErrInvalidConfig", err)
	}
	var paths []string
	for _, p := range ce.Problems {
		paths = append(paths, p.Path)
	}
	want := []string{
		"zone",
		"week.monday",
		"week.tuesday[0]",
		"week.friday[0]",
		"week.friday[1]",
		"countries[1]",
		"notices[0].work[0]",
		"notices[1].year",
		"holidays[0].date",
		"holidays[1].to",
		"holidays[2].date",
		"days[0].hours",
		"days[2].date",
		"beyond",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("problem paths (-want +got):\n%s\nerror:\n%v", diff, err)
	}
}

func TestValidateMisc(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]calendar.Config{
		"local zone":                 {Zone: "Local"},
		"beyond error with no year":  {Beyond: calendar.BeyondError},
		"known through out of range": {KnownThrough: 3000},
		"nil rule":                   {Rules: []*cal.Holiday{nil}},
		"make-up days, no hours":     {Notices: []calendar.Notice{{Year: 2025, Work: []calendar.Date{calendar.MakeDate(2025, 1, 26)}}}},
		"bad make-up hours":          {MakeUpHours: []calendar.Hours{calendar.HoursOf(18, 0, 9, 0)}},
		"range over a year":          {Holidays: []calendar.Holiday{{Date: calendar.MakeDate(2025, 1, 1), To: calendar.MakeDate(2027, 1, 1)}}},
	} {
		if _, err := calendar.New(cfg); !errors.Is(err, calendar.ErrInvalidConfig) {
			t.Errorf("%s: New = %v, want ErrInvalidConfig", name, err)
		}
	}
}

func TestHoursText(t *testing.T) {
	t.Parallel()
	for _, h := range []calendar.Hours{
		calendar.HoursOf(9, 0, 12, 0),
		calendar.HoursOf(0, 0, 24, 0),
		{From: 9*time.Hour + 30*time.Second, To: 10*time.Hour + time.Nanosecond},
	} {
		b, _ := h.MarshalText()
		var back calendar.Hours
		if err := back.UnmarshalText(b); err != nil || back != h {
			t.Errorf("%v: text %q reads back as %v, %v", h, b, back, err)
		}
	}
}

// TestParseConfigListsEveryProblem: every problem of decoding comes at once,
// each with its path.
func TestParseConfigListsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := calendar.ParseConfig([]byte(`
zone: Asia/Shanghai
week:
  monday: ["9-12"]
  tuesdy: ["09:00-12:00"]
holidays:
  - {date: 2025-02-30}
  - {date: 2025-05-01, to: 2025-05-05, name: [labour day]}
known_through: soon
`))
	var ce *calendar.ConfigError
	if !errors.As(err, &ce) || !errors.Is(err, calendar.ErrInvalidConfig) {
		t.Fatalf("ParseConfig = %v, want a *ConfigError", err)
	}
	var got []string
	for _, p := range ce.Problems {
		got = append(got, p.Path+": "+p.Message)
	}
	want := []string{
		`holidays[0].date: date "2025-02-30" is not a date in the form YYYY-MM-DD`,
		`holidays[1].name: want a string, got a list`,
		`known_through: want a whole number, got the string "soon"`,
		`week.monday[0]: hours "9-12": want HH:MM-HH:MM (seconds optional, 24:00 allowed as an end)`,
		`week.tuesdy: unknown key (did you mean tuesday?)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s\nerror:\n%v", diff, err)
	}
}
