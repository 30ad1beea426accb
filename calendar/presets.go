package calendar

// TwentyFourSeven returns the Config of a calendar in which every instant is
// working time (24×7), in UTC. Set Zone to have results in another zone; the
// arithmetic is the same in every zone.
func TwentyFourSeven() Config {
	return Config{Zone: "UTC", Week: Every(HoursOf(0, 0, 24, 0))}
}

// ChinaOffice returns the Config of China mainland office hours: Monday to
// Friday 09:00–12:00 and 13:30–18:00 in Asia/Shanghai, with the statutory
// holidays and make-up working days of ChinaNotices (make-up days work the
// same hours). Past ChinaKnownThrough it follows the weekly schedule alone;
// set Beyond to BeyondError to refuse instead.
func ChinaOffice() Config {
	return Config{
		Zone:      "Asia/Shanghai",
		Week:      Weekdays(HoursOf(9, 0, 12, 0), HoursOf(13, 30, 18, 0)),
		Countries: []string{"cn"},
	}
}
