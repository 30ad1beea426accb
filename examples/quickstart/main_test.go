package main

import "os"

// Example_run checks the narrative the program prints.
func Example_run() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// IM251117000001  Office mail slow for the whole building (P3, 较大事件 / Significant)
	// Monday 2025-11-17, Beijing time
	//
	// 09:00  register  registered
	// 09:10  assign    assigned
	//                  response due 09:40
	//                  next due 09:34 (80% warning)
	// 09:30  start     in_progress
	//                  response met (due 09:40)
	//                  resolution due 14:00
	//                  counted in 09:30–12:00 13:30–14:00
	// 13:50  resolve   refused: incident: transition refused: cannot resolve: a solution is required
	// 13:50  resolve   resolved
	//                  resolution met (due 14:00)
	// 14:30  confirm   closed
	//
	// Activity log of IM251117000001:
	//   1  09:00  desk.zhang register  → registered
	//   2  09:10  desk.zhang assign    → assigned
	//   3  09:30  wang       start     → in_progress
	//   4  13:50  wang       resolve   → resolved
	//   5  14:30  desk.zhang confirm   → closed
}
