package calendar

import (
	"slices"
	"time"
)

// Names of China's statutory holidays, as ChinaNotices gives them.
const (
	NewYearsDay             = "元旦 New Year's Day"
	SpringFestival          = "春节 Spring Festival"
	Qingming                = "清明节 Qingming Festival"
	LabourDay               = "劳动节 Labour Day"
	DragonBoat              = "端午节 Dragon Boat Festival"
	MidAutumn               = "中秋节 Mid-Autumn Festival"
	NationalDay             = "国庆节 National Day"
	MidAutumnAndNationalDay = "中秋节、国庆节 Mid-Autumn Festival and National Day"
)

// chinaNotices is the State Council's annual notices (国务院办公厅关于…部分节假日安排的通知)
// for 2020–2026: the days off and the make-up working days (调休上班), which
// are always a Saturday or a Sunday.
var chinaNotices = []Notice{
	notice(2020,
		[]Holiday{
			off(2020, 1, 1, 1, 1, NewYearsDay),
			// Extended to 02-02 by the notice of 2020-01-27.
			off(2020, 1, 24, 2, 2, SpringFestival),
			off(2020, 4, 4, 4, 6, Qingming),
			off(2020, 5, 1, 5, 5, LabourDay),
			off(2020, 6, 25, 6, 27, DragonBoat),
			off(2020, 10, 1, 10, 8, MidAutumnAndNationalDay),
		},
		1, 19, 4, 26, 5, 9, 6, 28, 9, 27, 10, 10),
	notice(2021,
		[]Holiday{
			off(2021, 1, 1, 1, 3, NewYearsDay),
			off(2021, 2, 11, 2, 17, SpringFestival),
			off(2021, 4, 3, 4, 5, Qingming),
			off(2021, 5, 1, 5, 5, LabourDay),
			off(2021, 6, 12, 6, 14, DragonBoat),
			off(2021, 9, 19, 9, 21, MidAutumn),
			off(2021, 10, 1, 10, 7, NationalDay),
		},
		2, 7, 2, 20, 4, 25, 5, 8, 9, 18, 9, 26, 10, 9),
	notice(2022,
		[]Holiday{
			off(2022, 1, 1, 1, 3, NewYearsDay),
			off(2022, 1, 31, 2, 6, SpringFestival),
			off(2022, 4, 3, 4, 5, Qingming),
			off(2022, 4, 30, 5, 4, LabourDay),
			off(2022, 6, 3, 6, 5, DragonBoat),
			off(2022, 9, 10, 9, 12, MidAutumn),
			off(2022, 10, 1, 10, 7, NationalDay),
		},
		1, 29, 1, 30, 4, 2, 4, 24, 5, 7, 10, 8, 10, 9),
	notice(2023,
		[]Holiday{
			{Date: MakeDate(2022, 12, 31), To: MakeDate(2023, 1, 2), Name: NewYearsDay},
			off(2023, 1, 21, 1, 27, SpringFestival),
			off(2023, 4, 5, 4, 5, Qingming),
			off(2023, 4, 29, 5, 3, LabourDay),
			off(2023, 6, 22, 6, 24, DragonBoat),
			off(2023, 9, 29, 10, 6, MidAutumnAndNationalDay),
		},
		1, 28, 1, 29, 4, 23, 5, 6, 6, 25, 10, 7, 10, 8),
	notice(2024,
		[]Holiday{
			off(2024, 1, 1, 1, 1, NewYearsDay),
			off(2024, 2, 10, 2, 17, SpringFestival),
			off(2024, 4, 4, 4, 6, Qingming),
			off(2024, 5, 1, 5, 5, LabourDay),
			off(2024, 6, 10, 6, 10, DragonBoat),
			off(2024, 9, 15, 9, 17, MidAutumn),
			off(2024, 10, 1, 10, 7, NationalDay),
		},
		2, 4, 2, 18, 4, 7, 4, 28, 5, 11, 9, 14, 9, 29, 10, 12),
	notice(2025,
		[]Holiday{
			off(2025, 1, 1, 1, 1, NewYearsDay),
			off(2025, 1, 28, 2, 4, SpringFestival),
			off(2025, 4, 4, 4, 6, Qingming),
			off(2025, 5, 1, 5, 5, LabourDay),
			off(2025, 5, 31, 6, 2, DragonBoat),
			off(2025, 10, 1, 10, 8, MidAutumnAndNationalDay),
		},
		1, 26, 2, 8, 4, 27, 9, 28, 10, 11),
	notice(2026,
		[]Holiday{
			off(2026, 1, 1, 1, 3, NewYearsDay),
			off(2026, 2, 15, 2, 23, SpringFestival),
			off(2026, 4, 4, 4, 6, Qingming),
			off(2026, 5, 1, 5, 5, LabourDay),
			off(2026, 6, 19, 6, 21, DragonBoat),
			off(2026, 9, 25, 9, 27, MidAutumn),
			off(2026, 10, 1, 10, 7, NationalDay),
		},
		1, 4, 2, 14, 2, 28, 5, 9, 9, 20, 10, 10),
}

func off(y int, m1, d1, m2, d2 int, name string) Holiday {
	h := Holiday{Date: MakeDate(y, time.Month(m1), d1), Name: name}
	if m2 != m1 || d2 != d1 {
		h.To = MakeDate(y, time.Month(m2), d2)
	}
	return h
}

// notice builds a year's Notice; work lists the make-up days as month, day pairs.
func notice(y int, offs []Holiday, work ...int) Notice {
	n := Notice{Year: y, Off: offs}
	for i := 0; i+1 < len(work); i += 2 {
		n.Work = append(n.Work, MakeDate(y, time.Month(work[i]), work[i+1]))
	}
	return n
}

// ChinaNotices returns China's statutory holidays and make-up working days
// for 2020 through ChinaKnownThrough, one Notice per year, as a new slice the
// caller may extend with a later year's announcement.
func ChinaNotices() []Notice {
	out := make([]Notice, len(chinaNotices))
	for i, n := range chinaNotices {
		out[i] = Notice{Year: n.Year, Off: slices.Clone(n.Off), Work: slices.Clone(n.Work)}
	}
	return out
}

// ChinaKnownThrough is the last year ChinaNotices covers.
const ChinaKnownThrough = 2026
