package calendar

// NewCompilingEveryYear returns the calendar New returns for cfg, except
// that it totals each year it places on its axis of working time by
// compiling it: the slow, obviously right reference for the per-year totals.
func NewCompilingEveryYear(cfg Config) (*Calendar, error) {
	c, err := New(cfg)
	if err == nil {
		c.spec.compileTotals = true
	}
	return c, err
}

// YearTotals returns the working time of local year y as c totals it without
// compiling the year, and as the compiled year sums it.
func YearTotals(c *Calendar, y int) (total, compiled int64) {
	return c.spec.yearTotals(y, y)[0], c.spec.compileYear(y, 0).w1
}
