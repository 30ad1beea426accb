package main

import "os"

// Example_run checks the narrative the program prints.
func Example_run() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// China office hours, Asia/Shanghai: Mon–Fri 09:00–12:00 and 13:30–18:00
	// holidays and make-up days known through 2026
	//
	// The State Council's notice for 2025
	// -----------------------------------
	//   off   2025-01-01 .. 2025-01-01  元旦 New Year's Day
	//   off   2025-01-28 .. 2025-02-04  春节 Spring Festival
	//   off   2025-04-04 .. 2025-04-06  清明节 Qingming Festival
	//   off   2025-05-01 .. 2025-05-05  劳动节 Labour Day
	//   off   2025-05-31 .. 2025-06-02  端午节 Dragon Boat Festival
	//   off   2025-10-01 .. 2025-10-08  中秋节、国庆节 Mid-Autumn Festival and National Day
	//   work  2025-01-26 (Sunday)  调休上班: a make-up working day
	//   work  2025-02-08 (Saturday)  调休上班: a make-up working day
	//   work  2025-04-27 (Sunday)  调休上班: a make-up working day
	//   work  2025-09-28 (Sunday)  调休上班: a make-up working day
	//   work  2025-10-11 (Saturday)  调休上班: a make-up working day
	//
	// Five incidents on the eve of Golden Week
	// ----------------------------------------
	// Tue 2025-09-30 17:30 CST  registered:
	//   IM250930000001  P1  Core trading system unavailable
	//   IM250930000002  P2  Member services portal failing for all members
	//   IM250930000003  P3  Office mail slow for the whole building
	//   IM250930000004  P4  Shared printer on floor 3 offline
	//   IM250930000005  P5  New monitor for desk 12
	//
	// Tue 2025-09-30 17:40 CST  assigned; the response (counted 24×7) is due:
	//   P1  5m    Tue 2025-09-30 17:45 CST
	//   P2  10m   Tue 2025-09-30 17:50 CST
	//   P3  30m   Tue 2025-09-30 18:10 CST
	//   P4  2h    Tue 2025-09-30 19:40 CST
	//   P5  4h    Tue 2025-09-30 21:40 CST
	//
	// Tue 2025-09-30 17:45 CST  work starts; the resolution is due:
	//       goal  in office hours             on a wall clock
	//   P1  1h    Thu 2025-10-09 09:45 CST    Tue 2025-09-30 18:45 CST
	//   P2  30m   Thu 2025-10-09 09:15 CST    Tue 2025-09-30 18:15 CST
	//   P3  3h    Thu 2025-10-09 11:45 CST    Tue 2025-09-30 20:45 CST
	//   P4  24h   Mon 2025-10-13 10:15 CST    Wed 2025-10-01 17:45 CST
	//   P5  48h   Thu 2025-10-16 11:45 CST    Thu 2025-10-02 17:45 CST
	//
	// The P4's 24h of office time, window by window:
	//   Tue 2025-09-30  17:45–18:00  15m    (total 15m)
	//   Thu 2025-10-09  09:00–12:00  3h     (total 3h15m)
	//   Thu 2025-10-09  13:30–18:00  4h30m  (total 7h45m)
	//   Fri 2025-10-10  09:00–12:00  3h     (total 10h45m)
	//   Fri 2025-10-10  13:30–18:00  4h30m  (total 15h15m)
	//   Sat 2025-10-11  09:00–12:00  3h     (total 18h15m)
	//   Sat 2025-10-11  13:30–18:00  4h30m  (total 22h45m)
	//   Mon 2025-10-13  09:00–10:15  1h15m  (total 24h)
	//
	// Asking the calendar about the make-up days
	// ------------------------------------------
	//   Sun 2025-09-28 10:00 CST  make-up Sunday        IsWorking true   Holiday ("", false)  OwnHours "调休上班 make-up working day"
	//   Fri 2025-10-03 10:00 CST  National Day holiday  IsWorking false  Holiday ("中秋节、国庆节 Mid-Autumn Festival and National Day", true)
	//   Sat 2025-10-11 10:00 CST  make-up Saturday      IsWorking true   Holiday ("", false)  OwnHours "调休上班 make-up working day"
	//   Sat 2025-10-11 12:30 CST  its lunch break       IsWorking false  Holiday ("", false)  OwnHours "调休上班 make-up working day"
	//   Sun 2025-10-12 10:00 CST  the Sunday after      IsWorking false  Holiday ("", false)
	//   Sat 2025-10-18 10:00 CST  an ordinary Saturday  IsWorking false  Holiday ("", false)
	//
	//   Between Tue 09-30 18:00 and Thu 10-09 09:00: 0s     eight days off
	//   Between Fri 10-10 18:00 and Mon 10-13 09:00: 7h30m  the weekend of the make-up Saturday
	//   Between Fri 10-17 18:00 and Mon 10-20 09:00: 0s     an ordinary weekend
	//   Next working instant after Tue 09-30 18:00: Thu 2025-10-09 09:00 CST
	//   Windows on Saturday 10-11: 09:00–12:00 13:30–18:00
}
